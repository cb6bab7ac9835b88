"""One tidy table from any results folder, and Parquet files that carry their units.

``tidy_frame(folder)`` reads a folder written by ``gutbrain run`` (timeseries.csv), ``gutbrain
trial`` (participants.csv, and people/ARM/*.csv when recorded) or ``gutbrain sweep``
(results.csv) into one long table, one value per row:

    source, arm, replicate, participant, point_id, seed, time_h, variable, value, unit

(columns that do not apply to a folder's kind are empty). Units come from the output contract
(``metrics.TIMESERIES``), the parameter table (``params.PARAMETERS``) or the column name's own
unit suffix. ``write_folder_parquet`` writes that table into the folder itself as tidy.parquet
(``--parquet``). Parquet files store every variable's unit in the schema metadata
(``gutbrain_sim.units``, JSON) and each column's unit in its field metadata (``unit``).

``write_parquet_twin(csv)`` writes a CSV's Parquet twin beside it (``gutbrain trial --parquet``,
``gutbrain sweep --parquet``): the same columns, dtypes and values that ``pandas.read_csv``
reads from the CSV (``float_precision="round_trip"``), with the same unit metadata.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .errors import UserInputError

TIDY_COLUMNS = ("source", "arm", "replicate", "participant", "point_id", "seed", "time_h", "variable", "value", "unit")
PARQUET_NAME = "tidy.parquet"  # beside the CSVs of a run, trial or sweep written with --parquet
ID_COLUMNS = {"replicate", "arm", "participant", "drawn_as", "point_id", "seed", "time_h", "day"}
_PEOPLE_FILE = re.compile(r"replicate(\d+)_participant(\d+)\.csv")
_SUFFIX_UNITS = (("_years", "years"), ("_kg_per_m2", "kg/m2"), ("_g_per_day", "g/day"), ("_h", "h"), ("_week", "week"),
                 ("_pg_per_ml", "pg/mL"), ("_mg_per_l", "mg/L"), ("_nmol_per_l", "nmol/L"), ("_mM", "mM"))


def unit_of(column: str) -> str:
    """The unit of an output column: the output contract first, then parameters, then the name's suffix."""
    from ..metrics import TIMESERIES
    from ..params import PARAMETERS

    base = column.split(":")[0]  # sweep metrics: "depression_hamd:end"; paired contrasts "...:diff"
    base = re.sub(r"_(baseline|final|final_true|start|end|min|max|mean)$", "", base)
    base = re.sub(r"^(baseline|screening)_", "", base)
    for name in (column, base):
        if name in TIMESERIES:
            return TIMESERIES[name].unit
        if name in PARAMETERS:
            return PARAMETERS[name].unit
    if base.endswith("hamd"):
        return "HAM-D-17 (0-52)"
    if base.endswith("hama"):
        return "HAM-A (0-56)"
    if base.startswith("abundance_"):
        return "fraction"
    for suffix, unit in _SUFFIX_UNITS:
        if column.endswith(suffix):
            return unit
    if column in ("responder", "remitter", "meaningful_change"):
        return "flag (1 = yes)"
    if column.endswith("_events"):
        return "events"
    return ""


def _read_csv(path: Path):
    import pandas as pd

    try:
        return pd.read_csv(path)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise UserInputError(f"cannot read as a table ({type(exc).__name__}: {str(exc).splitlines()[0][:120]})", where=str(path)) from None


def _melt(frame, ids: dict, id_columns: list[str]):
    import pandas as pd

    value_columns = [c for c in frame.columns if c not in ID_COLUMNS]
    numeric = frame[value_columns].apply(pd.to_numeric, errors="coerce")
    long = pd.concat([frame[id_columns], numeric], axis=1).melt(id_vars=id_columns, var_name="variable", value_name="value")
    for k, v in ids.items():
        long[k] = v
    long["unit"] = long["variable"].map({c: unit_of(c) for c in value_columns})
    return long


def tidy_frame(folder: str | Path):
    """The long table of a results folder (see the module docstring)."""
    import pandas as pd

    folder = Path(folder)
    if not folder.is_dir():
        raise UserInputError("not a folder; give a folder written by `gutbrain run`, `trial` or `sweep`", where=str(folder))
    parts = []
    if (folder / "timeseries.csv").is_file():
        parts.append(_melt(_read_csv(folder / "timeseries.csv"), {"source": "run"}, ["time_h"]))
    elif (folder / "participants.csv").is_file():
        people = _read_csv(folder / "participants.csv")
        parts.append(_melt(people, {"source": "trial participant", "time_h": None}, ["arm", "replicate", "participant"]))
        for path in sorted((folder / "people").glob("*/replicate*_participant*.csv")):
            match = _PEOPLE_FILE.fullmatch(path.name)
            if match:
                ids = {"source": "trial person-hour", "arm": path.parent.name, "replicate": int(match[1]), "participant": int(match[2])}
                parts.append(_melt(_read_csv(path), ids, ["time_h"]))
    elif (folder / "results.csv").is_file():
        parts.append(_melt(_read_csv(folder / "results.csv"), {"source": "sweep"}, ["point_id", "seed"]))
    else:
        raise UserInputError("no timeseries.csv (run), participants.csv (trial) or results.csv (sweep) here; "
                             "note `gutbrain run --record summary` writes no timeseries", where=str(folder))
    long = pd.concat(parts, ignore_index=True)
    for col in TIDY_COLUMNS:
        if col not in long.columns:
            long[col] = None
    long = long[list(TIDY_COLUMNS)]
    for col in ("replicate", "participant", "point_id", "seed", "time_h"):
        long[col] = pd.array(long[col], dtype="Int64")
    long["source"] = long["source"].astype("string")
    long["arm"] = long["arm"].astype("string")
    return long


def require_pyarrow() -> None:
    """One line (a ``UserInputError``) when pyarrow is missing: call it before any simulating."""
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise UserInputError("Parquet needs pyarrow: pip install 'gutbrain_sim[parquet]' (or write .csv)") from None


def write_parquet(path: Path, frame, units: dict[str, str], meta: dict | None = None) -> None:
    """``frame`` as Parquet (written atomically), units in the schema and field metadata."""
    require_pyarrow()
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .outputs import atomic_write

    table = pa.Table.from_pandas(frame, preserve_index=False)
    fields = [f.with_metadata({"unit": units.get(f.name, "")}) if units.get(f.name) else f for f in table.schema]
    schema = pa.schema(fields).with_metadata({"gutbrain_sim.units": json.dumps(units, sort_keys=True),
                                             **({"gutbrain_sim.meta": json.dumps(meta, sort_keys=True)} if meta else {})})
    table = table.cast(schema)
    atomic_write(Path(path), lambda tmp: pq.write_table(table, tmp, compression="zstd"))


def twin_path(csv_path: Path) -> Path:
    """Where a CSV's Parquet twin goes: beside it, ``.csv`` replaced by ``.parquet``."""
    return Path(csv_path).with_suffix(".parquet")


def read_csv_exact(path: Path):
    """A CSV of outputs as pandas reads it, floats parsed exactly as written (what its twin holds)."""
    import pandas as pd

    return pd.read_csv(path, float_precision="round_trip")


def write_parquet_twin(csv_path: Path) -> Path:
    """The Parquet twin of the CSV just written at ``csv_path`` (atomically, beside it).

    The twin holds the table ``read_csv_exact(csv_path)`` gives: the CSV's own columns, dtypes
    and numbers as written (not the unrounded values behind them), so the two never disagree;
    each column's unit is in its field metadata and all of them in ``gutbrain_sim.units``.
    """
    csv_path = Path(csv_path)
    frame = read_csv_exact(csv_path)
    units = {c: u for c in frame.columns if (u := unit_of(str(c)))}
    path = twin_path(csv_path)
    write_parquet(path, frame, units, {"twin_of": csv_path.name})
    return path


def write_tidy(frame, path: Path, source_folder: str) -> None:
    from .outputs import write_csv

    if path.suffix == ".parquet":
        pairs = frame[["variable", "unit"]].drop_duplicates()
        units = {v: u for v, u in zip(pairs["variable"], pairs["unit"], strict=True) if isinstance(u, str) and u}
        write_parquet(path, frame, {"time_h": "h", **dict(sorted(units.items()))}, {"exported_from": source_folder})
    else:
        write_csv(path, frame)


def write_folder_parquet(folder: Path, label: str) -> Path:
    """The tidy table of a results folder, written inside it as ``tidy.parquet`` (``--parquet``).

    ``label`` is the folder's final name (``folder`` may be a staging folder that is renamed
    into place afterwards); it is stored as ``exported_from`` in the Parquet metadata.
    """
    path = Path(folder) / PARQUET_NAME
    write_tidy(tidy_frame(folder), path, label)
    return path
