"""Command-line interface: build, validate, query, site, serve, bench.

User errors print one line and exit 1.
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
from pathlib import Path
from typing import Any

from pipeline import config
from pipeline.errors import UserError, first_line

# `check --help`: what a sheet that passes `check` can still fail on in `build`.
BUILD_ONLY = """\
Only `build` runs the checks that need the whole package: Frictionless validation of
the descriptor and CSVs; the Great Expectations suites (cells starting like a spreadsheet
formula or with stray spaces, dates outside the period of expectations/crisis.yaml,
date_start <= date_end, count_low <= count_high, a description for quantity 'other', a
quote for every core record, the casualty totals the articles state, the raid balance,
hostages held only ever falling, stated Chronology day numbers); the cell checks of the
passages cut from the articles; and writing the database, views and figures."""

# The folders that commands take as options: name -> (default, help).
FOLDERS = {
    "root": (config.ROOT, "package root folder"),
    "raw": (config.RAW, "folder of raw articles"),
    "coding": (config.CODING, "folder of coding sheets"),
}


def add_folders(parser: argparse.ArgumentParser, *names: str) -> None:
    """`--NAME` options for folders of `FOLDERS`, in the order given."""
    for name in names:
        default, what = FOLDERS[name]
        parser.add_argument(f"--{name}", default=str(default), help=what)


# add-source's metadata options: manifest field -> help (`published_date` is --date).
ADD_SOURCE_FIELDS = {
    "title": "headline or article title",
    "publisher": "who published it",
    "published_date": "publication date, YYYY-MM-DD, where known",
    "published": "publication date and time as the source states it",
    "url": "where it was published, only where known",
    "license": "the source's own terms",
    "note": "what the file holds besides the article",
}


def terminal_columns() -> int:
    """shutil.get_terminal_size().columns: $COLUMNS, else the terminal's, else 80. argparse's
    formatter asks shutil, argparse makes one for every argument it adds, and shutil's import
    (with bz2, lzma and zlib) is some 2 ms of `check`'s start-up."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, wrapping to the terminal's width found by `terminal_columns`."""

    def __init__(self, prog: str, **kwargs: Any) -> None:
        kwargs.setdefault("width", terminal_columns() - 2)  # as argparse leaves a margin
        super().__init__(prog, **kwargs)


class ArgumentParser(argparse.ArgumentParser):
    """argparse's parser with `HelpFormatter` by default (its subcommands' parsers too)."""

    def __init__(self, *args: Any, formatter_class: type = HelpFormatter, **kwargs: Any) -> None:
        super().__init__(*args, formatter_class=formatter_class, **kwargs)


def cmd_build(args: argparse.Namespace) -> int:
    from pipeline.buildlock import exclusive
    from pipeline.journal import recover
    from pipeline.steps import build

    root = Path(args.out).resolve() if args.out else config.ROOT
    with exclusive(root):  # one build at a time: a second one waits here
        recover(root)  # the build waited for may have died mid-publish
        print(build(Path(args.raw), Path(args.coding), root, force=args.force))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    # Nearly everything `check` makes lives until it ends, so the cyclic collector's passes
    # free next to nothing (some 1,200 objects, at any corpus size) yet cost 1-5 % of its time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        from pipeline.schema import SHEETS
        from pipeline.sheets import sheet_path, sheets_named
        from pipeline.sheetyaml import prefetch

        folder, tables = sheets_named(args.sheets, Path(args.coding))
        # A child reads every sheet (those not checked give their ids) while this process
        # imports `check`'s modules and segments the texts: its start-up on two cores.
        with prefetch([sheet_path(folder, t) for t in SHEETS]):
            from pipeline.check import run_check

            return run_check(Path(args.raw), folder, tables)
    finally:
        if collecting:
            gc.enable()


def cmd_locate(args: argparse.Namespace) -> int:
    from pipeline.occurrences import run_locate

    return run_locate(Path(args.raw), args.quote, args.source)


def cmd_add_source(args: argparse.Namespace) -> int:
    from pipeline.add_source import run_add_source

    metadata = {k: getattr(args, k) for k in ADD_SOURCE_FIELDS}
    return run_add_source(Path(args.raw), Path(args.file), args.id, metadata)


def cmd_validate(args: argparse.Namespace) -> int:
    from pipeline.buildlock import publishing
    from pipeline.validate import validate_published

    root = Path(args.root).resolve()
    with publishing(root, shared=True):  # a build's publish waits until this has read
        return validate_published(root)


def cmd_suites(args: argparse.Namespace) -> int:
    from pipeline.suites import write_suites

    for path in write_suites():
        print(f"wrote {path.relative_to(config.ROOT)}")
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    from pipeline.site.generate import site_command

    target = site_command(Path(args.root).resolve(), Path(args.raw))
    print(f"wrote the site -> {target / 'index.html'}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from pipeline.serve import serve

    return serve(Path(args.root).resolve() / config.SITE_DIR, args.port)


def cmd_schemas(args: argparse.Namespace) -> int:
    from pipeline.jsonschemas import write_schemas

    for path in write_schemas(Path(args.coding)):
        print(f"wrote {path}")
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    from pipeline.release import write_release

    path = write_release(Path(args.root).resolve())
    print(f"wrote {path} ({path.stat().st_size} bytes)")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from pipeline.bench import run_bench

    return run_bench(args)


def cmd_query(args: argparse.Namespace) -> int:
    from pipeline.query import run_query

    return run_query(args)


def parser(command: str | None = None) -> ArgumentParser:
    """The command line. Given the command to run, only its parser is made: argparse takes
    ~0.2 ms a command, which `check` would pay for eleven commands it does not run."""

    def wanted(name: str) -> bool:
        return command in (None, name)

    top = ArgumentParser(
        prog="python -m pipeline",
        description="Build, validate and query the Lima hostage crisis data package.",
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    if wanted("build"):
        build = sub.add_parser(
            "build", help="raw/ + coding sheets -> tables/, datapackage.json, DB"
        )
        build.add_argument("--out", help="write the package under this folder (default: the repo)")
        add_folders(build, "raw", "coding")
        build.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
        build.set_defaults(run=cmd_build)
    if wanted("check"):
        check = sub.add_parser(
            "check",
            help="check coding sheets in a second: path:line:column: problem (writes nothing)",
            description="Read the coding sheets, locate every quote, ground every number and date, "
            "and check each record's fields, ids and references as the build does; print one "
            "line per problem as path:line:column: message. Exit status 1 if there is any.",
            epilog=BUILD_ONLY,
        )
        check.add_argument(
            "sheets", nargs="*", metavar="SHEET", help="sheets to check (default: all)"
        )
        add_folders(check, "raw", "coding")
        check.set_defaults(run=cmd_check)
    if wanted("locate"):
        locate = sub.add_parser(
            "locate",
            help="find a quote in the articles: offsets, passage, and the context a sheet needs",
            description="Print every occurrence of QUOTE in the raw articles (whitespace folded "
            "as the build folds it) with its character offsets, passage id and surroundings, and "
            "the evidence entry that picks it: the quote alone when it is unique in its source, "
            "else with the shortest unique `context:`, or `occurrence:` where the article repeats "
            "itself word for word.",
        )
        locate.add_argument("quote", metavar="QUOTE", help="the text to find, verbatim")
        locate.add_argument("--source", help="only this source id")
        add_folders(locate, "raw")
        locate.set_defaults(run=cmd_locate)
    if wanted("add-source"):
        add = sub.add_parser(
            "add-source",
            help="copy an article into raw/ unchanged and write its manifest entry",
            description="Copy FILE byte for byte into raw/ and append its entry to "
            "raw/manifest.yaml: sha256, size and the metadata given (what is not known stays "
            "empty). Refuses, changing nothing, if the id is taken, the file is not UTF-8, or "
            "the same file is already in raw/.",
        )
        add.add_argument("file", metavar="FILE", help="the article as received (UTF-8 text)")
        add.add_argument("--id", required=True, help="source id, a slug such as bbc-1997-04-23")
        for name, what in ADD_SOURCE_FIELDS.items():
            flag = "--date" if name == "published_date" else f"--{name}"
            metavar = "YYYY-MM-DD" if name == "published_date" else name.upper()
            add.add_argument(flag, dest=name, help=what, metavar=metavar)
        add_folders(add, "raw")
        add.set_defaults(run=cmd_add_source)
    if wanted("validate"):
        validate = sub.add_parser("validate", help="check the published package as it is on disk")
        add_folders(validate, "root")
        validate.set_defaults(run=cmd_validate)
    if wanted("suites"):
        suites = sub.add_parser(
            "suites", help="regenerate the column expectation suites from the schema"
        )
        suites.set_defaults(run=cmd_suites)
    if wanted("schemas"):
        schemas = sub.add_parser(
            "schemas",
            help="regenerate the coding sheets' JSON Schemas (editor help) from the schema",
        )
        add_folders(schemas, "coding")
        schemas.set_defaults(run=cmd_schemas)
    if wanted("query"):
        query = sub.add_parser("query", help="run SQL on the database (read-only)")
        query.add_argument("sql", nargs="?", help="SQL text; omit to read --file or stdin")
        query.add_argument("--file", help="read the SQL from this file")
        query.add_argument(
            "--format", choices=("table", "csv", "json", "markdown"), default="table"
        )
        query.add_argument("--list", action="store_true", help="list tables and views")
        query.add_argument("--describe", metavar="NAME", help="columns of a table or view")
        add_folders(query, "root")
        query.add_argument(
            "--timeout",
            type=float,
            default=config.QUERY_TIMEOUT,
            metavar="SECONDS",
            help="stop a query that runs longer than this (0: no limit; default %(default)g)",
        )
        query.set_defaults(run=cmd_query)
    if wanted("site"):
        site = sub.add_parser("site", help="re-render build/site from the published package")
        add_folders(site, "root", "raw")
        site.set_defaults(run=cmd_site)
    if wanted("serve"):
        serve = sub.add_parser("serve", help="serve build/site on 127.0.0.1 and print its URL")
        add_folders(serve, "root")
        serve.add_argument("--port", type=int, default=8000, help="port (0: any free port)")
        serve.set_defaults(run=cmd_serve)
    if wanted("release"):
        release = sub.add_parser("release", help="write dist/<package>-<version>.zip (build first)")
        add_folders(release, "root")
        release.set_defaults(run=cmd_release)
    if wanted("bench"):
        bench = sub.add_parser("bench", help="time builds and queries in fresh interpreters")
        bench.add_argument("--json", help="also write the results as JSON to this file")
        bench.add_argument(
            "--docs", type=int, nargs="+", help="synthetic corpus sizes (2 10 100 1000)"
        )
        bench.add_argument("--repeat", type=int, default=5, help="runs of a short measurement")
        bench.add_argument(
            "--check-only",
            action="store_true",
            help="time only `check` (real corpus, then --docs, default 1000), no builds",
        )
        bench.set_defaults(run=cmd_bench)
    if not sub.choices:  # not a command (an option, a typo): every command, for help or the error
        return parser()
    return top


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser(argv[0] if argv else None).parse_args(argv)
    interrupted: list[int] = []

    def on_ctrl_c(signum: int, frame: object) -> None:
        interrupted.append(signum)  # DuckDB turns the KeyboardInterrupt into its own error
        raise KeyboardInterrupt

    # Every command, not only DuckDB's: a process started with Ctrl-C ignored (nohup, a
    # script's `&`) keeps ignoring it under Python's own handling.
    previous = signal.signal(signal.SIGINT, on_ctrl_c)
    try:
        if args.command in ("validate", "query"):  # `build` does it once it holds the lock
            from pipeline.journal import recover

            recover(Path(args.root).resolve())  # first finish or undo a publish cut short
        return args.run(args)
    except UserError as exc:
        if interrupted:  # an error the Ctrl-C caused (`query.fetch` words DuckDB's as its own)
            return _interrupted(args.command)
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return _interrupted(args.command)
    except Exception as exc:  # a bug, not a user error: one line here, the traceback in a log
        if isinstance(exc, BrokenPipeError) and _stdout_gone():
            sys.stderr.close()  # the reader (e.g. `| head`) stopped early: not an error
            return 0
        if interrupted:
            return _interrupted(args.command)
        log = internal_error_log()
        print(
            f"error: internal error ({type(exc).__name__}: {first_line(exc)}); traceback in {log}",
            file=sys.stderr,
        )
        return 70  # EX_SOFTWARE
    finally:
        signal.signal(signal.SIGINT, previous)


def _stdout_gone() -> bool:
    """Whether standard output is a pipe whose reader has gone. A broken pipe to a child
    process (one that died) is a failure to report, not a reader that stopped early."""
    import select

    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(event & select.POLLERR for _, event in poller.poll(0))
    except (OSError, ValueError, AttributeError):  # no descriptor (replaced), or no poll
        return False


def _interrupted(command: str) -> int:
    print(f"error: {command} interrupted (Ctrl-C)", file=sys.stderr)
    return 130


def internal_error_log() -> Path:
    """Write the current traceback to build/last-error.log (or a temporary file); its path."""
    import tempfile  # here, not at the top: only a failing run needs them
    import traceback

    text = traceback.format_exc()
    for folder in (config.BUILD, Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "last-error.log").write_text(text, encoding="utf-8")
            return folder / "last-error.log"
        except OSError:
            continue
    return Path("(not written)")
