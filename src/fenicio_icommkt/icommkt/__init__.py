"""ICOMMKT: the built contacts delivered (``fenicio-icommkt export``).

* ``export``: one export: the contacts read, diffed with the ledger, sent or written;
* ``payload``: where the built contacts are read from, the SQL that diffs and selects them;
* ``built_settings``: profiles are sent only when built with the store's current settings;
* ``client``: the ``SaveMultiContact`` call, with retries, classified;
* ``http_deadline``: one overall deadline per HTTP call;
* ``delivery``: batches sent a few at a time, each answer recorded in the ledger;
* ``ledger``: the delivery ledger and the run history (``ops`` schema);
* ``fake_server``: a fake ICOMMKT on 127.0.0.1, for the tests and the benchmark.

No value is formatted in Python: the dbt models make every contact field and payload.
"""
