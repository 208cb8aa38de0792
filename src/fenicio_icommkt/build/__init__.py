"""Building the profiles: ``dbt build`` for one store, and what the command line says about
a build.

* ``dbt_build``: ``fenicio-icommkt build`` (``build``);
* ``runner``: dbt as a child process: its command, environment, vars and shared parse;
* ``failed_tests``: after a failed build, each failed data test with a few offending values;
* ``movement``: after a build, how many customers changed segment and group;
* ``history``: ``fenicio-icommkt history start``, past as-of dates in one dbt build.
"""

from fenicio_icommkt.build.dbt_build import build
from fenicio_icommkt.build.runner import (
    build_vars,
    dbt_command,
    dbt_env,
    dbt_executable,
    log_dir,
    reuse_parse,
    run_child,
    share_parse,
    target_dir,
)

__all__ = [
    "build",
    "build_vars",
    "dbt_command",
    "dbt_env",
    "dbt_executable",
    "log_dir",
    "reuse_parse",
    "run_child",
    "share_parse",
    "target_dir",
]
