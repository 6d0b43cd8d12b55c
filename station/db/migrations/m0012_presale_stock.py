"""Pre-sale orders waiting for stock (待备货) and the stock figures: the release of a
pre-sale order for packing, and head office's stock figure per SKU. New tables only,
so it applies before or after any migration that only alters other tables."""

STATEMENTS = [
    'CREATE TABLE "presale_release" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) '
    'NOT NULL, "created_at" DATETIME NOT NULL, "sales_order_id" INTEGER NOT NULL, '
    '"receipt_id" INTEGER, "operator_id" INTEGER, FOREIGN KEY ("sales_order_id") REFERENCES '
    '"sales_order" ("id") ON DELETE CASCADE, FOREIGN KEY ("receipt_id") REFERENCES "receipt" '
    '("id"), FOREIGN KEY ("operator_id") REFERENCES "operator" ("id"))',
    'CREATE UNIQUE INDEX "presale_release_uuid" ON "presale_release" ("uuid")',
    'CREATE UNIQUE INDEX "presale_release_sales_order_id" ON "presale_release" ("sales_order_id")',
    'CREATE INDEX "presale_release_receipt_id" ON "presale_release" ("receipt_id")',
    'CREATE INDEX "presale_release_operator_id" ON "presale_release" ("operator_id")',
    'CREATE TABLE "head_office_stock" ("sku" VARCHAR(255) NOT NULL PRIMARY KEY, "qty" '
    'INTEGER NOT NULL, "as_of" DATETIME, "received_at" DATETIME NOT NULL)',
]
