"""The crisis the package is about, as expectations/crisis.yaml declares it: day 0, the year of
each month of the crisis, and the period every date in the tables falls in."""

from __future__ import annotations

from datetime import date

from pipeline import lineyaml
from pipeline.config import SUITES
from pipeline.errors import UserError

DECLARATION = SUITES / "crisis.yaml"


def _declared() -> dict:
    try:
        body = lineyaml.safe_load(DECLARATION.read_text(encoding="utf-8"))
        declared = {
            "start": date.fromisoformat(body["start"]),
            "calendar": {int(m): int(y) for m, y in body["calendar"].items()},
            "period": tuple(date.fromisoformat(d).isoformat() for d in body["period"]),
        }
    except (OSError, lineyaml.Malformed, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise UserError(str(DECLARATION), f"cannot read: {exc}".splitlines()[0]) from exc
    if len(declared["period"]) != 2:
        raise UserError(str(DECLARATION), "period: expected [first day, last day]")
    return declared


_DECLARED = _declared()
START: date = _DECLARED["start"]  # day 0
CALENDAR: dict[int, int] = _DECLARED["calendar"]  # month -> its year in the crisis
PERIOD: tuple[str, str] = _DECLARED["period"]  # first and last day, ISO
