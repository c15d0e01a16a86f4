"""Command-line interface: build, validate, query, site, serve, bench.

User errors print one line and exit 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline import config
from pipeline.errors import UserError


def cmd_build(args: argparse.Namespace) -> int:
    from pipeline.steps import build

    root = Path(args.out).resolve() if args.out else config.ROOT
    print(build(Path(args.raw), Path(args.coding), root, force=args.force))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from pipeline.validate import validate_published

    return validate_published(Path(args.root).resolve())


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


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Build, validate and query the Lima hostage crisis data package.",
    )
    sub = top.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="raw/ + coding sheets -> tables/, datapackage.json, DB")
    build.add_argument("--out", help="write the package under this folder (default: the repo)")
    build.add_argument("--raw", default=str(config.RAW), help="folder of raw articles")
    build.add_argument("--coding", default=str(config.CODING), help="folder of coding sheets")
    build.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    build.set_defaults(run=cmd_build)
    validate = sub.add_parser("validate", help="check the published package as it is on disk")
    validate.add_argument("--root", default=str(config.ROOT), help="package root folder")
    validate.set_defaults(run=cmd_validate)
    suites = sub.add_parser(
        "suites", help="regenerate the column expectation suites from the schema"
    )
    suites.set_defaults(run=cmd_suites)
    query = sub.add_parser("query", help="run SQL on the database (read-only)")
    query.add_argument("sql", nargs="?", help="SQL text; omit to read --file or stdin")
    query.add_argument("--file", help="read the SQL from this file")
    query.add_argument("--format", choices=("table", "csv", "json", "markdown"), default="table")
    query.add_argument("--list", action="store_true", help="list tables and views")
    query.add_argument("--describe", metavar="NAME", help="columns of a table or view")
    query.add_argument("--root", default=str(config.ROOT), help="package root folder")
    query.set_defaults(run=cmd_query)
    site = sub.add_parser("site", help="re-render build/site from the published package")
    site.add_argument("--root", default=str(config.ROOT), help="package root folder")
    site.add_argument("--raw", default=str(config.RAW), help="folder of raw articles")
    site.set_defaults(run=cmd_site)
    serve = sub.add_parser("serve", help="serve build/site on 127.0.0.1 and print its URL")
    serve.add_argument("--root", default=str(config.ROOT), help="package root folder")
    serve.add_argument("--port", type=int, default=8000, help="port (0: any free port)")
    serve.set_defaults(run=cmd_serve)
    release = sub.add_parser("release", help="write dist/<package>-<version>.zip (build first)")
    release.add_argument("--root", default=str(config.ROOT), help="package root folder")
    release.set_defaults(run=cmd_release)
    bench = sub.add_parser("bench", help="time builds and queries in fresh interpreters")
    bench.add_argument("--json", help="also write the results as JSON to this file")
    bench.add_argument("--docs", type=int, nargs="+", help="synthetic corpus sizes (2 10 100 1000)")
    bench.add_argument("--repeat", type=int, default=5, help="runs of a short measurement")
    bench.set_defaults(run=cmd_bench)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader (e.g. `| head`) stopped early: not an error
        sys.stderr.close()
        return 0
