"""`check`'s sheets, prefetched by the line reader in a forked child (`sheetyaml.prefetch`),
read exactly as this process reads them: in any order, whatever the sheet holds, and
whatever becomes of the child."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from pipeline import config, sheetyaml
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


def test_check_takes_every_sheet_from_the_child(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    taken: dict[str, bool] = {}
    take = sheetyaml._Prefetch.take

    def noted(self: sheetyaml._Prefetch, path: Path) -> list | None:
        records = take(self, path)
        taken[path.name] = records is not None
        return records

    monkeypatch.setattr(sheetyaml._Prefetch, "take", noted)
    monkeypatch.chdir(config.ROOT)
    assert main(["check"]) == 0
    assert capsys.readouterr().out == "ok: every sheet of coding\n"
    assert taken == {path.name: True for path in config.CODING.glob("*.yaml")}
