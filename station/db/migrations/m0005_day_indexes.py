"""Indexes for the supervisor's board and the daily report: the day's parcels,
receipt lines, inspections and audit entries are found by time, not by scanning
a year of them; the backlog by status and deadline; the day's reships."""

STATEMENTS = [
    'CREATE INDEX "parcel_closed_at" ON "parcel" ("closed_at")',
    'CREATE INDEX "receipt_line_created_at" ON "receipt_line" ("created_at")',
    'CREATE INDEX "inspection_created_at" ON "inspection" ("created_at")',
    'CREATE INDEX "audit_entry_created_at" ON "audit_entry" ("created_at")',
    'CREATE INDEX "sales_order_status_promised_dispatch_at" ON "sales_order" '
    '("status", "promised_dispatch_at")',
    'CREATE INDEX "sales_order_parent_id_created_at" ON "sales_order" ("parent_id", "created_at")',
]
