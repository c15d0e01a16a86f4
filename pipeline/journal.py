"""Publishing as a transaction: a checked stage -> the published outputs, all or nothing.

`swap` writes a journal (build/publish-journal.json) before its first rename, moves each old
output aside and each staged one in, then marks the journal committed. Whatever point the
process dies at, `recover` (run first by build, validate and query) reads the journal and
rolls the swap back (not committed: every old output returns) or forward (committed: only
the clean-up was left), and says so in one line. Only the standard library is imported.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline.buildlock import publishing
from pipeline.errors import UserError

JOURNAL = Path("build") / "publish-journal.json"
FAULT = "PIPELINE_FAULT_AT"  # tests only: the publish step after which the process dies


def steps(outputs: Sequence[str]) -> list[str]:
    """The publish's steps in order, as `PIPELINE_FAULT_AT` names them."""
    moves = [f"{kind} {out}" for out in outputs for kind in ("old", "new")]
    return ["journal", *moves, "committed"]


def _after(step: str) -> None:
    if os.environ.get(FAULT) == step:
        os._exit(86)  # as if killed: no clean-up, no exit handlers


def _write(path: Path, body: dict) -> None:
    """Replace `path` atomically and durably: a reader finds the old journal or the new."""
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(body, handle, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    _sync(path.parent)


def _sync(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _move(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)  # a rename: the same file system, so atomic


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def swap(stage: Path, root: Path, outputs: Sequence[str]) -> None:
    """Move every staged output of `outputs` into `root`; the old ones go aside, then away.

    Ctrl-C and SIGTERM wait until the swap is done: it takes milliseconds.
    """
    backup = stage.with_name(stage.name + "-previous")
    present = [out for out in outputs if (stage / out).exists()]
    journal = {
        "state": "swapping",
        "stage": stage.relative_to(root).as_posix(),
        "backup": backup.relative_to(root).as_posix(),
        "outputs": present,
        "existed": [out for out in present if (root / out).exists()],
    }
    blocked = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        with publishing(root):
            _write(root / JOURNAL, journal)
            _after("journal")
            try:
                for out in present:
                    if out in journal["existed"]:
                        _move(root / out, backup / out)
                    _after(f"old {out}")
                    _move(stage / out, root / out)
                    _after(f"new {out}")
                _sync(root)
            except OSError:  # a move refused (permissions, a full disk): undo it here and now
                _roll_back(root, journal)
                _finish(root, journal)
                raise
            journal["state"] = "committed"
            _write(root / JOURNAL, journal)
            _after("committed")
            _finish(root, journal)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, blocked)


def _finish(root: Path, journal: dict) -> None:
    for folder in (journal["backup"], journal["stage"]):
        shutil.rmtree(root / folder, ignore_errors=True)
    (root / JOURNAL).unlink()


def _roll_back(root: Path, journal: dict) -> None:
    """Each output as it was before the swap; safe to run again if it is interrupted too."""
    backup = root / journal["backup"]
    for out in reversed(journal["outputs"]):
        if out not in journal["existed"]:
            _remove(root / out)  # new: nothing was there before
        elif (backup / out).exists():  # the old one was moved aside: the new one goes
            _remove(root / out)
            _move(backup / out, root / out)


def _read(path: Path) -> dict:
    try:
        journal = json.loads(path.read_text(encoding="utf-8"))
        names = [journal["stage"], journal["backup"], *journal["outputs"], *journal["existed"]]
        if journal["state"] not in ("swapping", "committed") or not all(
            isinstance(n, str) and n and ".." not in Path(n).parts and not Path(n).is_absolute()
            for n in names
        ):
            raise ValueError("unexpected content")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UserError(
            str(path), f"cannot read the publish journal ({exc}); delete it and build with --force"
        ) from None
    return journal


def recover(root: Path) -> None:
    """Finish or undo a publish that a dead process left half done; one line if there was one."""
    path = root / JOURNAL
    if not path.exists():
        return
    with publishing(root):
        if not path.exists():  # a live build was publishing, and has finished
            return
        journal = _read(path)
        if journal["state"] == "committed":
            what = "completed (the new package was already in place; clean-up finished)"
        else:
            _roll_back(root, journal)
            what = "rolled back (the package is as the last complete build left it)"
        _finish(root, journal)
    print(f"recovered: an interrupted publish in {root} was {what}", file=sys.stderr)
