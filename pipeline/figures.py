"""Figures for the README: the database's views -> figures/*.png and figures/README.md.

Inputs: the database under a package root (views `hostages_held_daily` and `timeline`) and
the sources' labels from raw/manifest.yaml (for the figures' notes).
Outputs: root/figures/, in the build's staging folder (`publish` swaps it in). The PNGs are
deterministic: Agg renderer, matplotlib's default style, fixed size, no date or software
metadata. matplotlib is imported here only, so `query` never pays for it.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Callable
from pathlib import Path

import duckdb

from pipeline.config import FIGURES_DIR, PACKAGE_NAME
from pipeline.database import connect_read_only

DPI = 100
VIEW_HELD = "hostages_held_daily"
SOURCE_NOTE = f"Data: {PACKAGE_NAME}, view {{view}}. Sources: {{sources}}."


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def hostages_held(con: duckdb.DuckDBPyConnection, figure, sources: str) -> None:
    """The daily low/high band; hatched upward where the sources set no upper bound."""
    rows = _rows(con, f"SELECT date, held_low, held_high, releases FROM {VIEW_HELD}")
    ax = figure.subplots()
    if not rows:
        ax.text(0.5, 0.5, "no seizure and rescue dates in the tables", ha="center")
        return
    days = [r["date"] for r in rows]
    lows = [r["held_low"] for r in rows]
    bounded = [r["held_high"] for r in rows if r["held_high"] is not None]
    top = max([*lows, *bounded, 1]) * 1.15
    highs = [top if r["held_high"] is None else r["held_high"] for r in rows]
    open_top = [r["held_high"] is None for r in rows]
    ax.fill_between(
        days, lows, highs, step="post", color="tab:blue", alpha=0.25, linewidth=0,
        label="range the sources allow",
    )  # fmt: skip
    ax.fill_between(
        days, lows, highs, where=open_top, step="post", facecolor="none", hatch="//",
        edgecolor="tab:blue", linewidth=0, label="no upper bound stated",
    )  # fmt: skip
    ax.step(days, lows, where="post", color="tab:blue", label="fewest held (lower bound)")
    closed = [math.nan if o else h for h, o in zip(highs, open_top, strict=True)]
    ax.step(days, closed, where="post", color="tab:red", label="most held (upper bound)")
    ax.plot(days, closed, "o", color="tab:red", markersize=3)
    last = rows[-1]
    low, high = last["held_low"], last["held_high"]
    stated = f"{low}" if low == high else f"{low} to {high or 'no upper bound'}"
    ax.annotate(
        f"{last['date']:%d %B %Y}: {stated} held", (days[-1], low),
        xytext=(-10, 12), textcoords="offset points", ha="right", fontsize="small",
        bbox={"facecolor": "white", "edgecolor": "none"},
    )  # fmt: skip
    for r in rows:
        if r["releases"]:
            ax.axvline(r["date"], color="grey", linewidth=0.6, linestyle=":")
    ax.set_ylim(0, top)
    ax.set_xlim(days[0], days[-1] + dt.timedelta(days=1))
    ax.set_ylabel("hostages held at the end of the day")
    ax.set_title(f"Hostages held, {days[0]:%d %B %Y} to {days[-1]:%d %B %Y}")
    ax.legend(loc="upper right", fontsize="small")
    ax.grid(axis="y", alpha=0.3)
    note = "Dotted lines: releases dated to the day. " + SOURCE_NOTE.format(
        view=VIEW_HELD, sources=sources
    )
    figure.supxlabel(note, fontsize="x-small", color="grey")
    figure.autofmt_xdate()


def _lanes(ax, rows: list[dict], colour: str) -> None:
    """One lane per type: a dot for a dated day, a bar across a month or year.

    All dots are one line and each lane's bars one collection: an artist per record would
    cost time and memory per record, so a large corpus would draw slowly.
    """
    types = sorted({r["type"] for r in rows})
    lane = {t: y for y, t in enumerate(types)}
    dots = [(r["date_start"], lane[r["type"]]) for r in rows if r["date_start"] == r["date_end"]]
    if dots:
        xs, ys = zip(*dots, strict=True)
        ax.plot(xs, ys, "o", linestyle="none", color=colour, markersize=5)
    bars: dict[int, list[tuple[dt.date, dt.timedelta]]] = {}
    for r in rows:
        if r["date_start"] != r["date_end"]:
            span = r["date_end"] - r["date_start"] + dt.timedelta(days=1)
            bars.setdefault(lane[r["type"]], []).append((r["date_start"], span))
    for y, spans in bars.items():
        drawn = ax.broken_barh(spans, (y - 0.2, 0.4), facecolor=colour, alpha=0.5, linewidth=0)
        # as `barh` does: the axis starts at the earliest bar, with no margin before it
        drawn.sticky_edges.x.extend(ax.convert_xunits([start for start, _ in spans]))
    ax.set_yticks(range(len(types)), [t.replace("_", " ") for t in types], fontsize="small")
    ax.set_ylim(len(types) - 0.3, -0.7)  # first type at the top
    ax.grid(axis="x", alpha=0.3)


def timeline(con: duckdb.DuckDBPyConnection, figure, sources: str) -> None:
    """The crisis (seizure to rescue) beside everything before and after it, each to scale."""
    rows = _rows(
        con, "SELECT kind, type, date_start, date_end FROM timeline WHERE date_start IS NOT NULL"
    )
    undated = con.execute("SELECT count(*) FROM timeline WHERE date_start IS NULL").fetchone()[0]
    first, last = con.execute(f"SELECT min(date), max(date) FROM {VIEW_HELD}").fetchone()
    inside = [bool(first) and r["date_end"] >= first and r["date_start"] <= last for r in rows]
    during = [r for r, i in zip(rows, inside, strict=True) if i]
    outside = [r for r, i in zip(rows, inside, strict=True) if not i]  # no list scan per row
    axes = figure.subplots(1, 2, width_ratios=[3, 2])
    panels = (
        (axes[0], during, "tab:blue", "During the crisis"),
        (axes[1], outside, "tab:purple", "Before and after the crisis"),
    )
    for ax, items, colour, title in panels:
        ax.set_title(f"{title} (dated records: {len(items)})", fontsize="medium")
        if items:
            _lanes(ax, items, colour)
        else:
            ax.text(0.5, 0.5, "none", ha="center", transform=ax.transAxes)
        for label in ax.get_xticklabels():
            label.set_rotation(30)
            label.set_horizontalalignment("right")
    if first:
        axes[0].set_xlim(first - dt.timedelta(days=3), last + dt.timedelta(days=3))
    note = (
        f"Dots: dated to the day; bars: month or year precision; undated records not shown: "
        f"{undated}. " + SOURCE_NOTE.format(view="timeline", sources=sources)
    )
    figure.supxlabel(note, fontsize="x-small", color="grey")


# file name -> (drawing function, size in inches, caption for figures/README.md)
FIGURES: dict[str, tuple[Callable, tuple[float, float], str]] = {
    "hostages-held.png": (
        hostages_held,
        (10, 5),
        "the number of hostages held each day from the seizure to the rescue, as the band "
        "of values the stated counts and releases allow (view `hostages_held_daily`)",
    ),
    "timeline.png": (
        timeline,
        (12, 6),
        "every dated event, legal step and release, by type, for the crisis and for its "
        "legal aftermath (view `timeline`)",
    ),
}

README = (
    "Generated by the build (`make build`, module `pipeline/figures.py`) from the package's "
    "DuckDB views and committed so the top-level README can show them; do not edit them by "
    "hand. {captions}. The PNGs carry no dates or software metadata, so an unchanged package "
    "redraws them byte for byte."
)


def write_figures(root: Path, labels: list[str]) -> Path:
    """Draw every figure from root's database into root/figures (root: the build's stage),
    naming the sources by their `labels`."""
    import matplotlib.style
    from matplotlib.figure import Figure

    target = root / FIGURES_DIR
    target.mkdir(parents=True)
    captions = "; ".join(f"`{name}` shows {text}" for name, (_, _, text) in FIGURES.items())
    paragraph = textwrap.fill(README.format(captions=captions), width=92, break_on_hyphens=False)
    text = f"# {FIGURES_DIR}/\n\n{paragraph}\n"
    (target / "README.md").write_text(text, encoding="utf-8", newline="")
    with connect_read_only(root) as con, matplotlib.style.context("default"):
        for name, (draw, size, _) in FIGURES.items():
            figure = Figure(figsize=size, dpi=DPI, layout="constrained")
            draw(con, figure, ", ".join(labels))
            # no Software or date entries: the bytes depend on the data only
            figure.savefig(target / name, format="png", metadata={"Software": None})
    return target
