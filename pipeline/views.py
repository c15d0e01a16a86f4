"""SQL views for data users, declared once with their documentation.

Inputs: the tables of `pipeline.schema` (names, columns, vocabularies) and `pipeline.config`.
Outputs: `VIEWS` and `views_sql()`, the CREATE VIEW and COMMENT statements that the build runs
in the database and appends to tables/schema.sql (so `IMPORT DATABASE 'tables'` has them too).
Every view is computed from the tables alone: no value is typed in here, and a value the
tables do not hold comes out NULL. The crosswalks to GTD and UCDP are in `pipeline.crosswalks`;
the SQL parts (vocabulary terms, count bounds) in `pipeline.sql_terms`.

Long: ten views, each with its SQL and the documentation of every column in one place.
"""

from __future__ import annotations

from pipeline import config, crisis
from pipeline.citation import VERSION
from pipeline.crosswalks import GTD_INCIDENT, UCDP_GED_EVENTS
from pipeline.sql_terms import (
    CASUALTIES,
    DAY,
    EVENTS,
    HELD,
    HOSTAGE,
    KILLED,
    RESCUE,
    RESCUED,
    SEIZURE,
    TAKEN,
    View,
    bounded_sum,
    high,
    low,
    sql_value,
    table_term,
    term,
)

# Sources with evidence for each record, reused by the views that show where a row comes from.
RECORD_SOURCES = View(
    "record_sources",
    "Each record of a coded table with the sources whose quotes support it.",
    (
        ("record_table", "Table of the record."),
        ("record_id", "Primary key of the record."),
        ("sources", "Source ids with at least one evidence row for it, comma-separated."),
        ("evidence_rows", "Number of evidence rows (quotes) for it."),
    ),
    """
SELECT record_table, record_id,
       string_agg(DISTINCT source_id, ', ' ORDER BY source_id) AS sources,
       count(*) AS evidence_rows
FROM evidence
GROUP BY record_table, record_id
ORDER BY record_table, record_id
""",
)

HOSTAGES_HELD_DAILY = View(
    "hostages_held_daily",
    "Hostages held at the end of each day from the seizure to the rescue operation, as low/high "
    "bounds implied by the counts the sources state (event_counts hostages_taken, hostages_held, "
    "hostages_rescued) and the releases (hostage_releases). On the day of the rescue operation "
    "it is the number held when the operation began.",
    (
        ("date", "The day (Lima)."),
        ("day_of_crisis", "Days since the seizure (day 0), as events.day_of_crisis."),
        (
            "held_low",
            "Fewest hostages the sources allow for the end of that day: the highest lower bound "
            "over every stated count, carried through the releases surely between them.",
        ),
        (
            "held_high",
            "Most hostages the sources allow; NULL where they set no upper bound (an open count "
            "such as 'more than 600', or a release of unstated size, lies between).",
        ),
        ("low_basis", "count_id of the event count that sets held_low (NULL when it is 0)."),
        ("high_basis", "count_id of the event count that sets held_high."),
        (
            "releases",
            "Number of releases dated to this very day (release dates include inferred ones: "
            "hostage_releases.date_basis).",
        ),
        ("released_low", "Fewest hostages released that day (releases dated to the day)."),
        ("released_high", "Most hostages released that day; NULL if a release's size is open."),
    ),
    f"""
WITH span AS (
    SELECT min(date_start) FILTER (WHERE event_type = {SEIZURE}) AS first_day,
           max(date_start) FILTER (WHERE event_type = {RESCUE}) AS last_day
    FROM events
),
days AS (
    SELECT CAST(unnest(range(0, last_day - first_day + 1)) AS INTEGER) AS k FROM span
),
-- Releases by the captors on an unknown day in [s_k, e_k]; a rescue is not a release.
releases AS (
    SELECT greatest(coalesce(r.date_start, s.first_day), s.first_day) - s.first_day AS s_k,
           least(coalesce(r.date_end, s.last_day), s.last_day) - s.first_day AS e_k,
           {low("r", "released_count")} AS lo,
           {high("r", "released_count")} AS hi
    FROM hostage_releases r
    CROSS JOIN span s
    LEFT JOIN events e ON e.event_id = r.event_id
    WHERE e.event_type IS DISTINCT FROM {RESCUE}
      AND coalesce(r.date_end, s.first_day) >= s.first_day
      AND coalesce(r.date_start, s.last_day) <= s.last_day
),
hostages_killed AS (
    SELECT event_id, sum(count) AS n FROM casualties
    WHERE side = {HOSTAGE} AND outcome = {KILLED}
    GROUP BY event_id
),
-- Each count fixes the number held at some end of day in [s_k, e_k] to [lo, hi].
counted AS (
    SELECT c.count_id, c.quantity,
           coalesce(e.date_start, s.first_day) - s.first_day AS s_k,
           coalesce(e.date_end, s.last_day) - s.first_day AS e_k,
           {low("c")} AS lo, {high("c")} AS hi, coalesce(k.n, 0) AS killed
    FROM event_counts c
    JOIN events e ON e.event_id = c.event_id
    CROSS JOIN span s
    LEFT JOIN hostages_killed k ON k.event_id = c.event_id
    WHERE c.quantity IN ({TAKEN}, {HELD}, {RESCUED})
),
stated AS (
    SELECT count_id AS basis,
           -- the number taken is held before the releases of the seizure day
           s_k - CASE WHEN quantity = {TAKEN} THEN 1 ELSE 0 END AS s_k,
           e_k - CASE WHEN quantity = {TAKEN} THEN 1 ELSE 0 END AS e_k,
           -- those rescued plus the hostages killed in that event were all those held
           lo + CASE WHEN quantity = {RESCUED} THEN killed ELSE 0 END AS lo,
           hi + CASE WHEN quantity = {RESCUED} THEN killed ELSE 0 END AS hi
    FROM counted
),
-- Counts (and below, releases) with the same window and bounds act alike, so the product
-- of days, counts and releases in `bounds` is grouped first: it then grows with the number
-- of distinct windows, not with the corpus. A group is named by its smallest count_id, the
-- basis the final SELECT would pick among them.
observed AS (
    SELECT min(basis) AS basis, s_k, e_k, lo, hi FROM stated GROUP BY s_k, e_k, lo, hi
),
windows AS (
    SELECT s_k, e_k, sum(lo) AS lo, {bounded_sum("hi")} AS hi FROM releases GROUP BY s_k, e_k
),
-- held(d) = held(t) - released in (t, d] for t <= d, or + released in (d, t] for t > d.
bounds AS (
    SELECT d.k, o.basis,
           CASE WHEN d.k >= o.e_k
                THEN o.hi - coalesce(sum(r.lo) FILTER (WHERE r.s_k > o.e_k AND r.e_k <= d.k), 0)
                ELSE o.hi + {bounded_sum("r.hi", "r.e_k > d.k AND r.s_k <= o.e_k")}
           END AS upper,
           CASE WHEN d.k <= o.s_k
                THEN o.lo + coalesce(sum(r.lo) FILTER (WHERE r.s_k > d.k AND r.e_k <= o.s_k), 0)
                ELSE o.lo - {bounded_sum("r.hi", "r.e_k > o.s_k AND r.s_k <= d.k")}
           END AS lower
    FROM days d
    CROSS JOIN observed o
    LEFT JOIN windows r ON TRUE
    GROUP BY d.k, o.basis, o.s_k, o.e_k, o.lo, o.hi
),
that_day AS (
    SELECT s_k AS k, count(*) AS n, sum(lo) AS lo, {bounded_sum("hi")} AS hi
    FROM releases WHERE s_k = e_k GROUP BY s_k
)
SELECT CAST(s.first_day + d.k AS DATE) AS date,
       d.k AS day_of_crisis,
       greatest(max(b.lower), 0) AS held_low,
       min(b.upper) AS held_high,
       first(b.basis ORDER BY b.lower DESC, b.basis) FILTER (WHERE b.lower > 0) AS low_basis,
       first(b.basis ORDER BY b.upper, b.basis) FILTER (WHERE b.upper IS NOT NULL) AS high_basis,
       coalesce(any_value(t.n), 0) AS releases,
       coalesce(any_value(t.lo), 0) AS released_low,
       CASE WHEN any_value(t.k) IS NULL THEN 0 ELSE any_value(t.hi) END AS released_high
FROM days d
CROSS JOIN span s
LEFT JOIN bounds b ON b.k = d.k
LEFT JOIN that_day t ON t.k = d.k
GROUP BY d.k, s.first_day
ORDER BY d.k
""",
)

CASUALTY_TOTALS = View(
    "casualty_totals",
    "Deaths and injuries by side and outcome: the totals the sources state (each person "
    "counted once), with bounds where counts are vague.",
    (
        ("side", "hostage, security_forces, mrta, or mixed."),
        ("outcome", "killed or injured."),
        ("total", "SUM(count): the stated total."),
        ("total_low", "Sum of the lowest numbers the wording allows."),
        ("total_high", "Sum of the highest numbers the wording allows; NULL if one is open."),
        ("named", "How many of them are named persons."),
        ("unnamed", "How many are in unnamed groups."),
        ("alleged_named", "Named persons a source alleges were extrajudicially executed."),
        (
            "groups_with_allegations",
            "Unnamed groups some of whose members a source alleges "
            "were executed; a number of groups, not of people (the sources give none).",
        ),
        ("sources", "Sources with evidence for these rows."),
    ),
    f"""
WITH cited AS (
    SELECT c.side, c.outcome, string_agg(DISTINCT e.source_id, ', ' ORDER BY e.source_id) AS s
    FROM casualties c
    JOIN evidence e ON e.record_table = {CASUALTIES} AND e.record_id = c.casualty_id
    GROUP BY c.side, c.outcome
)
SELECT c.side, c.outcome,
       sum(c.count) AS total,
       sum({low("c")}) AS total_low,
       {bounded_sum(high("c"))} AS total_high,
       count(c.person_id) AS named,
       coalesce(sum(c.count) FILTER (WHERE c.person_id IS NULL), 0) AS unnamed,
       count(c.person_id) FILTER (WHERE c.alleged_execution) AS alleged_named,
       count(*) FILTER (WHERE c.alleged_execution AND c.person_id IS NULL)
           AS groups_with_allegations,
       any_value(cited.s) AS sources
FROM casualties c
LEFT JOIN cited ON cited.side = c.side AND cited.outcome = c.outcome
GROUP BY c.side, c.outcome
ORDER BY c.side, c.outcome
""",
)

TIMELINE = View(
    "timeline",
    "Events, legal steps and releases not tied to an event, in date order, with their sources "
    "and the quote that dates each one.",
    (
        ("kind", "event, legal_action or hostage_release."),
        ("record_id", "Primary key in its table (events, legal_actions, hostage_releases)."),
        ("date_start", "First possible day (UCDP convention)."),
        ("date_end", "Last possible day."),
        ("date_precision", "day, month, year or unknown."),
        (
            "date_basis",
            "stated or inferred: the order uses inferred dates too (placed against date_anchor).",
        ),
        ("date_anchor", "For an inferred date, the event it is placed against."),
        ("time_local", "Local time in Lima, where stated."),
        ("time_qualifier", "exact or approximate, as the source words the time."),
        ("day_of_crisis", "Days since 17 December 1996, for crisis records dated to the day."),
        ("type", "event_type, action_type, or hostage_release."),
        ("description", "Summary or description in our words."),
        ("location", "Where, as the texts say (events only)."),
        ("sources", "Sources with evidence for the record."),
        ("date_evidence_id", "Evidence row for the date (the one agreeing with date_start)."),
        ("date_source_id", "Source of that quote."),
        ("date_quote", "The quote that dates the record."),
    ),
    f"""
WITH dated AS (
    SELECT 'event' AS kind, {EVENTS} AS record_table, event_id AS record_id,
           date_start, date_end, date_precision, date_basis, date_anchor, time_local,
           time_qualifier, day_of_crisis, event_type AS type, summary AS description, location
    FROM events
    UNION ALL
    SELECT 'legal_action', {table_term("legal_actions")}, legal_action_id, date_start, date_end,
           date_precision, date_basis, date_anchor, NULL, NULL, NULL, action_type, description,
           NULL
    FROM legal_actions
    UNION ALL
    -- a release that belongs to an event is shown through that event
    SELECT 'hostage_release', {table_term("hostage_releases")}, release_id, date_start, date_end,
           date_precision, date_basis, date_anchor, NULL, NULL,
           CASE WHEN date_precision = {DAY}
                THEN date_start - DATE '{crisis.START}' END,
           {term("event_type", "hostage_release")}, description, NULL
    FROM hostage_releases
    WHERE event_id IS NULL
),
date_quote AS (
    SELECT d.record_table, d.record_id,
           first(e.evidence_id ORDER BY e.value IS NOT DISTINCT FROM CAST(d.date_start AS VARCHAR)
                 DESC, e.evidence_id) AS evidence_id
    FROM dated d
    JOIN evidence e ON e.record_table = d.record_table AND e.record_id = d.record_id
    WHERE e.field = 'date_start'
    GROUP BY d.record_table, d.record_id
)
SELECT d.kind, d.record_id, d.date_start, d.date_end, d.date_precision, d.date_basis,
       d.date_anchor, d.time_local, d.time_qualifier, d.day_of_crisis, d.type, d.description,
       d.location, rs.sources,
       q.evidence_id AS date_evidence_id, e.source_id AS date_source_id, e.quote AS date_quote
FROM dated d
LEFT JOIN record_sources rs ON rs.record_table = d.record_table AND rs.record_id = d.record_id
LEFT JOIN date_quote q ON q.record_table = d.record_table AND q.record_id = d.record_id
LEFT JOIN evidence e ON e.evidence_id = q.evidence_id
ORDER BY d.date_start NULLS LAST, d.time_local NULLS LAST, d.kind, d.record_id
""",
)

LEGAL_ACTIONS_BY_PARTY = View(
    "legal_actions_by_party",
    "The legal aftermath per person (and organisation): every legal step each party is "
    "involved in, with its part, date, forum and outcome.",
    (
        ("party_kind", "person or organisation."),
        ("party_key", "person_id or organisation_id."),
        ("party_name", "Name of the person or organisation."),
        ("party_role", "Their part: complainant, accused, victim, judge, prosecutor, ..."),
        ("legal_action_id", "The legal step."),
        ("date_start", "First possible day of the step."),
        ("date_end", "Last possible day of the step."),
        ("date_precision", "day, month, year or unknown."),
        ("action_type", "Kind of step."),
        ("forum_id", "Court, office or commission (organisation id), where stated."),
        ("forum_name", "Its name."),
        ("outcome", "Result, where stated."),
        ("description", "The step in our words."),
    ),
    """
SELECT CASE WHEN p.person_id IS NOT NULL THEN 'person' ELSE 'organisation' END AS party_kind,
       p.party_key, coalesce(pe.name, o.name) AS party_name, p.party_role,
       la.legal_action_id, la.date_start, la.date_end, la.date_precision, la.action_type,
       la.forum AS forum_id, f.name AS forum_name, la.outcome, la.description
FROM legal_action_parties p
JOIN legal_actions la ON la.legal_action_id = p.legal_action_id
LEFT JOIN persons pe ON pe.person_id = p.person_id
LEFT JOIN organisations o ON o.organisation_id = p.organisation_id
LEFT JOIN organisations f ON f.organisation_id = la.forum
ORDER BY party_kind DESC, p.party_key, la.date_start NULLS LAST, la.legal_action_id,
         p.party_role
""",
)

LEGAL_ACTIONS_BY_FORUM = View(
    "legal_actions_by_forum",
    "The legal aftermath per forum (court, office, commission): how many steps, when, which "
    "kinds; steps whose forum the sources do not name are grouped under a NULL forum.",
    (
        ("forum_id", "Organisation id of the forum; NULL: not stated."),
        ("forum_name", "Its name."),
        ("forum_type", "Its organisation_type."),
        ("actions", "Number of legal steps taken there."),
        ("first_date", "Earliest date_start."),
        ("last_date", "Latest date_end."),
        ("action_types", "Kinds of step, in date order."),
        ("legal_action_ids", "The steps, in date order."),
        ("outcomes", "Stated outcomes, in date order."),
    ),
    """
SELECT la.forum AS forum_id, any_value(o.name) AS forum_name,
       any_value(o.organisation_type) AS forum_type,
       count(*) AS actions,
       min(la.date_start) AS first_date,
       max(la.date_end) AS last_date,
       string_agg(la.action_type, ', ' ORDER BY la.date_start NULLS LAST, la.legal_action_id)
           AS action_types,
       string_agg(la.legal_action_id, ', ' ORDER BY la.date_start NULLS LAST, la.legal_action_id)
           AS legal_action_ids,
       string_agg(la.outcome, '; ' ORDER BY la.date_start NULLS LAST, la.legal_action_id)
           AS outcomes
FROM legal_actions la
LEFT JOIN organisations o ON o.organisation_id = la.forum
GROUP BY la.forum
ORDER BY first_date NULLS LAST, forum_id NULLS LAST
""",
)

DISCREPANCY_SIDES = View(
    "discrepancy_sides",
    "Every discrepancy, one row per side, with that source's value and its quote and offsets "
    "side by side.",
    (
        ("topic_id", "Groups the sides of one disagreement."),
        ("topic", "What is disputed."),
        ("discrepancy_id", "This side."),
        ("source_id", "Source of this side."),
        ("value", "This side's value."),
        ("quote", "The quote for it, verbatim."),
        ("char_start", "Start offset of the quote in the raw article."),
        ("char_end", "End offset, exclusive."),
        ("passage_id", "Sentence where the quote starts."),
        ("evidence_id", "The evidence row."),
        ("reconciled_value", "Value chosen across sides, if any."),
        ("rule", "How it was chosen, or why none was."),
    ),
    """
SELECT d.topic_id, d.topic, d.discrepancy_id, d.source_id, d.value, e.quote,
       e.char_start, e.char_end, e.passage_id, d.evidence_id, d.reconciled_value, d.rule
FROM discrepancies d
LEFT JOIN evidence e ON e.evidence_id = d.evidence_id
ORDER BY d.topic_id, d.discrepancy_id
""",
)

DISCREPANCY_TOPICS = View(
    "discrepancy_topics",
    "One row per disagreement with every side's value on one line.",
    (
        ("topic_id", "The disagreement."),
        ("topic", "What is disputed."),
        ("sides", "Number of sides."),
        ("sources", "Sources taking part."),
        ("values_by_source", "'source: value' of every side, in discrepancy_id order."),
        ("reconciled_value", "Value chosen across sides, if any."),
        ("rule", "How it was chosen, or why none was."),
    ),
    """
SELECT topic_id, min(topic) AS topic, count(*) AS sides,
       string_agg(DISTINCT source_id, ', ' ORDER BY source_id) AS sources,
       string_agg(source_id || ': ' || value, ' | ' ORDER BY discrepancy_id) AS values_by_source,
       min(reconciled_value) AS reconciled_value, min(rule) AS rule
FROM discrepancies
GROUP BY topic_id
ORDER BY topic_id
""",
)

FIELD_DISAGREEMENTS = View(
    "field_disagreements",
    "Every (record, column) for which the evidence rows give more than one value: what each "
    "source says, side by side (name spellings, times, date wording, ...).",
    (
        ("record_table", "Table of the record."),
        ("record_id", "The record."),
        ("field", "The column."),
        ("distinct_values", "How many different values the quotes give."),
        ("values_by_source", "'source: value' for each distinct pair, sorted."),
        ("evidence_ids", "The evidence rows involved."),
    ),
    """
SELECT e.record_table, e.record_id, e.field,
       count(DISTINCT e.value) AS distinct_values,
       string_agg(DISTINCT e.source_id || ': ' || e.value, ' | '
                  ORDER BY e.source_id || ': ' || e.value) AS values_by_source,
       string_agg(e.evidence_id, ', ' ORDER BY e.evidence_id) AS evidence_ids
FROM evidence e
-- only quotes for a column of the record's table (not e.g. the name forms in aliases)
JOIN duckdb_columns() c
  ON c.database_name = current_database() AND c.schema_name = current_schema()
 AND c.table_name = e.record_table AND c.column_name = e.field
WHERE e.value IS NOT NULL
GROUP BY e.record_table, e.record_id, e.field
HAVING count(DISTINCT e.value) > 1
ORDER BY e.record_table, e.record_id, e.field
""",
)

EVIDENCE_CITATIONS = View(
    "evidence_citations",
    "Every evidence row with its source's bibliographic data and a ready-made citation of the "
    "quote (dataset version, evidence id, source, character offsets).",
    (
        ("evidence_id", "The evidence row: cite this id."),
        ("record_table", "Table of the record the quote supports."),
        ("record_id", "The record."),
        ("field", "The column."),
        ("value", "This source's value for it."),
        ("source_id", "The article."),
        ("publisher", "Its publisher."),
        ("title", "Its title."),
        ("published", "Its publication date as stated."),
        ("path", "The raw file, relative to the package root."),
        ("char_start", "0-based start offset in the UTF-8-decoded raw text."),
        ("char_end", "End offset, exclusive (a Python slice)."),
        ("quote", "raw_text[char_start:char_end]."),
        ("citation", "One-line citation of the quote."),
    ),
    f"""
SELECT e.evidence_id, e.record_table, e.record_id, e.field, e.value, e.source_id,
       s.publisher, s.title, s.published, 'raw/' || s.path AS path,
       e.char_start, e.char_end, e.quote,
       '{config.PACKAGE_NAME} {VERSION}, evidence ' || e.evidence_id || ': ' ||
       s.publisher || ', "' || s.title || '"' || coalesce(', ' || s.published_date, '') ||
       ', raw/' || s.path || '[' || e.char_start || ':' || e.char_end || '], "' ||
       e.quote || '"' AS citation
FROM evidence e
JOIN sources s ON s.source_id = e.source_id
ORDER BY e.evidence_id
""",
)

# In creation order: a view comes after the views it reads.
VIEWS: tuple[View, ...] = (
    RECORD_SOURCES,
    HOSTAGES_HELD_DAILY,
    CASUALTY_TOTALS,
    TIMELINE,
    LEGAL_ACTIONS_BY_PARTY,
    LEGAL_ACTIONS_BY_FORUM,
    DISCREPANCY_SIDES,
    DISCREPANCY_TOPICS,
    FIELD_DISAGREEMENTS,
    EVIDENCE_CITATIONS,
    GTD_INCIDENT,
    UCDP_GED_EVENTS,
)


def views_sql() -> str:
    """CREATE VIEW statements with a comment on every view and column."""
    out = ["-- Views, generated from pipeline/views.py by the build; do not edit.\n"]
    for view in VIEWS:
        out.append(f"CREATE VIEW {view.name} AS{view.sql.rstrip()};\n")
        out.append(f"COMMENT ON VIEW {view.name} IS {sql_value(view.description)};\n")
        for column, description in view.columns:
            out.append(f"COMMENT ON COLUMN {view.name}.{column} IS {sql_value(description)};\n")
    return "".join(out)
