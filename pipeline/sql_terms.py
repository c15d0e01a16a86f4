"""The parts the views' SQL is made of: the `View` declaration, vocabulary terms, count bounds.

Inputs: the vocabularies and tables of `pipeline.schema`. Outputs: SQL fragments for
`pipeline.views` and `pipeline.crosswalks`. A literal that names a vocabulary value or a
table goes through `term` or `table_term`, so a renamed value fails at import, not silently
in a query.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.schema import RECORD_TABLES, VOCAB


@dataclass(frozen=True)
class View:
    name: str
    description: str
    columns: tuple[tuple[str, str], ...]  # (name, description), in the view's column order
    sql: str


def sql_value(value: str | int) -> str:
    return str(value) if isinstance(value, int) else "'" + value.replace("'", "''") + "'"


def term(vocabulary: str, value: str) -> str:
    """A vocabulary value as an SQL literal; fails at import if the vocabulary lost it."""
    if value not in VOCAB[vocabulary]:
        raise ValueError(f"{value!r} is not in vocabulary {vocabulary}")
    return f"'{value}'"


def table_term(name: str) -> str:
    """A table name as an SQL literal (as `evidence.record_table` holds it); checked likewise."""
    if name not in RECORD_TABLES:
        raise ValueError(f"{name!r} is not a table that evidence can cite")
    return f"'{name}'"


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
DAY, MONTH = term("date_precision", "day"), term("date_precision", "month")
YEAR, UNDATED = term("date_precision", "year"), term("date_precision", "unknown")
STATED, INFERRED = term("date_basis", "stated"), term("date_basis", "inferred")
UNKNOWN_BASIS = term("date_basis", "unknown")
EXACT = term("count_qualifier", "exact")
EVENTS, CASUALTIES = table_term("events"), table_term("casualties")  # as record_table holds them
