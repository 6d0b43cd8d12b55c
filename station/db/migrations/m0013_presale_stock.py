"""Pre-sale orders waiting for stock (待备货) and the stock figures: the release of a
pre-sale order for packing, head office's stock figure per SKU, and the bench's own
stock per product (``stock_level``) kept by triggers in the transaction of every
receipt line, packed unit, parcel voided and order line changed, filled from the
events already recorded. New tables and triggers only, so it applies before or after
any migration that only alters other tables.

What the triggers count (``station.services.stock`` recounts it the same way):
received = units on receipt lines against a PO line with status ``accepted``;
packed = units on packed items whose parcel is not voided."""

# a receipt line counts when accepted against a PO line
_RL = "{r}.status = 'accepted' AND {r}.purchase_order_line_id IS NOT NULL"
# a packed unit counts unless its parcel is voided
_PI = "(SELECT status FROM parcel WHERE id = {p}.parcel_id) IS NOT 'voided'"
_SOL = "(SELECT product_id FROM sales_order_line WHERE id = {p}.sales_order_line_id)"


def _ensure(product: str, where: str = "") -> str:
    """The product's row, made (at 0) when it has none."""
    more = f" AND {where}" if where else ""
    return (
        "INSERT OR IGNORE INTO stock_level (product_id, received, packed) "
        f"SELECT {product}, 0, 0 WHERE {product} IS NOT NULL{more};"
    )


def _received(row: str, sign: str) -> str:
    cond = _RL.format(r=row)
    add = _ensure(f"{row}.product_id", cond) if sign == "+" else ""
    return (
        f"{add} UPDATE stock_level SET received = received {sign} {row}.qty "
        f"WHERE product_id = {row}.product_id AND {cond};"
    )


def _packed(row: str, sign: str) -> str:
    cond = _PI.format(p=row)
    product = _SOL.format(p=row)
    add = _ensure(product, cond) if sign == "+" else ""
    return (
        f"{add} UPDATE stock_level SET packed = packed {sign} {row}.qty "
        f"WHERE product_id = {product} AND {cond};"
    )


def _parcel_items(parcel: str, sign: str) -> str:
    """The packed units of a parcel moved into (+) or out of (-) the count."""
    items = (
        "FROM packed_item pi JOIN sales_order_line sol ON sol.id = pi.sales_order_line_id "
        f"WHERE pi.parcel_id = {parcel}.id"
    )
    return (
        f"UPDATE stock_level SET packed = packed {sign} (SELECT COALESCE(SUM(pi.qty), 0) "
        f"{items} AND sol.product_id = stock_level.product_id) "
        f"WHERE product_id IN (SELECT sol.product_id {items});"
    )


def _line_items(line: str, sign: str) -> str:
    """The packed units (parcels not voided) of an order line moved in or out."""
    units = (
        "(SELECT COALESCE(SUM(pi.qty), 0) FROM packed_item pi WHERE pi.sales_order_line_id "
        f"= {line}.id AND (SELECT status FROM parcel WHERE id = pi.parcel_id) IS NOT 'voided')"
    )
    add = _ensure(f"{line}.product_id") if sign == "+" else ""
    return (
        f"{add} UPDATE stock_level SET packed = packed {sign} {units} "
        f"WHERE product_id = {line}.product_id;"
    )


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
    'CREATE TABLE "stock_level" ("product_id" INTEGER NOT NULL PRIMARY KEY, "received" '
    'INTEGER NOT NULL, "packed" INTEGER NOT NULL, FOREIGN KEY ("product_id") REFERENCES '
    '"product" ("id") ON DELETE CASCADE)',
    # receipt lines
    "CREATE TRIGGER stock_receipt_line_insert AFTER INSERT ON receipt_line BEGIN "
    f"{_received('NEW', '+')} END",
    "CREATE TRIGGER stock_receipt_line_delete AFTER DELETE ON receipt_line BEGIN "
    f"{_received('OLD', '-')} END",
    "CREATE TRIGGER stock_receipt_line_update AFTER UPDATE OF status, qty, product_id, "
    f"purchase_order_line_id ON receipt_line BEGIN {_received('OLD', '-')} "
    f"{_received('NEW', '+')} END",
    # packed units
    "CREATE TRIGGER stock_packed_item_insert AFTER INSERT ON packed_item BEGIN "
    f"{_packed('NEW', '+')} END",
    "CREATE TRIGGER stock_packed_item_delete AFTER DELETE ON packed_item BEGIN "
    f"{_packed('OLD', '-')} END",
    "CREATE TRIGGER stock_packed_item_update AFTER UPDATE OF qty, parcel_id, "
    f"sales_order_line_id ON packed_item BEGIN {_packed('OLD', '-')} {_packed('NEW', '+')} END",
    # a parcel voided (or no longer; or inserted voided, as a recovery may): its units
    "CREATE TRIGGER stock_parcel_voided AFTER UPDATE OF status ON parcel WHEN "
    "NEW.status = 'voided' AND OLD.status IS NOT 'voided' BEGIN "
    f"{_parcel_items('NEW', '-')} END",
    "CREATE TRIGGER stock_parcel_unvoided AFTER UPDATE OF status ON parcel WHEN "
    "OLD.status = 'voided' AND NEW.status IS NOT 'voided' BEGIN "
    f"{_parcel_items('NEW', '+')} END",
    "CREATE TRIGGER stock_parcel_insert_voided AFTER INSERT ON parcel WHEN "
    f"NEW.status = 'voided' BEGIN {_parcel_items('NEW', '-')} END",
    # an order line's product changed (or the line inserted after its units, in a recovery)
    "CREATE TRIGGER stock_sales_order_line_product AFTER UPDATE OF product_id ON "
    f"sales_order_line BEGIN {_line_items('OLD', '-')} {_line_items('NEW', '+')} END",
    "CREATE TRIGGER stock_sales_order_line_insert AFTER INSERT ON sales_order_line BEGIN "
    f"{_line_items('NEW', '+')} END",
    # what was recorded before
    "INSERT INTO stock_level (product_id, received, packed) SELECT id, "
    "COALESCE((SELECT SUM(qty) FROM receipt_line r WHERE r.product_id = product.id AND "
    "r.status = 'accepted' AND r.purchase_order_line_id IS NOT NULL), 0), "
    "COALESCE((SELECT SUM(pi.qty) FROM packed_item pi JOIN sales_order_line sol ON sol.id = "
    "pi.sales_order_line_id WHERE sol.product_id = product.id AND (SELECT status FROM "
    "parcel WHERE id = pi.parcel_id) IS NOT 'voided'), 0) FROM product",
]
