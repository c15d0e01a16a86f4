"""Views, Parquet copies, data dictionary and figures: declared, documented, and correct.

The arithmetic of the views is checked on small hand-made tables modelled on the articles'
own numbers, so the expected values are worked out by hand, not read from the program.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest
from helpers import read_csv, run_cli

from pipeline.database import database_path
from pipeline.ddl import ddl
from pipeline.figures import FIGURES
from pipeline.schema import TABLES
from pipeline.views import VIEWS, views_sql


@pytest.fixture(scope="module")
def db(rebuilt: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(database_path(rebuilt)), read_only=True)
    yield con
    con.close()


def test_every_view_exists_with_its_declared_columns_and_comments(db) -> None:
    for view in VIEWS:
        comment = db.execute(
            "SELECT comment FROM duckdb_views() WHERE view_name = ?", [view.name]
        ).fetchone()
        assert comment and comment[0] == view.description, view.name
        columns = db.execute(
            "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = ? "
            "ORDER BY column_index",
            [view.name],
        ).fetchall()
        assert columns == list(view.columns), view.name


def test_query_list_shows_every_view_with_its_description(rebuilt: Path) -> None:
    result = run_cli("query", "--list", "--format", "csv", "--root", str(rebuilt))
    assert result.returncode == 0, result.stderr
    listed = {line.split(",", 2)[1] for line in result.stdout.splitlines()[1:]}
    assert {v.name for v in VIEWS} | {t.name for t in TABLES} <= listed


def test_import_database_from_the_csvs_gives_the_same_views(
    rebuilt: Path, db, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(rebuilt)  # load.sql reads 'tables/...', relative to the package root
    fresh = duckdb.connect()
    fresh.execute("IMPORT DATABASE 'tables'")
    for view in VIEWS:
        query = f"SELECT * FROM {view.name}"
        assert fresh.execute(query).fetchall() == db.execute(query).fetchall(), view.name


def test_parquet_copies_are_typed_and_complete(rebuilt: Path, db) -> None:
    for table in TABLES:
        path = rebuilt / "build" / "parquet" / f"{table.name}.parquet"
        copy = db.execute(f"DESCRIBE SELECT * FROM read_parquet('{path.as_posix()}')").fetchall()
        original = db.execute(f"DESCRIBE {table.name}").fetchall()
        assert [c[:2] for c in copy] == [c[:2] for c in original], table.name
        rows = db.execute(f"SELECT count(*) FROM read_parquet('{path.as_posix()}')").fetchone()
        assert rows == db.execute(f"SELECT count(*) FROM {table.name}").fetchone(), table.name


def test_data_dictionary_lists_every_table_column_view_and_row_count(rebuilt: Path) -> None:
    text = (rebuilt / "tables" / "README.md").read_text(encoding="utf-8")
    for table in TABLES:
        rows = len(read_csv(rebuilt / "tables" / f"{table.name}.csv"))
        assert re.search(rf"\| `{table.name}` \| {rows} \|", text), table.name
        for column in table.columns:
            assert f"| `{column.name}` | {column.type} (" in text, (table.name, column.name)
    for view in VIEWS:
        assert f"### `{view.name}`" in text
        assert all(f"| `{name}` |" in text for name, _ in view.columns), view.name


def test_figures_are_written_with_their_readme_and_no_metadata(rebuilt: Path) -> None:
    folder = rebuilt / "figures"
    assert sorted(p.name for p in folder.iterdir()) == sorted([*FIGURES, "README.md"])
    for name in FIGURES:
        data = (folder / name).read_bytes()
        assert data.startswith(b"\x89PNG"), name
        assert b"Software" not in data and b"Creation Time" not in data, name


# A small crisis in the shape the articles describe, for the view arithmetic.
SEIZURE, RAID = dt.date(1996, 12, 17), dt.date(1997, 4, 22)


def _scenario(counts: list[tuple], releases: list[tuple], casualties: list[tuple]):
    con = duckdb.connect()
    con.execute(ddl())
    con.execute(views_sql())
    con.execute(
        "INSERT INTO events (event_id, date_start, date_end, date_precision, date_basis,"
        " event_type, summary) VALUES ('seizure', ?, ?, 'day', 'stated', 'seizure', 's'),"
        " ('raid', ?, ?, 'day', 'stated', 'rescue_operation', 'r')",
        [SEIZURE, SEIZURE, RAID, RAID],
    )
    con.executemany(
        "INSERT INTO event_counts (count_id, event_id, quantity, count, count_qualifier,"
        " count_low, count_high) VALUES (?, ?, ?, ?, ?, ?, ?)",
        counts,
    )
    con.executemany(
        "INSERT INTO hostage_releases (release_id, date_start, date_end, date_precision,"
        " released_count, count_qualifier, description, event_id, date_basis)"
        " VALUES (?, ?, ?, ?, ?, ?, 'd', ?, ?)",
        [(*r, _basis(r[3])) for r in releases],
    )
    con.executemany(
        "INSERT INTO casualties (casualty_id, side, outcome, count, count_qualifier, date_start,"
        " date_precision, event_id, alleged_execution, date_basis)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*c, _basis(c[6])) for c in casualties],
    )
    return con


def _basis(precision: str) -> str:
    return "unknown" if precision == "unknown" else "stated"


def _day(n: int) -> tuple:
    day = SEIZURE + dt.timedelta(days=n)
    return day, day, "day"


UNDATED = (None, None, "unknown")


@pytest.fixture(scope="module")
def articles() -> duckdb.DuckDBPyConnection:
    """Wikipedia's Chronology and CNN: more than 600 taken; about half released soon; 38
    released on day 3, 255 on day 5, 20 on day 11; all female hostages at an unknown date; 71
    freed in the raid; one hostage, two soldiers and 14 MRTA killed, three of them at once by
    the first explosion and some of the rest alleged executed; about 25 injured."""
    return _scenario(
        counts=[
            ("taken", "seizure", "hostages_taken", 600, "more_than", 601, None),
            ("rescued", "raid", "hostages_rescued", 71, "exact", None, None),
        ],
        releases=[
            ("about-half", *_day(0), None, "fraction", None),
            ("r38", *_day(3), 38, "exact", None),
            ("r255", *_day(5), 255, "exact", None),
            ("r20", *_day(11), 20, "exact", None),
            ("women", *UNDATED, None, "unknown", None),
            ("all-but-72", *UNDATED, 72, "all_but", None),
            ("freed-in-raid", *_day(126), 71, "exact", "raid"),
        ],
        casualties=[
            ("hostage", "hostage", "killed", 1, "exact", RAID, "day", "raid", False),
            ("soldiers", "security_forces", "killed", 2, "exact", RAID, "day", "raid", False),
            ("first-blast", "mrta", "killed", 3, "exact", RAID, "day", "raid", False),
            ("rebels", "mrta", "killed", 11, "exact", RAID, "day", "raid", True),
            ("injured", "mixed", "injured", 25, "approximate", RAID, "day", "raid", False),
        ],
    )


def _held(con) -> dict[int, tuple]:
    rows = con.execute(
        "SELECT day_of_crisis, held_low, held_high FROM hostages_held_daily"
    ).fetchall()
    return {day: (low, high) for day, low, high in rows}


def test_held_series_runs_from_seizure_to_raid(articles) -> None:
    held = _held(articles)
    assert sorted(held) == list(range(127))  # 17 Dec 1996 .. 22 Apr 1997: day 126


def test_held_bounds_follow_the_stated_releases_backwards_from_the_raid(articles) -> None:
    held = _held(articles)
    assert held[126] == (72, 72)  # 71 freed + 1 killed were all those held
    assert held[11] == (72, None)  # open: 'all female hostages' has no number
    assert held[5] == (72 + 20, None)
    assert held[3] == (72 + 20 + 255, None)
    assert held[0] == (72 + 20 + 255 + 38, None)
    lows = [held[d][0] for d in range(127)]
    assert lows == sorted(lows, reverse=True)


def test_held_bounds_close_when_every_release_is_counted() -> None:
    con = _scenario(
        counts=[
            ("taken", "seizure", "hostages_taken", 100, "exact", None, None),
            ("rescued", "raid", "hostages_rescued", 50, "exact", None, None),
        ],
        releases=[("r30", *_day(2), 30, "exact", None), ("r10", *_day(4), 10, "at_least", None)],
        casualties=[("hostage", "hostage", "killed", 1, "exact", RAID, "day", "raid", False)],
    )
    held = _held(con)
    assert held[0] == held[1] == (100, 100)
    assert held[2] == held[3] == (70, 70)
    assert held[4] == held[125] == held[126] == (51, 51)


def test_two_sources_stating_the_same_count_and_two_releases_on_one_day() -> None:
    """Counts and releases that share a window are grouped before the daily bounds: the two
    releases of 20 on day 2 must both be subtracted and both counted, and the count stated
    twice must be named by its smaller id."""
    con = _scenario(
        counts=[
            ("taken-1", "seizure", "hostages_taken", 100, "exact", None, None),
            ("taken-0", "seizure", "hostages_taken", 100, "exact", None, None),
        ],
        releases=[("r20a", *_day(2), 20, "exact", None), ("r20b", *_day(2), 20, "exact", None)],
        casualties=[("hostage", "hostage", "killed", 1, "exact", RAID, "day", "raid", False)],
    )
    held = _held(con)
    assert held[0] == held[1] == (100, 100)
    assert held[2] == held[126] == (60, 60)  # 100 - 2 x 20, with no later count to lean on
    day2 = con.execute(
        "SELECT releases, released_low, released_high FROM hostages_held_daily"
        " WHERE day_of_crisis = 2"
    ).fetchone()
    assert day2 == (2, 40, 40)
    basis = con.execute(
        "SELECT low_basis FROM hostages_held_daily WHERE day_of_crisis = 0"
    ).fetchone()
    assert basis == ("taken-0",)  # taken-0 and taken-1 both give 100 on day 0


def test_the_timeline_draws_an_artist_per_lane_not_per_record() -> None:
    from matplotlib.figure import Figure

    from pipeline.figures import timeline

    days = [(f"d{n:03}", *_day(n % 120), 1, "exact", None) for n in range(300)]
    month = (dt.date(1997, 2, 1), dt.date(1997, 2, 28), "month")
    months = [(f"m{n:03}", *month, 1, "exact", None) for n in range(300)]
    con = _scenario(
        counts=[("taken", "seizure", "hostages_taken", 900, "exact", None, None)],
        releases=days + months,
        casualties=[("hostage", "hostage", "killed", 1, "exact", RAID, "day", "raid", False)],
    )
    figure = Figure()
    timeline(con, figure, "CNN, Wikipedia")
    during = figure.axes[0]
    assert during.get_title() == "During the crisis (dated records: 602)"  # + seizure, raid
    # dots of every lane in one line, month diamonds in another; the month bars of the one
    # release lane in one collection; 300 releases of the same month drawn once, counted
    assert len(during.lines) == 2 and len(during.collections) == 1
    assert "\u00d7300" in [t.get_text() for t in during.texts]


def test_casualty_totals_and_crosswalks_add_up(articles) -> None:
    totals = articles.execute(
        "SELECT side, outcome, total, alleged_named, groups_with_allegations FROM casualty_totals"
    ).fetchall()
    assert ("mrta", "killed", 14, 0, 1) in totals  # the alleged are some of an unnamed group
    gtd = articles.execute(
        "SELECT iyear, imonth, iday, nhostkid, ndays, nkill, nkillter, nwound, nreleased,"
        " hostkidoutcome FROM gtd_incident"
    ).fetchall()
    # "more than 600" is a bound, so GTD's nhostkid and nreleased stay unknown
    assert gtd == [(1996, 12, 17, None, 126, 17, 14, 25, None, 6)]
    ged = articles.execute(
        "SELECT event_id, date_prec, deaths_a, deaths_b, deaths_civilians, best FROM"
        " ucdp_ged_events"
    ).fetchall()
    assert ged == [("raid", 1, 2, 14, 1, 17)]  # all 17 dead on 22 April 1997


def test_hostages_held_figure_shows_every_stated_count_with_its_words(db) -> None:
    from matplotlib.figure import Figure

    from pipeline.figures import hostages_held

    figure = Figure()
    hostages_held(db, figure, "CNN, Wikipedia")
    first_weeks, whole = figure.axes[:2]
    labels = " ".join(t.get_text() for ax in (first_weeks, whole) for t in ax.texts)
    # Wikipedia's chronology: "with more than 600 hostages"; CNN: "taking more than 500
    # hostages"; releases of 38, 255 and 20 in the first weeks; CNN: "71 hostages freed".
    for words in ("more than 600 hostages", "more than 500 hostages", "38 hostages",
                  "255 hostages", "20 hostages", "71 hostages freed"):  # fmt: skip
        assert words in labels, words
    assert first_weeks.get_ylim()[1] > 600  # the start of the crisis is on the chart
    assert (first_weeks.get_xlim()[1] - first_weeks.get_xlim()[0]) <= 17  # days, readable
