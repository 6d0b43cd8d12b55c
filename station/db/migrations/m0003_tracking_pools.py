"""Carrier accounts and their pre-allocated tracking numbers (labels print offline)."""

STATEMENTS = [
    'CREATE TABLE "carrier_account" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) '
    'NOT NULL, "created_at" DATETIME NOT NULL, "carrier" VARCHAR(255) NOT NULL, "name" '
    'VARCHAR(255) NOT NULL, "account_no" VARCHAR(255) NOT NULL, "pattern" VARCHAR(255) NOT '
    'NULL, "check_rule" VARCHAR(255) NOT NULL, "low_water" INTEGER NOT NULL)',
    'CREATE UNIQUE INDEX "carrier_account_uuid" ON "carrier_account" ("uuid")',
    'CREATE UNIQUE INDEX "carrier_account_carrier_account_no" ON "carrier_account" '
    '("carrier", "account_no")',
    'CREATE TABLE "tracking_number" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) '
    'NOT NULL, "created_at" DATETIME NOT NULL, "account_id" INTEGER NOT NULL, "number" '
    'VARCHAR(255) NOT NULL, "status" VARCHAR(255) NOT NULL, "parcel_id" INTEGER, "taken_at" '
    'DATETIME, "voided_at" DATETIME, "void_reason" TEXT, FOREIGN KEY ("account_id") '
    'REFERENCES "carrier_account" ("id"), FOREIGN KEY ("parcel_id") REFERENCES "parcel" ("id"))',
    'CREATE UNIQUE INDEX "tracking_number_uuid" ON "tracking_number" ("uuid")',
    'CREATE UNIQUE INDEX "tracking_number_number" ON "tracking_number" ("number")',
    'CREATE INDEX "tracking_number_account_id" ON "tracking_number" ("account_id")',
    'CREATE INDEX "tracking_number_parcel_id" ON "tracking_number" ("parcel_id")',
    'CREATE INDEX "tracking_number_account_id_status" ON "tracking_number" '
    '("account_id", "status")',
    'ALTER TABLE "product" ADD COLUMN "weight_learned" INTEGER NOT NULL DEFAULT 0',
    'CREATE INDEX "sales_order_promised_dispatch_at" ON "sales_order" ("promised_dispatch_at")',
]
