"""Synthetic corpora for the bench and the tests: raw/ + coding/ -> N renamed copies of the
real articles with their coding, written under a folder.

Copy k renames every source (`cnn` -> `cnn-000k`), file and sheet id, so that segmentation,
quote location, grounding, validation and publishing all do proportionally more work.
"""

import copy
from pathlib import Path

import yaml

from pipeline import config
from pipeline.schema import BY_NAME, SHEETS
from pipeline.sheets import iter_sheet, sheet_path

# Sheets tallied across the whole crisis (rule remainder: a group's count is the stated total
# minus every named casualty of its side), so a second copy would break the tally: coded once.
CRISIS_WIDE = ("casualties",)


def _suffixed(value: object, copy_no: int) -> object:
    return f"{value}-{copy_no:04d}" if isinstance(value, str) and value else value


def copy_record(table: str, record: dict, copy_no: int, sources: dict[str, str]) -> dict:
    """A sheet record for copy `copy_no`: its id, the ids it refers to and its sources renamed."""
    out = copy.deepcopy(record)
    refs = {c.name for c in BY_NAME[table].columns if c.fk and c.fk.split(".")[0] in SHEETS}
    for name in {"id"} | (refs & set(out)):
        out[name] = _suffixed(out[name], copy_no)
    for spec in out.get("evidence") or []:
        fields = spec.get("field")
        if "value" in spec and refs & set(fields if isinstance(fields, list) else [fields]):
            spec["value"] = _suffixed(spec["value"], copy_no)
        if "members" in spec:  # the ids of the nested members this quote supports
            spec["members"] = [_suffixed(m, copy_no) for m in spec["members"]]
    lists = SHEETS[table].nested
    for key in ["evidence", *(n.key for n in lists if "source" in n.fields)]:
        for spec in out.get(key) or []:
            spec["source"] = sources.get(spec.get("source"), spec.get("source"))
    for key in (n.key for n in lists if n.prefix):  # parties: a person or an organisation
        for item in out.get(key) or []:
            for ref in ("person", "organisation"):
                item[ref] = _suffixed(item.get(ref), copy_no)
    for key in (n.key for n in lists if not n.fields and n.key in out):  # lists of ids
        out[key] = [_suffixed(p, copy_no) for p in out[key] or []]
    return out


def synthetic_corpus(
    docs: int, folder: Path, raw: Path = config.RAW, coding: Path = config.CODING
) -> tuple[Path, Path]:
    """Write `docs` article copies and their coding under `folder`; return (raw, coding) dirs.

    Copy k of the real corpus renames every source (`cnn` -> `cnn-000k`), file and sheet id,
    so each copy is located, grounded, validated and published like the original. When
    `docs` is not a multiple of the number of real articles, the remaining copies are
    articles without coding (segmented, checked and published, but quoted by nothing).
    Sheets in `CRISIS_WIDE` are coded for copy 0 only.
    """
    manifest = yaml.safe_load((raw / "manifest.yaml").read_text(encoding="utf-8"))["sources"]
    sheets = {
        t: list(iter_sheet(sheet_path(coding, t))) for t in SHEETS if sheet_path(coding, t).exists()
    }
    out_raw, out_coding = folder / "raw", folder / "coding"
    out_raw.mkdir(parents=True)
    out_coding.mkdir()
    entries: list[dict] = []
    records: dict[str, list[dict]] = {t: [] for t in sheets}
    for copy_no in range(-(-docs // len(manifest))):
        batch = manifest[: docs - copy_no * len(manifest)]
        names = {e["source_id"]: _suffixed(e["source_id"], copy_no) for e in batch}
        for entry in batch:
            path = Path(entry["path"])
            # A deep copy: a part shared between copies (the text shape) would be dumped as
            # an anchor and aliases, which no real manifest holds and the line reader leaves
            # to libyaml.
            new = copy.deepcopy(entry) | {"source_id": names[entry["source_id"]]}
            new["path"] = f"{path.stem}-{copy_no:04d}{path.suffix}"
            (out_raw / new["path"]).write_bytes((raw / entry["path"]).read_bytes())
            entries.append(new)
        if len(batch) == len(manifest):
            for table, rows in sheets.items():
                if copy_no == 0 or table not in CRISIS_WIDE:
                    records[table] += [copy_record(table, r, copy_no, names) for r in rows]
    dump = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    (out_raw / "manifest.yaml").write_text(
        yaml.dump({"sources": entries}, Dumper=dump, allow_unicode=True), encoding="utf-8"
    )
    for table, rows in records.items():
        text = yaml.dump({"records": rows}, Dumper=dump, allow_unicode=True, sort_keys=False)
        (out_coding / f"{table}.yaml").write_text(text, encoding="utf-8")
    return out_raw, out_coding
