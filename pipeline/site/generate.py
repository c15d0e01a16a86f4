"""Write the site: load and check the package, render every page, copy the static files.

`write_site(root, raw_dir, target)` writes into `target`, which must not exist yet: the build
passes its stage (publish swaps it in with the tables); `site_command` renders into a new
folder and swaps it for build/site, so a failure leaves the previous site as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from importlib import resources
from pathlib import Path

from pipeline import config
from pipeline.database import connect_read_only
from pipeline.errors import UserError
from pipeline.site.data import load
from pipeline.site.pages import Site

STATIC = ("site.css", "site.js", "favicon.svg")
PAGE_LIMIT = 300 * 1024  # no page (HTML or its data script) may be larger


def _views(root: Path) -> dict[str, list[dict]]:
    sql = {
        "timeline": "SELECT * FROM timeline",
        "held": "SELECT * FROM hostages_held_daily ORDER BY date",
    }
    out = {}
    with connect_read_only(root) as con:
        for name, query in sql.items():
            cursor = con.execute(query)
            columns = [d[0] for d in cursor.description]
            out[name] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return out


def write_site(root: Path, raw_dir: Path, target: Path | None = None) -> Path:
    """Render the package under `root` into `target` (default root/build/site, must be new)."""
    target = target or root / config.SITE_DIR
    package = load(root, raw_dir)
    site = Site(package, _views(root))
    target.mkdir(parents=True)
    for path, text in site.pages():
        data = text.encode("utf-8")
        if len(data) > PAGE_LIMIT:
            raise UserError(path, f"page is {len(data) // 1024} KB, over the 300 KB limit")
        out = target / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    static = resources.files("pipeline.site") / "static"
    for name in STATIC:
        (target / "assets" / name).write_bytes((static / name).read_bytes())
    _copy(root / config.FIGURES_DIR, target / "figures", "*.png")
    _copy(root / config.TABLES_DIR, target / "data", "*.csv")
    shutil.copyfile(root / config.DESCRIPTOR, target / "data" / config.DESCRIPTOR)
    annotations = root / config.ANNOTATIONS
    if annotations.exists():
        shutil.copyfile(annotations, target / "data" / annotations.name)
    return target


def _copy(source: Path, target: Path, pattern: str) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob(pattern)):
        shutil.copyfile(path, target / path.name)


def site_command(root: Path, raw_dir: Path) -> Path:
    """`python -m pipeline site`: re-render build/site from the published package, swapped in
    under the build lock and the publish journal, as a build publishes its outputs."""
    from pipeline.buildlock import exclusive
    from pipeline.journal import recover, swap

    with exclusive(root):
        recover(root)  # a publish cut short is finished or undone before the site is read
        stage = Path(tempfile.mkdtemp(prefix="stage-site-", dir=root / "build"))
        try:
            write_site(root, raw_dir, stage / config.SITE_DIR)
            swap(stage, root, [config.SITE_DIR])
        finally:
            shutil.rmtree(stage, ignore_errors=True)
    return root / config.SITE_DIR
