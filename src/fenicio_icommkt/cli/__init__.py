"""The ``fenicio-icommkt`` command line: one entry point, one module per subcommand.

Each command module (``cli/<command>.py``) has ``add_parser(subparsers)`` and
``run(args) -> int``: it turns the arguments into a call of its role's function and
returns the exit code. The argument types they share are in ``cli/arguments.py``.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Callable

from fenicio_icommkt import console
from fenicio_icommkt.settings import ConfigError
from fenicio_icommkt.warehouse import WarehouseError

#: Subcommand modules; each has ``add_parser(subparsers)`` and ``run(args) -> int``.
COMMANDS = [
    "fenicio_icommkt.cli.sample",
    "fenicio_icommkt.cli.ingest",
    "fenicio_icommkt.cli.build",
    "fenicio_icommkt.cli.export",
    "fenicio_icommkt.cli.run",
    "fenicio_icommkt.cli.history",
    "fenicio_icommkt.cli.report",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fenicio-icommkt",
        description="Fenicio exports -> customer purchase profiles -> ICOMMKT contacts.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in COMMANDS:
        if importlib.util.find_spec(module_name) is None:
            continue  # not part of this installation (yet)
        module = importlib.import_module(module_name)
        sub = module.add_parser(subparsers)
        sub.add_argument(
            "--data-dir",
            help="the store's data dir (default: $FENICIO_DATA_DIR, else data/ in the repo)",
        )
        sub.set_defaults(handler=module.run)
    return parser


def dispatch(argv: list[str] | None = None) -> int:
    """Run one subcommand; a ConfigError is exit 2. Interrupts propagate (``daily.run`` calls its
    stages through ``guarded`` too, so a signal stops the whole run, not only the stage)."""
    args = build_parser().parse_args(argv)
    return guarded(lambda: args.handler(args))


def guarded(command: Callable[[], int]) -> int:
    """``command()``'s exit code; a ConfigError is exit 2, a WarehouseError its own code,
    each said on the console. Interrupts propagate."""
    try:
        return int(command())
    except ConfigError as exc:
        console.error(str(exc))
        return console.USAGE
    except WarehouseError as exc:  # locked, read-only, truncated, zeroed: said, no traceback
        console.error(str(exc))
        return exc.exit_code


def main(argv: list[str] | None = None, exiting: bool = False) -> int:
    """The command line: SIGINT, SIGTERM and SIGHUP stop a command cleanly, exit 1.
    ``exiting``: the process ends after this (see ``entry``)."""
    try:
        with console.stop_on_signals(then_ignore=exiting):
            return dispatch(argv)
    except KeyboardInterrupt as exc:
        console.error(f"{str(exc) or 'interrupted'}; stopped cleanly (see above for what was "
                      "done)")
        return console.FAILURE


def entry() -> None:
    """The installed ``fenicio-icommkt`` and ``python -m fenicio_icommkt``: the command,
    then exit; a stop signal after the command finished is ignored."""
    sys.exit(main(exiting=True))


if __name__ == "__main__":
    entry()
