"""Frames for the rules across rows or tables: published CSVs -> frames named in rules.yaml.

The crisis-specific arithmetic (days since the seizure, hostages held over time, the raid's
balance of rescued and killed) that `expectations/rules.yaml` checks with Great Expectations.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.chunks import read_chunks, read_whole
from pipeline.crisis import START
from pipeline.schema import BY_NAME, TABLES


def derived_frames(root: Path) -> dict:
    """Frames for rules across rows or tables (named in rules.yaml), read from the CSVs."""
    import pandas as pd

    events = read_whole(root, BY_NAME["events"])
    day = events["date_precision"] == "day"
    events["days_since_start"] = pd.array(
        [(d - START).days if ok else None for d, ok in zip(events["date_start"], day, strict=True)],
        dtype="Int64",
    )
    per_record = ["record_table", "record_id"]
    counted = [
        typed.groupby(per_record).size()
        for _, typed in read_chunks(root, BY_NAME["evidence"], per_record)
    ]
    evidence = pd.concat(counted).groupby(level=[0, 1]).sum()
    core = [
        {
            "record_table": t.name,
            "record_id": rid,
            "evidence_rows": int(evidence.get((t.name, rid), 0)),
        }
        for t in TABLES
        if t.evidenced
        for _, keys in read_chunks(root, t, [t.primary_key[0]])
        for rid in keys[t.primary_key[0]]
    ]
    counts = read_whole(root, BY_NAME["event_counts"])
    counts = counts.merge(events[["event_id", "date_start"]], on="event_id", how="left")
    held = counts[counts["quantity"].isin(["hostages_taken", "hostages_held"])]
    series = (
        held.groupby("date_start")
        .agg(held_low=("count_low", "min"), held_high=("count_high", "max"), best=("count", "min"))
        .reset_index()
        .sort_values("date_start")
    )
    casualties = read_whole(root, BY_NAME["casualties"])
    raid = {
        "held_before_raid": _one(counts, "hostages_held", "exact", min),
        "rescued": _one(counts, "hostages_rescued", "exact", max),
        "hostages_killed": int(
            casualties.query('side == "hostage" and outcome == "killed" and event_id.notna()')[
                "count"
            ].sum()
        ),
    }
    raid["rescued_plus_killed"] = (
        None if raid["rescued"] is None else raid["rescued"] + raid["hostages_killed"]
    )
    return {
        "events_days": events,
        "core_records": pd.DataFrame(core, columns=["record_table", "record_id", "evidence_rows"]),
        "hostages_held_series": series,
        "raid_balance": pd.DataFrame([raid]).astype("Int64"),
    }


def _one(counts, quantity: str, qualifier: str, pick) -> int | None:
    rows = counts[(counts["quantity"] == quantity) & (counts["count_qualifier"] == qualifier)]
    values = [int(v) for v in rows["count"].dropna()]
    return pick(values) if values else None
