"""The storage of a cohort's agent guts: one colony table, one field array, one barrier array.

Person p's colonies are the rows of page p of one shared colony table (columns
``[p * page, p * page + count[p])`` of its blocks; a page grows for everyone when one person
needs more rows), the lumen fields are one array ``conc[person, field, x, y]`` and the barrier
one array ``[person, site]``. Each person keeps an ``AgentGut`` (their parameters, streams,
seed bank, and views onto their rows of the shared arrays), so one person's gut reads as before
(the dashboard, the readouts). ``agent_guts.AgentGuts`` steps them; it supplies
``_constants()`` (per-person parameters as arrays), ``_buffers()`` (work arrays) and ``_page_buffers()`` (those sized
by the page). Scratch that is used up within one phase (the diffusion's Laplacian, the one-person metabolism's
buffers) is one array for everyone, not one per person (docs/performance.md, "Memory per person").
"""

from __future__ import annotations

import numpy as np

from .agent_gut import AgentGut
from .colonies import ROW_GROWTH
from .epithelium import Epithelium
from .kinetics import KineticsWork


class AgentPages:
    """People's agent guts (``AgentGut``) held in shared arrays (module docstring)."""

    @property
    def n(self) -> int:
        return len(self.guts)

    def _adopt(self, guts: list[AgentGut]) -> None:
        """Copy these people's guts into fresh shared arrays and make each gut's arrays views of them."""
        self.guts = guts
        g0 = guts[0]
        self.L, self.W = g0.length, g0.width
        if any((g.length, g.width) != (self.L, self.W) for g in guts):
            raise ValueError("the people of one cohort share one grid size (grid_length_cells, grid_width_cells)")
        self.C = self.L * self.W
        n, tables = len(guts), [g.colonies for g in guts]
        self.page = max(t.capacity() for t in tables)
        self._f, self._i, self._b = (np.zeros((len(getattr(tables[0], b)), n * self.page), dtype=getattr(tables[0], b).dtype)
                                     for b in ("_f", "_i", "_b"))
        for k, t in enumerate(tables):
            s = k * self.page
            for b in ("_f", "_i", "_b"):
                getattr(self, b)[:, s:s + t.n] = getattr(t, b)[:, :t.n]
        self.count = np.array([t.n for t in tables], np.intp)
        self._bind_tables()
        self.conc = np.stack([g.lumen.conc for g in guts])
        self.lap = np.empty_like(self.conc[0])  # diffusion scratch, one for everyone (people are diffused in turn)
        self.epithelium = Epithelium(0)
        self.epithelium.integrity = np.stack([g.epithelium.integrity for g in guts])
        self.epithelium.mucus = np.stack([g.epithelium.mucus for g in guts])
        for k, g in enumerate(guts):
            g.lumen.conc, g.lumen._lap = self.conc[k], self.lap
            g.epithelium.integrity, g.epithelium.mucus = self.epithelium.integrity[k], self.epithelium.mucus[k]
        self._constants()
        work = KineticsWork(self.C)  # AgentGut.step's metabolism scratch (refilled every call): one for everyone
        for g in guts:
            g._kinetics = work
        self._buffers()

    def _bind_tables(self) -> None:
        page = self.page
        for k, g in enumerate(self.guts):
            t, s = g.colonies, k * page
            t._f, t._i, t._b = self._f[:, s:s + page], self._i[:, s:s + page], self._b[:, s:s + page]
            t._cap = page
            t.on_full = self._make_room
            t._refresh()

    def _make_room(self, need: int) -> None:
        """Grow every person's page to hold ``need`` rows (amortised: ``ROW_GROWTH`` x the page at least), keeping all rows."""
        old, new = self.page, max(int(need), int(ROW_GROWTH * self.page))
        n = self.n
        for b in ("_f", "_i", "_b"):
            a = getattr(self, b)
            grown = np.zeros((a.shape[0], n * new), dtype=a.dtype)
            grown.reshape(a.shape[0], n, new)[:, :, :old] = a.reshape(a.shape[0], n, old)
            setattr(self, b, grown)
        self.page = new
        self._bind_tables()
        self._page_buffers()

    def _sync_tables(self) -> None:
        """Each person's ``ColonyTable`` view to their current row count."""
        for g, m in zip(self.guts, self.count.tolist(), strict=True):
            t = g.colonies
            if t.n != m:
                t.n = m
                t._refresh()

    def take(self, idx, p=None, rng=None) -> None:
        opening = self.epithelium.take(np.asarray(idx, int)).junction_opening  # the kept people's open junctions
        self._adopt([self.guts[int(i)] for i in idx])
        self.epithelium.junction_opening = opening

    def nbytes(self) -> int:
        """Bytes held by the shared arrays and buffers (not the per-person ``AgentGut`` objects' own); a buffer
        that serves under two names (``AgentGuts._buffers``) counts once."""
        owners = {id(v): v for v in vars(self).values() if isinstance(v, np.ndarray) and v.base is None}
        return sum(v.nbytes for v in owners.values())
