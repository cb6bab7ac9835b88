"""Reading measured microbiome tables into genus abundances.

Two formats, told apart by their content:

- **MetaPhlAn** (versions 2-4): tab-separated, ``#`` comment lines, a clade column whose names
  are rank paths (``k__Bacteria|p__Firmicutes|...|g__Roseburia|s__Roseburia_intestinalis``) and a
  relative abundance column (percent). A merged table (``merge_metaphlan_tables.py``) has one
  column per sample: choose one with ``sample``. Genus rows are used; when a table has no genus
  rows its species rows are summed per genus. Higher ranks are never added in (they already
  contain their genera).
- **Plain table**: two columns, genus and abundance (any unit: counts, fractions or percent),
  separated by a tab or a comma, with an optional header line. A genus may be written as a
  lineage (``d__Bacteria;...;g__Bacteroides``); its last genus-level name is used.

Every problem is a one-line ``UserInputError`` naming the file and line.
"""

from __future__ import annotations

import math
from pathlib import Path

from ..core.errors import UserInputError

MAX_TABLE_BYTES = 20 * 1024 * 1024  # a MetaPhlAn 4 profile of one sample is under 1 MB
MAX_ROWS = 200_000
FORMATS = ("auto", "metaphlan", "tsv")
NO_GENUS = "(no genus)"  # rows named above genus level: counted in the total, never mapped


def read_text(path: str | Path) -> str:
    p = Path(path)
    if not p.is_file():
        raise UserInputError("file not found (give a MetaPhlAn profile or a genus/abundance table)", where=str(path))
    if p.stat().st_size > MAX_TABLE_BYTES:
        raise UserInputError(f"file is over {MAX_TABLE_BYTES // (1024 * 1024)} MB; a one-sample profile is far smaller", where=str(path))
    try:
        return p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UserInputError("not UTF-8 text; save the table as tab-separated text", where=str(path)) from None


def _number(text: str, where: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise UserInputError(f"abundance {text.strip()[:40]!r} is not a number", where=where) from None
    if not math.isfinite(value) or value < 0:
        raise UserInputError(f"abundance {text.strip()[:40]!r} must be a non-negative finite number", where=where)
    return value


def _rank_name(part: str) -> tuple[str, str]:
    """``g__Roseburia`` -> ("g", "Roseburia"); a name without a rank prefix -> ("", name)."""
    part = part.strip()
    if len(part) > 3 and part[1:3] == "__":
        return part[0].lower(), part[3:].strip()
    return "", part


def _add(out: dict[str, float], genus: str, value: float) -> None:
    out[genus] = out.get(genus, 0.0) + value


def detect_format(lines: list[str]) -> str:
    for line in lines:
        text = line.strip()
        if not text:
            continue
        if text.startswith("#"):
            if "clade_name" in text or "mpa_v" in text or "SampleID" in text:
                return "metaphlan"
            continue
        first = text.split("\t")[0]
        if first.strip().lower() == "clade_name":  # a merged table's header
            return "metaphlan"
        return "metaphlan" if "|" in first and "__" in first else "tsv"
    return "tsv"


def read_metaphlan(lines: list[str], where: str, sample: str | None = None) -> dict[str, float]:
    header: list[str] | None = None
    genus_rows: dict[str, float] = {}
    species_rows: dict[str, float] = {}
    column: int | None = None
    for number, line in enumerate(lines, start=1):
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        fields = text.split("\t")
        if text.startswith("#") or fields[0].strip().lower() in ("clade_name", "id"):
            names = [f.strip().lstrip("#").strip() for f in fields]
            if names and names[0].lower() in ("clade_name", "id", "sampleid"):
                header = names
            continue
        if column is None:
            column = _abundance_column(header, len(fields), sample, where)
        if column >= len(fields):
            raise UserInputError(f"line {number}: needs a value in column {column + 1}", where=where)
        ranks = [_rank_name(p) for p in fields[0].split("|")]
        value = _number(fields[column], f"{where} line {number}")
        rank, name = ranks[-1]
        if rank == "g":
            _add(genus_rows, name or NO_GENUS, value)
        elif rank in ("s", "t"):
            if rank == "t":
                continue  # strains are already inside their species
            genus = next((n for r, n in ranks if r == "g" and n), NO_GENUS)
            _add(species_rows, genus, value)
    if column is None:
        raise UserInputError("no abundance rows (every line is empty or a # comment)", where=where)
    found = genus_rows or species_rows
    if not found:
        raise UserInputError("no genus (g__) or species (s__) rows; run MetaPhlAn with its default all-ranks output", where=where)
    return found


def _abundance_column(header: list[str] | None, n_fields: int, sample: str | None, where: str) -> int:
    if header and "relative_abundance" in header:
        if sample is not None:
            raise UserInputError("--sample is for merged tables; this profile has one sample", where=where)
        return header.index("relative_abundance")
    samples = header[1:] if header else []
    if header and len(samples) > 1 and "NCBI_tax_id" not in header:
        if sample is None:
            raise UserInputError(f"a merged table with {len(samples)} samples: choose one with --sample "
                                 f"(e.g. {samples[0]!r})", where=where)
        if sample not in samples:
            raise UserInputError(f"no sample {sample!r}; the table has {', '.join(samples[:8])}"
                                 f"{' ...' if len(samples) > 8 else ''}", where=where)
        return header.index(sample)
    if sample is not None and (not samples or sample != samples[0]):
        raise UserInputError(f"no sample {sample!r} in this one-sample profile", where=where)
    return 2 if n_fields >= 3 and header and "NCBI_tax_id" in header else 1


def read_plain(lines: list[str], where: str) -> dict[str, float]:
    out: dict[str, float] = {}
    first = True
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        sep = "\t" if "\t" in text else ","
        fields = [f.strip() for f in text.split(sep)]
        if len(fields) < 2:
            raise UserInputError(f"line {number}: needs two columns, genus and abundance (tab or comma between)", where=where)
        if first:
            first = False
            try:
                float(fields[1])
            except ValueError:
                continue  # a header line
        value = _number(fields[1], f"{where} line {number}")
        ranked = [_rank_name(p) for p in fields[0].replace("|", ";").split(";") if p.strip()]
        if not ranked:
            raise UserInputError(f"line {number}: empty genus name", where=where)
        genus = next((n for r, n in reversed(ranked) if r == "g" and n), "")
        if not genus and ranked[-1][0] == "":
            genus = ranked[-1][1]
        _add(out, genus or NO_GENUS, value)
    if not out:
        raise UserInputError("no rows; expected lines of genus<TAB>abundance", where=where)
    return out


def read_table(path: str | Path, fmt: str = "auto", sample: str | None = None) -> tuple[dict[str, float], str]:
    """Genus -> abundance (the table's own unit) and the format that was read."""
    if fmt not in FORMATS:
        raise UserInputError(f"unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")
    where = str(path)
    lines = read_text(path).splitlines()
    if len(lines) > MAX_ROWS:
        raise UserInputError(f"over {MAX_ROWS} lines; a one-sample profile has far fewer", where=where)
    kind = detect_format(lines) if fmt == "auto" else fmt
    if kind == "metaphlan":
        return read_metaphlan(lines, where, sample), kind
    if sample is not None:
        raise UserInputError("--sample is for merged MetaPhlAn tables; a plain table holds one sample", where=where)
    return read_plain(lines, where), kind
