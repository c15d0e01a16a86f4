// Evidence explorer: sortable, filterable tables; article highlights; search. No network.
"use strict";

function fold(text) {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

function setUpTable(table) {
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const heads = Array.from(table.tHead.rows[0].cells);
  heads.forEach((th, column) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    th.setAttribute("aria-sort", "none");
    button.addEventListener("click", () => {
      const descending = th.getAttribute("aria-sort") === "ascending";
      heads.forEach((h) => h.setAttribute("aria-sort", "none"));
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      const cellText = (row) => row.cells[column].textContent.trim();
      const numeric = rows.every((r) => cellText(r) === "" || !isNaN(Number(cellText(r))));
      const compare = numeric
        ? (a, b) => (cellText(a) === "" ? -Infinity : Number(cellText(a))) -
                    (cellText(b) === "" ? -Infinity : Number(cellText(b)))
        : (a, b) => cellText(a).localeCompare(cellText(b));
      const sorted = rows.slice().sort(compare);  // stable: ties keep the published order
      if (descending) sorted.reverse();
      sorted.forEach((row) => body.appendChild(row));
    });
  });
  const input = document.querySelector('input[data-filter="rows"]');
  const shown = document.getElementById("shown");
  if (!input) return;
  const texts = rows.map((row) => fold(row.textContent));
  input.addEventListener("input", () => {
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    let count = 0;
    rows.forEach((row, i) => {
      const hit = words.every((w) => texts[i].includes(w));
      row.hidden = !hit;
      if (hit) count += 1;
    });
    shown.textContent = `${count} of ${rows.length} rows`;
  });
}

// Articles: a highlight lists the records citing every quote that covers it.
function setUpArticle(text) {
  const panel = document.getElementById("cites");
  const provenance = window.PROVENANCE || {};
  const segments = (span) => text.querySelectorAll(`mark[data-s~="${span}"]`);
  const quoteOf = (span) => Array.from(segments(span), (m) => m.textContent).join("");
  const toRoot = "../";

  let current = null;  // the span shown; a segment it covers keeps showing it

  function show(mark, preferred = current) {
    const spans = mark.dataset.s.split(" ");
    const length = (s) => { const [a, b] = s.split("-").map(Number); return b - a; };
    spans.sort((a, b) => length(a) - length(b));
    const active = preferred && spans.includes(preferred) ? preferred : spans[0];
    current = active;
    text.querySelectorAll("mark.active").forEach((m) => m.classList.remove("active"));
    segments(active).forEach((m) => m.classList.add("active"));
    const ordered = [active, ...spans.filter((s) => s !== active)];
    panel.textContent = "";
    const heading = document.createElement("h2");
    heading.textContent = spans.length > 1
      ? `${spans.length} quotes cover this passage` : "Cited by";
    panel.appendChild(heading);
    ordered.forEach((span) => {
      const quote = document.createElement("blockquote");
      quote.textContent = `“${quoteOf(span)}” (characters ${span})`;
      panel.appendChild(quote);
      const list = document.createElement("ul");
      const byRecord = new Map();  // one line per record: its fields and values
      (provenance[span] || []).forEach(([table, record, field, value, href]) => {
        const key = `${table} ${record}`;
        if (!byRecord.has(key)) byRecord.set(key, { href, fields: [] });
        byRecord.get(key).fields.push(value ? `${field} = ${value}` : field);
      });
      byRecord.forEach(({ href, fields }, key) => {
        const item = document.createElement("li");
        const a = document.createElement(href ? "a" : "span");
        if (href) a.href = toRoot + href;
        a.textContent = key;
        item.appendChild(a);
        item.appendChild(document.createTextNode(`: ${fields.join("; ")}`));
        list.appendChild(item);
      });
      panel.appendChild(list);
    });
  }

  text.addEventListener("click", (event) => {
    const mark = event.target.closest("mark");
    if (mark) show(mark);
  });
  text.addEventListener("focusin", (event) => {
    const mark = event.target.closest("mark");
    if (mark) show(mark);
  });

  function fromHash() {
    const span = decodeURIComponent(location.hash.slice(1)).replace(/^q/, "");
    const first = segments(span)[0];
    if (!first) return;
    show(first, span);
    first.setAttribute("tabindex", "0");
    first.focus({ preventScroll: true });
    first.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", fromHash);
  // After load: the browser's own jump to the fragment would move the view and the focus.
  if (document.readyState === "complete") fromHash();
  else window.addEventListener("load", () => setTimeout(fromHash, 0));
}

function setUpSearch(input) {
  const index = window.SEARCH_INDEX || [];
  const results = document.getElementById("results");
  const count = document.getElementById("count");
  function run() {
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    results.textContent = "";
    if (!words.length) { count.textContent = ""; return; }
    const hits = index.filter((e) => words.every((w) => e.x.includes(w)));
    count.textContent = `${hits.length} found`;
    hits.slice(0, 200).forEach((e) => {
      const item = document.createElement("li");
      const a = document.createElement("a");
      a.href = e.h;
      a.textContent = e.t;
      item.appendChild(document.createTextNode(`${e.k}: `));
      item.appendChild(a);
      if (e.a.length) item.appendChild(document.createTextNode(` (also: ${e.a.join("; ")})`));
      results.appendChild(item);
    });
  }
  input.addEventListener("input", run);
  const given = new URLSearchParams(location.search).get("q");
  if (given) { input.value = given; }
  run();
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("table[data-sortable]").forEach(setUpTable);
  const text = document.getElementById("text");
  if (text) setUpArticle(text);
  const q = document.getElementById("q");
  if (q) setUpSearch(q);
});
