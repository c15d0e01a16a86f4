"""The one declaration of every published table: columns, types, keys, vocabularies.

Inputs: nothing. Outputs: `TABLES`, from which the Frictionless schemas, the DuckDB
DDL, the data dictionary and the column-level expectations are all generated.

Long: one declaration of sixteen tables, kept whole so that each fact is written once.
"""

# Without `from __future__ import annotations`: a NamedTuple compiles each string annotation
# into a ForwardRef as the class is made, which doubled this module's import time.
from typing import NamedTuple

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DOTTED = r"^[a-z0-9]+([.-][a-z0-9]+)*$"

# Controlled vocabularies, shared by the coding sheets' documentation and the checks.
VOCAB: dict[str, tuple[str, ...]] = {
    "date_precision": ("day", "month", "year", "unknown"),
    "organisation_type": (
        "armed_group", "government", "ministry", "military", "police", "court",
        "prosecution", "legislature", "political_party", "ngo", "international_body",
        "intergovernmental", "religious", "media", "intelligence", "other",
    ),
    "person_role": (
        "hostage", "mrta_member", "commando", "military_officer", "police_officer",
        "government_official", "head_of_state", "politician", "mediator", "diplomat",
        "judge", "prosecutor", "lawyer", "witness", "relative", "spokesperson",
        "journalist", "author", "historian", "poet", "human_rights_advocate", "other",
    ),
    "event_type": (
        "seizure", "hostage_release", "negotiation", "statement", "armed_clash",
        "rescue_operation", "protest", "diplomatic", "media_report", "appointment",
        "military_measure", "commemoration", "investigation", "other",
    ),
    "quantity": (
        "hostages_taken", "hostages_held", "hostages_released", "hostages_rescued",
        "attackers", "commandos", "guards", "prisoners_demanded", "officers_accused",
        "other",
    ),
    "side": ("hostage", "security_forces", "mrta", "mixed"),
    "casualty_outcome": ("killed", "injured"),
    "count_qualifier": (
        "exact", "approximate", "at_least", "more_than", "at_most", "fraction",
        "all_but", "unknown",
    ),
    "released_group": ("men", "women", "mixed", "unspecified"),
    "action_type": (
        "criminal_complaint", "preliminary_inquiry", "statement", "exhumation",
        "forensic_examination", "arrest_warrant", "amnesty_bill",
        "jurisdiction_challenge", "jurisdiction_ruling", "jurisdiction_concession",
        "petition", "admissibility_decision", "charges", "charges_dropped",
        "investigation", "request", "autopsy", "ruling", "conviction", "other",
    ),
    "passage_level": ("section", "paragraph", "sentence"),
    "day_basis": ("stated", "derived"),
    "date_basis": ("stated", "inferred", "unknown"),
    "time_qualifier": ("exact", "approximate"),
}  # fmt: skip


class Column(NamedTuple):
    name: str
    type: str  # string | integer | boolean | date | time
    description: str
    required: bool = False
    enum: str | None = None  # key into VOCAB
    pattern: str | None = None
    minimum: int | None = None
    fk: str | None = None  # "table.column"
    derived: bool = False  # computed by the pipeline, so it needs no quote of its own
    editorial: bool = False  # our own comment (why records were merged...), not a claim


# Keys that place a quote in its article; an entry holding a quote adds its own.
QUOTE_PLACE = frozenset({"source", "quote", "context", "occurrence"})
PARTY_KEYS = frozenset({"person", "organisation", "role"})  # a person or an organisation


class Nested(NamedTuple):
    """A list in a sheet record whose items become rows of another table."""

    key: str  # the list's key in the record
    table: str  # the table its items fill
    fields: frozenset[str]  # the keys an item may have; none: the items are ids
    prefix: str | None = None  # of the filled table's <prefix>_role and <prefix>_key columns


class Sheet(NamedTuple):
    """A coding sheet, coding/<table>.yaml: one record per row of the table declaring it."""

    nested: tuple[Nested, ...] = ()
    columns: tuple[str, ...] | None = None  # the record's fields, if not the table's columns
    key: str | None = None  # the column a record's id fills, if not the primary key


class Table(NamedTuple):
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    evidenced: bool = False  # every non-key, non-derived cell needs an evidence row
    sheet: Sheet | None = None  # the coding sheet that fills it, coding/<name>.yaml
    may_be_empty: bool = False  # a build (or validate) that finds no rows stops, unless set

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _dates(what: str) -> tuple[Column, ...]:
    return (
        Column("date_start", "date", f"First day on which {what} may have happened (UCDP)."),
        Column(
            "date_end",
            "date",
            f"Last day on which {what} may have happened; equals date_start for a single day, "
            "the month's or year's last day for month or year precision.",
            derived=True,
        ),
        Column(
            "date_precision",
            "string",
            "How precisely the sources date it: day, month, year, or unknown (both dates empty).",
            required=True,
            enum="date_precision",
            derived=True,
        ),
        Column(
            "date_basis",
            "string",
            "How the date is known: stated (a quote dates this very record), inferred (a quote "
            "places it against another dated record, named in date_anchor), or unknown.",
            required=True,
            enum="date_basis",
            derived=True,
        ),
        Column(
            "date_anchor",
            "string",
            "For an inferred date: the event the record is dated against ('when the operation "
            "was over' -> the raid); its evidence is the quote that places it.",
            fk="events.event_id",
        ),
    )


def _counts(what: str) -> tuple[Column, ...]:
    return (
        Column(
            "count_qualifier",
            "string",
            f"How the sources state the {what}: exact, approximate ('about'), at_least, "
            "more_than, at_most, fraction ('about half'), all_but ('all but 72'), unknown.",
            enum="count_qualifier",
        ),
        Column("count_low", "integer", f"Lowest {what} the wording allows.", minimum=0),
        Column("count_high", "integer", f"Highest {what} the wording allows.", minimum=0),
    )


def _named(prefix: str, doc: str) -> tuple[Column, ...]:
    return (
        Column("person_id", "string", f"The person {doc}.", fk="persons.person_id"),
        Column(
            "organisation_id",
            "string",
            f"The organisation {doc}.",
            fk="organisations.organisation_id",
        ),
        Column(f"{prefix}_role", "string", "What part they play, in one word.", required=True),
    )


TABLES: tuple[Table, ...] = (
    Table(
        "sources",
        "Sources",
        "The raw articles the package is coded from, with their checksums and licences.",
        (
            Column("source_id", "string", "Short id of the article.", required=True, pattern=SLUG),
            Column("title", "string", "Headline or article title.", required=True),
            Column("publisher", "string", "Who published it.", required=True),
            Column("published", "string", "Publication date and time as the source states it."),
            Column("published_date", "date", "Publication date, where known."),
            Column("url", "string", "Where it was published, only where known."),
            Column("path", "string", "File in raw/ holding the exact text.", required=True),
            Column(
                "sha256",
                "string",
                "SHA-256 of the raw file.",
                required=True,
                pattern=r"^[0-9a-f]{64}$",
            ),
            Column("bytes", "integer", "Size of the raw file in bytes.", required=True, minimum=1),
            Column("license", "string", "The source's own terms.", required=True),
            Column("note", "string", "What the file contains besides the article."),
        ),
        ("source_id",),
    ),
    Table(
        "passages",
        "Passages",
        "Each article segmented into sections, paragraphs and sentences, with character "
        "offsets, so that a sentence can be cited.",
        (
            Column(
                "passage_id",
                "string",
                "Source id, then s/p/t numbers of section, paragraph "
                "and sentence, e.g. wikipedia.s05.p02.t01.",
                required=True,
                pattern=DOTTED,
            ),
            Column("source_id", "string", "The article.", required=True, fk="sources.source_id"),
            Column(
                "level",
                "string",
                "section, paragraph or sentence.",
                required=True,
                enum="passage_level",
            ),
            Column("parent_id", "string", "The enclosing passage.", fk="passages.passage_id"),
            Column("section", "string", "Heading of the enclosing section, cleaned of 'Edit'."),
            Column(
                "char_start",
                "integer",
                "0-based offset of the first character in the raw text (Python string index).",
                required=True,
                minimum=0,
            ),
            Column("char_end", "integer", "End offset, exclusive.", required=True, minimum=1),
            Column("text", "string", "The passage as it stands in the raw text.", required=True),
        ),
        ("passage_id",),
    ),
    Table(
        "chronology",
        "Chronology",
        "The Wikipedia article's Chronology list, parsed by the pipeline: each entry's date, "
        "its stated day number (checked against the date), its text, and the coded event "
        "that covers it.",
        (
            Column(
                "entry_id",
                "string",
                "Source id, 'chronology' and the entry's number.",
                required=True,
                pattern=SLUG,
            ),
            Column("source_id", "string", "The article.", required=True, fk="sources.source_id"),
            Column(
                "date_start",
                "date",
                "The entry's date (a year only where stated; "
                "otherwise December is 1996 and January-April 1997).",
                required=True,
            ),
            Column(
                "day_stated", "integer", "The day number the entry states, '(day N)'.", minimum=0
            ),
            Column(
                "day_of_crisis", "integer", "Days since 17 December 1996.", required=True, minimum=0
            ),
            Column("text", "string", "The entry after its date, verbatim.", required=True),
            Column(
                "char_start",
                "integer",
                "Start offset of the entry in the raw text.",
                required=True,
                minimum=0,
            ),
            Column("char_end", "integer", "End offset, exclusive.", required=True, minimum=1),
            Column(
                "passage_id",
                "string",
                "The paragraph holding the entry.",
                required=True,
                fk="passages.passage_id",
            ),
            Column(
                "event_id",
                "string",
                "The coded event that quotes this entry.",
                required=True,
                fk="events.event_id",
            ),
        ),
        ("entry_id",),
    ),
    Table(
        "organisations",
        "Organisations",
        "Organisations that act in the events and legal steps, or are cited as sources.",
        (
            Column("organisation_id", "string", "Slug id.", required=True, pattern=SLUG),
            Column("name", "string", "Name as the texts give it.", required=True),
            Column(
                "organisation_type",
                "string",
                "Kind of organisation.",
                required=True,
                enum="organisation_type",
            ),
            Column(
                "country",
                "string",
                "ISO 3166-1 alpha-2 code, where the texts state it.",
                pattern=r"^[A-Z]{2}$",
            ),
            Column("description", "string", "What the texts say it is."),
        ),
        ("organisation_id",),
        evidenced=True,
        sheet=Sheet(),
    ),
    Table(
        "persons",
        "Persons",
        "Every named individual in either text. Two name forms are one person only when the "
        "texts make it clear.",
        (
            Column("person_id", "string", "Slug of the fullest name.", required=True, pattern=SLUG),
            Column("name", "string", "Fullest name form in the texts.", required=True),
            Column(
                "role",
                "string",
                "Main role in the crisis or its aftermath.",
                required=True,
                enum="person_role",
            ),
            Column("description", "string", "What the texts say the person is or did."),
            Column(
                "affiliation",
                "string",
                "Organisation the person belongs to or acts for.",
                fk="organisations.organisation_id",
            ),
            Column(
                "nationality",
                "string",
                "ISO 3166-1 alpha-2 code, only where stated.",
                pattern=r"^[A-Z]{2}$",
            ),
            Column("fate", "string", "What happened to them in the crisis, where stated."),
            Column("note", "string", "Why name forms were or were not merged.", editorial=True),
        ),
        ("person_id",),
        evidenced=True,
        sheet=Sheet((Nested("aliases", "person_aliases", QUOTE_PLACE | {"alias"}),)),
    ),
    Table(
        "person_aliases",
        "Person aliases",
        "Every name form each source uses for a person.",
        (
            Column("person_id", "string", "The person.", required=True, fk="persons.person_id"),
            Column("alias", "string", "The name form, verbatim.", required=True),
            Column(
                "source_id", "string", "Source using it.", required=True, fk="sources.source_id"
            ),
        ),
        ("person_id", "alias", "source_id"),
    ),
    Table(
        "events",
        "Events",
        "Dated happenings from the seizure to the last legal step the articles mention.",
        (
            Column("event_id", "string", "Slug id.", required=True, pattern=SLUG),
            *_dates("the event"),
            Column("time_local", "time", "Local time in Lima, 24-hour, where stated."),
            Column(
                "time_qualifier",
                "string",
                "How the source words the time: exact ('At 15:23:00') or approximate "
                "('around 8:20 pm'), like count_qualifier for counts.",
                enum="time_qualifier",
            ),
            Column(
                "utc_offset",
                "string",
                "Offset of time_local from UTC where the text lets it be computed, written "
                "UTC-05:00 (a bare -05:00 is read as a formula by spreadsheets).",
                pattern=r"^UTC[+-]\d{2}:\d{2}$",
            ),
            Column(
                "day_of_crisis",
                "integer",
                "Days since 17 December 1996 (day 0), for events dated to the day.",
                minimum=0,
                derived=True,
            ),
            Column(
                "day_of_crisis_stated",
                "integer",
                "The day number as a source states it.",
                minimum=0,
            ),
            Column("event_type", "string", "Kind of event.", required=True, enum="event_type"),
            Column("summary", "string", "One sentence in our words.", required=True),
            Column("location", "string", "Where, as the texts say."),
        ),
        ("event_id",),
        evidenced=True,
        sheet=Sheet((Nested("participants", "event_participants", PARTY_KEYS, "participant"),)),
    ),
    Table(
        "event_participants",
        "Event participants",
        "Persons and organisations taking part in events.",
        (
            Column("event_id", "string", "The event.", required=True, fk="events.event_id"),
            *_named("participant", "taking part (one of person_id, organisation_id)"),
            Column(
                "participant_key",
                "string",
                "person_id or organisation_id, for the key.",
                required=True,
                derived=True,
            ),
        ),
        ("event_id", "participant_key", "participant_role"),
    ),
    Table(
        "event_counts",
        "Event counts",
        "Numbers the sources state about an event (hostages taken, commandos, ...).",
        (
            Column("count_id", "string", "Slug id.", required=True, pattern=SLUG),
            Column("event_id", "string", "The event counted.", required=True, fk="events.event_id"),
            Column("quantity", "string", "What is counted.", required=True, enum="quantity"),
            Column(
                "description",
                "string",
                "What is counted, in words (given where the quantity is 'other').",
            ),
            Column("count", "integer", "Best single number the wording gives.", minimum=0),
            *_counts("number"),
        ),
        ("count_id",),
        evidenced=True,
        sheet=Sheet(),
    ),
    Table(
        "casualties",
        "Casualties",
        "Deaths and injuries: a named person (count 1), or an unnamed group holding only the "
        "remainder not covered by named persons, so SUM(count) gives the stated totals.",
        (
            Column("casualty_id", "string", "Slug id.", required=True, pattern=SLUG),
            Column(
                "person_id", "string", "The named person; empty for groups.", fk="persons.person_id"
            ),
            Column(
                "side",
                "string",
                "hostage, security_forces, mrta, or mixed.",
                required=True,
                enum="side",
            ),
            Column(
                "outcome", "string", "killed or injured.", required=True, enum="casualty_outcome"
            ),
            Column(
                "count",
                "integer",
                "Number of people (1 for a named person).",
                required=True,
                minimum=0,
            ),
            *_counts("number of people"),
            *(c for c in _dates("the death or injury") if c.name != "date_end"),
            Column("event_id", "string", "The event in which it happened.", fk="events.event_id"),
            Column(
                "alleged_execution",
                "boolean",
                "A source alleges an extrajudicial execution "
                "(an allegation, not an established fact).",
                required=True,
            ),
            Column("alleged_by", "string", "Who alleges it, in the texts' words."),
            Column("note", "string", "Our comment on the coding of this row.", editorial=True),
        ),
        ("casualty_id",),
        evidenced=True,
        sheet=Sheet(),
    ),
    Table(
        "hostage_releases",
        "Hostage releases",
        "Each release of hostages, with its count as worded.",
        (
            Column("release_id", "string", "Slug id.", required=True, pattern=SLUG),
            *_dates("the release"),
            Column(
                "released_count", "integer", "Number released as stated (best value).", minimum=0
            ),
            *_counts("number released"),
            Column(
                "released_group",
                "string",
                "Who was released: men, women, mixed, unspecified.",
                enum="released_group",
            ),
            Column("description", "string", "The release in our words.", required=True),
            Column("event_id", "string", "The event it belongs to.", fk="events.event_id"),
        ),
        ("release_id",),
        evidenced=True,
        sheet=Sheet((Nested("persons", "hostage_release_persons", frozenset()),)),
    ),
    Table(
        "hostage_release_persons",
        "Persons released",
        "Named persons released in a release.",
        (
            Column(
                "release_id",
                "string",
                "The release.",
                required=True,
                fk="hostage_releases.release_id",
            ),
            Column("person_id", "string", "The person.", required=True, fk="persons.person_id"),
        ),
        ("release_id", "person_id"),
    ),
    Table(
        "legal_actions",
        "Legal actions",
        "Legal and judicial steps of the aftermath.",
        (
            Column("legal_action_id", "string", "Slug id.", required=True, pattern=SLUG),
            *_dates("the step"),
            Column("action_type", "string", "Kind of step.", required=True, enum="action_type"),
            Column(
                "actor",
                "string",
                "Organisation taking the step.",
                fk="organisations.organisation_id",
            ),
            Column(
                "target",
                "string",
                "Organisation the step is directed against.",
                fk="organisations.organisation_id",
            ),
            Column("target_description", "string", "Who the step is directed against, in words."),
            Column(
                "forum",
                "string",
                "Court, office or commission where it is taken.",
                fk="organisations.organisation_id",
            ),
            Column("outcome", "string", "Result, where stated."),
            Column("description", "string", "The step in our words.", required=True),
        ),
        ("legal_action_id",),
        evidenced=True,
        sheet=Sheet((Nested("parties", "legal_action_parties", PARTY_KEYS, "party"),)),
    ),
    Table(
        "legal_action_parties",
        "Legal action parties",
        "Persons and organisations involved in legal steps, with their part.",
        (
            Column(
                "legal_action_id",
                "string",
                "The step.",
                required=True,
                fk="legal_actions.legal_action_id",
            ),
            *_named("party", "involved (one of person_id, organisation_id)"),
            Column(
                "party_key",
                "string",
                "person_id or organisation_id, for the key.",
                required=True,
                derived=True,
            ),
        ),
        ("legal_action_id", "party_key", "party_role"),
    ),
    Table(
        "discrepancies",
        "Discrepancies",
        "One source's side of a disagreement between or within the sources.",
        (
            Column(
                "discrepancy_id",
                "string",
                "Topic id, then source id and a number.",
                required=True,
                pattern=DOTTED,
            ),
            Column(
                "topic_id",
                "string",
                "Groups the sides of one disagreement.",
                required=True,
                pattern=SLUG,
            ),
            Column("topic", "string", "What is disputed.", required=True),
            Column(
                "source_id", "string", "Source of this side.", required=True, fk="sources.source_id"
            ),
            Column("value", "string", "This side's value.", required=True),
            Column(
                "evidence_id",
                "string",
                "The quote for this side.",
                required=True,
                fk="evidence.evidence_id",
            ),
            Column("reconciled_value", "string", "Value chosen across sides, if any."),
            Column(
                "rule",
                "string",
                "How the reconciled value was chosen (or why none was).",
                editorial=True,
            ),
        ),
        ("discrepancy_id",),
        sheet=Sheet(
            (Nested("sides", "discrepancies", QUOTE_PLACE | {"value"}),),
            columns=("topic", "reconciled_value", "rule"),
            key="topic_id",
        ),
    ),
    Table(
        "evidence",
        "Evidence",
        "Every (record, field, source) claim with its verbatim quote and character offsets: "
        "raw_text[char_start:char_end] == quote.",
        (
            Column(
                "evidence_id",
                "string",
                "record_table.record_id.field.source_id.n",
                required=True,
                pattern=r"^[a-z0-9_.-]+$",
            ),
            Column("record_table", "string", "Table of the record.", required=True),
            Column("record_id", "string", "Primary key of the record.", required=True),
            Column("field", "string", "Column the quote supports.", required=True),
            Column("source_id", "string", "The article.", required=True, fk="sources.source_id"),
            Column("value", "string", "This source's value for the field."),
            Column(
                "char_start",
                "integer",
                "0-based start offset in the UTF-8-decoded raw text.",
                required=True,
                minimum=0,
            ),
            Column("char_end", "integer", "End offset, exclusive.", required=True, minimum=1),
            Column("quote", "string", "raw_text[char_start:char_end], verbatim.", required=True),
            Column(
                "passage_id",
                "string",
                "The most specific passage where the quote starts: its sentence, else its "
                "paragraph or section heading.",
                fk="passages.passage_id",
            ),
        ),
        ("evidence_id",),
    ),
)

BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
# The coding sheets, in the order the build reads them (the tables' order).
SHEETS: dict[str, Sheet] = {t.name: t.sheet for t in TABLES if t.sheet}
# The nested lists of the sheets (schema.Sheet), by what their items are, each -> (the table
# its items fill, that table's column holding the record's id, the column an item fills).
# Parties: a person or an organisation with a role (the column: prefix of <prefix>_role/_key).
PARTY_LISTS = {
    n.key: (n.table, BY_NAME[name].primary_key[0], n.prefix)
    for name, sheet in SHEETS.items()
    for n in sheet.nested
    if n.prefix
}
# Ids of rows of another table (e.g. the persons released).
ID_LISTS = {
    n.key: (n.table, BY_NAME[name].primary_key[0], other)
    for name, sheet in SHEETS.items()
    for n in sheet.nested
    if not n.fields
    for other in BY_NAME[n.table].column_names
    if other != BY_NAME[name].primary_key[0]
}
# Forms quoted from a source, one row per (form, source) (e.g. a person's name forms); the
# record's own table gets the quote as evidence for that field. Not the sides of a
# discrepancy, which fill the sheet's own table.
QUOTED_LISTS = {
    n.key: (n.table, BY_NAME[name].primary_key[0], field)
    for name, sheet in SHEETS.items()
    for n in sheet.nested
    if n.table != name and n.fields > QUOTE_PLACE
    for field in n.fields - QUOTE_PLACE
}
# Values `evidence.record_table` may name: every table that records can be cited from.
RECORD_TABLES = tuple(t.name for t in TABLES if t.name not in ("evidence",))


def enum_values(table: Table, column: Column) -> tuple[str, ...] | None:
    """The values a column may hold: its vocabulary, or the tables evidence can cite."""
    if column.enum:
        return VOCAB[column.enum]
    if table.name == "evidence" and column.name == "record_table":
        return RECORD_TABLES
    return None
