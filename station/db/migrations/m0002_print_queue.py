"""The print queue keeps held jobs apart and remembers who confirmed them."""

STATEMENTS = [
    'ALTER TABLE "print_job" ADD COLUMN "held_reason" VARCHAR(255)',
    'ALTER TABLE "print_job" ADD COLUMN "confirmed_by_id" INTEGER REFERENCES "operator" ("id")',
    'ALTER TABLE "print_job" ADD COLUMN "role" VARCHAR(255) NOT NULL DEFAULT \'label\'',
    'CREATE INDEX "print_job_confirmed_by_id" ON "print_job" ("confirmed_by_id")',
]
