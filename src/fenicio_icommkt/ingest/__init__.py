"""The ingest (``fenicio-icommkt ingest PATH...``): Fenicio CSV exports into the
warehouse's raw layer.

Each accepted file becomes two normalised Parquet files under ``<data dir>/landing/``
(``order_lines``: the contract's columns, what dbt reads; ``order_line_details``: every
other column) plus a row in ``ingest.file_log``; rows whose required fields do not parse go
to ``ingest.quarantine``.  DuckDB does all the parsing; Python only reads the header row
and checks the bytes (SHA-256 and UTF-8, through gzip for ``.csv.gz``) in one streaming
pass, in a thread beside DuckDB.

What can go wrong, and what happens (``faults``): a file bad in itself is refused and the
others go on; a file still being written is deferred, with the files after it, and tried
again next time; a failing machine (disk full, I/O error, permission, memory) stops the call
at that file. Nothing of a file that is not loaded is recorded, and no message quotes a
row (DuckDB's CSV errors do: they are said by kind and record number instead).

* ``call``: one call's files in order, and the command's exit code (``load``);
* ``files``: finding the files, watching them settle, the byte check, the header row;
* ``headers``: export headers to canonical column names;
* ``parsing`` and ``landing_sql``: the SQL that reads one file's values and lands it;
* ``landing``: loading one file, and what an error on the way means;
* ``file_log``: landing/ against the file log: lost loads landed again, the log rebuilt;
* ``outcomes``: each file's outcome, said and recorded for the report;
* ``faults``: the three kinds of problem, said without quoting the data;
* ``freshness``: whether the store's daily export still arrives.
"""

from fenicio_icommkt.ingest.call import ingest, load
from fenicio_icommkt.ingest.landing import ENCODINGS, IngestOptions
from fenicio_icommkt.ingest.outcomes import FileResult

__all__ = ["ENCODINGS", "FileResult", "IngestOptions", "ingest", "load"]
