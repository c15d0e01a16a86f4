"""Published tables -> one R data frame per table, saved as r/<table>.rds (readRDS).

Written with the `rdata` library, whose converters do not know R's Date class, so the data
frame is put together here from R vectors: text as character, integers as integer, booleans
as logical, dates as Date (days since 1970-01-01), missing cells as NA. Each column carries
its description as its "label" attribute (the convention of haven and RStudio's viewer).
The file is gzip-compressed with no time in its header, so the same table gives the same
bytes.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from rdata.conversion.to_r import (
    DEFAULT_CLASS_MAP,
    ConverterFromPythonToR,
    build_r_object,
    convert_pd_array_to_np_array,
)
from rdata.missing import R_FLOAT_NA, R_INT_NA
from rdata.parser import RObjectType
from rdata.unparser import unparse_data

from pipeline.export_frames import typed_frame
from pipeline.schema import TABLES, Table

FOLDER = "r"
EPOCH = np.datetime64("1970-01-01", "s")
# gzip magic, deflate, no flags, no time, "best compression", OS unknown (RFC 1952)
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"


@dataclass(frozen=True)
class RVector:
    """An R vector (numpy values, NA where masked) with its R attributes."""

    values: np.ndarray
    attributes: dict


@dataclass(frozen=True)
class RFrame:
    """An R data.frame: named columns of equal length, and the frame's own attributes."""

    columns: dict[str, RVector]
    rows: int
    attributes: dict


def _vector(data: RVector, converter: ConverterFromPythonToR):
    base = converter.convert_to_r_object(data.values)
    return build_r_object(
        base.info.type,
        value=base.value,
        is_object="class" in data.attributes,
        attributes=converter.convert_to_r_attributes(data.attributes),
    )


def _frame(data: RFrame, converter: ConverterFromPythonToR):
    # Compact row names c(NA, -n), as R writes them for 1..n.
    row_names = np.ma.array([R_INT_NA, -data.rows], mask=[True, False], fill_value=R_INT_NA)
    attributes = {
        "names": np.array(list(data.columns), dtype=np.dtype("U")),
        "class": "data.frame",
        "row.names": row_names,
    } | data.attributes
    return build_r_object(
        RObjectType.VEC,
        value=[converter.convert_to_r_object(c) for c in data.columns.values()],
        is_object=True,
        attributes=converter.convert_to_r_attributes(attributes),
    )


CONSTRUCTORS = {**DEFAULT_CLASS_MAP, RVector: _vector, RFrame: _frame}


def r_vector(kind: str, cells: pd.api.extensions.ExtensionArray, label: str) -> RVector:
    attributes: dict = {"label": label}
    if kind == "date":
        days = np.asarray(cells, dtype="datetime64[s]")
        values = ((days - EPOCH) / np.timedelta64(1, "D")).astype(np.float64)
        values[np.isnat(days)] = R_FLOAT_NA
        attributes = {"class": "Date"} | attributes
    elif kind in ("integer", "boolean"):
        values = convert_pd_array_to_np_array(cells)
    else:
        values = np.array(list(cells), dtype=object)
    return RVector(values, attributes)


def r_frame(tables_dir: Path, table: Table) -> RFrame:
    frame = typed_frame(tables_dir, table)
    columns = {c.name: r_vector(c.type, frame[c.name].array, c.description) for c in table.columns}
    return RFrame(columns, len(frame), {"label": table.title})


def _gzip(data: bytes) -> bytes:
    """A gzip member with a fixed header (no time, no name, OS "unknown"): `gzip.compress`
    writes a different OS byte from Python 3.12 on, and the bytes must not depend on it."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = deflate.compress(data) + deflate.flush()
    trailer = struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)
    return GZIP_HEADER + body + trailer


def write_rds(frame: RFrame, path: Path) -> None:
    converter = ConverterFromPythonToR(constructor_dict=CONSTRUCTORS)
    body = unparse_data(converter.convert_to_r_data(frame), file_format="xdr", file_type="rds")
    path.write_bytes(_gzip(body))


def write_r(tables_dir: Path, folder: Path) -> Path:
    out = folder / FOLDER
    out.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        write_rds(r_frame(tables_dir, table), out / f"{table.name}.rds")
    return out
