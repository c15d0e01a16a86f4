"""`check`'s sheets, prefetched by the line reader in a forked child (`sheetyaml.prefetch`),
read exactly as this process reads them: in any order, whatever the sheet holds, and
whatever becomes of the child."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from pipeline import config, lineyaml, sheetyaml
from pipeline.cli import main
from pipeline.errors import UserError
from pipeline.sheetyaml import iter_sheet_places, prefetch


def _read(path: Path) -> Any:
    """Each record with where it starts, or the error that stops the reading."""
    read: list = []
    try:
        for place, record in iter_sheet_places(path):
            read.append(((place.ordinal, place.line, place.column, place.index), record))
    except UserError as exc:
        read.append((str(exc), exc.line, exc.column))
    return read


def _sheets(tmp_path: Path) -> list[Path]:
    """The committed sheets, then sheets the line reader leaves to libyaml or cannot read."""
    odd = {
        "anchored.yaml": "records:\n- &a {id: a, n: 0x1f}\n- {id: b, again: *a}\n",
        "malformed.yaml": "records:\n- {id: a}\n- {id: b, x: [}\n",
        "empty.yaml": "",
        "latin1.yaml": "records:\n- {id: a, name: café}\n".encode("latin-1"),
        "plain.yaml": "records:\n- id: a\n  count: 12\n  flag: yes\n  note: ~\n",
    }
    for name, text in odd.items():
        path = tmp_path / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return [*sorted(config.CODING.glob("*.yaml")), *(tmp_path / n for n in odd), tmp_path / "no"]


def test_prefetched_sheets_read_as_in_this_process(tmp_path: Path) -> None:
    paths = _sheets(tmp_path)
    want = [_read(path) for path in paths]
    with prefetch(paths):
        assert [_read(path) for path in paths] == want


def test_sheets_may_be_taken_in_any_order_and_others_read_here(tmp_path: Path) -> None:
    paths = _sheets(tmp_path)
    want = {path: _read(path) for path in paths}
    with prefetch(paths[::2]):
        assert {path: _read(path) for path in reversed(paths)} == want


def test_a_child_that_dies_leaves_the_reading_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _sheets(tmp_path)
    want = [_read(path) for path in paths]
    parent, by_lines = os.getpid(), sheetyaml._by_lines

    def dies_at_the_third(path: Path) -> list | None:
        if os.getpid() != parent and path == paths[2]:
            os._exit(1)
        return by_lines(path)

    monkeypatch.setattr(sheetyaml, "_by_lines", dies_at_the_third)
    with prefetch(paths):
        assert [_read(path) for path in paths] == want


def test_without_a_child_the_sheets_are_read_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _sheets(tmp_path)
    want = [_read(path) for path in paths]

    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")  # fork's EAGAIN

    monkeypatch.setattr(os, "fork", refused)
    with prefetch(paths):
        assert sheetyaml._PREFETCH == []
        assert [_read(path) for path in paths] == want


def test_the_child_is_reaped_however_the_prefetch_ends(tmp_path: Path) -> None:
    paths = _sheets(tmp_path)
    children = []
    with pytest.raises(RuntimeError), prefetch(paths):  # nothing taken
        children.append(sheetyaml._PREFETCH[-1].pid)
        raise RuntimeError
    with prefetch(paths):
        children.append(sheetyaml._PREFETCH[-1].pid)
        _read(paths[0])
    for pid in children:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
    assert sheetyaml._PREFETCH == []


def test_what_the_child_leaves_to_libyaml_is_not_read_by_lines_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _sheets(tmp_path)
    parent, records, here = os.getpid(), lineyaml.records, []

    def noted(text: str) -> list:
        if os.getpid() == parent:
            here.append(text)
        return records(text)

    monkeypatch.setattr(lineyaml, "records", noted)
    with prefetch(paths):
        for path in paths:
            _read(path)
    assert here == []


def test_a_ctrl_c_at_the_fork_stops_both_and_leaves_no_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Ctrl-C between the fork and the child's ignoring it, or the parent's knowing it:
    the parent raises it once the child is known, the child never returns into pytest."""
    paths, fork, children = _sheets(tmp_path), os.fork, []

    def fork_then_ctrl_c() -> int:
        pid = fork()
        if pid:
            children.append(pid)
        os.kill(os.getpid(), signal.SIGINT)  # in both processes: held back until let through
        return pid

    monkeypatch.setattr(os, "fork", fork_then_ctrl_c)
    entered = False
    with pytest.raises(KeyboardInterrupt), prefetch(paths):
        entered = True
    assert not entered and sheetyaml._PREFETCH == [] and len(children) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(children[0], os.WNOHANG)


def _stuck(signum: int, frame: object) -> None:
    raise TimeoutError("the prefetch waits for its stuck child")


def test_a_child_stuck_on_a_sheet_is_stopped(tmp_path: Path) -> None:
    """Opening a FIFO blocks until a writer comes (a hung mount would too); the child
    ignores Ctrl-C, so ending the prefetch must stop it rather than wait."""
    fifo = tmp_path / "persons.yaml"
    os.mkfifo(fifo)
    signal.signal(signal.SIGALRM, _stuck)  # fail, not hang
    signal.alarm(20)
    try:
        started = time.monotonic()
        with prefetch([fifo]):
            time.sleep(0.1)  # the child is in open()
        assert time.monotonic() - started < 5
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


def test_check_takes_every_sheet_from_the_child(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    taken: dict[str, bool] = {}
    take = sheetyaml._Prefetch.take

    def noted(self: sheetyaml._Prefetch, path: Path) -> object:
        records = take(self, path)
        taken[path.name] = isinstance(records, list)
        return records

    monkeypatch.setattr(sheetyaml._Prefetch, "take", noted)
    monkeypatch.chdir(config.ROOT)
    assert main(["check"]) == 0
    assert capsys.readouterr().out == "ok: every sheet of coding\n"
    assert taken == {path.name: True for path in config.CODING.glob("*.yaml")}
