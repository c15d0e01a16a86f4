"""Stage 4: typed records + raw texts + passages -> table rows and located, grounded evidence.

Every quote is placed at its raw offsets, every number, date and time is checked against
its quotes (or a declared rule in `pipeline.grounding.RULES`), and every non-key cell of
an evidenced table must have at least one evidence row.
"""

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from pipeline import grounding
from pipeline.errors import UserError
from pipeline.locate import LocateError, Locator, fold
from pipeline.passages import PassageIndex
from pipeline.schema import BY_NAME, ID_LISTS, PARTY_LISTS, QUOTED_LISTS
from pipeline.sheets import Record
from pipeline.tablefiles import cell

Emit = Callable[[str, dict], None]  # (table, row): where a coded row goes
# Article characters whose words are indexed for locating quotes (`locate.Words`, some 12
# bytes a character: ~6 MB): all of a small corpus's, a bounded part of a big one's.
INDEXED_CHARS = 500_000
PLACED_KEPT = 4096  # placed quotes remembered at most, so memory does not grow with the coding


class Placed(NamedTuple):
    """A quote located in its article: raw offsets, the raw text between them, its passage."""

    source: str
    start: int
    end: int
    text: str
    passage: str | None


class Coder:
    """Turns records into rows, one record at a time, and hands each row to `emit`.

    Holds the per-article locators (each text is folded once) and nothing per record but
    the tally of rule remainder and at most PLACED_KEPT placed quotes, so its memory does
    not grow with the coding.
    """

    def __init__(self, texts: dict[str, str], passages: PassageIndex, emit: Emit) -> None:
        self.texts = texts
        self.locators: dict[str, Locator] = {}
        budget = INDEXED_CHARS  # the articles that fit are indexed, the others searched whole
        for sid, text in texts.items():
            indexed = len(text) <= budget
            budget -= len(text) if indexed else 0
            self.locators[sid] = Locator(text, indexed)
        self.passages = passages
        self.emit = emit
        self.remainders = grounding.Remainders()
        self.names: dict[str, set[str]] = {}  # person id -> its name forms, for member quotes
        self._numbering: dict[tuple[str, str, str, str], int] = {}  # of the current record
        # The quotes placed lately, by (source, quote, context, occurrence): records quote
        # the same passages again (a third of the real corpus's quotes are repeats).
        self._placed: dict[tuple[str, str, str | None, int | None], Placed] = {}

    def quote(self, record: Record, spec: dict) -> Placed:
        source = spec.get("source")
        if not isinstance(source, str) or source not in self.locators:  # ([cnn]: unhashable)
            raise _refuse(record, f"unknown source {source!r}", "source", spec)
        quote, context, occurrence = spec.get("quote"), spec.get("context"), spec.get("occurrence")
        if not isinstance(quote, str):
            raise _refuse(record, "every evidence entry needs a quote", entry=spec)
        if not (context is None or isinstance(context, str)):
            raise _refuse(record, f"context must be text, found {context!r}", entry=spec)
        if not (occurrence is None or (type(occurrence) is int and occurrence >= 1)):
            message = f"occurrence must be a whole number from 1, found {occurrence!r}"
            raise _refuse(record, message, entry=spec)
        key = (source, quote, context, occurrence)
        placed = self._placed.get(key)
        if placed is not None:
            return placed
        try:
            start, end = self.locators[source].locate(quote, context, occurrence)
        except LocateError as exc:
            raise _refuse(record, f"{source}: {exc}", "quote", spec) from None
        text = self.texts[source][start:end]
        placed = Placed(source, start, end, text, self.passages.at(source, start))
        if len(self._placed) >= PLACED_KEPT:
            self._placed.clear()
        self._placed[key] = placed
        return placed

    def add(self, table: str, rid: str, field: str, value: Any, placed: Placed) -> str:
        source, start, end, quote, passage = placed
        key = (table, rid, field, source)
        number = self._numbering[key] = self._numbering.get(key, 0) + 1
        eid = f"{table}.{rid}.{field}.{source}.{number}"
        self.emit(
            "evidence",
            {
                "evidence_id": eid,
                "record_table": table,
                "record_id": rid,
                "field": field,
                "source_id": source,
                "value": value if value.__class__ is str and value else cell(value),
                "char_start": start,
                "char_end": end,
                "quote": quote,
                "passage_id": passage,
            },
        )
        return eid

    def code(self, records: Iterable[Record]) -> None:
        """Code every record (evidence ids are numbered per record), then check remainders."""
        for record in records:
            self.code_record(record)
        self.remainders.check()

    def code_record(self, record: Record) -> None:
        """Emit one record's rows (its evidence rows as its quotes are located)."""
        self._numbering.clear()
        for table, row in self.rows(record):
            if table == "casualties":
                self.remainders.note(record, row)
            self.emit(table, row)

    def rows(self, record: Record) -> list[tuple[str, dict]]:
        if record.table == "discrepancies":
            return self.discrepancy_rows(record)
        row = dict(record.values)
        quotes: dict[str, list[str]] = {}
        covered: dict[str, set[str]] = {}  # nested list -> the members some quote supports
        key = BY_NAME[record.table].primary_key[0]
        for spec in record.evidence:
            fields = spec.get("field")
            fields = fields if isinstance(fields, list) else [fields]
            placed = self.quote(record, spec)
            for name in fields:
                named = isinstance(name, str)  # a mapping or a list names no field (unhashable)
                if named and name in record.nested and name not in QUOTED_LISTS:
                    members = self.members(record, name, spec, placed.text)
                    covered.setdefault(name, set()).update(_key(m) for m in members)
                    value = spec.get("value") or "; ".join(_member(m) for m in members)
                elif not named or name not in row or name == key:
                    raise _refuse(record, f"evidence for unknown field {name!r}", "field", spec)
                else:
                    value = spec["value"] if "value" in spec else row[name]
                    if value is None:
                        raise _refuse(record, f"a quote for empty field {name}", "field", spec)
                self.add(record.table, record.id, name, value, placed)
                quotes.setdefault(name, []).append(placed.text)
        derive_dates(record, row)
        ground(record, row, quotes)
        require_evidence(record, row, quotes)
        for name in (*PARTY_LISTS, *ID_LISTS):
            bare = [
                _key(m) for m in record.nested.get(name, []) if _key(m) not in covered.get(name, ())
            ]
            if bare:
                raise _refuse(record, f"no quote supports {name} {', '.join(bare)}", name)
        for key, (_, _, field) in QUOTED_LISTS.items():  # a person's name forms
            if key in record.nested:
                forms = [record.values.get("name")] + [a.get(field) for a in record.nested[key]]
                self.names[record.id] = {fold(f) for f in forms if isinstance(f, str)}
        out = [(record.table, row)]
        out += self.quoted_rows(record) + self.nested_rows(record)
        return out

    def members(self, record: Record, name: str, spec: dict, quote: str) -> list:
        """The members of a nested list that one quote supports: those named under `members:`,
        else all; a person so supported must be named in the quote by one of their name forms."""
        wanted = spec.get("members")
        items = record.nested[name]
        shared = sum(
            name in (e.get("field") if isinstance(e.get("field"), list) else [e.get("field")])
            for e in record.evidence
        )
        if wanted is None and shared > 1:
            raise _refuse(record, f"{shared} quotes support {name}: give each its members", name)
        if wanted is not None:
            if not isinstance(wanted, list) or set(wanted) - {_key(m) for m in items}:
                raise _refuse(
                    record, f"members {wanted!r} are not all in its {name}", "members", spec
                )
            items = [m for m in items if _key(m) in wanted]
        said = fold(quote)
        for item in items:
            person = item if isinstance(item, str) else item.get("person")
            forms = self.names.get(person or "", set())
            if person and forms and not any(f in said for f in forms):
                raise _refuse(
                    record, f"the quote for {name} does not name {person}: {quote!r}", "quote", spec
                )
        return items

    def quoted_rows(self, record: Record) -> list[tuple[str, dict]]:
        out = []
        for key, (table, parent, field) in QUOTED_LISTS.items():
            seen = set()  # a set: a person quoted by many sources is no list scan each
            for spec in record.nested.get(key, []):
                form = spec.get(field)
                placed = self.quote(record, spec)
                source = placed.source
                if not isinstance(form, str) or fold(form) not in fold(placed.text):
                    raise _refuse(record, f"{field} {form!r} is not in its quote", field, spec)
                self.add(record.table, record.id, field, form, placed)
                if (form, source) in seen:
                    continue  # the same form quoted twice: one row, two evidence rows
                seen.add((form, source))
                out.append((table, {parent: record.id, field: form, "source_id": source}))
        return out

    def nested_rows(self, record: Record) -> list[tuple[str, dict]]:
        out = []
        for key, (table, parent, prefix) in PARTY_LISTS.items():
            for item in record.nested.get(key, []):
                person, org = item.get("person"), item.get("organisation")
                if bool(person) == bool(org):
                    raise _refuse(record, f"{key}: give one of person, organisation", entry=item)
                out.append(
                    (
                        table,
                        {
                            parent: record.id,
                            "person_id": person,
                            "organisation_id": org,
                            f"{prefix}_role": item.get("role"),
                            f"{prefix}_key": person or org,
                        },
                    )
                )
        for key, (table, parent, column) in ID_LISTS.items():
            for item in record.nested.get(key, []):
                out.append((table, {parent: record.id, column: item}))
        return out

    def discrepancy_rows(self, record: Record) -> list[tuple[str, dict]]:
        out, count = [], {}
        for side in record.nested["sides"]:
            placed = self.quote(record, side)
            source, value = placed.source, side.get("value")
            if value is None or value == "":
                raise _refuse(record, "every side needs a value", "value", side)
            count[source] = count.get(source, 0) + 1
            did = f"{record.id}.{source}.{count[source]}"
            eid = self.add("discrepancies", did, "value", value, placed)
            row = {
                "discrepancy_id": did,
                "topic_id": record.id,
                "source_id": source,
                "value": cell(value),
                "evidence_id": eid,
            }
            row |= {k: record.values[k] for k in ("topic", "reconciled_value", "rule")}
            out.append(("discrepancies", row))
        if len(out) < 2:
            raise _refuse(record, "a discrepancy needs at least two sides", "sides")
        return out


def _key(item: dict | str) -> str:
    """A nested list entry's id (person or organisation)."""
    return item if isinstance(item, str) else str(item.get("person") or item.get("organisation"))


def _refuse(record: Record, message: str, field: str | None = None, entry: Any = None) -> UserError:
    """The error naming the record's sheet and id; the field (of `entry`, one of its evidence
    or list entries, if given) it is about places it for `check`."""
    return UserError(record.file, message, record.id, field=field, entry=entry)


def _member(item: dict | str) -> str:
    """A nested list entry (participant, party, released person) as evidence text."""
    if isinstance(item, str):
        return item
    who = item.get("person") or item.get("organisation")
    return f"{who} ({item['role']})" if item.get("role") else str(who)


def derive_dates(record: Record, row: dict) -> None:
    """Rules precision_bounds and day_of_crisis."""
    if "date_precision" not in row:
        return
    start, precision = row.get("date_start"), row.get("date_precision")
    if start is None and precision not in (None, "unknown"):
        raise _refuse(record, f"date_precision {precision} needs a date_start", "date_precision")
    if start is not None and precision in (None, "unknown"):
        raise _refuse(record, "date_start needs date_precision day, month or year", "date_start")
    row["date_precision"] = precision or "unknown"
    check_date_basis(record, row)
    if start is not None and row.get("date_end") is None and "date_end" in row:
        row["date_end"] = grounding.date_end(start, precision)
    if record.table == "events":
        row["day_of_crisis"] = grounding.day_of_crisis(start) if precision == "day" else None


def check_date_basis(record: Record, row: dict) -> None:
    """A dated record says whether a quote dates it (stated) or places it (inferred, anchored)."""
    basis, anchor = row.get("date_basis"), row.get("date_anchor")
    if row["date_precision"] == "unknown":
        if basis not in (None, "unknown") or anchor is not None:
            raise _refuse(record, "an undated record has date_basis unknown", "date_basis")
        row["date_basis"] = "unknown"
        return
    if basis not in ("stated", "inferred"):
        raise _refuse(record, "a dated record needs date_basis stated or inferred", "date_basis")
    if (basis == "inferred") != (anchor is not None):
        raise _refuse(
            record, "date_anchor is given exactly when date_basis is inferred", "date_anchor"
        )
    if anchor == record.id:
        raise _refuse(record, "a record cannot be dated against itself", "date_anchor")


def ground(record: Record, row: dict, quotes: dict[str, list[str]]) -> None:
    """Every number, date and time must be stated by its quotes or declared as derived."""
    every_quote = " ".join(q for qs in quotes.values() for q in qs) if record.derived else ""
    for name, expression in record.derived.items():
        remainder = grounding.REMAINDER.fullmatch(str(expression))
        if remainder:  # rule remainder: the total is checked here, the named rows in `code`
            total = int(remainder.group(1))
            if total not in grounding.numbers_in(every_quote):
                raise _refuse(
                    record, f"derived {name}: total {total} is not in the quotes", "derived"
                )
            continue
        try:
            result, used = grounding.evaluate(str(expression))
        except (ValueError, SyntaxError, ZeroDivisionError) as exc:
            raise _refuse(record, f"derived {name}: {exc}", "derived") from None
        missing = used - grounding.numbers_in(every_quote)
        if missing or result != row.get(name):
            why = f"uses {sorted(missing)} not in the quotes" if missing else f"gives {result}"
            raise _refuse(
                record,
                f"derived {name} = {expression} {why}, record says {row.get(name)}",
                "derived",
            )
    if row.get("time_qualifier") is not None and row.get("time_local") is None:
        raise _refuse(record, "time_qualifier needs a time_local", "time_qualifier")
    if record.date_rule is not None and record.date_rule not in grounding.DATE_RULES:
        raise _refuse(record, f"unknown date_rule {record.date_rule!r}", "date_rule")
    precision = row.get("date_precision")
    for column in _GROUNDED[record.table]:
        value = row.get(column.name)
        if value is None or column.name in record.derived:
            continue
        said = quotes.get(column.name, [])
        if column.type == "integer" and not grounding.number_grounded(
            column.name, value, said, row
        ):
            raise _refuse(
                record, f"{column.name} = {value} is not stated in its quotes {said!r}", column.name
            )
        if column.type == "date" and not grounding.date_grounded(
            value, precision or "day", said, record.date_rule
        ):
            raise _refuse(
                record,
                f"{column.name} = {value} ({precision}) is not stated "
                f"in its quotes {said!r} (date_rule: {record.date_rule})",
                column.name,
            )
        if column.type == "time" and value.isoformat() not in grounding.times_in(" ".join(said)):
            raise _refuse(
                record, f"{column.name} = {value} is not stated in its quotes {said!r}", column.name
            )
        if column.type == "time":
            worded = grounding.time_qualifier(value, said)
            if row.get("time_qualifier") != worded:
                raise _refuse(
                    record,
                    f"time_qualifier must be {worded}: its quotes word the time {said!r}",
                    "time_qualifier",
                )


# Per table: the columns whose values `ground` checks (numbers, dates, times not derived),
# and those whose every value needs a quote (of an evidenced table: not its key, not derived,
# not our own comment).
_GROUNDED = {
    t.name: [c for c in t.columns if c.type in ("integer", "date", "time") and not c.derived]
    for t in BY_NAME.values()
}
_QUOTED = {
    t.name: [
        c.name
        for c in t.columns
        if t.evidenced and c.name != t.primary_key[0] and not (c.derived or c.editorial)
    ]
    for t in BY_NAME.values()
}


def require_evidence(record: Record, row: dict, quotes: dict[str, list[str]]) -> None:
    """Every non-key cell needs a quote; a false flag (nothing alleged) cannot be quoted."""
    bare = [
        name
        for name in _QUOTED[record.table]
        if row.get(name) not in (None, False) and name not in quotes and name not in record.derived
    ]
    if bare:
        raise _refuse(record, f"no quote supports {', '.join(bare)}", field=bare[0])
