"""The first schema: every table of the first release."""

STATEMENTS = [
    'CREATE TABLE "meta" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)',
    (
        'CREATE TABLE "operator" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) '
        'NOT NULL, "created_at" DATETIME NOT NULL, "name" VARCHAR(255) NOT NULL, "role" '
        'VARCHAR(255) NOT NULL, "badge_code" VARCHAR(255), "pin_hash" VARCHAR(255) NOT '
        'NULL, "failed_attempts" INTEGER NOT NULL, "locked_until" DATETIME, "active" '
        "INTEGER NOT NULL)"
    ),
    'CREATE UNIQUE INDEX "operator_uuid" ON "operator" ("uuid")',
    'CREATE UNIQUE INDEX "operator_badge_code" ON "operator" ("badge_code")',
    (
        'CREATE TABLE "supplier" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) '
        'NOT NULL, "created_at" DATETIME NOT NULL, "code" VARCHAR(255) NOT NULL, "name" '
        'VARCHAR(255) NOT NULL, "aql" REAL)'
    ),
    'CREATE UNIQUE INDEX "supplier_uuid" ON "supplier" ("uuid")',
    'CREATE UNIQUE INDEX "supplier_code" ON "supplier" ("code")',
    (
        'CREATE TABLE "product" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) '
        'NOT NULL, "created_at" DATETIME NOT NULL, "sku" VARCHAR(255) NOT NULL, "name" '
        'VARCHAR(255) NOT NULL, "unit" VARCHAR(255) NOT NULL, "weight_g" INTEGER, '
        '"track_lot" INTEGER NOT NULL, "track_expiry" INTEGER NOT NULL, "track_serial" '
        'INTEGER NOT NULL, "min_shelf_life_days" INTEGER, "stock_threshold" INTEGER, '
        '"aql" REAL, "active" INTEGER NOT NULL)'
    ),
    'CREATE UNIQUE INDEX "product_uuid" ON "product" ("uuid")',
    'CREATE UNIQUE INDEX "product_sku" ON "product" ("sku")',
    (
        'CREATE TABLE "product_barcode" ("id" INTEGER NOT NULL PRIMARY KEY, "product_id" '
        'INTEGER NOT NULL, "code" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, '
        '"pack_qty" INTEGER NOT NULL, FOREIGN KEY ("product_id") REFERENCES "product" '
        '("id") ON DELETE CASCADE)'
    ),
    'CREATE INDEX "product_barcode_product_id" ON "product_barcode" ("product_id")',
    'CREATE UNIQUE INDEX "product_barcode_code" ON "product_barcode" ("code")',
    (
        'CREATE TABLE "purchase_order" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" '
        'VARCHAR(36) NOT NULL, "created_at" DATETIME NOT NULL, "number" VARCHAR(255) NOT '
        'NULL, "supplier_id" INTEGER NOT NULL, "status" VARCHAR(255) NOT NULL, '
        '"expected_at" DATETIME, FOREIGN KEY ("supplier_id") REFERENCES "supplier" '
        '("id"))'
    ),
    'CREATE UNIQUE INDEX "purchase_order_uuid" ON "purchase_order" ("uuid")',
    'CREATE UNIQUE INDEX "purchase_order_number" ON "purchase_order" ("number")',
    'CREATE INDEX "purchase_order_supplier_id" ON "purchase_order" ("supplier_id")',
    (
        'CREATE TABLE "purchase_order_line" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" '
        'VARCHAR(36) NOT NULL, "created_at" DATETIME NOT NULL, "purchase_order_id" '
        'INTEGER NOT NULL, "line_no" INTEGER NOT NULL, "product_id" INTEGER NOT NULL, '
        '"qty_ordered" INTEGER NOT NULL, "unit_price_fen" INTEGER, FOREIGN KEY '
        '("purchase_order_id") REFERENCES "purchase_order" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("product_id") REFERENCES "product" ("id"))'
    ),
    'CREATE UNIQUE INDEX "purchase_order_line_uuid" ON "purchase_order_line" ("uuid")',
    (
        'CREATE INDEX "purchase_order_line_purchase_order_id" ON "purchase_order_line" '
        '("purchase_order_id")'
    ),
    'CREATE INDEX "purchase_order_line_product_id" ON "purchase_order_line" ("product_id")',
    (
        'CREATE UNIQUE INDEX "purchase_order_line_purchase_order_id_line_no" ON '
        '"purchase_order_line" ("purchase_order_id", "line_no")'
    ),
    (
        'CREATE TABLE "receipt" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) '
        'NOT NULL, "created_at" DATETIME NOT NULL, "number" VARCHAR(255) NOT NULL, '
        '"purchase_order_id" INTEGER, "supplier_id" INTEGER, "status" VARCHAR(255) NOT '
        'NULL, "operator_id" INTEGER, "bench_id" VARCHAR(255) NOT NULL, "closed_at" '
        'DATETIME, FOREIGN KEY ("purchase_order_id") REFERENCES "purchase_order" ("id"), '
        'FOREIGN KEY ("supplier_id") REFERENCES "supplier" ("id"), FOREIGN KEY '
        '("operator_id") REFERENCES "operator" ("id"))'
    ),
    'CREATE UNIQUE INDEX "receipt_uuid" ON "receipt" ("uuid")',
    'CREATE UNIQUE INDEX "receipt_number" ON "receipt" ("number")',
    'CREATE INDEX "receipt_purchase_order_id" ON "receipt" ("purchase_order_id")',
    'CREATE INDEX "receipt_supplier_id" ON "receipt" ("supplier_id")',
    'CREATE INDEX "receipt_operator_id" ON "receipt" ("operator_id")',
    (
        'CREATE TABLE "receipt_line" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" '
        'VARCHAR(36) NOT NULL, "created_at" DATETIME NOT NULL, "receipt_id" INTEGER NOT '
        'NULL, "purchase_order_line_id" INTEGER, "product_id" INTEGER, "barcode" '
        'VARCHAR(255), "qty" INTEGER NOT NULL, "lot" VARCHAR(255), "expiry" DATE, '
        '"serial" VARCHAR(255), "sscc" VARCHAR(255), "status" VARCHAR(255) NOT NULL, '
        '"discrepancy" VARCHAR(255), "reason" TEXT, FOREIGN KEY ("receipt_id") REFERENCES'
        ' "receipt" ("id") ON DELETE CASCADE, FOREIGN KEY ("purchase_order_line_id") '
        'REFERENCES "purchase_order_line" ("id"), FOREIGN KEY ("product_id") REFERENCES '
        '"product" ("id"))'
    ),
    'CREATE UNIQUE INDEX "receipt_line_uuid" ON "receipt_line" ("uuid")',
    'CREATE INDEX "receipt_line_receipt_id" ON "receipt_line" ("receipt_id")',
    (
        'CREATE INDEX "receipt_line_purchase_order_line_id" ON "receipt_line" '
        '("purchase_order_line_id")'
    ),
    'CREATE INDEX "receipt_line_product_id" ON "receipt_line" ("product_id")',
    (
        'CREATE TABLE "inspection" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36)'
        ' NOT NULL, "created_at" DATETIME NOT NULL, "receipt_id" INTEGER NOT NULL, '
        '"product_id" INTEGER NOT NULL, "lot" VARCHAR(255), "lot_size" INTEGER NOT NULL, '
        '"aql" REAL NOT NULL, "level" VARCHAR(255) NOT NULL, "code_letter" VARCHAR(255) '
        'NOT NULL, "sample_size" INTEGER NOT NULL, "accept_no" INTEGER NOT NULL, '
        '"reject_no" INTEGER NOT NULL, "result" VARCHAR(255), "operator_id" INTEGER, '
        'FOREIGN KEY ("receipt_id") REFERENCES "receipt" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("product_id") REFERENCES "product" ("id"), FOREIGN KEY '
        '("operator_id") REFERENCES "operator" ("id"))'
    ),
    'CREATE UNIQUE INDEX "inspection_uuid" ON "inspection" ("uuid")',
    'CREATE INDEX "inspection_receipt_id" ON "inspection" ("receipt_id")',
    'CREATE INDEX "inspection_product_id" ON "inspection" ("product_id")',
    'CREATE INDEX "inspection_operator_id" ON "inspection" ("operator_id")',
    (
        'CREATE TABLE "defect" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT'
        ' NULL, "created_at" DATETIME NOT NULL, "inspection_id" INTEGER NOT NULL, "code" '
        'VARCHAR(255) NOT NULL, "severity" VARCHAR(255) NOT NULL, "qty" INTEGER NOT NULL,'
        ' "note" TEXT, "photo_path" VARCHAR(255), FOREIGN KEY ("inspection_id") '
        'REFERENCES "inspection" ("id") ON DELETE CASCADE)'
    ),
    'CREATE UNIQUE INDEX "defect_uuid" ON "defect" ("uuid")',
    'CREATE INDEX "defect_inspection_id" ON "defect" ("inspection_id")',
    (
        'CREATE TABLE "sales_order" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" '
        'VARCHAR(36) NOT NULL, "created_at" DATETIME NOT NULL, "number" VARCHAR(255) NOT '
        'NULL, "shop" VARCHAR(255), "buyer_name" VARCHAR(255) NOT NULL, "buyer_phone" '
        'VARCHAR(255), "address" TEXT NOT NULL, "paid_fen" INTEGER NOT NULL, "order_type"'
        ' VARCHAR(255) NOT NULL, "promised_dispatch_at" DATETIME, "seller_remark" TEXT, '
        '"buyer_message" TEXT, "carrier" VARCHAR(255), "status" VARCHAR(255) NOT NULL, '
        '"status_reason" TEXT, "parent_id" INTEGER, "reship_reason" TEXT, FOREIGN KEY '
        '("parent_id") REFERENCES "sales_order" ("id"))'
    ),
    'CREATE UNIQUE INDEX "sales_order_uuid" ON "sales_order" ("uuid")',
    'CREATE UNIQUE INDEX "sales_order_number" ON "sales_order" ("number")',
    'CREATE INDEX "sales_order_status" ON "sales_order" ("status")',
    'CREATE INDEX "sales_order_parent_id" ON "sales_order" ("parent_id")',
    (
        'CREATE TABLE "sales_order_line" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" '
        'VARCHAR(36) NOT NULL, "created_at" DATETIME NOT NULL, "sales_order_id" INTEGER '
        'NOT NULL, "line_no" INTEGER NOT NULL, "product_id" INTEGER NOT NULL, "qty" '
        'INTEGER NOT NULL, "is_gift" INTEGER NOT NULL, "qty_short" INTEGER NOT NULL, '
        'FOREIGN KEY ("sales_order_id") REFERENCES "sales_order" ("id") ON DELETE '
        'CASCADE, FOREIGN KEY ("product_id") REFERENCES "product" ("id"))'
    ),
    'CREATE UNIQUE INDEX "sales_order_line_uuid" ON "sales_order_line" ("uuid")',
    'CREATE INDEX "sales_order_line_sales_order_id" ON "sales_order_line" ("sales_order_id")',
    'CREATE INDEX "sales_order_line_product_id" ON "sales_order_line" ("product_id")',
    (
        'CREATE UNIQUE INDEX "sales_order_line_sales_order_id_line_no" ON '
        '"sales_order_line" ("sales_order_id", "line_no")'
    ),
    (
        'CREATE TABLE "parcel" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT'
        ' NULL, "created_at" DATETIME NOT NULL, "sales_order_id" INTEGER NOT NULL, "seq" '
        'INTEGER NOT NULL, "status" VARCHAR(255) NOT NULL, "weight_g" INTEGER, '
        '"expected_weight_g" INTEGER, "carrier" VARCHAR(255), "tracking_number" '
        'VARCHAR(255), "operator_id" INTEGER, "bench_id" VARCHAR(255) NOT NULL, '
        '"closed_at" DATETIME, FOREIGN KEY ("sales_order_id") REFERENCES "sales_order" '
        '("id") ON DELETE CASCADE, FOREIGN KEY ("operator_id") REFERENCES "operator" '
        '("id"))'
    ),
    'CREATE UNIQUE INDEX "parcel_uuid" ON "parcel" ("uuid")',
    'CREATE INDEX "parcel_sales_order_id" ON "parcel" ("sales_order_id")',
    'CREATE UNIQUE INDEX "parcel_tracking_number" ON "parcel" ("tracking_number")',
    'CREATE INDEX "parcel_operator_id" ON "parcel" ("operator_id")',
    (
        'CREATE TABLE "scan_event" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36)'
        ' NOT NULL, "created_at" DATETIME NOT NULL, "raw" TEXT NOT NULL, "data" TEXT NOT '
        'NULL, "symbology" VARCHAR(255) NOT NULL, "source" VARCHAR(255) NOT NULL, '
        '"manual" INTEGER NOT NULL, "operator_id" INTEGER, "bench_id" VARCHAR(255) NOT '
        'NULL, "context" VARCHAR(255) NOT NULL, "outcome" VARCHAR(255) NOT NULL, '
        '"message" VARCHAR(255) NOT NULL, "scanned_at" DATETIME NOT NULL, FOREIGN KEY '
        '("operator_id") REFERENCES "operator" ("id"))'
    ),
    'CREATE UNIQUE INDEX "scan_event_uuid" ON "scan_event" ("uuid")',
    'CREATE INDEX "scan_event_operator_id" ON "scan_event" ("operator_id")',
    'CREATE INDEX "scan_event_scanned_at" ON "scan_event" ("scanned_at")',
    (
        'CREATE TABLE "packed_item" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" '
        'VARCHAR(36) NOT NULL, "created_at" DATETIME NOT NULL, "parcel_id" INTEGER NOT '
        'NULL, "sales_order_line_id" INTEGER NOT NULL, "qty" INTEGER NOT NULL, "serial" '
        'VARCHAR(255), "scan_event_id" INTEGER, FOREIGN KEY ("parcel_id") REFERENCES '
        '"parcel" ("id") ON DELETE CASCADE, FOREIGN KEY ("sales_order_line_id") '
        'REFERENCES "sales_order_line" ("id"), FOREIGN KEY ("scan_event_id") REFERENCES '
        '"scan_event" ("id"))'
    ),
    'CREATE UNIQUE INDEX "packed_item_uuid" ON "packed_item" ("uuid")',
    'CREATE INDEX "packed_item_parcel_id" ON "packed_item" ("parcel_id")',
    'CREATE INDEX "packed_item_sales_order_line_id" ON "packed_item" ("sales_order_line_id")',
    'CREATE INDEX "packed_item_scan_event_id" ON "packed_item" ("scan_event_id")',
    (
        'CREATE TABLE "print_job" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) '
        'NOT NULL, "created_at" DATETIME NOT NULL, "kind" VARCHAR(255) NOT NULL, '
        '"document_ref" VARCHAR(255) NOT NULL, "printer_uri" VARCHAR(255) NOT NULL, '
        '"language" VARCHAR(255) NOT NULL, "payload" BLOB NOT NULL, "status" VARCHAR(255)'
        ' NOT NULL, "attempts" INTEGER NOT NULL, "error" TEXT, "operator_id" INTEGER, '
        '"printed_at" DATETIME, "reprint_of_id" INTEGER, FOREIGN KEY ("operator_id") '
        'REFERENCES "operator" ("id"), FOREIGN KEY ("reprint_of_id") REFERENCES '
        '"print_job" ("id"))'
    ),
    'CREATE UNIQUE INDEX "print_job_uuid" ON "print_job" ("uuid")',
    'CREATE INDEX "print_job_status" ON "print_job" ("status")',
    'CREATE INDEX "print_job_operator_id" ON "print_job" ("operator_id")',
    'CREATE INDEX "print_job_reprint_of_id" ON "print_job" ("reprint_of_id")',
    (
        'CREATE TABLE "audit_entry" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" '
        'VARCHAR(36) NOT NULL, "created_at" DATETIME NOT NULL, "operator_id" INTEGER, '
        '"approved_by_id" INTEGER, "bench_id" VARCHAR(255) NOT NULL, "action" '
        'VARCHAR(255) NOT NULL, "entity" VARCHAR(255) NOT NULL, "entity_uuid" '
        'VARCHAR(255) NOT NULL, "details" TEXT NOT NULL, "prev_hash" VARCHAR(255) NOT '
        'NULL, "hash" VARCHAR(255) NOT NULL, FOREIGN KEY ("operator_id") REFERENCES '
        '"operator" ("id"), FOREIGN KEY ("approved_by_id") REFERENCES "operator" ("id"))'
    ),
    'CREATE UNIQUE INDEX "audit_entry_uuid" ON "audit_entry" ("uuid")',
    'CREATE INDEX "audit_entry_operator_id" ON "audit_entry" ("operator_id")',
    'CREATE INDEX "audit_entry_approved_by_id" ON "audit_entry" ("approved_by_id")',
    (
        'CREATE TABLE "outbox_record" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, '
        '"record_uuid" VARCHAR(36) NOT NULL, "bench_id" VARCHAR(255) NOT NULL, "kind" '
        'VARCHAR(255) NOT NULL, "payload" TEXT NOT NULL, "created_at" DATETIME NOT NULL, '
        '"state" VARCHAR(255) NOT NULL, "attempts" INTEGER NOT NULL, "last_error" TEXT, '
        '"acked_at" DATETIME)'
    ),
    'CREATE UNIQUE INDEX "outbox_record_record_uuid" ON "outbox_record" ("record_uuid")',
    'CREATE INDEX "outbox_record_state" ON "outbox_record" ("state")',
]
