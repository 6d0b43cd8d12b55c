"""Advance shipping notices: announced pallets by SSCC and what is on them."""

STATEMENTS = [
    'CREATE TABLE "asn_pallet" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT '
    'NULL, "created_at" DATETIME NOT NULL, "purchase_order_id" INTEGER NOT NULL, "asn_number" '
    'VARCHAR(255) NOT NULL, "sscc" VARCHAR(255) NOT NULL, "received_at" DATETIME, FOREIGN KEY '
    '("purchase_order_id") REFERENCES "purchase_order" ("id"))',
    'CREATE UNIQUE INDEX "asn_pallet_uuid" ON "asn_pallet" ("uuid")',
    'CREATE INDEX "asn_pallet_purchase_order_id" ON "asn_pallet" ("purchase_order_id")',
    'CREATE UNIQUE INDEX "asn_pallet_sscc" ON "asn_pallet" ("sscc")',
    'CREATE TABLE "asn_item" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, '
    '"created_at" DATETIME NOT NULL, "pallet_id" INTEGER NOT NULL, "product_id" INTEGER NOT '
    'NULL, "qty" INTEGER NOT NULL, "lot" VARCHAR(255), "expiry" DATE, FOREIGN KEY '
    '("pallet_id") REFERENCES "asn_pallet" ("id") ON DELETE CASCADE, FOREIGN KEY '
    '("product_id") REFERENCES "product" ("id"))',
    'CREATE UNIQUE INDEX "asn_item_uuid" ON "asn_item" ("uuid")',
    'CREATE INDEX "asn_item_pallet_id" ON "asn_item" ("pallet_id")',
    'CREATE INDEX "asn_item_product_id" ON "asn_item" ("product_id")',
]
