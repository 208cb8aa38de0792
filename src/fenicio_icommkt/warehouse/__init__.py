"""The warehouse (``<data dir>/warehouse.duckdb``) and the raw layer beside it.

* ``connection``: the one way to open the warehouse, and what a failure to open it means;
* ``bookkeeping``: the ingest's tables (file log, quarantine), a load committed and
  landed, ``landing/`` checked against the file log and rebuilt from it;
* ``landed``: the landed Parquet files and the SQL that reads them;
* ``schema``: their columns, from ``columns.csv`` (the spec's column dictionary).
"""

from fenicio_icommkt.warehouse.connection import (
    WarehouseError,
    connect,
    describe_open_error,
    initialise,
    memory_limit_setting,
    missing_message,
    open_connection,
    rebuild_steps,
)

__all__ = [
    "WarehouseError",
    "connect",
    "describe_open_error",
    "initialise",
    "memory_limit_setting",
    "missing_message",
    "open_connection",
    "rebuild_steps",
]
