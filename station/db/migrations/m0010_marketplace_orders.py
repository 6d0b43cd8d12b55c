"""Orders from every marketplace: the platform, its sub-order ids and a virtual
number's extension kept on the order; an order changed at the platform after it
was packed here is kept as a conflict for the supervisor. Touches only
``sales_order`` and a new table, so it applies before or after m0009."""

STATEMENTS = [
    'ALTER TABLE "sales_order" ADD COLUMN "platform" TEXT',
    'ALTER TABLE "sales_order" ADD COLUMN "sub_orders" TEXT',
    'ALTER TABLE "sales_order" ADD COLUMN "recipient_ext" TEXT',
    'CREATE TABLE "order_conflict" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT '
    'NULL, "created_at" DATETIME NOT NULL, "sales_order_id" INTEGER NOT NULL, "detail" TEXT NOT '
    'NULL, "source" TEXT, "resolved_at" DATETIME, FOREIGN KEY ("sales_order_id") REFERENCES '
    '"sales_order" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "order_conflict_uuid" ON "order_conflict" ("uuid")',
    'CREATE INDEX "order_conflict_sales_order_id" ON "order_conflict" ("sales_order_id")',
]
