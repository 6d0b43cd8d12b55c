"""Platform e-waybills (电子面单) held at the bench: fetched ahead with an order or
asked at close, with the platform's print data as it came, and their state
(issued, used, waiting, cancel_pending, cancelled)."""

STATEMENTS = [
    'CREATE TABLE "ewaybill" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, '
    '"created_at" DATETIME NOT NULL, "sales_order_id" INTEGER NOT NULL, "parcel_index" INTEGER '
    'NOT NULL, "waybill_code" VARCHAR(255), "parent_code" VARCHAR(255) NOT NULL, "routing" TEXT '
    'NOT NULL, "print_data" TEXT NOT NULL, "print_sign" TEXT NOT NULL, "provider" VARCHAR(255) '
    'NOT NULL, "carrier" VARCHAR(255) NOT NULL, "state" VARCHAR(255) NOT NULL, "parcel_id" '
    'INTEGER, "reason" TEXT, "balance" INTEGER, "balance_low" INTEGER NOT NULL, FOREIGN KEY '
    '("sales_order_id") REFERENCES "sales_order" ("id") ON DELETE CASCADE, FOREIGN KEY '
    '("parcel_id") REFERENCES "parcel" ("id"))',
    'CREATE UNIQUE INDEX "ewaybill_uuid" ON "ewaybill" ("uuid")',
    'CREATE INDEX "ewaybill_sales_order_id" ON "ewaybill" ("sales_order_id")',
    'CREATE UNIQUE INDEX "ewaybill_waybill_code" ON "ewaybill" ("waybill_code")',
    'CREATE INDEX "ewaybill_state" ON "ewaybill" ("state")',
    'CREATE INDEX "ewaybill_parcel_id" ON "ewaybill" ("parcel_id")',
]
