"""Facts read from the two articles must be in the published tables, loaded by IMPORT DATABASE."""

from __future__ import annotations

import duckdb
import pytest

# Every individual the articles name, in a form one of them uses (read from raw/).
NAMED = """Alberto Fujimori|Néstor Cerpa Cartolini|Luis Giampietri|Roli Rojas|Hidetaka Ogura|
Cecilia Polack Boluarte|Nelly Calderón|Richard Saavedra|Ronald Gamarra Herrera|José Williams Zapata|
Ann Patchett|David J. Goldfield|Lou Waters|Sharon Stephenson|Antonio Cisneros|Luis Jochamowitz|
Eligia Rodríguez Bustamante|Lori Berenson|Ryutaro Hashimoto|Francisco Tudela|Juan Luis Cipriani|
Anthony Vincent|Máximo Rivera|Carlos Domínguez|Alejandro Toledo|Javier Diez Canseco|Rodolfo Muñante|
Carlos Blanco|Andrés Pastrana|Gonzalo Sánchez de Lozada|Rafael Caldera|Alan García|
Jesús Zamudio Aliaga|Raúl Robles Reynoso|Marcial Teodorico Torres Arteaga|Issac Velazco|
Norma Velasco|Fidel Castro|Akihito|Vladimiro Montesinos|Julio Salazar|Julio Salazar Monroe|
Eduardo Nicolás Cruz Sánchez|David Peceros Pedraza|Herma Luz Meléndez Cueva|Juan Valer Sandoval|
Raúl Jiménez Chávez|Carlos Giusti|Morihisa Aoki|Nicolás de Bari Hermoza Ríos|Pedro"""


def one(db: duckdb.DuckDBPyConnection, sql: str, *params: object) -> object:
    return db.execute(sql, list(params)).fetchone()[0]


def person(db: duckdb.DuckDBPyConnection, alias: str) -> set[str]:
    rows = db.execute("SELECT DISTINCT person_id FROM person_aliases WHERE alias = ?", [alias])
    return {r[0] for r in rows.fetchall()}


@pytest.mark.parametrize(
    ("side", "outcome", "total"),
    [
        ("mrta", "killed", 14),  # "All 14 rebels ... died" / "all 14 MRTA guerrillas"
        ("security_forces", "killed", 2),  # "two soldiers were killed" / "two commandos"
        ("hostage", "killed", 1),  # "One hostage ... killed" / "one hostage (Dr. Carlos Giusti"
    ],
)
def test_deaths_by_side_are_the_stated_totals(db, side: str, outcome: str, total: int) -> None:
    sql = "SELECT SUM(count) FROM casualties WHERE side = ? AND outcome = ?"
    assert one(db, sql, side, outcome) == total


def test_about_25_hostages_and_soldiers_were_injured(db) -> None:
    # CNN: "About 25 other hostages and soldiers were injured".
    rows = db.execute(
        "SELECT side, SUM(count), ANY_VALUE(count_qualifier) FROM casualties "
        "WHERE outcome = 'injured' GROUP BY side"
    ).fetchall()
    assert rows == [("mixed", 25, "approximate")]


def test_the_dead_hostage_is_carlos_giusti_and_the_dead_soldiers_are_named(db) -> None:
    giusti = person(db, "Carlos Giusti")
    assert len(giusti) == 1
    sql = "SELECT side, outcome FROM casualties WHERE person_id = ?"
    assert db.execute(sql, [giusti.pop()]).fetchall() == [("hostage", "killed")]
    for name in ("Juan Valer Sandoval", "Raúl Jiménez Chávez"):
        (pid,) = person(db, name)
        assert db.execute(sql, [pid]).fetchall() == [("security_forces", "killed")]


def test_alleged_executions_are_flagged_as_allegations(db) -> None:
    (cruz,) = person(db, "Eduardo Nicolás Cruz Sánchez")
    row = db.execute(
        "SELECT alleged_execution, alleged_by FROM casualties WHERE person_id = ?", [cruz]
    ).fetchone()
    assert row[0] is True and "Ogura" in row[1]
    flagged_sides = db.execute(
        "SELECT DISTINCT side FROM casualties WHERE alleged_execution"
    ).fetchall()
    assert flagged_sides == [("mrta",)]


@pytest.mark.parametrize(
    ("day", "count"),
    [("1996-12-20", 38), ("1996-12-22", 255), ("1996-12-28", 20)],  # the Chronology
)
def test_releases_on_the_chronology_dates(db, day: str, count: int) -> None:
    sql = "SELECT released_count FROM hostage_releases WHERE date_start = ? AND date_precision = ?"
    assert db.execute(sql, [day, "day"]).fetchall() == [(count,)]


def test_71_freed_in_the_raid_of_72_remaining(db) -> None:
    assert (
        one(db, "SELECT released_count FROM hostage_releases WHERE date_start = '1997-04-22'") == 71
    )
    sql = "SELECT count FROM event_counts WHERE quantity = ? AND count_qualifier = 'exact'"
    assert {r[0] for r in db.execute(sql, ["hostages_held"]).fetchall()} == {72}


@pytest.mark.parametrize(
    ("date_start", "precision", "action_type"),
    [
        ("2001-01-02", "day", "criminal_complaint"),  # "On 2 January 2001, ... APRODEH filed"
        ("2002-05-13", "day", "arrest_warrant"),  # "On 13 May 2002, judge Cecilia Polack"
        ("2002-05-16", "day", "amnesty_bill"),  # "On 16 May 2002, two amnesty proposals"
        ("2003-02-03", "day", "petition"),  # "On 3 February 2003, APRODEH ... filed a petition"
        ("2005-01-01", "year", "charges"),  # "In 2005, the Attorney General's office ..."
    ],
)
def test_legal_steps_on_their_dates(db, date_start: str, precision: str, action_type: str) -> None:
    sql = (
        "SELECT COUNT(*) FROM legal_actions "
        "WHERE date_start = ? AND date_precision = ? AND action_type = ?"
    )
    assert one(db, sql, date_start, precision, action_type) >= 1


def test_the_warrants_were_issued_by_judge_polack_for_11_officers(db) -> None:
    (judge,) = person(db, "Cecilia Polack Boluarte")
    sql = (
        "SELECT COUNT(*) FROM legal_actions a JOIN legal_action_parties p USING (legal_action_id) "
        "WHERE a.action_type = 'arrest_warrant' AND p.person_id = ?"
    )
    assert one(db, sql, judge) >= 1
    counts = {
        r[0]
        for r in db.execute(
            "SELECT count FROM event_counts WHERE quantity = 'officers_accused'"
        ).fetchall()
    }
    assert counts == {11, 19}  # warrants for 11; the Supreme Court ruling names 19


def test_aoki_two_spellings_are_one_person(db) -> None:
    assert person(db, "Morihita Aoki") == person(db, "Morihisa Aoki") != set()


def test_velazco_and_velasco_are_two_persons(db) -> None:
    velazco, velasco = person(db, "Issac Velazco"), person(db, "Norma Velasco")
    assert velazco and velasco and velazco.isdisjoint(velasco)


def test_every_named_individual_is_a_person(db) -> None:
    missing = [n.strip() for n in NAMED.split("|") if not person(db, n.strip())]
    assert missing == []


def test_the_initial_hostage_count_disagreement_is_kept(db) -> None:
    values = db.execute(
        "SELECT d.source_id, d.value FROM discrepancies d JOIN evidence e USING (evidence_id) "
        "WHERE e.quote LIKE '%more than 500%' OR e.quote LIKE '%more than 600%'"
    ).fetchall()
    assert {s for s, _ in values} == {"cnn", "wikipedia"}


def test_raid_time_and_day(db) -> None:
    row = db.execute(
        "SELECT time_local, day_of_crisis, day_of_crisis_stated FROM events "
        "WHERE event_type = 'rescue_operation' AND date_start = '1997-04-22'"
    ).fetchone()
    assert str(row[0]) == "15:23:00"  # "At 15:23:00 that afternoon"
    assert row[1] == 126  # "22 April (day 126)"


def test_chronology_day_numbers_agree_with_dates(db) -> None:
    stated = db.execute(
        "SELECT day_of_crisis_stated, day_of_crisis FROM events "
        "WHERE day_of_crisis_stated IS NOT NULL"
    ).fetchall()
    assert {s for s, _ in stated} >= {3, 4, 5, 9, 11, 14, 35, 75, 126}
    assert all(s == d for s, d in stated)
