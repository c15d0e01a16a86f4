"""Every example of README.md is run as a user would, and its result checked against the articles.

Examples are the fenced blocks that follow an `<!-- example: NAME -->` marker.
"""

from __future__ import annotations

import csv
import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from helpers import ROOT, raw_text, run_cli
from programs import require

from pipeline.schema import TABLES
from pipeline.views import VIEWS

README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLE = re.compile(r"<!-- example: ([a-z-]+) -->\n```sh\n(.*?)\n```", re.DOTALL)
EXAMPLES = dict(EXAMPLE.findall(README))
CHECKED = (
    "duckdb-file", "import-database", "list", "casualties", "hostages-held", "timeline",
    "discrepancies", "field-disagreements", "legal-by-person", "legal-by-forum", "gtd", "ucdp",
    "cite-row",
)  # fmt: skip


def _query(args: list[str], root: Path) -> list[dict]:
    """Run `python -m pipeline query ...` as written, then again as JSON to read the rows."""
    as_written = run_cli(*args, "--root", str(root))
    assert as_written.returncode == 0, as_written.stderr
    assert as_written.stdout.strip()
    if "--format" in args:
        at = args.index("--format")
        args = args[:at] + args[at + 2 :]
    result = run_cli(*args, "--format", "json", "--root", str(root))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _duckdb_cli(args: list[str], root: Path) -> list[dict]:
    """The command run by the real DuckDB CLI, as JSON: the last statement's rows.

    From the package root, or from build/ for the database file (where a clone keeps it;
    the release bundle has it at the top, beside tables/).
    """
    cwd = root / "build" if any(a.endswith(".duckdb") for a in args) else root
    command = [require("duckdb"), "-json", *args]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def examples(rebuilt: Path) -> dict[str, list[dict]]:
    results = {}
    for name, command in EXAMPLES.items():
        words = shlex.split(command)
        if words[:4] == ["python", "-m", "pipeline", "query"]:
            results[name] = _query(words[3:], rebuilt)
        elif words[0] == "duckdb":
            results[name] = _duckdb_cli(words[1:], rebuilt)
        else:
            raise AssertionError(f"example {name}: unknown command {command!r}")
    return results


def _raw(root: Path, source_id: str) -> str:
    with (root / "tables" / "sources.csv").open(encoding="utf-8", newline="") as handle:
        path = next(r["path"] for r in csv.DictReader(handle) if r["source_id"] == source_id)
    return raw_text(path)


def test_every_readme_example_is_checked_here() -> None:
    assert sorted(EXAMPLES) == sorted(CHECKED)


def test_the_readme_lists_every_table_and_view() -> None:
    for name in [t.name for t in TABLES] + [v.name for v in VIEWS]:
        assert f"| `{name}` |" in README, name


def test_the_readme_links_the_maintainers_material_in_docs() -> None:
    for name, title in (("scaling", "# Scaling"), ("validation", "# Validation")):
        assert f"](docs/{name}.md)" in README
        assert (ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8").startswith(title)
    assert "make build" in README and "make test" in README


def test_the_first_screen_says_what_this_is_and_how_to_open_it() -> None:
    headings = re.findall(r"^## (.+)$", README, re.MULTILINE)
    assert headings[:3] == ["What you get", "Open it", "Cite"]
    opening = README.split("## Open it", 1)[1].split("## Cite", 1)[0]
    order = ["spreadsheet", "In R", "In Stata", "DuckDB CLI", "In Python"]
    assert sorted(order, key=opening.index) == order  # the most common users first


def _totals(rows: list[dict]) -> dict[tuple[str, str], int]:
    return {(r["side"], r["outcome"]): int(r["total"]) for r in rows}


def test_the_cli_opens_the_database_file(examples) -> None:
    # CNN: "One hostage and two soldiers were killed"; "All 14 rebels ... died".
    totals = _totals(examples["duckdb-file"])
    assert (totals[("hostage", "killed")], totals[("mrta", "killed")]) == (1, 14)


def test_import_database_needs_no_python(examples) -> None:
    # CNN: "One hostage and two soldiers were killed"; Wikipedia: "one hostage ... died".
    assert _totals(examples["import-database"])[("hostage", "killed")] == 1


def test_list_names_every_table_and_view(examples) -> None:
    names = {r["name"] for r in examples["list"]}
    assert {t.name for t in TABLES} | {v.name for v in VIEWS} <= names
    assert all(r["description"] for r in examples["list"])


def test_one_hostage_was_killed(examples) -> None:
    assert _totals(examples["casualties"])[("hostage", "killed")] == 1


def test_two_soldiers_and_fourteen_rebels_died_and_about_25_were_injured(examples) -> None:
    # CNN: "two soldiers were killed", "All 14 rebels ... died", "About 25 other hostages and
    # soldiers were injured"; Wikipedia: "two commandos, and all the MRTA militants".
    totals = _totals(examples["casualties"])
    assert totals[("security_forces", "killed")] == 2
    assert totals[("mrta", "killed")] == 14
    assert totals[("mixed", "injured")] == 25
    mrta = next(r for r in examples["casualties"] if r["side"] == "mrta")
    # Named as allegedly executed: Roli Rojas (the DIA cable), Cruz Sánchez, Peceros Pedraza and
    # Meléndez Cueva (APRODEH's petition); the other allegations name no one.
    assert mrta["alleged_named"] == 4
    assert mrta["groups_with_allegations"] >= 1


def _by_date(rows: list[dict]) -> dict[str, dict]:
    return {r["date"]: r for r in rows}


def test_held_series_counts_days_as_the_chronology_does(examples) -> None:
    days = _by_date(examples["hostages-held"])
    assert days["1996-12-17"]["day_of_crisis"] == 0
    assert days["1997-04-22"]["day_of_crisis"] == 126  # "22 April (day 126)"
    assert days["1996-12-22"]["released_low"] == 255  # "22 December (day 5): 255 ... released"
    # "Rebels gradually released all but 72 men": never fewer than 72 before the raid.
    assert all(r["held_low"] >= 72 for r in days.values())


def test_72_hostages_were_held_when_the_raid_began(examples) -> None:
    # CNN: "all but 72 men", "71 men were freed", one hostage killed.
    raid = _by_date(examples["hostages-held"])["1997-04-22"]
    assert raid["held_low"] == raid["held_high"] == 72


def test_timeline_dates_and_times_the_seizure_and_the_raid(examples) -> None:
    rows = {r["type"]: r for r in examples["timeline"]}
    seizure, raid = rows["seizure"], rows["rescue_operation"]
    assert seizure["date_start"] == "1996-12-17"
    assert seizure["time_local"] == "20:20:00"  # "at around 8:20 pm the night of the 17 December"
    assert raid["date_start"] == "1997-04-22"
    assert raid["time_local"] == "15:23:00"  # "At 15:23:00 that afternoon"
    texts = raw_text("cnn-1997-04-22-peru-hostage-rescue.txt") + raw_text(
        "wikipedia-japanese-embassy-hostage-crisis.txt"
    )
    for row in (seizure, raid):
        assert "wikipedia" in row["sources"]
        assert row["date_quote"] in texts


def test_discrepancy_sides_quote_both_sources(examples, rebuilt: Path) -> None:
    rows = examples["discrepancies"]
    values = {(r["source_id"], r["value"]) for r in rows}
    assert any(s == "cnn" and "500" in v for s, v in values)  # "taking more than 500 hostages"
    assert any(s == "wikipedia" and "600" in v for s, v in values)  # "more than 600 hostages"
    for row in rows:
        assert row["quote"] in _raw(rebuilt, row["source_id"])


def test_sources_disagree_on_the_raid_start_time(examples) -> None:
    (row,) = examples["field-disagreements"]
    # CNN: "around 3:20 p.m. local time"; Wikipedia: "At 15:23:00 that afternoon".
    assert "cnn: around 15:20" in row["values_by_source"]
    assert "wikipedia: 15:23" in row["values_by_source"]


def test_fujimori_is_accused_in_the_aprodeh_complaint(examples) -> None:
    # "On 2 January 2001, ... APRODEH filed a criminal complaint ... against Alberto Fujimori"
    assert {
        "date_start": "2001-01-02",
        "action_type": "criminal_complaint",
        "party_name": "Alberto Fujimori",
        "party_role": "accused",
    } in examples["legal-by-person"]


def test_judge_polack_issued_the_arrest_warrants(examples) -> None:
    # "On 13 May 2002, judge Cecilia Polack Boluarte issued warrants for the arrest"
    assert any(
        r["date_start"] == "2002-05-13"
        and r["action_type"] == "arrest_warrant"
        and "Polack" in r["party_name"]
        for r in examples["legal-by-person"]
    )


def test_the_2001_complaint_is_among_the_forums_steps(examples) -> None:
    rows = examples["legal-by-forum"]
    assert any(r["first_date"] and r["first_date"] <= "2001-01-02" <= r["last_date"] for r in rows)


def test_the_petition_went_to_the_inter_american_commission(examples) -> None:
    # "On 3 February 2003, APRODEH ... filed a petition with the Inter-American Commission"
    (row,) = [r for r in examples["legal-by-forum"] if "Commission" in (r["forum_name"] or "")]
    assert row["first_date"] == "2003-02-03"
    assert "petition" in row["action_types"]


def test_gtd_incident_dates_and_counts(examples) -> None:
    (gtd,) = examples["gtd"]
    assert (gtd["iyear"], gtd["imonth"], gtd["iday"]) == (1996, 12, 17)  # "17 December 1996"
    assert gtd["ndays"] == 126  # "After being held hostage for 126 days"
    # CNN "more than 500 hostages", Wikipedia "with more than 600 hostages": no single figure
    assert gtd["nhostkid"] is None
    assert gtd["nhostkid_stated"] == "more_than 500; more_than 600; unknown"
    assert "MRTA" in gtd["gname"]
    assert gtd["attacktype1_txt"] == "Hostage Taking (Barricade Incident)"
    assert gtd["hostkidoutcome_txt"] == "Combination"  # releases, then the rescue raid


def test_gtd_deaths_are_one_hostage_two_commandos_and_fourteen_rebels(examples) -> None:
    (gtd,) = examples["gtd"]
    assert (gtd["nkill"], gtd["nkillter"], gtd["nwound"]) == (17, 14, 25)


def test_ucdp_dates_the_raid_deaths_to_the_day(examples) -> None:
    raid = next(r for r in examples["ucdp"] if r["date_start"] == "1997-04-22")
    assert raid["date_prec"] == 1
    assert raid["deaths_civilians"] == 1  # the hostage


def test_ucdp_counts_seventeen_deaths(examples) -> None:
    rows = examples["ucdp"]
    assert sum(r["best"] for r in rows) == 17
    assert sum(r["deaths_a"] for r in rows) == 2
    assert sum(r["deaths_b"] for r in rows) == 14


def test_a_cited_row_points_at_its_quote(examples, rebuilt: Path) -> None:
    rows = examples["cite-row"]
    assert rows
    for row in rows:
        text = _raw(rebuilt, row["source_id"])
        assert text[row["char_start"] : row["char_end"]] == row["quote"]
        assert "Giusti" in row["quote"]
        assert row["evidence_id"] in row["citation"]
        assert f"[{row['char_start']}:{row['char_end']}]" in row["citation"]
