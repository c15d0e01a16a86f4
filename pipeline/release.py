"""The published package + build/ -> dist/<package>-<version>.zip, the release bundle.

One folder, `<package>-<version>/`, holding the descriptor and its CSVs, the raw articles,
README, CITATION.cff, LICENSE, CHANGELOG.md, .zenodo.json, the DuckDB file, the Parquet
copies, the workbook, the Stata and R files, the site, the Web Annotations, and SHA256SUMS
of all of them. Entries are sorted and carry one fixed time (the release date of
CITATION.cff) and fixed permissions, so the same files always give the same zip, byte for
byte.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path

from pipeline import citation, config
from pipeline.errors import UserError

DIST = "dist"
# bundle path -> path in the repository; a folder is taken whole
CONTENTS = {
    "README.md": "README.md",
    "CITATION.cff": "CITATION.cff",
    "LICENSE": "LICENSE",
    "CHANGELOG.md": "CHANGELOG.md",
    ".zenodo.json": ".zenodo.json",
    config.DESCRIPTOR: config.DESCRIPTOR,
    config.TABLES_DIR: config.TABLES_DIR,
    "raw": "raw",
    f"{config.PACKAGE_NAME}.duckdb": config.DATABASE,
    "parquet": config.PARQUET_DIR,
    "": config.DOWNLOADS_DIR,  # the workbook, stata/ and r/ at the top of the bundle
    "site": config.SITE_DIR,
    "annotations.jsonld": config.ANNOTATIONS,
}
SUMS = "SHA256SUMS"


def bundle_files(root: Path) -> dict[str, Path]:
    """Every file of the bundle, by its path inside the bundle, sorted."""
    files = {}
    for inside, relative in CONTENTS.items():
        source = root / relative
        if not source.exists():
            raise UserError(str(source), "missing: run 'make build' before 'make release'")
        if source.is_file():
            files[inside] = source
            continue
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            files[f"{inside}/{path.relative_to(source).as_posix()}".lstrip("/")] = path
    return dict(sorted(files.items()))


def sha256sums(files: dict[str, bytes]) -> bytes:
    """`sha256sum -c` format: one line per file, hash, two spaces, path."""
    lines = (f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in files.items())
    return "".join(lines).encode()


def write_release(root: Path) -> Path:
    """Write root/dist/<package>-<version>.zip; also refresh root/.zenodo.json from CITATION.cff."""
    cff = citation.load(root / "CITATION.cff")
    (root / ".zenodo.json").write_text(citation.zenodo_json(cff), encoding="utf-8", newline="")
    version = str(cff["version"])
    built = json.loads((root / config.DESCRIPTOR).read_text(encoding="utf-8"))["version"]
    if version != built:
        raise UserError(
            "CITATION.cff", f"version {version}, but {config.DESCRIPTOR} is {built}: run make build"
        )
    prefix = f"{config.PACKAGE_NAME}-{version}"
    released = dt.date.fromisoformat(str(cff["date-released"]))
    stamp = (released.year, released.month, released.day, 0, 0, 0)
    contents = {name: path.read_bytes() for name, path in bundle_files(root).items()}
    contents[SUMS] = sha256sums(contents)
    target = root / DIST / f"{prefix}.zip"
    target.parent.mkdir(exist_ok=True)
    partial = target.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w") as bundle:
        for name, data in contents.items():
            entry = zipfile.ZipInfo(f"{prefix}/{name}", date_time=stamp)
            entry.external_attr = 0o644 << 16  # rw-r--r--, whoever builds it
            entry.create_system = 3  # Unix, so the permissions are read
            entry.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(entry, data, compresslevel=9)
    partial.replace(target)  # a failed run leaves the previous zip as it was
    return target
