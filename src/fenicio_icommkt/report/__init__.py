"""The results report (``fenicio-icommkt report``): the rpt_* models drawn into one
self-contained HTML file.

The figures are computed in dbt (``models/marts/reporting/``, schema ``reporting``); this
package only reads them, read-only, and lays them out: charts where people would rather
look (the R x F grid as a heat map, the movement as from -> to matrices, the time series
as lines; Plotly, its JavaScript inlined once so the file opens offline and makes no
request), tables where they would rather read. Labels, numbers and dates in the store's
``report_language`` (en, es, pt; ``--lang`` wins). Nothing personal: the models hold
counts, sums, products, categories, file names and status values only.

``fenicio-icommkt run`` calls ``after_run``, which writes ``<data dir>/reports/<as-of>.html``
and ``reports/latest.html``; a report that cannot be written is a warning, never a failed
run.

* ``figures``: the rpt_* tables read, and the delivery views refreshed;
* ``page``: the figures laid out as HTML, with Plotly charts;
* ``i18n``: words, numbers and dates in English, Spanish and Portuguese;
* ``writing``: where the report goes, written atomically; the command's work.
"""

from fenicio_icommkt.report.writing import after_run, write_report

__all__ = ["after_run", "write_report"]
