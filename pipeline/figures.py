"""Figures for the README: the database's views -> figures/*.png and figures/README.md.

Inputs: the database under a package root (views `hostages_held_daily` and `timeline`) and
the sources' labels from raw/manifest.yaml (for the figures' notes).
Outputs: root/figures/, in the build's staging folder (`publish` swaps it in). The PNGs are
deterministic: Agg renderer, matplotlib's default style, fixed size, no date or software
metadata. matplotlib is imported here only, so `query` never pays for it.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import duckdb
import matplotlib.dates
import matplotlib.lines
import matplotlib.ticker

from pipeline.config import FIGURES_DIR, PACKAGE_NAME
from pipeline.database import connect_read_only

DPI = 100
VIEW_HELD = "hostages_held_daily"
SOURCE_NOTE = f"Data: {PACKAGE_NAME}, view {{view}}. Sources: {{sources}}."


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


# Counts drawn as points on the hostages-held figure, and how each reads beside its point.
HELD_QUANTITIES = {
    "hostages_taken": "taken",
    "hostages_held": "held",
    "hostages_rescued": "rescued",
    "hostages_released": "released",
}
OPEN_ABOVE = ("more_than", "at_least")
RELEASE_COLOUR = "#a63603"  # drawn as an upward triangle: the number or more
FIRST_WEEKS = 15  # days shown day by day in the left panel of hostages-held.png
LABEL_CHARS = 44  # of a quote beside its point
HELD_SQL = f"""
SELECT c.count_id, c.quantity, c.count, c.count_qualifier, e.date_start, e.date_precision,
       q.source_id, q.quote
FROM event_counts c
JOIN events e ON e.event_id = c.event_id
LEFT JOIN (
    SELECT record_id, first(source_id ORDER BY length(quote), evidence_id) AS source_id,
           first(quote ORDER BY length(quote), evidence_id) AS quote
    FROM evidence WHERE record_table = 'event_counts' AND field = 'count'
    GROUP BY record_id
) q ON q.record_id = c.count_id
WHERE c.quantity IN ({", ".join(f"'{q}'" for q in HELD_QUANTITIES)}) AND c.count IS NOT NULL
ORDER BY e.date_start NULLS LAST, c.count_id
"""


def _short(text: str, width: int = LABEL_CHARS) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _label_points(ax, items: list, top: float, right_to_left: bool) -> None:
    """Each point's quote beside it, nudged apart vertically so no two labels overlap."""
    gap, placed = top * 0.06, []
    for y, x, c in sorted(items, key=lambda item: (item[0], item[1])):
        ty = max(y + gap * 0.6, placed[-1] + gap) if placed else y + gap * 0.6
        placed.append(ty)
        colour = RELEASE_COLOUR if c["quantity"] == "hostages_released" else "#000000"
        words = f"“{_short(c['quote'])}” ({c['source_id']})" if c["quote"] else str(c["count"])
        shift = dt.timedelta(days=-2 if right_to_left else 1)
        ax.annotate(
            words, (x, y), xytext=(x + shift, ty), textcoords="data", fontsize="small",
            color=colour, va="center", ha="right" if right_to_left else "left",
            arrowprops={"arrowstyle": "-", "color": colour, "linewidth": 0.8},
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1},
        )  # fmt: skip


def hostages_held(con: duckdb.DuckDBPyConnection, figure, sources: str) -> None:
    """Every stated count and release as a labelled point, over the band the sources allow.

    Left: the first weeks, day by day, where all the releases fall; right: the whole crisis.
    """
    rows = _rows(con, f"SELECT date, held_low, held_high FROM {VIEW_HELD}")
    if not rows:
        figure.subplots().text(0.5, 0.5, "no seizure and rescue dates in the tables", ha="center")
        return
    counts = _rows(con, HELD_SQL)
    dated = [c for c in counts if c["date_precision"] == "day"]
    days = [r["date"] for r in rows]
    lows = [r["held_low"] for r in rows]
    top = max([*lows, *(c["count"] for c in dated), 1]) * 1.2
    highs = [top if r["held_high"] is None else r["held_high"] for r in rows]
    after = days[-1] + dt.timedelta(days=1)
    left, right = figure.subplots(1, 2, sharey=True)
    early_end = min(days[0] + dt.timedelta(days=FIRST_WEEKS), after)
    for ax in (left, right):
        ax.fill_between(
            [*days, after], [*lows, lows[-1]], [*highs, highs[-1]], step="post",
            color="#c6dbef", linewidth=0, label="not ruled out by the sources",
        )  # fmt: skip
        ax.step([*days, after], [*lows, lows[-1]], where="post", color="#08519c", linewidth=2,
                label="fewest held the sources allow")  # fmt: skip
        ax.grid(axis="y", color="#bbbbbb", linewidth=0.6)
        ax.set_ylim(0, top)
    bounded = [(d, h) for d, h, r in zip(days, highs, rows, strict=True) if r["held_high"]]
    if bounded:
        xs, ys = zip(*bounded, strict=True)
        for ax in (left, right):
            ax.plot(xs, ys, "_", color="#a50f15", markersize=14, markeredgewidth=2.5,
                    label="most held the sources allow")  # fmt: skip
    lows_by_day = dict(zip(days, lows, strict=True))
    labels: dict[object, list[tuple[float, dt.datetime, dict]]] = {left: [], right: []}
    for c in dated:
        ax = left if c["date_start"] < early_end else right
        x = dt.datetime.combine(c["date_start"], dt.time(12))
        # a release sits where it takes the line: the fewest held at the end of its day
        released = c["quantity"] == "hostages_released"
        y = lows_by_day.get(c["date_start"], 0) if released else c["count"]
        marker = "^" if c["count_qualifier"] in OPEN_ABOVE else "o"
        colour = RELEASE_COLOUR if released else "#000000"
        ax.plot([x], [y], marker, color=colour, markersize=8, zorder=3)
        labels[ax].append((y, x, c))
    for ax, items in labels.items():
        _label_points(ax, items, top, right_to_left=ax is right)
    left.set_xlim(days[0] - dt.timedelta(days=1), early_end)
    right.set_xlim(days[0] - dt.timedelta(days=3), after + dt.timedelta(days=3))
    right.axvspan(days[0], early_end, color="#eeeeee", zorder=0, label="the days of the left panel")
    left.xaxis.set_major_locator(matplotlib.dates.DayLocator(interval=2))
    left.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%d %b"))
    right.xaxis.set_major_locator(matplotlib.dates.MonthLocator())
    right.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%b %Y"))
    left.set_title(f"The first {FIRST_WEEKS} days, day by day", fontsize="medium")
    right.set_title(f"The whole crisis, {days[0]:%d %B %Y} to {days[-1]:%d %B %Y}",
                    fontsize="medium")  # fmt: skip
    left.set_ylabel("hostages held at the end of the day")
    handles = [
        matplotlib.lines.Line2D([], [], marker="^", linestyle="none", color="black",
                                label="a stated count: 'more than' (triangle) or exact (dot)"),
        matplotlib.lines.Line2D([], [], marker="o", linestyle="none", color=RELEASE_COLOUR,
                                label="a release, on the line where it takes the count"),
    ]  # fmt: skip
    own, _ = right.get_legend_handles_labels()
    right.legend(handles=own + handles, loc="upper right", fontsize="small", framealpha=0.95)
    undated = len(counts) - len(dated)
    figure.suptitle("Hostages held: what the sources state, and the range it allows")
    note = f"Counts and releases without a day date not drawn: {undated}. " + SOURCE_NOTE.format(
        view=f"{VIEW_HELD} and event_counts", sources=sources
    )
    figure.supxlabel(note, fontsize="x-small", color="#444444")
    for ax in (left, right):
        for label in ax.get_xticklabels():
            label.set_rotation(30)
            label.set_horizontalalignment("right")


def _lanes(ax, rows: list[dict], colour: str, types: list[str]) -> None:
    """One lane per type: a dot for a day, a bar across a month or year, each to scale.

    A month is too short to see on a scale of decades, so it also gets a hollow diamond at
    its middle. Records with the same lane and dates are drawn once, with their count beside them.
    Each marker kind is one line and each lane's bars one collection: an artist per record
    would cost time and memory per record (34,000 artists for a corpus of 1,000 articles).
    """
    lane = {t: y for y, t in enumerate(types)}
    same = Counter((lane[r["type"]], r["date_start"], r["date_end"]) for r in rows)
    dots = [(s, y) for (y, s, e) in same if s == e]
    months = [(s + (e - s) / 2, y) for (y, s, e) in same if s != e and (e - s).days < 31]
    for points, style in ((dots, "o"), (months, "D")):
        if points:
            xs, ys = zip(*sorted(points), strict=True)
            face = colour if style == "o" else "white"
            ax.plot(xs, ys, style, linestyle="none", color=colour, markerfacecolor=face,
                    markersize=6 if style == "o" else 7, zorder=3)  # fmt: skip
    bars: dict[int, list[tuple[dt.date, dt.timedelta]]] = {}
    for y, start, end in sorted(same):
        if start != end:
            bars.setdefault(y, []).append((start, end - start + dt.timedelta(days=1)))
    for y, spans in bars.items():
        drawn = ax.broken_barh(spans, (y - 0.25, 0.5), facecolor=colour, edgecolor="white",
                               linewidth=0.8)  # fmt: skip
        # as `barh` does: the axis starts at the earliest bar, with no margin before it
        drawn.sticky_edges.x.extend(ax.convert_xunits([start for start, _ in spans]))
    for (y, start, _), n in sorted(same.items()):
        if n > 1:
            # above the bar or dot, on white, and drawn even at the panel's edge
            ax.annotate(f"\u00d7{n}", (start, y), xytext=(3, 8), textcoords="offset points",
                        fontsize="x-small", annotation_clip=False, zorder=4,
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})  # fmt: skip
    ax.set_yticks(range(len(types)), [t.replace("_", " ") for t in types], fontsize="small")
    ax.set_ylim(len(types) - 0.3, -0.7)  # first type at the top
    ax.grid(axis="x", color="#cccccc", linewidth=0.6)


def timeline(con: duckdb.DuckDBPyConnection, figure, sources: str) -> None:
    """The crisis (seizure to rescue) beside everything before and after it, each to scale,
    and the undated records counted by type."""
    rows = _rows(
        con, "SELECT kind, type, date_start, date_end FROM timeline WHERE date_start IS NOT NULL"
    )
    undated = _rows(
        con,
        "SELECT type, count(*) AS n FROM timeline WHERE date_start IS NULL "
        "GROUP BY type ORDER BY n DESC, type",
    )
    first, last = con.execute(f"SELECT min(date), max(date) FROM {VIEW_HELD}").fetchone()
    inside = [bool(first) and r["date_end"] >= first and r["date_start"] <= last for r in rows]
    during = [r for r, i in zip(rows, inside, strict=True) if i]
    outside = [r for r, i in zip(rows, inside, strict=True) if not i]  # no list scan per row
    axes = figure.subplots(1, 3, width_ratios=[3, 3, 2])
    panels = (
        (axes[0], during, "#08519c", "During the crisis"),
        (axes[1], outside, "#54278f", "Before and after the crisis"),
    )
    for ax, items, colour, title in panels:
        ax.set_title(f"{title} (dated records: {len(items)})", fontsize="medium")
        if items:
            _lanes(ax, items, colour, sorted({r["type"] for r in items}))
        else:
            ax.text(0.5, 0.5, "none", ha="center", transform=ax.transAxes)
        for label in ax.get_xticklabels():
            label.set_rotation(30)
            label.set_horizontalalignment("right")
    if first:
        axes[0].set_xlim(first - dt.timedelta(days=3), last + dt.timedelta(days=3))
        axes[1].axvspan(first, last, color="#fdd0a2", zorder=0)
        axes[1].annotate("the crisis", (last, 1.0), xycoords=("data", "axes fraction"),
                         xytext=(3, -4), textcoords="offset points", ha="left", va="top",
                         rotation=90, fontsize="small", color="#7f2704")  # fmt: skip
        axes[0].xaxis.set_major_locator(matplotlib.dates.MonthLocator())
        axes[0].xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%d %b %Y"))
    total = sum(u["n"] for u in undated)
    ax = axes[2]
    ax.set_title(f"Undated records (not drawn): {total}", fontsize="medium")
    if undated:
        names = [u["type"].replace("_", " ") for u in undated]
        ax.barh(range(len(undated)), [u["n"] for u in undated], color="#737373")
        ax.set_yticks(range(len(undated)), names, fontsize="small")
        ax.set_ylim(len(undated) - 0.4, -0.6)
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        ax.set_xlabel("records", fontsize="small")
    note = (
        "Dot: dated to the day. Bar: the whole month or year the sources allow; a hollow diamond "
        "marks a month. \u00d7n: records with the same type and dates. "
        + SOURCE_NOTE.format(view="timeline", sources=sources)
    )
    figure.supxlabel(note, fontsize="x-small", color="#444444")


# file name -> (drawing function, size in inches, caption for figures/README.md)
FIGURES: dict[str, tuple[Callable, tuple[float, float], str]] = {
    "hostages-held.png": (
        hostages_held,
        (12, 6),
        "every count of hostages the sources state and every release dated to the day, each "
        "labelled with its quote, over the band of numbers held that they allow (views "
        "`hostages_held_daily`, table `event_counts`), the first weeks day by day",
    ),
    "timeline.png": (
        timeline,
        (14, 7),
        "every dated event, legal step and release, by type and to its stated precision, "
        "for the crisis and for the years around it, and the undated records counted by type "
        "(view `timeline`)",
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
