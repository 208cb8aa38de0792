"""dbt run for one store, as a child process: the profiles built (``fenicio-icommkt build``),
the segment history started, and what the command line says about a build.

* ``build``: ``fenicio-icommkt build``: ``dbt build`` of one store, its exit code;
* ``process``: dbt as a child process: its command, environment, vars and shared parse;
* ``failed_tests``: after a failed build, each failed data test with a few offending values;
* ``movement``: after a build, how many customers changed segment and group;
* ``history``: ``fenicio-icommkt history start``, past as-of dates in one dbt build.
"""
