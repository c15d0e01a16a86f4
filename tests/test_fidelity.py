"""Fidelity: each coded value says what its own quotes say, read against the two articles."""

from __future__ import annotations

import duckdb
from helpers import ROOT


def rows(db: duckdb.DuckDBPyConnection, sql: str, *params: object) -> list[tuple]:
    return db.execute(sql, list(params)).fetchall()


def test_the_raids_deaths_are_counted_on_the_raid(db) -> None:
    # "one hostage, two commandos, and all the MRTA militants were killed" (14 MRTA): 17 on
    # 22 April 1997, none left undated or outside the event.
    ged = rows(db, "SELECT event_id, date_start, best, deaths_b FROM ucdp_ged_events")
    assert [(e, str(d), b, m) for e, d, b, m in ged] == [
        ("ev-1997-04-22-raid", "1997-04-22", 17, 14)
    ]
    summed = rows(
        db,
        "SELECT sum(count) FROM casualties WHERE outcome = 'killed' AND event_id = ?",
        "ev-1997-04-22-raid",
    )
    assert summed == [(17,)]


def test_no_release_joins_two_passages_without_a_declared_reconciliation(db) -> None:
    # The Chronology's "Another 38 hostages" (20 December) and the narrative's "38 men ...
    # released very shortly after" are never said to be one release.
    joined = rows(
        db,
        "SELECT record_id FROM evidence WHERE record_table = 'hostage_releases' "
        "AND field = 'released_count' GROUP BY record_id HAVING count(DISTINCT passage_id) > 1",
    )
    assert joined == []
    chronology = rows(
        db,
        "SELECT released_group, (SELECT count(*) FROM hostage_release_persons p "
        "WHERE p.release_id = r.release_id) FROM hostage_releases r WHERE date_start = ?",
        "1996-12-20",
    )
    assert chronology == [("unspecified", 0)]
    sides = rows(
        db, "SELECT count(*) FROM discrepancies WHERE topic_id = ?", "release-of-38-identity"
    )
    assert sides == [(2,)]


def test_the_family_members_not_the_mrta_are_the_party(db) -> None:
    # "on behalf of MRTA family members" (complaint of 2 January 2001, petition of 3 February 2003).
    parties = rows(
        db,
        "SELECT p.legal_action_id, p.organisation_id FROM legal_action_parties p "
        "WHERE p.party_role = 'on_behalf_of' ORDER BY 1",
    )
    assert parties == [
        ("la-2001-01-02-aprodeh-criminal-complaint", "mrta-family-members"),
        ("la-2003-02-03-iachr-petition", "mrta-family-members"),
    ]


def test_an_allegation_flag_has_a_quote_that_alleges(db) -> None:
    # "all 14 MRTA guerrillas" alleges nothing; the three killed at once by the first
    # explosion are not alleged to have been executed.
    flagged = rows(
        db,
        "SELECT c.casualty_id, e.quote FROM casualties c JOIN evidence e "
        "ON e.record_table = 'casualties' AND e.record_id = c.casualty_id "
        "AND e.field = 'alleged_execution' WHERE c.alleged_execution",
    )
    words = ("execut", "shot", "alive", "homicide")
    assert flagged and all(any(w in q for w in words) for _, q in flagged), flagged
    blast = rows(
        db,
        "SELECT count, alleged_execution FROM casualties WHERE casualty_id = ?",
        "cas-mrta-killed-by-first-blast",
    )
    assert blast == [(3, False)]


def test_the_numbered_subgroups_are_rows(db) -> None:
    # CNN: "About 25 other hostages and soldiers were injured ... only two were injured
    # seriously"; Wikipedia: the first explosion killed "three of the hostage-takers immediately".
    injured = rows(
        db, "SELECT sum(count) FROM casualties WHERE outcome = 'injured' AND side = 'mixed'"
    )
    assert injured == [(25,)]
    seriously = rows(db, "SELECT count FROM casualties WHERE casualty_id = 'cas-injured-seriously'")
    assert seriously == [(2,)]


def test_attackers_count_only_those_who_attacked(db) -> None:
    # "14 members of the ... MRTA took hostage"; the eight who "played indoor football" and the
    # 14 who died in the raid are not counts of attackers.
    attackers = rows(
        db,
        "SELECT c.count_id, e.event_type FROM event_counts c JOIN events e USING (event_id) "
        "WHERE c.quantity = 'attackers'",
    )
    assert attackers == [("ec-seizure-attackers", "seizure")]


def test_summaries_keep_the_sources_hedges(db) -> None:
    # "it appears that eight of the guerrillas were shot" - and not said to include Cruz Sánchez.
    summary = rows(db, "SELECT summary FROM events WHERE event_id = 'ev-exhumation-and-forensics'")
    assert "it appears" in summary[0][0]
    assert "Cruz Sánchez and eight" not in summary[0][0]


def test_times_and_dates_keep_their_wording(db) -> None:
    times = dict(
        rows(db, "SELECT event_id, time_qualifier FROM events WHERE time_local IS NOT NULL")
    )
    # "at around 8:20 pm" / "At 15:23:00 that afternoon"
    assert times == {"ev-1996-12-17-seizure": "approximate", "ev-1997-04-22-raid": "exact"}
    # "later elected Vice President of Peru for the term 2006-2011": the election is not dated.
    vp = rows(
        db,
        "SELECT date_precision FROM events WHERE event_id = ?",
        "ev-2006-giampietri-vice-president",
    )
    assert vp == [("unknown",)]


def test_an_inferred_date_names_what_it_is_placed_against(db) -> None:
    # "When the operation was over, the bodies of the guerrillas were removed by military
    # prosecutors": the raid of 22 April 1997.
    removed = rows(
        db,
        "SELECT CAST(date_start AS VARCHAR), date_basis, date_anchor FROM legal_actions "
        "WHERE legal_action_id = 'la-1997-bodies-removed-by-military-prosecutors'",
    )
    assert removed == [("1997-04-22", "inferred", "ev-1997-04-22-raid")]
    for table, key in [
        ("events", "event_id"),
        ("casualties", "casualty_id"),
        ("hostage_releases", "release_id"),
        ("legal_actions", "legal_action_id"),
    ]:
        bare = rows(
            db,
            f"SELECT t.{key} FROM {table} t WHERE t.date_basis = 'inferred' AND NOT EXISTS "
            f"(SELECT 1 FROM evidence e WHERE e.record_table = '{table}' "
            f"AND e.record_id = t.{key} AND e.field = 'date_anchor')",
        )
        assert bare == [], table


def test_a_ruling_is_not_directed_against_the_body_it_favours(db) -> None:
    # "declining jurisdiction in favor of the military tribunal"
    ruling = rows(
        db,
        "SELECT target FROM legal_actions WHERE legal_action_id = ?",
        "la-supreme-court-jurisdiction-ruling",
    )
    assert ruling == [(None,)]


def test_gtd_takes_no_side_of_the_initial_count(db) -> None:
    # CNN "more than 500 hostages", Wikipedia "more than 600": bounds that disagree.
    gtd = rows(db, "SELECT nhostkid, nreleased, nhostkid_stated FROM gtd_incident")
    assert gtd == [(None, None, "more_than 500; more_than 600; unknown")]


def test_disagreements_that_show_only_when_combined_are_topics(db) -> None:
    # The lead: "In 2005, the Attorney General's office ... allowed the charges"; the body:
    # warrants "before formal charges were filed" on 13 May 2002.
    timeline = rows(
        db,
        "SELECT quote FROM discrepancies JOIN evidence USING (evidence_id) WHERE topic_id = ?",
        "charges-timeline",
    )
    quotes = " ".join(q for (q,) in timeline)
    assert "In 2005" in quotes and "before formal charges" in quotes
    # "more than 600" taken, "about half" soon released (17 December), then 38 (20 December),
    # 255 (22 December) and 20 (28 December), yet 72 remained ("all but 72 of the men"; CNN's
    # "the 72 hostages"): one side per passage, each saying only what its own quote says.
    sums = rows(
        db,
        "SELECT source_id, count(*) FROM discrepancies WHERE topic_id = ? GROUP BY ALL ORDER BY 1",
        "chronology-release-arithmetic",
    )
    assert sums == [("cnn", 1), ("wikipedia", 5)]


def test_every_conviction_and_step_the_text_mentions_is_a_row(db) -> None:
    # "recently convicted US activist Lori Berenson"; "In 2005 ... hearings were ordered."
    conviction = rows(
        db,
        "SELECT p.person_id FROM legal_actions a JOIN legal_action_parties p USING "
        "(legal_action_id) WHERE a.action_type = 'conviction'",
    )
    assert conviction == [("lori-berenson",)]
    hearings = rows(
        db,
        "SELECT year(date_start) FROM legal_actions WHERE legal_action_id = ?",
        "la-2005-hearings-ordered",
    )
    assert hearings == [(2005,)]


def test_a_text_value_claims_only_what_its_own_source_says(db) -> None:
    # Wikipedia never numbers those freed in the raid ("the remaining dignitaries were freed")
    # and CNN never mentions the hole in the garden wall or "8:20 pm": each source's evidence
    # value for a summary or description is that source's account, not one stitched from both.
    wikipedia_raid = rows(
        db,
        "SELECT DISTINCT value FROM evidence WHERE record_id IN (?, ?) AND field IN "
        "('summary', 'description') AND source_id = 'wikipedia'",
        "ev-1997-04-22-raid",
        "hr-1997-04-22-raid-71",
    )
    assert wikipedia_raid and not any("71" in v for (v,) in wikipedia_raid)
    cnn_seizure = rows(
        db,
        "SELECT DISTINCT value FROM evidence WHERE record_id = ? AND field = 'summary' "
        "AND source_id = 'cnn'",
        "ev-1996-12-17-seizure",
    )
    assert cnn_seizure and not any("wall" in v or "8:20" in v for (v,) in cnn_seizure)
    # CNN: "more than 500 hostages"; Wikipedia's lead: "hundreds".
    assert any("more than 500" in v for (v,) in cnn_seizure)


def test_no_quote_is_a_section_heading_and_none_is_given_twice(db) -> None:
    # "Fujimori's role" (a heading of the Wikipedia article) says nothing of the popularity
    # surge it was quoted for; CNN's "hosted a reception" sentence was given five times.
    text = (ROOT / "raw" / "wikipedia-japanese-embassy-hostage-crisis.txt").read_text("utf-8")
    # A heading is evidence only of its own wording, and then the value says so.
    starts = rows(
        db,
        "SELECT char_start FROM evidence WHERE source_id = 'wikipedia' "
        "AND value NOT LIKE '%(section heading)%'",
    )
    line_starts = {text.rfind("\n", 0, start) + 1 for (start,) in starts}
    assert not [s for s in line_starts if text.startswith("==", s)]
    twice = rows(
        db,
        "SELECT record_id, field, source_id, char_start FROM evidence "
        "GROUP BY ALL HAVING count(*) > 1",
    )
    assert twice == []


def test_a_party_or_participant_quote_carries_the_role(db) -> None:
    # "the mother of one of the guerrillas, and the Deputy Director of APRODEH asked the
    # Attorney General's Office": a request, so they are not complainants of that event.
    roles = rows(
        db,
        "SELECT DISTINCT participant_role FROM event_participants WHERE event_id = ? "
        "AND coalesce(person_id, organisation_id) IN ('eligia-rodriguez-bustamante', 'aprodeh')",
        "ev-identification-request",
    )
    assert roles == [("requester",)]
    # Cerpa's "side" is quoted from "MRTA leader Néstor Cerpa Cartolini", not from "Cerpa, who
    # had also died in the raid" (which says nothing of his side).
    side_quotes = rows(
        db,
        "SELECT quote FROM evidence WHERE record_id = ? AND field = 'side'",
        "cas-nestor-cerpa-cartolini",
    )
    assert side_quotes and all("MRTA" in q for (q,) in side_quotes)
