"""The probiotic acts through what its strains do in the gut: the host reads no CFU, and the
tight-junction action is local, saturating in the adhesion places the strains hold."""

import dataclasses

import numpy as np
import pytest

from gutbrain_sim.gut.epithelium import BarrierInputs, Epithelium
from gutbrain_sim.params import ParamSet
from gutbrain_sim.physiology import GutSignals


def _integrity_after(occupancy, p, hours=72):
    n = len(occupancy)
    e = Epithelium(n, integrity=0.8)
    u = BarrierInputs(lps_ug_per_ml=np.full(n, 2.0), butyrate_mm=np.full(n, 8.0), pathobiont_contact=np.full(n, 0.5),
                      bacteroides_contact=np.full(n, 0.2), fibre_mm=np.full(n, 5.0), tnf_pg_per_ml=2.0, cortisol_excess=0.3,
                      probiotic_occupancy=np.asarray(occupancy, float))
    for _ in range(hours):
        e.step(u, p, 1.0)
    return e.integrity


def test_host_reads_no_probiotic_cfu():
    assert "probiotic_cfu" not in {f.name for f in dataclasses.fields(GutSignals)}


def test_tight_junction_contact_rises_with_occupancy_and_saturates():
    p = ParamSet()
    occ = np.array([0.0, 1e-5, 2e-4, 2e-3, 2e-2])
    ti = _integrity_after(occ, p)
    assert np.all(np.diff(ti) > 0)  # more places held, tighter junctions
    # saturation: the last tenfold adds less than the one before
    assert ti[4] - ti[3] < ti[3] - ti[2]
    assert ti.max() <= 1.0


def test_knocking_out_the_contact_action_leaves_occupancy_without_effect():
    p = ParamSet().replace(probiotic_tj_repair_gain=0.0)
    ti = _integrity_after(np.array([0.0, 2e-4, 2e-2]), p)
    assert np.ptp(ti) == 0.0


def _steady_integrity(lps_ug_per_ml, occupancy, p, hours=600):
    n = len(occupancy)
    e = Epithelium(n, integrity=0.8)
    u = BarrierInputs(lps_ug_per_ml=np.full(n, lps_ug_per_ml), butyrate_mm=np.full(n, 8.0), pathobiont_contact=np.zeros(n),
                      bacteroides_contact=np.zeros(n), fibre_mm=np.full(n, 5.0), tnf_pg_per_ml=0.0, cortisol_excess=0.0,
                      probiotic_occupancy=np.asarray(occupancy, float))
    for _ in range(hours):
        e.step(u, p, 1.0)
    return e


def test_the_strains_mend_injury_not_a_healthy_barriers_everyday_wear():
    from gutbrain_sim.gut.epithelium import everyday_wear

    p = ParamSet()
    support = 0.3 + 0.7 * 8.0 / (p.butyrate_repair_half_mm + 8.0)
    healthy_lps = everyday_wear(p) * p.barrier_repair_per_h * support / p.barrier_damage_lps_per_h  # damage = everyday wear
    occ = np.array([0.0, 2e-3])
    healthy = _steady_integrity(healthy_lps, occ, p)
    assert healthy.lm_ratio(p) == pytest.approx([p.healthy_lm_ratio] * 2, rel=1e-6)  # at the healthy reference
    assert healthy.integrity[1] == healthy.integrity[0]  # nothing to mend: no sealing below the normal leak
    injured = _steady_integrity(3 * healthy_lps, occ, p)
    # injury beyond the wear (L/M 0.056 without the strains): they mend it, to about a healthy barrier (0.032), not below
    assert injured.integrity[1] > injured.integrity[0] + 0.05
    assert injured.lm_ratio(p)[1] >= 0.9 * p.healthy_lm_ratio
