"""The colonic lumen: the dissolved and particulate fields on a grid of cells.

Axes: x runs along the colon (proximal x=0 to distal exit), y from the mucosa (y=0) to the
lumen centre. All fields live in one stacked array ``conc[field, x, y]``, so diffusion and
transit run once for all fields. (No Mesa grid: colonies are array rows, and nothing would
query one; see docs/model.md.)
"""

from __future__ import annotations

import numpy as np

from . import compiled_cells
from .kinetics import CARBS, FIELDS, HEXOSE_MMOL_PER_G, F, epithelial_oxygen, mucin_supply_mm_per_h

# Meals at these clock hours; their carbohydrate reaches the colon over the 6 hours that
# start 4 hours later (small-intestinal transit 4-6 h, gradual ileocaecal emptying).
MEAL_HOURS = (8, 13, 19)
ILEAL_DELAY_H = 4
ILEAL_SPREAD_H = 6


def caecum_cells(p, length: int) -> int:
    """Columns of the caecum (the stirred proximal colon, ``caecum_length_fraction`` of the length)."""
    return max(1, min(int(length), int(round(float(p.caecum_length_fraction) * int(length)))))


def tank_outflow_share(rate_per_h, dt_h: float) -> tuple[np.ndarray, int]:
    """Share of a stirred tank's content passed on per sub-step, and how many sub-steps make ``dt_h``, for
    tanks emptying at ``rate_per_h`` (1 / their residence). The content is metabolised once per step
    where it lies, so a tank passing on a share q each step keeps it for dt/q on average (geometric):
    q = rate x dt keeps it for its residence, as the grid's whole-cell shifts (``Lumen.flow_shifts``) and
    its stirred caecum (fields) do; q = 1 - exp(-rate x dt), the continuous-time tank's hourly outflow, kept
    it for dt / (1 - exp(-rate x dt)) > 1/rate: 1.70 h instead of 1.125 h per tank at the rodent's
    12-h transit (whole colon 17.1 h instead of 12 h; 40.7 h at 36 h). Above a share of 1 the step
    is cut into equal sub-steps."""
    k = np.asarray(rate_per_h, float) * dt_h
    passes = max(1, int(np.ceil(k.max())))
    return k / passes, passes


def colonic_inflow_fraction(hour_of_day: int) -> float:
    """Fraction of a day's carbohydrate that enters the colon in this clock hour."""
    frac = 0.0
    for meal in MEAL_HOURS:
        lag = (hour_of_day - meal) % 24
        if ILEAL_DELAY_H <= lag < ILEAL_DELAY_H + ILEAL_SPREAD_H:
            frac += 1.0 / (len(MEAL_HOURS) * ILEAL_SPREAD_H)
    return frac


class Lumen:
    """Fields on the grid, with meals in, diffusion, flow toward the exit, and absorption.

    The first ``caecum_cells`` columns are the caecum and ascending colon, a stirred compartment
    (Cummings & Macfarlane 1991: the proximal colon works as a continuous culture): what arrives
    from the ileum is spread over them, and ``stir_caecum`` (after the flow) evens the mucosal
    row out along them and the luminal rows out together every hour: one mucosal and one
    luminal place, as the well-mixed gut's first segment (the gradient to the mucosa stays).
    Past the caecum, content moves as a plug with the flow, and each column's luminal rows are
    evened out across the colon's cross-section every hour: segmental (haustral) contractions, the
    colon's predominant motor activity, knead and mix the content and bring it to the mucosa, while
    propulsion is rare and slow (Sarna 2010, Colonic Motility: From Bench Side to Bedside). Each column
    is one mucosal and one luminal place, exchanging at the neighbour rate, as a segment of the
    well-mixed gut (before, the luminal rows exchanged by diffusion alone, 0.15 of the neighbour's
    difference per hour, and the lumen next to the mucosa stayed apart from its centre).
    """

    def __init__(self, p):
        self._p = p
        self.length = int(p.grid_length_cells)
        self.width = int(p.grid_width_cells)
        self.conc = np.zeros((len(FIELDS), self.length, self.width))
        self.cell_volume_l = float(p.colon_content_volume_l) / (self.length * self.width)
        self.column_volume_l = self.cell_volume_l * self.width
        self.flow_cells_per_h = self.length / float(p.transit_h)
        self.shift_accumulator = 0.0
        self._lap = np.empty_like(self.conc)  # diffusion scratch
        self._mucin_mm_per_h = mucin_supply_mm_per_h(p, self.cell_volume_l * self.length)
        self.exited_fraction = 0.0
        self.caecum_cells = caecum_cells(p, self.length)
        self.caecum_volume_l = self.column_volume_l * self.caecum_cells

    @property
    def n_cells(self) -> int:
        return self.length * self.width

    def feed(self, hour_of_day: int, carbs_g_per_day: dict[str, float]) -> None:
        """Carbohydrate arriving from the ileum this hour, spread over the caecum."""
        frac = colonic_inflow_fraction(hour_of_day)
        if frac == 0.0:
            return
        for name in CARBS:
            grams = carbs_g_per_day.get(name, 0.0) * frac
            if grams > 0:
                self.conc[F[name], :self.caecum_cells, :] += grams * HEXOSE_MMOL_PER_G / self.caecum_volume_l

    def secrete_mucin(self, p, dt_h: float) -> None:
        """The mucosa secretes mucin glycans into the row touching it."""
        supply = self._mucin_mm_per_h if p is self._p else mucin_supply_mm_per_h(p, self.cell_volume_l * self.length)
        self.conc[F["mucin"], :, 0] += supply * dt_h

    def add_to_caecum(self, field: str, amount: float) -> None:
        """``amount`` of a field (its unit x L, e.g. ug for LPS in ug/mL x 1000) spread over the caecum."""
        self.conc[F[field], :self.caecum_cells, :] += amount / self.caecum_volume_l

    def stir_caecum(self) -> None:
        """Each row's fields evened out along the caecum's columns."""
        stir_fields(self.conc, self.caecum_cells)

    def diffuse(self, rate: float) -> None:
        """Explicit 5-point diffusion with no-flux walls (stable for rate < 0.25)."""
        compiled_cells.diffuse(self.conc, self._lap, float(rate))

    def flow(self, dt_h: float) -> int:
        """Move content toward the exit; returns how many whole cells it moved this step."""
        shifts = self.flow_shifts(dt_h)
        shift_fields(self.conc, min(shifts, self.length))
        return shifts

    def next_shifts(self, dt_h: float) -> int:
        """Whole cells the next ``flow_shifts(dt_h)`` will move the content (nothing changes)."""
        return int(self.shift_accumulator + self.flow_cells_per_h * dt_h)

    def flow_shifts(self, dt_h: float) -> int:
        """Whole cells the content moves this step (the fraction of a cell is carried over to the next)."""
        self.shift_accumulator += self.flow_cells_per_h * dt_h
        shifts = int(self.shift_accumulator)
        self.shift_accumulator -= shifts
        return shifts

    def set_mucosal_oxygen(self, p) -> None:
        """Oxygen diffusing from the epithelium, set at the mucosal row from local butyrate."""
        butyrate = self.conc[F["butyrate"], :, 0]
        self.conc[F["oxygen"], :, 0] = epithelial_oxygen(butyrate, p)

    def flat(self) -> np.ndarray:
        """Fields as (fields, cells) with cell index = x * width + y (a view)."""
        return self.conc.reshape(len(FIELDS), -1)


def shift_fields(conc: np.ndarray, k: int) -> None:
    """Fields ``conc[..., field, x, y]`` moved ``k`` (<= length) cells toward the exit: what passes the last
    column leaves, the first ``k`` columns are emptied."""
    if k:
        conc[..., k:, :] = conc[..., :-k, :].copy()
        conc[..., :k, :] = 0.0


def stir_fields(conc: np.ndarray, k: int) -> None:
    """Fields ``conc[..., field, x, y]`` stirred: in the caecum (columns ``x < k``) the mucosal row
    (y = 0) evened out along it and the lumen's rows (y >= 1) evened out together; past it each
    column's luminal rows evened out across the width (radial mixing; the mucosal row keeps its own)."""
    if k > 1:
        conc[..., :k, 0] = conc[..., :k, 0].mean(axis=-1, keepdims=True)
        conc[..., :k, 1:] = conc[..., :k, 1:].mean(axis=(-2, -1), keepdims=True)
    k = k if k > 1 else 0
    conc[..., k:, 1:] = conc[..., k:, 1:].mean(axis=-1, keepdims=True)


def pool_caecum(biomass: np.ndarray, length: int, width: int, k: int) -> None:
    """Biomass ``(guilds, cells)`` of the caecum (columns ``x < k``) shared evenly over its places:
    in the stirred caecum the microbes of the mucosal row draw on one pool and those of the lumen's
    rows on another (their fields are even: ``stir_fields``), so each cell holds its place's mean
    biomass for metabolism and mucosal contact; past the caecum each column's luminal rows share
    their mean (its lumen is one stirred place: ``stir_fields``), the mucosal row keeps its own."""
    b = biomass.reshape(biomass.shape[0], length, width)
    if k > 1:
        b[:, :k, 0] = b[:, :k, 0].mean(axis=1, keepdims=True)
        b[:, :k, 1:] = b[:, :k, 1:].mean(axis=(1, 2), keepdims=True)
    else:
        k = 0
    b[:, k:, 1:] = b[:, k:, 1:].mean(axis=2, keepdims=True)  # past the caecum: each column's lumen, one place (stir_fields)


def stir_across(y: np.ndarray, x: np.ndarray, adhered: np.ndarray, probiotic: np.ndarray, k: int, width: int,
                rng: np.random.Generator) -> None:
    """The caecum's free resident colonies (x < ``k``) each put in a row drawn evenly over the ``width`` rows, after
    adhesion and shedding (one uniform each, in row order, from the person's ``gut.caecum`` stream; nothing drawn when
    the caecum is one column: no stirred caecum, as ``colonies.caecum_rows``). The caecum's fields are evened across
    its lumen every hour (``stir_fields``) and its free colonies along it (``colonies.stir_caecum``), but across it a
    colony only walked (~1 row an hour), and what leaves the mucosa starts in the row touching it (a colony let go or
    shed beyond its column's room). In the mouse's 3-h caecum, fed by its mucosa's shedding, 37% of the free resident
    CFU sat in row 0 (12% in an adult's 9-h one) and fermented beside the adhered layer: its butyrate 12-28 mM against
    the well-mixed gut's 10, its oxygen lower, its adhered butyrate producers 0.20-0.49 of it against 0.22. The
    well-mixed gut, the agent gut's mean field, holds a free resident 1/width of the time in the mucosal layer (issue
    #13, docs/gut_agreement.md). Administered strains keep their walk (the well-mixed gut tracks their rows by it)."""
    if k > 1 and width > 1:
        rows = np.flatnonzero((x < k) & ~adhered & ~probiotic)
        y[rows] = np.minimum(np.floor(rng.random(rows.size) * width), width - 1).astype(y.dtype)
