"""The probiotic acts through what its strains do in the gut: the host reads no CFU, and the
tight-junction action is local, saturating in the adhesion places the strains hold."""

import dataclasses

import numpy as np

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
