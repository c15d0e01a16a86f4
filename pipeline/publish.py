"""Stage 5: inputs -> a staged package (tables/*.csv, schema.sql, load.sql, README.md,
datapackage.json), checked, then swapped in.

Everything is written to a staging folder first, checked there, then swapped in, so a
failing build leaves the published files (and the database and figures) exactly as they were.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from pipeline import citation, config
from pipeline.assemble import Assembled, assemble
from pipeline.ddl import ddl, load_sql
from pipeline.dictionary import data_dictionary
from pipeline.frictionless_schema import table_schema
from pipeline.raw import quote_terms
from pipeline.schema import TABLES
from pipeline.stamp import PYTHON, git_created, git_describe
from pipeline.views import views_sql

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


def sha256(path: Path) -> str:
    with path.open("rb") as handle:  # in blocks: a table may be larger than memory allows
        return hashlib.file_digest(handle, "sha256").hexdigest()


def descriptor(sources: list[dict], out: Path, terms: str | None) -> dict:
    """The package's metadata (from CITATION.cff; `terms`: the sources' quote terms), its
    sources and provenance, and one resource per table."""
    resources = []
    for table in TABLES:
        path = f"{config.TABLES_DIR}/{table.name}.csv"
        resources.append(
            {
                "name": table.name,
                "type": "table",
                "path": path,
                "scheme": "file",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": table.title,
                "description": table.description,
                "bytes": (out / path).stat().st_size,
                "hash": f"sha256:{sha256(out / path)}",
                "schema": table_schema(table),
            }
        )
    lock = config.LOCKFILE
    cff = citation.load()
    head = {"$schema": PROFILE, "name": config.PACKAGE_NAME}
    created = git_created()
    return (
        head
        | citation.package_metadata(cff, terms)
        | ({"created": created} if created else {})
        | {
            "sources": [
                {
                    "title": s["title"],
                    "path": f"raw/{s['path']}",
                    "publisher": s["publisher"],
                    "published": s["published"],
                    "license": s["license"],
                }
                for s in sources
            ],
            "prov:wasDerivedFrom": [
                {"path": f"raw/{s['path']}", "sha256": s["sha256"], "bytes": int(s["bytes"])}
                for s in sources
            ],
            "prov:wasGeneratedBy": {
                "software": "pipeline/ of this repository (python -m pipeline build)",
                "git_describe": git_describe(),
                "python": PYTHON,
                "lockfile": {"path": lock.name, "sha256": sha256(lock) if lock.exists() else None},
            },
            "resources": resources,
        }
    )


def write_metadata(built: Assembled, out: Path, terms: str | None) -> None:
    """Write the rest of the package beside its CSVs: SQL scripts, data dictionary, descriptor."""
    folder = out / config.TABLES_DIR
    # The views go into schema.sql too, so `IMPORT DATABASE 'tables'` creates them.
    (folder / "schema.sql").write_text(ddl() + views_sql(), encoding="utf-8", newline="")
    (folder / "README.md").write_text(data_dictionary(built.counts), encoding="utf-8", newline="")
    (folder / "load.sql").write_text(load_sql(config.TABLES_DIR), encoding="utf-8", newline="")
    meta = descriptor(built.sources, out, terms)
    text = json.dumps(meta, indent=2, ensure_ascii=False) + "\n"
    (out / config.DESCRIPTOR).write_text(text, encoding="utf-8", newline="")


def stage_package(raw_dir: Path, coding_dir: Path, root: Path) -> tuple[Path, Assembled]:
    """Build the whole package into a fresh staging folder, root/build/stage; return both."""
    stage = root / "build" / "stage"
    shutil.rmtree(stage, ignore_errors=True)
    (stage / config.TABLES_DIR).mkdir(parents=True)
    built = assemble(raw_dir, coding_dir, stage / config.TABLES_DIR)
    write_metadata(built, stage, quote_terms(raw_dir))
    return stage, built


def publish(stage: Path, root: Path) -> None:
    """Swap every staged output of `config.OUTPUTS` (checked by now) into `root`."""
    for relative in config.OUTPUTS:
        new, target = stage / relative, root / relative
        if new.is_dir():
            replace_dir(new, target, root / "build" / f"previous-{new.name}")
        elif new.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(new, target)
    shutil.rmtree(stage, ignore_errors=True)


def replace_dir(new: Path, target: Path, previous: Path) -> None:
    """Swap folder `new` in as `target`, restoring the old one (parked at `previous`) on error."""
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    try:
        new.rename(target)
    except OSError:
        if previous.exists():
            previous.rename(target)
        raise
    shutil.rmtree(previous, ignore_errors=True)
