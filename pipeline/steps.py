"""The build, step by step: raw/ + coding sheets -> the published package, or nothing.

Read `build` top to bottom: stamp, assemble in a child, start the expectations lane, write
the derived outputs, finish the checks, publish. Everything is written into a staging
folder and swapped in only when every check passes. Each step imports what it runs, so a
build with nothing to do stays cheap.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import config, stamp

if TYPE_CHECKING:
    from pipeline.assemble import Assembled
    from pipeline.gx_checks import ExpectationsLane
    from pipeline.validate import Checks


def build(raw: Path, coding: Path, root: Path, force: bool = False) -> str:
    """Build the package under `root` from `raw` and `coding`; a line saying what was done."""
    inputs = stamp.inputs_digest(raw, coding)
    if not force and stamp.up_to_date(root, inputs):
        return f"up to date: nothing changed since the last build of {root} (--force rebuilds)"
    from pipeline.gx_checks import ExpectationsLane

    with ExpectationsLane() as lane:  # its child starts importing Great Expectations now
        stage, built = assemble_in_child(raw, coding, root)
        checks = start_checks(stage, raw, lane)
        derive_error = write_derived(stage, raw, checks)
        finish_checks(stage, checks, lane, derive_error)
        publish(stage, root)
    stamp.record(root, inputs)
    return summary(built, root)


def assemble_in_child(raw: Path, coding: Path, root: Path) -> tuple[Path, Assembled]:
    """Tables, SQL scripts, data dictionary and descriptor, staged under root/build/stage.

    Assembling peaks at hundreds of MiB: a forked child process hands that memory back.
    """
    from pipeline import forked
    from pipeline.publish import stage_package

    return forked.call(stage_package, raw, coding, root)


def start_checks(stage: Path, raw: Path, lane: ExpectationsLane) -> Checks:
    """Raw checksums, files and cell types; the lane then runs the expectations on the stage."""
    from pipeline import validate

    return validate.start_checks(stage, raw, lane)


def write_derived(stage: Path, raw: Path, checks: Checks) -> Exception | None:
    """The database, its Parquet copies, the figures, the downloads (workbook, Stata, R), the
    evidence as Web Annotations and the site (build/site), written while the lane checks.

    Only for well-typed cells. Bad data may break the database before a check has named it,
    so the error is handed back and raised after the checks' report.
    """
    if not checks.typed:
        return None
    from pipeline.annotations import write_annotations
    from pipeline.database import write_database
    from pipeline.downloads import write_downloads
    from pipeline.figures import write_figures
    from pipeline.raw import source_labels
    from pipeline.site import write_site

    try:
        write_database(stage)
        write_figures(stage, source_labels(raw))
        write_downloads(stage)
        write_annotations(stage, raw)
        write_site(stage, raw)
    except Exception as exc:
        return exc
    return None


def finish_checks(
    stage: Path, checks: Checks, lane: ExpectationsLane, derive_error: Exception | None
) -> None:
    """The remaining checks and the lane's verdict; any failure stops the build here."""
    from pipeline import validate

    validate.refuse_failures(validate.finish_checks(checks, lane), stage)
    if derive_error:
        raise derive_error


def publish(stage: Path, root: Path) -> None:
    """Swap the checked stage into `root`."""
    from pipeline.publish import publish as swap_in

    swap_in(stage, root)


def summary(built: Assembled, root: Path) -> str:
    counts = built.counts
    return (
        f"built {len(counts)} tables, {sum(counts.values())} rows, "
        f"{counts['evidence']} evidence rows -> {root / config.TABLES_DIR}, "
        f"{root / config.DATABASE}"
    )
