"""Orders from files: the station's own CSV/JSON, or a marketplace export.

Douyin, Taobao/Tmall (two files joined on the order number), Pinduoduo, JD and
Kuaishou exports are read by their profiles (``station/resources/import_profiles``, and
the shop's own in the data directory's ``profiles``), recognised from the whole
header row; CSV in UTF-8 (with or without BOM) or GBK/GB18030, or xlsx.

The whole file is read and checked before anything is written: rejected rows
are listed with their line number and reason, and then nothing is imported.
A file that passes is written in one transaction. Importing the same file twice
adds nothing; an order changed at the platform updates the station's while it
is not packed, and becomes a conflict for the supervisor once it is
(:mod:`station.services.order_import.store`).
"""

from station.services.order_import.checks import (
    check_line,
    check_rows,
    is_masked,
    name_columns,
    write_new,
)
from station.services.order_import.prepare import (
    PREVIEW_ROWS,
    Prepared,
    import_file,
    import_orders,
    prepare,
)
from station.services.order_import.rows import (
    ORDER_FIELDS,
    ORDER_KINDS,
    ORDER_TYPES,
    OWN_COLUMNS,
    PROFILE_FIELDS,
    REQUIRED,
    ImportResult,
    Rejected,
    _parse_time,
    _rows_from_csv,
    _rows_from_json,
    clean_json_rows,
    rows_from_records,
)
from station.services.order_import.sheets import decode

__all__ = [
    "ORDER_FIELDS",
    "ORDER_KINDS",
    "ORDER_TYPES",
    "OWN_COLUMNS",
    "PREVIEW_ROWS",
    "PROFILE_FIELDS",
    "REQUIRED",
    "ImportResult",
    "Prepared",
    "Rejected",
    "_parse_time",
    "_rows_from_csv",
    "_rows_from_json",
    "check_line",
    "check_rows",
    "clean_json_rows",
    "decode",
    "import_file",
    "import_orders",
    "is_masked",
    "name_columns",
    "prepare",
    "rows_from_records",
    "write_new",
]
