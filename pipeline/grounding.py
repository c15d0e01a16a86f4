"""Grounding rules: which numbers, dates and times a set of quotes supports, and derived values.

A value in a record must be recoverable from its quotes, or come from one of the declared
rules in `RULES`; anything else is rejected by the build.
"""

from __future__ import annotations

import operator
import re
from datetime import date, time, timedelta
from typing import TYPE_CHECKING

from pipeline import crisis
from pipeline.errors import UserError

if TYPE_CHECKING:
    from pipeline.sheets import Record

RULES: dict[str, str] = {
    "crisis_calendar": "A day or month of the crisis with no year takes the year that "
    "expectations/crisis.yaml declares for its month (December 1996, January to April 1997).",
    "context_year": "The year is stated in another quote given for the same field.",
    "precision_bounds": "date_end is the last day of date_start's day, month or year.",
    "day_of_crisis": "Days since the crisis's start in expectations/crisis.yaml (day 0), for "
    "events dated to the day; a source's Chronology numbers days the same way.",
    "named_person": "A casualty row naming a person counts 1.",
    "remainder": "A casualty group declared 'remainder of N' holds the stated total N minus the "
    "named casualties of the same side and outcome.",
    "more_than": "'more than N' allows N + 1 as the lowest count.",
    "time_qualifier": "A time is approximate when the quote stating it hedges it ('around', "
    "'about', 'approximately'), else exact.",
    "arithmetic": "A declared expression (+ - * // /) over numbers that occur in the record's "
    "quotes, e.g. '72 - 1'.",
}

REMAINDER = re.compile(r"remainder of (\d+)")  # declared as derived: {count: "remainder of 14"}
DATE_RULES = ("crisis_calendar", "context_year")  # the rules a record may name in date_rule
# English, the articles' language (`calendar.month_name` follows the locale, and costs `check`
# the import of `calendar`).
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTHS = {m.lower(): i for i, m in enumerate(MONTH_NAMES, 1)}
UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WORDS = {w: i for i, w in enumerate(UNITS)} | {w: 20 + 10 * i for i, w in enumerate(TENS)}
WORDS |= {"a hundred": 100, "hundred": 100, "a dozen": 12, "dozen": 12, "single": 1}

_MONTH = "(" + "|".join(MONTH_NAMES) + ")"
DATE_PATTERNS = (  # (regex, group names in order) — the most specific first
    (re.compile(rf"\b(\d{{1,2}}) {_MONTH},? (\d{{4}})\b"), ("d", "m", "y")),
    (re.compile(rf"\b{_MONTH} (\d{{1,2}}),? (\d{{4}})\b"), ("m", "d", "y")),
    (re.compile(rf"\b(\d{{1,2}}) {_MONTH}\b"), ("d", "m")),
    (re.compile(rf"\b{_MONTH} (\d{{1,2}})\b(?!:)"), ("m", "d")),
    (re.compile(rf"\b{_MONTH},? (\d{{4}})\b"), ("m", "y")),
    (re.compile(rf"\b{_MONTH}\b"), ("m",)),
    (re.compile(r"\b(1[89]\d\d|20\d\d)\b"), ("y",)),
)
TIME = re.compile(r"\b(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?\s?m\b)?", re.IGNORECASE)
NUMBER = re.compile(r"(?<![\d:])\d{1,3}(?:,\d{3})+(?!\d)|(?<![\d:])\d+(?![\d:])")


# A number word, with its unit after a hyphen ('twenty-five'). A lookahead, so that every
# word is found wherever it starts, also inside another ('five' in 'twenty-five' too).
NUMBER_WORD = re.compile(
    rf"(?=\b({'|'.join(map(re.escape, WORDS))})(?:-({'|'.join(UNITS[1:10])}))?\b)"
)


def numbers_in(text: str) -> set[int]:
    """Digits and number words ('fourteen', 'twenty-five', 'a dozen') found in `text`."""
    found = {int(n.replace(",", "")) for n in NUMBER.findall(text)}
    for word, unit in NUMBER_WORD.findall(text.lower()):
        found.add(WORDS[word] + (WORDS[unit] if unit else 0))
    return found


def date_parts(text: str) -> list[dict[str, int]]:
    """Every date phrase in `text` as {'y','m','d'} parts (missing parts absent)."""
    parts, taken = [], []
    for pattern, names in DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(a <= match.start() < b for a, b in taken):
                continue
            taken.append(match.span())
            values = {}
            for name, raw in zip(names, match.groups(), strict=True):
                values[name] = MONTHS[raw.lower()] if name == "m" else int(raw)
            parts.append(values)
    return parts


def times_in(text: str) -> set[str]:
    """Clock times in `text`, as HH:MM:SS ('3:20 p.m.' -> '15:20:00')."""
    found = set()
    for h, m, s, half in TIME.findall(text):
        hour = int(h) % 12 + (12 if half.lower() == "p" else 0) if half else int(h)
        found.add(f"{hour:02d}:{int(m):02d}:{int(s or 0):02d}")
    return found


# Words before a clock time that make it approximate ("at around 8:20 pm").
TIME_HEDGE = re.compile(
    r"\b(around|about|approximately|roughly|some|nearly|circa|shortly (before|after))\s+(at\s+)?$",
    re.IGNORECASE,
)


def time_qualifier(value: time, quotes: list[str]) -> str:
    """Rule time_qualifier: 'approximate' if a hedge precedes the time in a quote stating it."""
    for quote in quotes:
        for match in TIME.finditer(quote):
            if value.isoformat() in times_in(match.group(0)) and TIME_HEDGE.search(
                quote[: match.start()]
            ):
                return "approximate"
    return "exact"


def crisis_year(month: int) -> int | None:
    """Rule crisis_calendar: the year of a month of the crisis (None outside the crisis)."""
    return crisis.CALENDAR.get(month)


def date_end(start: date, precision: str) -> date:
    """Rule precision_bounds."""
    if precision == "year":
        return date(start.year, 12, 31)
    if precision == "month":  # the day before the first of the next month
        return date(start.year + start.month // 12, start.month % 12 + 1, 1) - timedelta(days=1)
    return start


def day_of_crisis(day: date) -> int:
    """Rule day_of_crisis."""
    return (day - crisis.START).days


def date_grounded(value: date, precision: str, quotes: list[str], rule: str | None) -> bool:
    """Is `value` (a date_start or date_end at `precision`) stated by the quotes?"""
    parts = [p for q in quotes for p in date_parts(q)]
    years = {p["y"] for p in parts if "y" in p}
    if precision == "year":
        return value.year in years
    for p in parts:
        if p.get("m") != value.month or (precision == "day" and p.get("d") != value.day):
            continue
        year = p.get("y")
        if year is None and rule == "crisis_calendar":
            year = crisis_year(value.month)
        if year is None and rule == "context_year" and value.year in years:
            year = value.year
        if year == value.year:
            return True
    return False


DERIVATION_LIMIT = 200  # characters: a rule's arithmetic is a few terms, never thousands


def evaluate(expression: str) -> tuple[float, set[int]]:
    """Rule arithmetic: the value of `expression` and the numbers it uses (nothing else runs)."""
    if len(expression) > DERIVATION_LIMIT:
        raise ValueError(
            f"expression of {len(expression)} characters; a derivation has at most "
            f"{DERIVATION_LIMIT}"
        )
    import ast  # here, not at the top: few records declare arithmetic, and `check` starts faster

    operators = {
        ast.Add: operator.add,
        ast.Sub: operator.sub,
        ast.Mult: operator.mul,
        ast.FloorDiv: operator.floordiv,
        ast.Div: operator.truediv,
    }

    def walk(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.BinOp) and type(node.op) in operators:
            return operators[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.Constant) and type(node.value) is int:
            used.add(node.value)
            return node.value
        raise ValueError(f"not allowed in a derivation: {ast.dump(node)[:40]}")

    used: set[int] = set()
    return walk(ast.parse(expression, mode="eval")), used


def number_grounded(name: str, value: int, said: list[str], row: dict) -> bool:
    """Is the number stated by its quotes, or given by rule named_person or more_than?"""
    stated = numbers_in(" ".join(said))
    if value in stated:
        return True
    if name == "count" and row.get("person_id") and value == 1:  # rule named_person
        return True
    more_than = row.get("count_qualifier") == "more_than"  # rule more_than
    return name == "count_low" and more_than and value - 1 in stated


class Remainders:
    """Rule remainder: a group row holds the stated total minus the named rows and the
    numbered subgroups beside it."""

    def __init__(self) -> None:
        self.others: dict[tuple, int] = {}  # named persons and numbered subgroups
        self.groups: list[tuple[Record, dict, int]] = []  # (record, its row, stated total)

    def note(self, record: Record, row: dict) -> None:
        match = REMAINDER.fullmatch(str(record.derived.get("count", "")))
        if match:
            self.groups.append((record, row, int(match.group(1))))
        else:
            key = (row["side"], row["outcome"])
            self.others[key] = self.others.get(key, 0) + (row["count"] or 0)

    def check(self) -> None:
        for record, row, total in self.groups:
            others = self.others.get((row["side"], row["outcome"]), 0)
            if row["count"] != total - others:
                raise UserError(
                    record.file,
                    f"count {row['count']} is not the remainder of "
                    f"{total} after {others} named or numbered casualties",
                    record.id,
                    field="count",
                )
