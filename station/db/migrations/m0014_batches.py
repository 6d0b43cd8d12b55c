"""Peak-day batches (波次): the batch and its orders, and each product's shelf
location from master data (the pick list walks the shelves in that order)."""

STATEMENTS = [
    'ALTER TABLE "product" ADD COLUMN "location" VARCHAR(255)',
    'CREATE TABLE "batch" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, '
    '"created_at" DATETIME NOT NULL, "number" VARCHAR(255) NOT NULL, "state" VARCHAR(255) '
    'NOT NULL, "rule" VARCHAR(255) NOT NULL, "sku" VARCHAR(255) NOT NULL, "carrier" '
    'VARCHAR(255) NOT NULL, "deadline" DATETIME, "bench_id" VARCHAR(255) NOT NULL, '
    '"operator_id" INTEGER, "printed_at" DATETIME, "picked_at" DATETIME, "packed_at" '
    'DATETIME, "closed_at" DATETIME, FOREIGN KEY ("operator_id") REFERENCES "operator" '
    '("id"))',
    'CREATE UNIQUE INDEX "batch_uuid" ON "batch" ("uuid")',
    'CREATE UNIQUE INDEX "batch_number" ON "batch" ("number")',
    'CREATE INDEX "batch_state" ON "batch" ("state")',
    'CREATE INDEX "batch_operator_id" ON "batch" ("operator_id")',
    'CREATE TABLE "batch_order" ("id" INTEGER NOT NULL PRIMARY KEY, "batch_id" INTEGER NOT '
    'NULL, "sales_order_id" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "parcel_id" INTEGER, '
    '"printed_at" DATETIME, FOREIGN KEY ("batch_id") REFERENCES "batch" ("id") ON DELETE '
    'CASCADE, FOREIGN KEY ("sales_order_id") REFERENCES "sales_order" ("id"), FOREIGN KEY '
    '("parcel_id") REFERENCES "parcel" ("id"))',
    'CREATE INDEX "batch_order_batch_id" ON "batch_order" ("batch_id")',
    'CREATE UNIQUE INDEX "batch_order_sales_order_id" ON "batch_order" ("sales_order_id")',
    'CREATE INDEX "batch_order_parcel_id" ON "batch_order" ("parcel_id")',
]
