"""Every page of the site as (path, text): home, tables, records, articles, disagreements,
timeline and search. Pure functions of the loaded package (and the two views the timeline
reads); `generate` writes them.

Long: one method per kind of page, each short; split apart they would share the Site state.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterator

from pipeline import config
from pipeline.schema import BY_NAME, Table
from pipeline.site.article import highlighted, provenance_js, spans_of
from pipeline.site.data import RECORD_TABLES, TABLE, Package, Row
from pipeline.site.html import (
    chunks,
    esc,
    link,
    page,
    part_names,
    parts_nav,
    prefix_of,
    quote_href,
    record_href,
    table_html,
)

LABEL_COLUMNS = ("name", "summary", "description", "text", "title", "topic")
# Rows too many to list on a record page: the article pages show them.
NOT_LINKED = ("evidence", "passages")
HOME_SOURCES = 10  # listed on the home page; all of them on the articles page
LIST_RUN = 50  # entries of a long list kept together when a page is split into parts
SEARCHED = ("persons", "organisations", "events", "legal_actions")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip

HELD_COLUMNS = [
    ("date", "the day, local time"),
    ("day", "days since the seizure (day 0)"),
    ("fewest held", "the lowest number the sources allow"),
    ("most held", "the highest number the sources allow"),
    ("releases that day", "releases dated to this very day"),
]
Page = tuple[str, str]


def label(table: str, row: Row, width: int = 90) -> str:
    """A record's readable name: its name, summary or description, else its id."""
    text = next((row[c] for c in LABEL_COLUMNS if row.get(c)), None)
    text = str(text or row[TABLE[table].primary_key[0]])
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def source_badge(source_id: str) -> str:
    return f'<span class="src">{esc(source_id)}</span>'


def quote_link(prefix: str, ev: Row) -> str:
    href = quote_href(str(ev["source_id"]), ev["char_start"], ev["char_end"])
    return f'<q><a class="quote" href="{esc(prefix + href)}">{esc(ev["quote"])}</a></q>'


class Site:
    """The pages of one package; `references` is the reverse of every foreign key."""

    def __init__(self, package: Package, views: dict[str, list[dict]]) -> None:
        self.p = package
        self.views = views
        self.version = str(package.descriptor.get("version", ""))
        # the package's short name: its title up to the colon, with its version
        short = str(package.descriptor.get("title", "")).split(":")[0]
        self.brand = f"{short} · data package {self.version}"
        self.short = short
        self.references: dict[tuple[str, str], list[tuple[str, str, Row]]] = defaultdict(list)
        for table in TABLE.values():
            if table.name in NOT_LINKED:
                continue
            for column in table.columns:
                if column.fk and column.fk.split(".")[0] in RECORD_TABLES:
                    target = column.fk.split(".")[0]
                    for row in package.rows[table.name]:
                        if row[column.name]:
                            key = (target, str(row[column.name]))
                            self.references[key].append((table.name, column.name, row))
        self.evidence_by_id = {str(r["evidence_id"]): r for r in package.rows["evidence"]}

    def size(self, figure: str) -> str:
        """A figure's width and height attributes, from its PNG header (no layout shift)."""
        header = (self.p.root / config.FIGURES_DIR / figure).read_bytes()[16:24]
        return f'width="{int.from_bytes(header[:4])}" height="{int.from_bytes(header[4:])}"'

    def _page(self, path: str, title: str, body: str, scripts: tuple[str, ...] = ()) -> Page:
        sources = len(self.p.rows["sources"])
        return path, page(path, title, body, scripts=scripts, brand=self.brand, sources=sources)

    def split(self, stem: str, title: str, head: str, blocks: list[str]) -> Iterator[Page]:
        """A page of blocks, split into parts when it would pass the size budget."""
        parts = chunks(blocks)
        names = part_names(stem, len(parts))
        for n, part in enumerate(parts):
            nav = parts_nav(names, n)
            body = (head if n == 0 else "") + nav + "".join(part) + nav
            yield self._page(names[n], title if n == 0 else f"{title} (part {n + 1})", body)

    def pages(self) -> Iterator[Page]:
        yield self.home()
        yield from self.table_pages()
        yield from self.record_pages()
        yield from self.article_pages()
        yield from self.disagreements()
        yield from self.timeline()
        yield from self.search()

    # -- cells ----------------------------------------------------------------------------

    def cell(self, prefix: str, table: Table, column: str, row: Row) -> str:
        """A cell as HTML: ids and foreign keys are links to their records or quotes."""
        value = row.get(column)
        if not value:
            return ""
        col = table.column(column)
        if table.name == "evidence" and column == "record_id":
            return link(prefix, record_href(str(row["record_table"]), value), value)
        if table.name == "evidence" and column == "quote":
            return quote_link(prefix, row)
        if col.fk == "evidence.evidence_id" and value in self.evidence_by_id:
            return quote_link(prefix, self.evidence_by_id[value])
        target = col.fk.split(".")[0] if col.fk else None
        if column == table.primary_key[0] and len(table.primary_key) == 1:
            target = table.name
        if target and (target in RECORD_TABLES or target == "discrepancies"):
            return link(prefix, record_href(target, value), value)
        return esc(value)

    # -- home -----------------------------------------------------------------------------

    def home(self) -> Page:
        d = self.p.descriptor
        counts = "".join(
            f'<tr><td><a href="tables/{t.name}.html">{esc(t.name)}</a></td>'
            f'<td class="num">{len(self.p.rows[t.name])}</td><td>{esc(t.description)}</td></tr>'
            for t in TABLE.values()
        )
        sources = "".join(
            f'<li><a href="articles/{esc(s["source_id"])}.html">{esc(s["title"])}</a>, '
            f"{esc(s['publisher'])}, {esc(s['published'])}. {esc(s['note'] or '')} "
            f"<span class=muted>Terms: {esc(s['license'])}</span></li>"
            for s in self.p.rows["sources"][:HOME_SOURCES]
        )
        more = len(self.p.rows["sources"]) - HOME_SOURCES
        if more > 0:
            sources += f'<li><a href="articles/index.html">{more} more articles</a></li>'
        undated = sum(1 for r in self.views["timeline"] if not r["date_start"])
        authors = "; ".join(c.get("title", "") for c in d.get("contributors", []))
        downloads = "".join(
            f'<li><a href="data/{t.name}.csv">{esc(t.name)}.csv</a></li>' for t in TABLE.values()
        )
        body = f"""
<p class="lead">{esc(d.get("description", ""))}</p>
<p><strong>Version</strong> {esc(self.version)}. <strong>Cite as:</strong>
{esc(authors)}. <cite>{esc(d.get("title", ""))}</cite> (version {esc(self.version)})
[Data set]. Cite a row by its table and id; every record page shows its address and quotes.
</p>
<section aria-labelledby="how"><h2 id="how">How to read it</h2>
<p>Every value on a record page sits beside the quote that supports it; a quote opens its
article with the passage highlighted, and every highlight in an article lists the records
and fields that cite it. Where the sources disagree, both sides are kept
(<a href="disagreements.html">disagreements</a>). Dates keep their precision
(<a href="timeline.html">timeline</a>). <a href="search.html">Search</a> finds persons by
any name form, with or without accents.</p></section>
<section aria-labelledby="figures"><h2 id="figures">Figures</h2>
<figure><img src="figures/hostages-held.png" {self.size("hostages-held.png")}
alt="Hostages held each day from the seizure to the rescue: every count the sources state and
every release, with the range the sources allow between them."><figcaption>Hostages held,
as the sources state it (view <code>hostages_held_daily</code>).</figcaption></figure>
<figure><img src="figures/timeline.png" {self.size("timeline.png")}
alt="Timeline of the dated records by type: the crisis, and the years before and after it.">
<figcaption>Dated records by type; {undated} undated records are listed on the
<a href="timeline.html#undated">timeline page</a>.</figcaption></figure></section>
<section aria-labelledby="tables"><h2 id="tables">Tables</h2>
{
            _wrap(
                '<table><caption>Rows per table</caption><thead><tr><th scope="col">table</th>'
                '<th scope="col">rows</th><th scope="col">one row per</th></tr></thead>'
                f"<tbody>{counts}</tbody></table>",
                "Rows per table",
            )
        }</section>
<section aria-labelledby="sources"><h2 id="sources">Sources</h2><ul>{sources}</ul></section>
<section aria-labelledby="limits"><h2 id="limits">Limitations</h2><ul>
<li>{len(self.p.rows["sources"])} sources only, listed above with what is known of their
date and revision. The tables say what these texts say, not what happened.</li>
<li>Where the texts are silent a cell is empty; vague dates keep month, year or unknown
precision ({undated} records are undated), and vague counts keep their wording with a low
and high bound.</li>
<li>Allegations (of extrajudicial execution, for instance) are recorded as allegations,
with who makes them; the package does not decide them.</li></ul></section>
<section aria-labelledby="downloads"><h2 id="downloads">Downloads</h2>
<p>The Frictionless descriptor <a href="data/datapackage.json">datapackage.json</a>, the
evidence as W3C Web Annotations (<a href="data/annotations.jsonld">annotations.jsonld</a>),
and every table as CSV (UTF-8, empty cell = not stated):</p>
<ul class="columns">{downloads}</ul></section>
"""
        return self._page("index.html", f"{self.short}: the evidence", body)

    # -- tables ---------------------------------------------------------------------------

    def table_pages(self) -> Iterator[Page]:
        items = "".join(
            f'<li><a href="{t.name}.html">{esc(t.title)}</a> ({len(self.p.rows[t.name])} rows): '
            f"{esc(t.description)}</li>"
            for t in TABLE.values()
        )
        yield self._page("tables/index.html", "Tables", f"<ul>{items}</ul>")
        for table in TABLE.values():
            yield from self.table_page(table)

    def table_page(self, table: Table) -> Iterator[Page]:
        rendered = [
            "<tr>"
            + "".join(f"<td>{self.cell('../', table, c, row)}</td>" for c in table.column_names)
            + "</tr>"
            for row in self.p.rows[table.name]
        ]
        parts = chunks(rendered)
        names = part_names(table.name, len(parts))
        head = "".join(
            f'<th scope="col" title="{esc(c.description)}">{esc(c.name)}</th>'
            for c in table.columns
        )
        columns = "".join(
            f"<dt><code>{esc(c.name)}</code></dt><dd>{esc(c.description)}</dd>"
            for c in table.columns
        )
        first = 1
        for n, (name, part) in enumerate(zip(names, parts, strict=True)):
            last = first + len(part) - 1
            nav = parts_nav(
                names,
                n,
                f", rows {first}&ndash;{last} of {len(rendered)}; filter and sort apply to this "
                "part",
            )
            body = f"""<p>{esc(table.description)} Primary key: <code>{
                esc(", ".join(table.primary_key))
            }</code>.
Download: <a href="../data/{table.name}.csv">{table.name}.csv</a>.</p>
<details><summary>What the columns mean</summary><dl class="dict">{columns}</dl></details>
{nav}
<p class="controls"><label for="filter">Filter rows</label>
<input id="filter" type="search" data-filter="rows" autocomplete="off">
<span id="shown" role="status" aria-live="polite">{len(part)} rows</span></p>
{
                _wrap(
                    '<table id="rows" data-sortable="">'
                    f"<caption>{esc(table.title)}: click a column "
                    f"heading to sort</caption><thead><tr>{head}</tr></thead><tbody>"
                    + chr(10).join(part)
                    + "</tbody></table>",
                    table.title,
                )
            }"""
            yield self._page(f"tables/{name}", f"Table {table.name}", body)
            first = last + 1

    # -- records --------------------------------------------------------------------------

    def record_pages(self) -> Iterator[Page]:
        for table in RECORD_TABLES:
            for record_id, row in self.p.by_id[table].items():
                yield self.record_page(TABLE[table], record_id, row)

    def record_page(self, table: Table, record_id: str, row: Row) -> Page:
        path = f"records/{table.name}/{record_id}.html"
        prefix = prefix_of(path)
        evidence: dict[str, list[Row]] = defaultdict(list)
        for ev in self.p.evidence.get((table.name, record_id), []):
            evidence[str(ev["field"])].append(ev)
        fields = []
        for column in table.columns:
            quotes = self.quotes(prefix, evidence.pop(column.name, []), row.get(column.name))
            value = self.cell(prefix, table, column.name, row) or '<span class="muted">—</span>'
            note = " (ours, not a claim)" if column.editorial else ""
            note += " (derived by a declared rule)" if column.derived else ""
            fields.append(
                f'<dt><code>{esc(column.name)}</code> <span class="muted">'
                f"{esc(column.description)}{note}</span></dt><dd><p>{value}</p>{quotes}</dd>"
            )
        for field_name, rows in sorted(evidence.items()):  # child rows: aliases, participants
            values = {ev["value"] for ev in rows}
            common = values.pop() if len(values) == 1 else None  # said once if all agree
            shown = f"<p>{esc(common)}</p>" if common else ""
            quotes = self.quotes(prefix, rows, common)
            fields.append(f"<dt><code>{esc(field_name)}</code></dt><dd>{shown}{quotes}</dd>")
        body = (
            f'<p class="cite">Stable address: <code>{esc(path)}</code> · cite as table '
            f"<code>{esc(table.name)}</code>, {esc(table.primary_key[0])} "
            f"<code>{esc(record_id)}</code>, data package version {esc(self.version)}.</p>\n"
            f'<dl class="record">{"".join(fields)}</dl>\n{self.linked(prefix, table, record_id)}'
        )
        title = f"{table.title}: {label(table.name, row)}"
        return self._page(path, title, body)

    def quotes(self, prefix: str, rows: list[Row], value: str | None) -> str:
        if not rows:
            return ""
        items = []
        for ev in rows:
            differs = ev["value"] is not None and ev["value"] != value
            says = f' <span class="says">this source: {esc(ev["value"])}</span>' if differs else ""
            items.append(
                f"<li>{source_badge(str(ev['source_id']))} {quote_link(prefix, ev)}{says}</li>"
            )
        return f'<ul class="quotes" aria-label="quotes">{"".join(items)}</ul>'

    def linked(self, prefix: str, table: Table, record_id: str) -> str:
        """Rows of other tables that point at this record, grouped by table and column."""
        groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
        for other, column, row in self.references.get((table.name, record_id), []):
            groups[(other, column)].append(row)
        sections = []
        for (other, column), rows in sorted(groups.items()):
            t = BY_NAME[other]
            shown = [c for c in t.column_names if c != column][:6]
            cells = [[self.cell(prefix, t, c, r) for c in shown] for r in rows]
            caption = f"{other} ({column} = {record_id})"
            sections.append(
                f"<h3>{esc(t.title)} <span class=muted>by {esc(column)}</span></h3>"
                + table_html([(c, t.column(c).description) for c in shown], cells, caption=caption)
            )
        if not sections:
            return ""
        return (
            '<section aria-labelledby="linked"><h2 id="linked">Linked records</h2>'
            + "".join(sections)
            + "</section>"
        )

    # -- articles -------------------------------------------------------------------------

    def article_pages(self) -> Iterator[Page]:
        items = []
        for source in self.p.rows["sources"]:
            sid = str(source["source_id"])
            cited = spans_of(self.p, sid)
            items.append(
                f'<li><a href="{esc(sid)}.html">{esc(source["title"])}</a> '
                f"({esc(source['publisher'])}): "
                f"{len(cited)} quoted passages</li>"
            )
            text = self.p.texts[sid]
            body = f"""<p>{esc(source["publisher"])}, {esc(source["published"])}. File
<code>raw/{esc(source["path"])}</code>, SHA-256 <code class="hash">{esc(source["sha256"])}</code>.
Terms: {esc(source["license"])}</p>
<p class="legend">The text is shown exactly as in the raw file. Shading: <mark class="d1">quoted
once</mark>, <mark class="d2">two quotes overlap</mark>, <mark class="d3">three or more</mark>.
Select a highlight (click, or Tab to it) to see the records and fields that cite it.</p>
<div class="article-wrap"><pre class="article" id="text">{highlighted(text, list(cited))}</pre>
<aside id="cites" aria-live="polite" aria-label="Records citing the selected quote">
<p class="muted">No quote selected.</p></aside></div>"""
            scripts = provenance_js(cited)
            names = [f"articles/{n[:-5]}.js" for n in part_names(sid, len(scripts))]
            yield self._page(f"articles/{sid}.html", str(source["title"]), body, tuple(names))
            yield from zip(names, scripts, strict=True)
        runs = [
            f"<ul>{''.join(items[i : i + LIST_RUN])}</ul>" for i in range(0, len(items), LIST_RUN)
        ]
        yield from self.split("articles/index", "Articles", "", runs)

    # -- disagreements --------------------------------------------------------------------

    def disagreements(self) -> Iterator[Page]:
        """All topics on one page (in parts if need be), and a page per topic to link to."""
        topics: dict[str, list[Row]] = defaultdict(list)
        for row in self.p.rows["discrepancies"]:
            topics[str(row["topic_id"])].append(row)
        sections = []
        for topic_id, sides in topics.items():
            path = f"disagreements/{topic_id}.html"
            section = self.topic(prefix_of(path), sides)
            yield self._page(path, f"Disagreement: {sides[0]['topic']}", section)
            sections.append(self.topic("", sides, f"disagreements/{topic_id}.html"))
        intro = (
            f"<p>{len(topics)} topics on which the sources differ, or one source differs from "
            "itself. Each side keeps its value and its quote; where a value is chosen, the rule "
            "says why.</p>"
        )
        yield from self.split("disagreements", "Disagreements", intro, sections)

    def topic(self, prefix: str, sides: list[Row], href: str | None = None) -> str:
        rows = [
            [
                source_badge(str(s["source_id"])),
                esc(s["value"]),
                self.cell(prefix, BY_NAME["discrepancies"], "evidence_id", s),
            ]
            for s in sides
        ]
        reconciled = sides[0]["reconciled_value"]
        chosen = (
            f"<p><strong>Reconciled value:</strong> {esc(reconciled)}</p>"
            if reconciled
            else "<p><strong>No value chosen.</strong></p>"
        )
        topic_id = esc(sides[0]["topic_id"])
        heading = link("", href, sides[0]["topic"])
        return (
            f'<section aria-labelledby="{topic_id}"><h2 id="{topic_id}">{heading}</h2>'
            + table_html(
                [("source", "the source"), ("value", "its value"), ("quote", "its words")],
                rows,
                caption=f"Each side of: {sides[0]['topic']}",
            )
            + f"{chosen}<p><strong>Rule:</strong> {esc(sides[0]['rule'] or '')}</p></section>"
        )

    # -- timeline -------------------------------------------------------------------------

    def timeline(self) -> Iterator[Page]:
        items, undated = [], defaultdict(list)
        for r in self.views["timeline"]:
            table = {"event": "events", "legal_action": "legal_actions"}.get(
                r["kind"], "hostage_releases"
            )
            href = record_href(table, r["record_id"])
            entry = (
                f"{link('', href, str(r['type']).replace('_', ' '))}: {esc(r['description'] or '')}"
            )
            if not r["date_start"]:
                undated[str(r["type"])].append(f"<li>{entry}</li>")
                continue
            when = when_text(r)
            quote = ""
            if r["date_quote"]:
                ev = self.evidence_by_id[r["date_evidence_id"]]
                badge = source_badge(str(ev["source_id"]))
                quote = f'<br><span class="muted">dated by</span> {badge} {quote_link("", ev)}'
            items.append(
                f'<li class="p-{esc(r["date_precision"])}"><span class="when">{when}</span> '
                f"{entry}{quote}</li>"
            )
        # lists of LIST_RUN entries, numbered on from the run before, so parts can split them
        runs = [
            f'<ol class="timeline" start="{i + 1}">{"".join(items[i : i + LIST_RUN])}</ol>'
            for i in range(0, len(items), LIST_RUN)
        ]
        total = sum(len(v) for v in undated.values())
        undated_blocks = [
            f'<section aria-labelledby="undated"><h2 id="undated">Undated records ({total})</h2>',
            *(
                f"<h3>{esc(t.replace('_', ' '))} ({len(v)})</h3><ul>{''.join(v)}</ul>"
                for t, v in sorted(undated.items())
            ),
            "</section>",
        ]
        head = f"""<p>Dated records in order. A date shows its precision: a day, a month
(<span class="when p-month">any day of that month</span>) or a year; it is never drawn as a
day when the sources give only a month or a year.</p>
<figure><img src="figures/timeline.png" {self.size("timeline.png")} alt="Timeline figure: the
dated records by type, for the crisis and for the years before and after it."></figure>"""
        held = f"""<section aria-labelledby="held"><h2 id="held">Hostages held</h2>
<figure><img src="figures/hostages-held.png" {self.size("hostages-held.png")}
alt="Hostages held each day: the stated counts and releases, and the range the sources
allow."></figure>
<p>The days on which the bounds change (view <code>hostages_held_daily</code>); "no upper
bound" where a count such as "more than 600" or a release of unstated size leaves it open.</p>
{table_html(HELD_COLUMNS, self.held_rows(), caption="Hostages held at the end of the day")}
</section>"""
        yield from self.split("timeline", "Timeline", head, [*runs, *undated_blocks, held])

    def held_rows(self) -> list[list[str]]:
        rows, last = [], None
        for r in self.views["held"]:
            bounds = (r["held_low"], r["held_high"])
            if bounds != last or r["releases"]:
                high = "no upper bound" if r["held_high"] is None else str(r["held_high"])
                rows.append(
                    [
                        esc(r["date"]),
                        esc(r["day_of_crisis"]),
                        esc(r["held_low"]),
                        esc(high),
                        esc(r["releases"] or ""),
                    ]
                )
            last = bounds
        return rows

    # -- search ---------------------------------------------------------------------------

    def search(self) -> Iterator[Page]:
        aliases: dict[str, list[str]] = defaultdict(list)
        for row in self.p.rows["person_aliases"]:
            aliases[str(row["person_id"])].append(str(row["alias"]))
        entries = []
        for table in SEARCHED:
            for record_id, row in self.p.by_id[table].items():
                names = [label(table, row, 200), *aliases.get(record_id, []), record_id]
                words = [*names, row.get("role") or "", row.get("date_start") or ""]
                entries.append(
                    {
                        "k": TABLE[table].title,
                        "t": label(table, row),
                        "a": sorted(set(aliases.get(record_id, [])) - {row.get("name")}),
                        "h": record_href(table, record_id),
                        "x": fold(" ".join(words)),
                    }
                )
        # in files under the size budget, each adding its entries to the one index
        files = []
        for n, run in enumerate(chunks([_json(e) for e in entries]), 1):
            files.append(f"assets/search-index-{n}.js")
            yield (
                files[-1],
                f"(window.SEARCH_INDEX=window.SEARCH_INDEX||[]).push({','.join(run)});\n",
            )
        body = """<p>Persons (every name form the sources use), organisations, events and legal
steps. Accents and capitals do not matter: <kbd>Acuna</kbd> finds Acuña.</p>
<form role="search" id="search-form" onsubmit="return false">
<label for="q">Search</label> <input id="q" type="search" autocomplete="off">
</form>
<p id="count" role="status" aria-live="polite"></p>
<ol id="results" class="results"></ol>
<noscript><p>Search needs JavaScript; the <a href="tables/index.html">table pages</a>
list every record.</p></noscript>"""
        yield self._page("search.html", "Search", body, tuple(files))


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def fold(text: str) -> str:
    """Lower case without accents, as the page's script folds a query."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def when_text(r: dict) -> str:
    start, precision = r["date_start"], r["date_precision"]
    if precision == "day":
        text = f"{start.day} {MONTHS[start.month - 1]} {start.year}"
        return esc(text + (f", {r['time_local']}" if r.get("time_local") else ""))
    if precision == "month":
        return esc(f"{MONTHS[start.month - 1]} {start.year}") + " <small>(month)</small>"
    if precision == "year":
        return esc(str(start.year)) + " <small>(year)</small>"
    return esc(f"{start} to {r['date_end']}") + f" <small>({esc(precision)})</small>"


def _wrap(table: str, name: str) -> str:
    return f'<div class="scroll" role="region" aria-label="{esc(name)}" tabindex="0">{table}</div>'
