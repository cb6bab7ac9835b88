"""What the well-mixed gut's arrays read as, per person: their axes, sums over a person's places, the readouts.

``mixed.MixedGut`` keeps biomass as ``res/pro[resistant, FREE/ADHERED, guild, segment, person]``,
fields as ``c[field, MUCOSA/LUMEN, segment, person]`` and the barrier as ``[person, segment]``
(``barrier.py``); ``MixedReadouts`` gives the timeseries' microbiome and barrier columns from them.
"""

from __future__ import annotations

import numpy as np

from ..params import GUILDS
from .barrier import lm_ratio_sites, site_mean
from .colonies import N_TAXA, TAXA_PER_GUILD
from .community import resistant_mix
from .kinetics import F

N_G = len(GUILDS)
TAXON_GUILD = np.arange(N_TAXA) // TAXA_PER_GUILD
FREE, ADHERED = 0, 1
MUCOSA, LUMEN = 0, 1


def person_sum(x: np.ndarray, axis) -> np.ndarray:
    """Sum over ``axis`` (never the last axis, people's) in an order that does not depend on how
    many people are simulated: each person's values are summed as one contiguous row, so a
    person's numbers are the same alone or in a cohort, to the last bit (replay)."""
    axes = sorted(a % x.ndim for a in (axis if isinstance(axis, tuple) else (axis,)))
    keep = [a for a in range(x.ndim) if a not in axes]
    y = np.ascontiguousarray(np.transpose(x, keep + axes))
    return y.reshape(*y.shape[:len(keep)], -1).sum(axis=-1)


class MixedReadouts:
    """The readouts of ``mixed.MixedGut`` (arrays over people)."""

    @staticmethod
    def resistant_shares(share: np.ndarray, carrier: np.ndarray) -> np.ndarray:
        """(taxa, hosts): the resistant part's within-guild mix, ``share`` over each person's carrier taxa
        (``community.resistant_mix``), as an agent-gut colony's resistant part reads (``colonies.taxon_cfu``)."""
        n = share.shape[1]
        return resistant_mix(share.reshape(-1, TAXA_PER_GUILD, n), carrier.reshape(-1, TAXA_PER_GUILD, n), axis=1).reshape(-1, n)

    @staticmethod
    def drop_from_mix(mix: np.ndarray, lost: np.ndarray) -> None:
        """Taxa ``lost`` (taxa, hosts) leave the within-guild ``mix`` in place; the guilds that lost one renormalise."""
        n = mix.shape[1]
        mix[lost] = 0.0
        by_guild = mix.reshape(-1, TAXA_PER_GUILD, n)
        norm = person_sum(by_guild, 1)[:, None, :]
        hit = lost.reshape(-1, TAXA_PER_GUILD, n).any(axis=1)[:, None, :]  # only the guilds that lost a taxon
        np.divide(by_guild, norm, out=by_guild, where=(norm > 0) & hit)

    def seed_bank_mix(self, guild: int) -> np.ndarray:
        """(taxa of the guild, hosts): the guild's taxa as shares of its seed bank (``AgentGut._seed_bank_mix``)."""
        r = self.reservoir[guild * TAXA_PER_GUILD:(guild + 1) * TAXA_PER_GUILD]
        tot = person_sum(r, 0)[None, :]
        return np.divide(r, tot, out=np.zeros_like(r), where=tot > 0)

    def lm_ratio(self) -> np.ndarray:
        """Lactulose/mannitol ratio per host (mean over the colon)."""
        return site_mean((lm_ratio_sites(self.epithelium, self.pc, self.sealed),), self.w.T)

    def integrity(self) -> np.ndarray:
        return site_mean((self.epithelium.integrity,), self.w.T)

    def taxon_cfu(self) -> np.ndarray:
        """Resident (non-probiotic) biomass by taxon, (taxa, hosts): the susceptible part res[0] as ``share``, the
        resistant part res[1] as ``share_res`` (its carrier taxa, ``resistant_shares``; without carriers both as ``share``)."""
        if self.share_res is None:
            return self.share * person_sum(self.res, (0, 1, 3))[TAXON_GUILD]
        by_part = person_sum(self.res, (1, 3))  # (susceptible/resistant, guild, host)
        return self.share * by_part[0][TAXON_GUILD] + self.share_res * by_part[1][TAXON_GUILD]

    def guild_cfu(self) -> np.ndarray:
        """Biomass by guild including administered strains, (guilds, hosts)."""
        return person_sum(self.res, (0, 1, 3)) + person_sum(self.pro, (0, 1, 3))

    def probiotic_cfu(self) -> np.ndarray:
        return person_sum(self.pro, (0, 1, 2, 3))

    def abundances(self) -> np.ndarray:
        g = self.guild_cfu()
        return g / np.maximum(person_sum(g, 0)[None, :], 1e-300)

    def probiotic_share(self) -> np.ndarray:
        return self.probiotic_cfu() / np.maximum(person_sum(self.guild_cfu(), 0), 1e-300)

    def shannon(self) -> np.ndarray:
        t = self.taxon_cfu()
        q = t / np.maximum(person_sum(t, 0)[None, :], 1e-300)
        safe = np.where(q > 0, q, 1.0)
        return -person_sum(q * np.log(safe), 0)

    def field_mean(self, name: str) -> np.ndarray:
        """Volume-weighted mean over the whole colon, per host."""
        x = self.c[F[name]]
        return person_sum(self.w * (x[MUCOSA] + (self.width - 1) * x[LUMEN]), 0) / self.S / self.width

    def mucosal(self, name: str) -> np.ndarray:
        return person_sum(self.w * self.c[F[name], MUCOSA], 0) / self.S

    def readouts(self, e=None) -> dict[str, np.ndarray]:
        """The microbiome and barrier columns of the timeseries, per person (as ``AgentGuts.readouts``)."""
        ab = self.abundances()
        return {
            "microbes_total": np.rint(person_sum(self.guild_cfu(), 0) / self.unit_cfu).astype(np.int64),  # colony equivalents
            **{f"abundance_{name}": ab[i] for i, name in enumerate(GUILDS)},
            "abundance_probiotic_strain": self.probiotic_share(),
            "shannon_diversity": self.shannon(),
            "butyrate_mM": self.field_mean("butyrate"),
            "barrier_integrity": self.integrity(),
            "permeability_lm_ratio": self.lm_ratio(),
            "lactate_mM": self.field_mean("lactate"),
            "lumen_lps_ug_per_ml": self.field_mean("lps"),
            "oxygen_mucosa_uM": self.mucosal("oxygen"),
        }

    def problems(self) -> list[str]:
        bad = []
        if not np.all(np.isfinite(self.c)) or (self.c < 0).any():
            bad.append("lumen fields")
        if not (np.all(np.isfinite(self.res)) and np.all(np.isfinite(self.pro))) or (self.res < 0).any() or (self.pro < 0).any():
            bad.append("biomass")
        if (self.epithelium.integrity < 0).any() or (self.epithelium.integrity > 1).any():
            bad.append("barrier integrity")
        return bad
