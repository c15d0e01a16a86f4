"""The static site and the Web Annotations export, read as files (the browser tests drive them).

Expected quotes and offsets come from the raw articles themselves, not from the site.
"""

from __future__ import annotations

import csv
import hashlib
import html
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from helpers import CNN, RAW, ROOT, WIKIPEDIA, raw_text, read_csv, run_cli

from pipeline import config
from pipeline.site import write_site

LIMIT = 300 * 1024


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def site(rebuilt: Path) -> Path:
    return rebuilt / "build" / "site"


def test_two_renderings_are_byte_identical(rebuilt: Path, site: Path, tmp_path: Path) -> None:
    again = write_site(rebuilt, RAW, tmp_path / "again")
    assert digests(again) == digests(site)
    assert len(digests(site)) > 300  # pages for every record, not an empty folder


def test_every_page_is_under_300_kb(site: Path) -> None:
    pages = [p for p in site.rglob("*") if p.suffix in {".html", ".js", ".css"}]
    assert pages
    assert max(p.stat().st_size for p in pages) < LIMIT


def test_no_page_refers_outside_the_site(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for ref in re.findall(r'(?:src|href)="([^"#?]*)', text):
            assert not re.match(r"[a-z]+:", ref), (page, ref)  # no http:, no CDN
            if ref:
                assert (page.parent / ref).resolve().is_relative_to(site.resolve()), (page, ref)
                assert (page.parent / ref).exists(), (page, ref)


def article_text(page: Path) -> str:
    """The text inside <pre id="text">, tags dropped and references resolved."""
    body = page.read_text(encoding="utf-8")
    inner = body.split('<pre class="article" id="text">', 1)[1].split("</pre>", 1)[0]
    return html.unescape(re.sub(r"<[^>]+>", "", inner))


@pytest.mark.parametrize(("source", "name"), [("cnn", CNN), ("wikipedia", WIKIPEDIA)])
def test_article_page_is_the_raw_text_exactly(site: Path, source: str, name: str) -> None:
    assert article_text(site / "articles" / f"{source}.html") == raw_text(name)


def test_record_page_links_its_quote_to_the_passage(site: Path) -> None:
    # CNN names the dead hostage in one sentence; the person page quotes it for his name.
    quote = "The dead hostage was identified as Peruvian Supreme Court Justice Carlos Giusti."
    start = raw_text(CNN).index(quote)
    page = (site / "records" / "persons" / "carlos-giusti-acuna.html").read_text("utf-8")
    anchor = f"../../articles/cnn.html#q{start}-{start + len(quote)}"
    assert f'<a class="quote" href="{anchor}">{quote}</a>' in page
    article = (site / "articles" / "cnn.html").read_text(encoding="utf-8")
    assert f'id="q{start}-{start + len(quote)}"' in article


def test_disagreements_show_both_spellings(site: Path) -> None:
    # The two articles spell the ambassador's first name differently.
    assert "Morihita Aoki" in raw_text(CNN) and "Morihisa Aoki" in raw_text(WIKIPEDIA)
    page = (site / "disagreements.html").read_text(encoding="utf-8")
    section = page.split('id="ambassador-first-name-spelling"', 1)[1].split("</section>", 1)[0]
    assert "Morihita Aoki" in section and "Morihisa Aoki" in section


def test_timeline_shows_month_precision_as_a_month(site: Path) -> None:
    page = (site / "timeline.html").read_text(encoding="utf-8")
    assert re.search(r'<li class="p-month"><span class="when">[A-Z][a-z]+ \d{4} <small>', page)
    assert "1 January 1990" not in page  # a year-precision record is not drawn as a day


# -- bad input ------------------------------------------------------------------------------


@pytest.fixture
def copy_root(rebuilt: Path, tmp_path: Path) -> Path:
    root = tmp_path / "root"
    for name in ("tables", "figures", "build"):
        shutil.copytree(rebuilt / name, root / name)
    shutil.copy(rebuilt / "datapackage.json", root / "datapackage.json")
    return root


def published(root: Path) -> dict[str, str]:
    """Digests of everything a build publishes (not its stage or validation reports)."""
    found = {}
    for output in config.OUTPUTS:
        path = root / output
        found |= (
            {f"{output}/{k}": v for k, v in digests(path).items()}
            if path.is_dir()
            else {output: hashlib.sha256(path.read_bytes()).hexdigest()}
        )
    return found


def rewrite(path: Path, change) -> None:
    rows = read_csv(path)
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_offsets_outside_the_article_stop_the_site(copy_root: Path) -> None:
    before = digests(copy_root / "build" / "site")
    length = len(raw_text(CNN))

    def push_out(rows: list[dict]) -> None:
        row = next(r for r in rows if r["source_id"] == "cnn")
        row["char_start"], row["char_end"] = str(length + 1), str(length + 9)

    rewrite(copy_root / "tables" / "evidence.csv", push_out)
    bad = next(
        r for r in read_csv(copy_root / "tables" / "evidence.csv") if r["source_id"] == "cnn"
    )
    result = run_cli("site", "--root", str(copy_root))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert bad["evidence_id"] in result.stderr and "outside article 'cnn'" in result.stderr
    assert digests(copy_root / "build" / "site") == before


def test_an_id_that_cannot_be_a_file_name_stops_the_site(copy_root: Path) -> None:
    before = digests(copy_root / "build" / "site")

    def slash(rows: list[dict]) -> None:
        rows[0]["person_id"] = "../escape"

    rewrite(copy_root / "tables" / "persons.csv", slash)
    result = run_cli("site", "--root", str(copy_root))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "persons.csv [../escape]" in result.stderr and "file name" in result.stderr
    assert digests(copy_root / "build" / "site") == before


def test_site_command_rewrites_the_same_site(copy_root: Path) -> None:
    before = digests(copy_root / "build" / "site")
    result = run_cli("site", "--root", str(copy_root))
    assert result.returncode == 0, result.stderr
    assert digests(copy_root / "build" / "site") == before


# -- serve ----------------------------------------------------------------------------------


def test_serve_prints_a_local_url_and_serves_the_site(rebuilt: Path) -> None:
    args = [sys.executable, "-m", "pipeline", "serve", "--root", str(rebuilt), "--port", "0"]
    server = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        with urllib.request.urlopen(url + "records/persons/carlos-giusti-acuna.html") as reply:
            assert reply.status == 200
            assert "Carlos Giusti Acuña" in reply.read().decode("utf-8")
    finally:
        server.terminate()
        server.wait(timeout=10)


# -- colours --------------------------------------------------------------------------------


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_colours_have_a_contrast_of_at_least_4_5(site: Path) -> None:
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    var = dict(re.findall(r"--([a-z0-9]+): (#[0-9a-f]{6})", css))
    # (text, background) pairs the stylesheet puts together
    pairs = [
        *((text, "paper") for text in ("ink", "muted", "link")),
        *((text, "band") for text in ("ink", "muted", "link")),
        *(("ink", shade) for shade in ("d1", "d2", "d3")),
    ]
    for text, background in pairs:
        assert contrast(var[text], var[background]) >= 4.5, (text, background)
    assert contrast("#ffffff", var["active"]) >= 4.5  # the selected quote
    visited = re.search(r"a:visited \{ color: (#[0-9a-f]{6})", css).group(1)
    assert contrast(visited, var["paper"]) >= 4.5


def test_a_site_error_stops_the_build_and_keeps_the_published_package(copy_root: Path) -> None:
    # Ids from the sheets are slugs, so the build is made to refuse one the site would write.
    before = published(copy_root)
    script = (
        "import re, sys; import pipeline.site.data as data; "
        "data.FILE_NAME = re.compile(r'^(?!carlos-giusti-acuna$)[a-z0-9.-]+$'); "
        "from pipeline.cli import main; "
        "sys.exit(main(['build', '--force', '--out', sys.argv[1]]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(copy_root)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "persons.csv [carlos-giusti-acuna]" in result.stderr
    assert published(copy_root) == before
