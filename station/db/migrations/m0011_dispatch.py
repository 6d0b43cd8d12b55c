"""Dispatch: carrier handovers, the parcels scanned into them, and the orders
intercepted after packing (cancelled, refunded or held: 拦截). New tables only."""

STATEMENTS = [
    'CREATE TABLE "handover" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT '
    'NULL, "created_at" DATETIME NOT NULL, "number" VARCHAR(255) NOT NULL, "carrier" '
    'VARCHAR(255) NOT NULL, "bag_code" VARCHAR(255) NOT NULL, "bench_id" VARCHAR(255) NOT '
    'NULL, "status" VARCHAR(255) NOT NULL, "operator_id" INTEGER, "approved_by_id" '
    'INTEGER, "offline" INTEGER NOT NULL, "master_synced_at" DATETIME, "closed_at" '
    'DATETIME, FOREIGN KEY ("operator_id") REFERENCES "operator" ("id"), FOREIGN KEY '
    '("approved_by_id") REFERENCES "operator" ("id"))',
    'CREATE UNIQUE INDEX "handover_uuid" ON "handover" ("uuid")',
    'CREATE UNIQUE INDEX "handover_number" ON "handover" ("number")',
    'CREATE INDEX "handover_status" ON "handover" ("status")',
    'CREATE INDEX "handover_operator_id" ON "handover" ("operator_id")',
    'CREATE INDEX "handover_approved_by_id" ON "handover" ("approved_by_id")',
    'CREATE TABLE "handover_parcel" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36)'
    ' NOT NULL, "created_at" DATETIME NOT NULL, "handover_id" INTEGER NOT NULL, '
    '"parcel_id" INTEGER NOT NULL, "status" VARCHAR(255) NOT NULL, "scanned_at" DATETIME '
    'NOT NULL, "undone_by_id" INTEGER, FOREIGN KEY ("handover_id") REFERENCES "handover" '
    '("id") ON DELETE CASCADE, FOREIGN KEY ("parcel_id") REFERENCES "parcel" ("id"), '
    'FOREIGN KEY ("undone_by_id") REFERENCES "operator" ("id"))',
    'CREATE UNIQUE INDEX "handover_parcel_uuid" ON "handover_parcel" ("uuid")',
    'CREATE INDEX "handover_parcel_handover_id" ON "handover_parcel" ("handover_id")',
    'CREATE INDEX "handover_parcel_parcel_id" ON "handover_parcel" ("parcel_id")',
    'CREATE INDEX "handover_parcel_undone_by_id" ON "handover_parcel" ("undone_by_id")',
    'CREATE TABLE "intercept" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT '
    'NULL, "created_at" DATETIME NOT NULL, "sales_order_id" INTEGER NOT NULL, "status" '
    'VARCHAR(255) NOT NULL, "reason" TEXT NOT NULL, "state" VARCHAR(255) NOT NULL, '
    '"arrived_at" DATETIME NOT NULL, "pulled_at" DATETIME, FOREIGN KEY ("sales_order_id") '
    'REFERENCES "sales_order" ("id"))',
    'CREATE UNIQUE INDEX "intercept_uuid" ON "intercept" ("uuid")',
    'CREATE INDEX "intercept_sales_order_id" ON "intercept" ("sales_order_id")',
    'CREATE INDEX "intercept_state" ON "intercept" ("state")',
]
