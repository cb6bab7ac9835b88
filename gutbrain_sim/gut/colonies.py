"""Microbial colonies as rows of numpy arrays (super-individuals), and their rules.

Each row is one colony: its guild, taxon, position, size in CFU, whether it sticks to the
mucus, whether it is an administered probiotic strain (tagged apart from indigenous
microbes of the same genus) and whether it carries an antibiotic-resistance gene. Rules are
applied to all rows at once; one Python object per microbe would be ~25-100x slower
(../shared/STACK.md).
"""

from __future__ import annotations

import numpy as np

from ..params import GUILDS

TAXA_PER_GUILD = 8
N_TAXA = TAXA_PER_GUILD * len(GUILDS)

_COLUMNS = {
    "x": np.float64,  # position along the colon, cells (continuous)
    "y": np.int32,  # row from the mucosa (0) to the lumen centre
    "guild": np.int32,
    "taxon": np.int32,  # global taxon id: guild * TAXA_PER_GUILD + k
    "cfu": np.float64,
    "adhered": np.bool_,
    "probiotic": np.bool_,
    "resistant": np.bool_,
    "growth_mult": np.float64,  # probiotic strains grow slower; resistance costs growth
}


class ColonyTable:
    """Structure of arrays with spare capacity; rows [0, n) are alive."""

    def __init__(self, capacity: int = 1024):
        self.n = 0
        self._cap = capacity
        self._cols = {k: np.zeros(capacity, dtype=t) for k, t in _COLUMNS.items()}

    def __getattr__(self, name: str) -> np.ndarray:
        cols = self.__dict__.get("_cols")
        if cols is not None and name in cols:
            return cols[name][: self.n]
        raise AttributeError(name)

    def add(self, **columns) -> None:
        """Append rows; every column of _COLUMNS must be given (scalars broadcast)."""
        k = max(np.size(v) for v in columns.values())
        if k == 0:
            return
        need = self.n + k
        if need > self._cap:
            new_cap = max(need, 2 * self._cap)
            for name, arr in self._cols.items():
                grown = np.zeros(new_cap, dtype=arr.dtype)
                grown[: self.n] = arr[: self.n]
                self._cols[name] = grown
            self._cap = new_cap
        for name in _COLUMNS:
            self._cols[name][self.n : need] = columns[name]
        self.n = need

    def keep(self, mask: np.ndarray) -> None:
        """Drop rows where ``mask`` is False, preserving order."""
        m = int(mask.sum())
        if m == self.n:
            return
        for _name, arr in self._cols.items():
            arr[:m] = arr[: self.n][mask]
        self.n = m

    def rows(self, idx: np.ndarray) -> dict[str, np.ndarray]:
        return {name: arr[: self.n][idx].copy() for name, arr in self._cols.items()}

    def column_names(self) -> tuple[str, ...]:
        return tuple(_COLUMNS)

    def nbytes_per_row(self) -> int:
        return sum(np.dtype(t).itemsize for t in _COLUMNS.values())


def cell_index(x: np.ndarray, y: np.ndarray, length: int, width: int) -> np.ndarray:
    """Flat cell index x*width + y of each colony."""
    xi = np.minimum(x.astype(np.int32), length - 1)
    return xi * width + y


def divide(t: ColonyTable, unit_cfu: float, width: int, rng: np.random.Generator) -> int:
    """Colonies at twice the unit size split in two; the daughter lands in a neighbouring row.

    A daughter of an adhered colony is shed into the lumen (row 1). Returns divisions made.
    """
    made = 0
    while True:
        big = np.flatnonzero(t.cfu >= 2.0 * unit_cfu)
        if big.size == 0:
            return made
        made += big.size
        t.cfu[big] *= 0.5
        d = t.rows(big)
        step = rng.integers(-1, 2, size=big.size)
        d["y"] = np.where(d["adhered"], 1, np.clip(d["y"] + step, 0, width - 1)).astype(np.int32)
        d["adhered"] = np.zeros(big.size, dtype=bool)
        t.add(**d)


def move(t: ColonyTable, flow_cells: float, mixing_sd: float, width: int, rng: np.random.Generator) -> None:
    """Free colonies drift with the flow and mix randomly; adhered ones stay."""
    free = ~t.adhered
    z = rng.standard_normal((2, t.n))
    t.x[:] = np.maximum(t.x + free * (flow_cells + mixing_sd * z[0]), 0.0)
    dy = np.rint(mixing_sd * z[1]).astype(np.int32) * free
    y = t.y + dy
    y = np.abs(y)  # reflect at the mucosa
    y = np.where(y > width - 1, 2 * (width - 1) - y, y)
    t.y[:] = np.clip(y, 0, width - 1)


def adhere_and_detach(t: ColonyTable, adhesion_per_h: np.ndarray, detach_per_h: np.ndarray, sites_per_column: int,
                      length: int, dt_h: float, rng: np.random.Generator) -> None:
    """Colonies touching the mucus (row 0) adhere if the column has a free site; some detach."""
    u = rng.random(t.n)
    xi = np.minimum(t.x.astype(np.int32), length - 1)
    adhered = t.adhered
    # detachment first (probiotic strains detach fast: transient colonisers)
    leave = adhered & (u < detach_per_h * dt_h)
    adhered[leave] = False
    occupied = np.bincount(xi[adhered], minlength=length)
    free_sites = np.maximum(sites_per_column - occupied, 0)
    cand = np.flatnonzero(~adhered & (t.y == 0) & (u < adhesion_per_h[t.guild] * dt_h))
    if cand.size == 0:
        return
    col = xi[cand]
    order = np.lexsort((u[cand], col))  # by column, random within column
    cand, col = cand[order], col[order]
    first = np.searchsorted(col, col, side="left")
    rank = np.arange(cand.size) - first
    adhered[cand[rank < free_sites[col]]] = True


def shannon(cfu_by_taxon: np.ndarray) -> float:
    """Shannon diversity (natural log) of biomass shares."""
    total = cfu_by_taxon.sum()
    if total <= 0:
        return 0.0
    q = cfu_by_taxon[cfu_by_taxon > 0] / total
    return float(-(q * np.log(q)).sum())
