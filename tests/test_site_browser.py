"""The site in a real browser: Debian's Chromium driven by Playwright (no browser download).

Opened from file:// and from `python -m pipeline serve`. Without Chromium the tests skip with
one line saying how to install it; with CI=true a missing browser is a failure. Screenshots of
the home, a record and an article page are saved under build/screenshots/ for review.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import CNN, ROOT, WIKIPEDIA, raw_text, read_csv

from pipeline.schema import BY_NAME

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
INSTALL = "apt-get install chromium chromium-driver"
SAMPLE = 60  # evidence rows followed from their record page to their highlight
SCREENSHOTS = ROOT / "build" / "screenshots"
TEXTS = {"cnn": CNN, "wikipedia": WIKIPEDIA}
MISSING = f"Chromium not found: install it with `{INSTALL}` to run the browser tests"
if not CHROMIUM and os.environ.get("CI") != "true":  # in CI a missing browser fails instead
    pytest.skip(MISSING, allow_module_level=True)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if not CHROMIUM:
        pytest.fail(MISSING)
    from playwright.sync_api import sync_playwright

    # as root (CI), Chromium refuses to start with its sandbox
    args = ["--disable-dev-shm-usage", *(["--no-sandbox"] if os.geteuid() == 0 else [])]
    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=args)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(rebuilt: Path) -> Path:
    return rebuilt / "build" / "site"


@pytest.fixture(scope="module")
def server(rebuilt: Path) -> Iterator[str]:
    args = [sys.executable, "-m", "pipeline", "serve", "--root", str(rebuilt), "--port", "0"]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        yield re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
    finally:
        process.terminate()
        process.wait(timeout=10)


class Watched:
    """A page that records console errors, page errors and every URL it requests."""

    def __init__(self, browser, base: str, width: int = 1200) -> None:
        self.base = base
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")

    def check_clean(self) -> None:
        assert self.errors == []
        outside = [u for u in self.requests if not u.startswith(self.base)]
        assert outside == []


def record_path(row: dict) -> str:
    if row["record_table"] == "discrepancies":  # a page per topic; id = topic.source.n
        return f"disagreements/{row['record_id'].split('.')[0]}.html"
    return f"records/{row['record_table']}/{row['record_id']}.html"


def sample(rows: list[dict]) -> list[dict]:
    """Every k-th evidence row in key order: a fixed sample spread over every table."""
    rows = sorted(rows, key=lambda r: r["evidence_id"])
    return rows[:: max(1, len(rows) // SAMPLE)]


def active_text(page) -> str:
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('#text mark.active'), m => m.textContent)"
        ".join('')"
    )


def test_record_quotes_land_on_highlights_equal_to_the_quote(browser, site: Path) -> None:
    rows = sample(read_csv(site.parent.parent / "tables" / "evidence.csv"))
    assert len(rows) >= 50
    texts = {sid: raw_text(name) for sid, name in TEXTS.items()}
    watched = Watched(browser, site.as_uri() + "/")
    page = watched.page
    for row in rows:
        start, end = int(row["char_start"]), int(row["char_end"])
        quote = texts[row["source_id"]][start:end]  # read from the article itself
        span = f"{start}-{end}"
        watched.open(record_path(row))
        link = page.locator(f'a.quote[href$="articles/{row["source_id"]}.html#q{span}"]').first
        assert link.inner_text() == quote
        link.click()
        page.wait_for_url(re.compile(rf"articles/{row['source_id']}\.html#q{span}$"))
        page.wait_for_selector("#text mark.active")
        # the highlight's DOM text is the quote, whatever else overlaps it
        spans = page.evaluate(
            's => Array.from(document.querySelectorAll(`#text mark[data-s~="${s}"]`),'
            " m => m.textContent).join('')",
            span,
        )
        assert spans == quote, row["evidence_id"]
        assert active_text(page) == quote, row["evidence_id"]
        # it is focused and on screen, and the panel names the record that cites it
        focused = page.evaluate("() => document.activeElement.dataset.s || ''")
        assert span in focused.split()
        first = page.locator(f'#text mark[data-s~="{span}"]').first
        box, height = first.bounding_box(), page.viewport_size["height"]
        assert box and 0 <= box["y"] <= height
        assert row["record_id"] in page.locator("#cites").inner_text()
    watched.check_clean()


def test_keyboard_focus_on_a_highlight_lists_its_records(browser, site: Path) -> None:
    watched = Watched(browser, site.as_uri() + "/")
    watched.open("articles/cnn.html")
    page = watched.page
    for _ in range(40):  # Tab past the banner links into the text
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.tagName") == "MARK":
            break
    assert page.evaluate("() => document.activeElement.tagName") == "MARK"
    panel = page.locator("#cites").inner_text()
    assert "Cited by" in panel or "quotes cover" in panel
    assert page.locator("#cites a").count() >= 1
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focus is visible
    watched.check_clean()


def test_table_pages_filter_and_sort(browser, site: Path) -> None:
    tables = site.parent.parent / "tables"
    watched = Watched(browser, site.as_uri() + "/")
    page = watched.page
    watched.open("tables/persons.html")
    persons = read_csv(tables / "persons.csv")
    page.fill("#filter", "giusti")
    visible = page.locator("#rows tbody tr:visible")
    assert visible.count() == 1
    assert "carlos-giusti-acuna" in visible.first.inner_text()
    assert page.inner_text("#shown") == f"1 of {len(persons)} rows"
    page.fill("#filter", "")
    assert page.locator("#rows tbody tr:visible").count() == len(persons)
    page.click("#rows th button:text-is('role')")
    roles = page.eval_on_selector_all(
        "#rows tbody tr", "rows => rows.map(r => r.cells[2].textContent)"
    )
    assert roles[0] == min(r["role"] for r in persons)
    page.click("#rows th button:text-is('role')")
    assert page.locator("#rows tbody tr").first.locator("td").nth(2).inner_text() == max(
        r["role"] for r in persons
    )
    # numbers sort as numbers (a text sort would put 10 before 2), empty cells first
    watched.open("tables/event_counts.html")
    page.click("#rows th button:text-is('count')")
    at = BY_NAME["event_counts"].column_names.index("count")
    shown = page.eval_on_selector_all(
        "#rows tbody tr", f"rows => rows.map(r => r.cells[{at}].textContent)"
    )
    counts = [r["count"] for r in read_csv(tables / "event_counts.csv")]
    expected = [str(n) for n in sorted(int(c) for c in counts if c)]
    assert shown == [""] * counts.count("") + expected
    watched.check_clean()


@pytest.mark.parametrize("query", ["Acuna", "acuña", "giusti ACUNA"])
def test_search_finds_a_person_by_alias_with_or_without_accents(
    browser, site: Path, query: str
) -> None:
    # Wikipedia names him "Carlos Giusti Acuña"; CNN "Carlos Giusti".
    assert "Carlos Giusti Acuña" in raw_text(WIKIPEDIA)
    watched = Watched(browser, site.as_uri() + "/")
    page = watched.page
    watched.open("search.html")
    page.fill("#q", query)
    hit = page.locator("#results a:text-is('Carlos Giusti Acuña')")
    assert hit.count() == 1
    hit.click()
    page.wait_for_url(re.compile(r"records/persons/carlos-giusti-acuna\.html$"))
    watched.check_clean()


def test_search_finds_the_cnn_name_form(browser, site: Path) -> None:
    watched = Watched(browser, site.as_uri() + "/")
    watched.open("search.html")
    watched.page.fill("#q", "Carlos Giusti")
    assert watched.page.locator("#results a:text-is('Carlos Giusti Acuña')").count() == 1


PAGES = (
    "index.html",
    "tables/index.html",
    "tables/persons.html",
    "tables/evidence.html",
    "records/persons/carlos-giusti-acuna.html",
    "records/events/ev-1997-04-22-raid.html",
    "articles/index.html",
    "articles/wikipedia.html",
    "disagreements.html",
    "timeline.html",
    "search.html?q=acuna",
)


@pytest.mark.parametrize("where", ["file", "server"])
def test_no_console_error_and_no_request_outside_the_site(
    browser, site: Path, server: str, where: str
) -> None:
    watched = Watched(browser, site.as_uri() + "/" if where == "file" else server)
    for path in PAGES:
        watched.open(path)
        if path.startswith("articles/wikipedia"):
            watched.page.click("#text mark[tabindex]")  # the panel's script runs too
    assert len(watched.requests) >= len(PAGES)
    watched.check_clean()


@pytest.mark.parametrize(
    "path", ["records/persons/carlos-giusti-acuna.html", "articles/cnn.html", "timeline.html"]
)
def test_readable_375_pixels_wide(browser, site: Path, path: str) -> None:
    watched = Watched(browser, site.as_uri() + "/", width=375)
    watched.open(path)
    width = watched.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375  # no sideways scrolling of the page (wide tables scroll in their box)


def test_print_hides_navigation_and_keeps_the_text(browser, site: Path) -> None:
    watched = Watched(browser, site.as_uri() + "/")
    watched.open("articles/cnn.html")
    watched.page.emulate_media(media="print")
    assert not watched.page.locator("nav").is_visible()
    assert not watched.page.locator("#cites").is_visible()
    assert watched.page.locator("#text").is_visible()


def test_screenshots_for_review(browser, site: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    quote = "The dead hostage was identified as Peruvian Supreme Court Justice Carlos Giusti."
    start = raw_text(CNN).index(quote)
    shots = {
        "home.png": "index.html",
        "record.png": "records/persons/carlos-giusti-acuna.html",
        "article.png": f"articles/cnn.html#q{start}-{start + len(quote)}",
    }
    for name, path in shots.items():
        watched = Watched(browser, site.as_uri() + "/")
        watched.open(path)
        watched.page.wait_for_timeout(100)
        watched.page.screenshot(path=str(SCREENSHOTS / name))
        assert (SCREENSHOTS / name).stat().st_size > 10_000
        watched.check_clean()
