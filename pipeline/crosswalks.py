"""Crosswalks: the crisis in other datasets' fields, as views (GTD incident, UCDP GED events).

Inputs: the tables and the `record_sources` view. Outputs: `GTD_INCIDENT` and
`UCDP_GED_EVENTS`, listed in `pipeline.views.VIEWS`. They are our mapping of our tables,
not GTD's or UCDP's own coding: codes the sources cannot support are left out or NULL.
"""

from __future__ import annotations

from pipeline.sql_terms import (
    ARMED_GROUP,
    ATTACKERS,
    CASUALTIES,
    DAY,
    EVENTS,
    EXACT,
    HOSTAGE,
    INFERRED,
    INJURED,
    KILLED,
    MIXED,
    MONTH,
    MRTA,
    RESCUE,
    SECURITY_FORCES,
    SEIZURE,
    STATED,
    TAKEN,
    UNDATED,
    UNKNOWN_BASIS,
    YEAR,
    View,
    bounded_sum,
    high,
    low,
    sql_value,
)

# GTD's attack type for a seizure in which the captors hold hostages where they seized them.
GTD_ATTACK = (5, "Hostage Taking (Barricade Incident)")
# GTD hostkidoutcome: (condition on the incident's facts, code, label); the first match wins.
GTD_OUTCOMES = (
    ("rescued AND released", 6, "Combination"),
    ("rescued", 5, "Successful Rescue"),
    ("released", 2, "Hostage(s) released by perpetrators"),
)


def _gtd_outcome(pick: int) -> str:
    """CASE giving element `pick` (1 code, 2 label) of the first matching GTD_OUTCOMES rule."""
    whens = " ".join(f"WHEN {rule[0]} THEN {sql_value(rule[pick])}" for rule in GTD_OUTCOMES)
    return f"CASE {whens} END"


GTD_INCIDENT = View(
    "gtd_incident",
    "The crisis in the Global Terrorism Database's incident fields, one row per seizure event, "
    "derived from our tables. GTD's 'unknown' codes (-99, 0) are NULL here, and fields our "
    "tables cannot support (country and target codes, weapons, property) are left out.",
    (
        ("event_id", "Our seizure event (GTD's eventid is not known to the sources)."),
        ("iyear", "Year of the seizure (events.date_start), unless the date is unknown."),
        ("imonth", "Month of the seizure, for day or month precision."),
        ("iday", "Day of the seizure, for day precision."),
        ("approxdate", "The date range when the seizure is not dated to the day."),
        (
            "extended",
            "1 if the incident lasted beyond its first day (it ended with a later rescue "
            "operation), 0 if not; NULL if no end is known.",
        ),
        ("resolution", "Date the incident ended: the first rescue_operation on or after it."),
        ("location", "events.location of the seizure (GTD's free-text location)."),
        ("summary", "events.summary of the seizure."),
        ("attacktype1", f"{GTD_ATTACK[0]}: our event_type seizure, hostages held in place."),
        ("attacktype1_txt", f"'{GTD_ATTACK[1]}'."),
        ("gname", "Armed-group organisations taking part in the seizure (event_participants)."),
        ("nperps", "Largest event_counts 'attackers' count stated for the seizure."),
        (
            "nkill",
            "Deaths (casualties killed) dated from the seizure to the resolution, or undated.",
        ),
        ("nkillter", "Of them, side mrta (the perpetrators)."),
        ("nwound", "Injuries (casualties injured) in the same period."),
        ("nwoundte", "Of them, side mrta."),
        ("ishostkid", "1 when hostages were taken (a hostages_taken count or a release)."),
        (
            "nhostkid",
            "Hostages taken: the event_counts 'hostages_taken' figure for the seizure when every "
            "source states the same exact number; NULL when they disagree or give only bounds "
            "(GTD's unknown), so no side of a disagreement is taken silently.",
        ),
        (
            "nhostkid_stated",
            "Every 'hostages_taken' figure stated for the seizure, as qualifier and count "
            "('more_than 500; more_than 600'); the disagreement is in discrepancies.",
        ),
        ("ndays", "Days from the seizure to the resolution."),
        (
            "nreleased",
            "Hostages who survived (released, escaped or rescued): nhostkid minus hostages "
            "killed; NULL with nhostkid (no arithmetic on a lower bound).",
        ),
        (
            "hostkidoutcome",
            "6 Combination (captors released some and a rescue operation ended it), 5 "
            "Successful Rescue (rescue only), 2 released by perpetrators (no rescue).",
        ),
        ("hostkidoutcome_txt", "The label of hostkidoutcome."),
        ("sources", "Sources with evidence for the seizure event."),
    ),
    f"""
WITH incidents AS (
    SELECT s.event_id, s.date_start, s.date_end, s.date_precision, s.location, s.summary,
           (SELECT min(r.date_start) FROM events r
            WHERE r.event_type = {RESCUE} AND r.date_start >= s.date_start) AS resolved
    FROM events s
    WHERE s.event_type = {SEIZURE}
),
casualty_days AS (
    SELECT c.side, c.outcome, c.count, coalesce(c.date_start, e.date_start) AS day
    FROM casualties c
    LEFT JOIN events e ON e.event_id = c.event_id
),
harm AS (
    SELECT i.event_id,
           coalesce(sum(c.count) FILTER (WHERE c.outcome = {KILLED}), 0) AS nkill,
           coalesce(sum(c.count) FILTER (WHERE c.outcome = {KILLED} AND c.side = {MRTA}), 0)
               AS nkillter,
           coalesce(sum(c.count) FILTER (WHERE c.outcome = {INJURED}), 0) AS nwound,
           coalesce(sum(c.count) FILTER (WHERE c.outcome = {INJURED} AND c.side = {MRTA}), 0)
               AS nwoundte,
           coalesce(sum(c.count) FILTER (WHERE c.outcome = {KILLED} AND c.side = {HOSTAGE}), 0)
               AS hostages_killed
    FROM incidents i
    LEFT JOIN casualty_days c
      ON c.day IS NULL OR c.day BETWEEN i.date_start AND coalesce(i.resolved, i.date_end)
    GROUP BY i.event_id
),
counts AS (
    SELECT event_id,
           CASE WHEN count(*) FILTER (WHERE quantity = {TAKEN}) > 0
                 AND bool_and(count IS NOT NULL AND count_qualifier = {EXACT})
                     FILTER (WHERE quantity = {TAKEN})
                 AND count(DISTINCT count) FILTER (WHERE quantity = {TAKEN}) = 1
                THEN max(count) FILTER (WHERE quantity = {TAKEN}) END AS nhostkid,
           string_agg(DISTINCT concat_ws(' ', count_qualifier, CAST(count AS VARCHAR)), '; '
                      ORDER BY concat_ws(' ', count_qualifier, CAST(count AS VARCHAR)))
               FILTER (WHERE quantity = {TAKEN}) AS nhostkid_stated,
           max(count) FILTER (WHERE quantity = {ATTACKERS}) AS nperps
    FROM event_counts
    GROUP BY event_id
),
groups AS (
    SELECT p.event_id, string_agg(DISTINCT o.name, '; ' ORDER BY o.name) AS gname
    FROM event_participants p
    JOIN organisations o ON o.organisation_id = p.organisation_id
    WHERE o.organisation_type = {ARMED_GROUP}
    GROUP BY p.event_id
),
released_by_captors AS (
    SELECT i.event_id, count(*) AS n
    FROM incidents i
    JOIN hostage_releases r
      ON coalesce(r.date_start, i.date_start)
         BETWEEN i.date_start AND coalesce(i.resolved, i.date_end)
    LEFT JOIN events re ON re.event_id = r.event_id
    WHERE re.event_type IS DISTINCT FROM {RESCUE}
    GROUP BY i.event_id
),
facts AS (
    SELECT i.*, h.nkill, h.nkillter, h.nwound, h.nwoundte, h.hostages_killed,
           c.nhostkid, c.nhostkid_stated, c.nperps, g.gname, rs.sources,
           i.resolved IS NOT NULL AS rescued, coalesce(rb.n, 0) > 0 AS released
    FROM incidents i
    JOIN harm h USING (event_id)
    LEFT JOIN counts c USING (event_id)
    LEFT JOIN groups g USING (event_id)
    LEFT JOIN released_by_captors rb USING (event_id)
    LEFT JOIN record_sources rs ON rs.record_table = {EVENTS} AND rs.record_id = i.event_id
)
SELECT event_id,
       CASE WHEN date_precision <> {UNDATED} THEN year(date_start) END AS iyear,
       CASE WHEN date_precision IN ({DAY}, {MONTH}) THEN month(date_start) END AS imonth,
       CASE WHEN date_precision = {DAY} THEN day(date_start) END AS iday,
       CASE WHEN date_precision NOT IN ({DAY}, {UNDATED})
            THEN CAST(date_start AS VARCHAR) || ' to ' || CAST(date_end AS VARCHAR) END
           AS approxdate,
       CAST(resolved > date_end AS INTEGER) AS extended,
       resolved AS resolution,
       location, summary,
       {GTD_ATTACK[0]} AS attacktype1,
       {sql_value(GTD_ATTACK[1])} AS attacktype1_txt,
       gname, nperps, nkill, nkillter, nwound, nwoundte,
       CASE WHEN nhostkid > 0 OR released THEN 1 END AS ishostkid,
       nhostkid,
       nhostkid_stated,
       resolved - date_start AS ndays,
       nhostkid - hostages_killed AS nreleased,
       {_gtd_outcome(1)} AS hostkidoutcome,
       {_gtd_outcome(2)} AS hostkidoutcome_txt,
       sources
FROM facts
ORDER BY date_start NULLS LAST, event_id
""",
)

UCDP_GED_EVENTS = View(
    "ucdp_ged_events",
    "Deaths in UCDP GED's event fields: one row per event with at least one death "
    "(casualties killed, grouped by event_id), with best/low/high and date_prec. "
    "Sides: a = security_forces (the government), b = mrta, civilians = hostage, unknown = "
    "mixed. type_of_violence, conflict and dyad ids need UCDP's own lists and are left out.",
    (
        ("event_id", "Our event (NULL groups deaths not tied to an event)."),
        ("date_start", "First possible day of the deaths."),
        ("date_end", "Last possible day of the deaths."),
        (
            "date_basis",
            "stated if every death's date is stated (the casualty's own, else its event's); "
            "inferred if any is placed against another record; unknown if none is dated.",
        ),
        (
            "date_prec",
            "UCDP date precision from the span date_start..date_end: 1 one day, 2 two to six "
            "days, 3 a week, 4 eight days to a month, 5 longer; NULL when undated.",
        ),
        ("where_description", "events.location, where stated."),
        ("deaths_a", "Side a (government): casualties side security_forces."),
        ("deaths_b", "Side b (MRTA): casualties side mrta."),
        ("deaths_civilians", "Casualties side hostage."),
        ("deaths_unknown", "Casualties side mixed."),
        ("best", "Best estimate: SUM(count)."),
        ("low", "Lowest estimate the wording allows."),
        ("high", "Highest estimate the wording allows; NULL if one count is open."),
        ("alleged_named", "Named dead a source alleges were extrajudicially executed."),
        (
            "groups_with_allegations",
            "Unnamed groups of dead with such allegations about some members (groups, not people).",
        ),
        ("sources", "Sources with evidence for these casualty rows."),
    ),
    f"""
WITH deaths AS (
    SELECT c.*, e.location,
           CASE WHEN c.date_precision = {UNDATED} THEN e.date_basis ELSE c.date_basis END
               AS basis,
           coalesce(c.date_start, e.date_start) AS day_first,
           coalesce(CASE c.date_precision
                        WHEN {DAY} THEN c.date_start
                        WHEN {MONTH} THEN last_day(c.date_start)
                        WHEN {YEAR} THEN make_date(year(c.date_start), 12, 31) END,
                    e.date_end) AS day_last
    FROM casualties c
    LEFT JOIN events e ON e.event_id = c.event_id
    WHERE c.outcome = {KILLED}
),
cited AS (
    SELECT d.event_id, string_agg(DISTINCT e.source_id, ', ' ORDER BY e.source_id) AS sources
    FROM deaths d
    JOIN evidence e ON e.record_table = {CASUALTIES} AND e.record_id = d.casualty_id
    GROUP BY d.event_id
),
grouped AS (
    SELECT d.event_id, min(d.day_first) AS date_start, max(d.day_last) AS date_end,
           CASE WHEN bool_or(d.basis = {INFERRED}) THEN {INFERRED}
                WHEN bool_or(d.basis = {STATED}) THEN {STATED} ELSE {UNKNOWN_BASIS} END
               AS date_basis,
           min(d.location) AS where_description,
           coalesce(sum(d.count) FILTER (WHERE d.side = {SECURITY_FORCES}), 0) AS deaths_a,
           coalesce(sum(d.count) FILTER (WHERE d.side = {MRTA}), 0) AS deaths_b,
           coalesce(sum(d.count) FILTER (WHERE d.side = {HOSTAGE}), 0) AS deaths_civilians,
           coalesce(sum(d.count) FILTER (WHERE d.side = {MIXED}), 0) AS deaths_unknown,
           sum(d.count) AS best,
           sum({low("d")}) AS low,
           {bounded_sum(high("d"))} AS high,
           count(d.person_id) FILTER (WHERE d.alleged_execution) AS alleged_named,
           count(*) FILTER (WHERE d.alleged_execution AND d.person_id IS NULL)
               AS groups_with_allegations
    FROM deaths d
    GROUP BY d.event_id
)
SELECT g.event_id, g.date_start, g.date_end, g.date_basis,
       CASE WHEN g.date_end - g.date_start + 1 = 1 THEN 1
            WHEN g.date_end - g.date_start + 1 <= 6 THEN 2
            WHEN g.date_end - g.date_start + 1 = 7 THEN 3
            WHEN g.date_end - g.date_start + 1 <= 31 THEN 4
            WHEN g.date_end - g.date_start + 1 > 31 THEN 5 END AS date_prec,
       g.where_description, g.deaths_a, g.deaths_b, g.deaths_civilians, g.deaths_unknown,
       g.best, g.low, g.high, g.alleged_named, g.groups_with_allegations, c.sources
FROM grouped g
LEFT JOIN cited c ON c.event_id IS NOT DISTINCT FROM g.event_id
ORDER BY g.date_start NULLS LAST, g.event_id NULLS LAST
""",
)
