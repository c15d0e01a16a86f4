"""SQL views for data users, declared once with their documentation.

Inputs: the tables of `pipeline.schema` (names, columns, vocabularies) and `pipeline.config`.
Outputs: `VIEWS` and `views_sql()`, the CREATE VIEW and COMMENT statements that the build runs
in the database and appends to tables/schema.sql (so `IMPORT DATABASE 'tables'` has them too).
Every view is computed from the tables alone: no value is typed in here, and a value the
tables do not hold comes out NULL.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline import config
from pipeline.schema import VOCAB


@dataclass(frozen=True)
class View:
    name: str
    description: str
    columns: tuple[tuple[str, str], ...]  # (name, description), in the view's column order
    sql: str


def _sql_value(value: str | int) -> str:
    return str(value) if isinstance(value, int) else "'" + value.replace("'", "''") + "'"


def term(vocabulary: str, value: str) -> str:
    """A vocabulary value as an SQL literal; fails at import if the vocabulary lost it."""
    if value not in VOCAB[vocabulary]:
        raise ValueError(f"{value!r} is not in vocabulary {vocabulary}")
    return f"'{value}'"


def low(alias: str, count: str = "count") -> str:
    """Lowest number a count's wording allows: count_low, else the count unless it is a cap
    (or, for 'all but N', the number left out)."""
    capped = ", ".join(term("count_qualifier", q) for q in ("at_most", "all_but", "unknown"))
    return (
        f"COALESCE({alias}.count_low, CASE WHEN {alias}.count_qualifier IN ({capped}) "
        f"THEN 0 ELSE {alias}.{count} END, 0)"
    )


def high(alias: str, count: str = "count") -> str:
    """Highest number a count's wording allows; NULL when the wording sets no upper bound."""
    open_ended = ", ".join(
        term("count_qualifier", q) for q in ("at_least", "more_than", "all_but", "unknown")
    )
    return (
        f"COALESCE({alias}.count_high, CASE WHEN {alias}.count_qualifier IN ({open_ended}) "
        f"THEN NULL ELSE {alias}.{count} END)"
    )


def bounded_sum(value: str, where: str = "TRUE") -> str:
    """SUM of upper bounds that is NULL (no bound) as soon as one of them is unbounded."""
    return (
        f"CASE WHEN bool_or({value} IS NULL) FILTER (WHERE {where}) THEN NULL "
        f"ELSE COALESCE(SUM({value}) FILTER (WHERE {where}), 0) END"
    )


SEIZURE = term("event_type", "seizure")
RESCUE = term("event_type", "rescue_operation")
KILLED, INJURED = term("casualty_outcome", "killed"), term("casualty_outcome", "injured")
HOSTAGE, MRTA = term("side", "hostage"), term("side", "mrta")
SECURITY_FORCES, MIXED = term("side", "security_forces"), term("side", "mixed")
TAKEN, HELD = term("quantity", "hostages_taken"), term("quantity", "hostages_held")
RESCUED, ATTACKERS = term("quantity", "hostages_rescued"), term("quantity", "attackers")
ARMED_GROUP = term("organisation_type", "armed_group")
EXACT = term("count_qualifier", "exact")

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
    JOIN evidence e ON e.record_table = 'casualties' AND e.record_id = c.casualty_id
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
    SELECT 'event' AS kind, 'events' AS record_table, event_id AS record_id,
           date_start, date_end, date_precision, date_basis, date_anchor, time_local,
           time_qualifier, day_of_crisis, event_type AS type, summary AS description, location
    FROM events
    UNION ALL
    SELECT 'legal_action', 'legal_actions', legal_action_id, date_start, date_end,
           date_precision, date_basis, date_anchor, NULL, NULL, NULL, action_type, description,
           NULL
    FROM legal_actions
    UNION ALL
    -- a release that belongs to an event is shown through that event
    SELECT 'hostage_release', 'hostage_releases', release_id, date_start, date_end,
           date_precision, date_basis, date_anchor, NULL, NULL,
           CASE WHEN date_precision = 'day'
                THEN date_start - DATE '{config.CRISIS_START}' END,
           'hostage_release', description, NULL
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
       '{config.PACKAGE_NAME} {config.VERSION}, evidence ' || e.evidence_id || ': ' ||
       s.publisher || ', "' || s.title || '"' || coalesce(', ' || s.published_date, '') ||
       ', raw/' || s.path || '[' || e.char_start || ':' || e.char_end || '], "' ||
       e.quote || '"' AS citation
FROM evidence e
JOIN sources s ON s.source_id = e.source_id
ORDER BY e.evidence_id
""",
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
    whens = " ".join(f"WHEN {rule[0]} THEN {_sql_value(rule[pick])}" for rule in GTD_OUTCOMES)
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
    LEFT JOIN record_sources rs ON rs.record_table = 'events' AND rs.record_id = i.event_id
)
SELECT event_id,
       CASE WHEN date_precision <> 'unknown' THEN year(date_start) END AS iyear,
       CASE WHEN date_precision IN ('day', 'month') THEN month(date_start) END AS imonth,
       CASE WHEN date_precision = 'day' THEN day(date_start) END AS iday,
       CASE WHEN date_precision NOT IN ('day', 'unknown')
            THEN CAST(date_start AS VARCHAR) || ' to ' || CAST(date_end AS VARCHAR) END
           AS approxdate,
       CAST(resolved > date_end AS INTEGER) AS extended,
       resolved AS resolution,
       location, summary,
       {GTD_ATTACK[0]} AS attacktype1,
       {_sql_value(GTD_ATTACK[1])} AS attacktype1_txt,
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
           CASE WHEN c.date_precision = 'unknown' THEN e.date_basis ELSE c.date_basis END
               AS basis,
           coalesce(c.date_start, e.date_start) AS day_first,
           coalesce(CASE c.date_precision
                        WHEN 'day' THEN c.date_start
                        WHEN 'month' THEN last_day(c.date_start)
                        WHEN 'year' THEN make_date(year(c.date_start), 12, 31) END,
                    e.date_end) AS day_last
    FROM casualties c
    LEFT JOIN events e ON e.event_id = c.event_id
    WHERE c.outcome = {KILLED}
),
cited AS (
    SELECT d.event_id, string_agg(DISTINCT e.source_id, ', ' ORDER BY e.source_id) AS sources
    FROM deaths d
    JOIN evidence e ON e.record_table = 'casualties' AND e.record_id = d.casualty_id
    GROUP BY d.event_id
),
grouped AS (
    SELECT d.event_id, min(d.day_first) AS date_start, max(d.day_last) AS date_end,
           CASE WHEN bool_or(d.basis = 'inferred') THEN 'inferred'
                WHEN bool_or(d.basis = 'stated') THEN 'stated' ELSE 'unknown' END AS date_basis,
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
        out.append(f"COMMENT ON VIEW {view.name} IS {_sql_value(view.description)};\n")
        for column, description in view.columns:
            out.append(f"COMMENT ON COLUMN {view.name}.{column} IS {_sql_value(description)};\n")
    return "".join(out)
