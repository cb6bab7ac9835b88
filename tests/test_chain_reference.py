"""The dashboard's causal chain compares a person with the healthy reference the model declares
(gutbrain_sim/params/), not with numbers of its own (issue #13)."""

import pytest

from gutbrain_sim import GutBrainModel
from gutbrain_sim.app.chain import chain_links
from gutbrain_sim.gut.barrier import lm_ratio_sites
from gutbrain_sim.params import PARAMETERS


def _links(**params):
    m = GutBrainModel("healthy_baseline", seed=1, **params)
    for _ in range(3):
        m.step()
    return m, {link.key: link for link in chain_links(m)}


def test_the_chain_divides_by_the_declared_healthy_references():
    assert PARAMETERS["healthy_plasma_lps_pg_per_ml"].default == 8.0 and PARAMETERS["healthy_lm_ratio"].default == 0.03
    m, links = _links()
    lps = float(m.host_state.values["plasma_lps_pg_per_ml"][0])
    assert links["blood"].strength == pytest.approx(lps / 8.0 - 1.0)
    assert links["blood"].push == f"{lps / 8.0:.2f} x healthy endotoxin reaches immune cells"
    m2, doubled = _links(healthy_plasma_lps_pg_per_ml=4.0, healthy_lm_ratio=0.015)
    lps2 = float(m2.host_state.values["plasma_lps_pg_per_ml"][0])  # its start is the reference too, so it differs a little
    assert doubled["blood"].strength == pytest.approx(lps2 / 4.0 - 1.0) and lps2 / 4.0 > 1.9 * lps / 8.0
    # since the healthy reference's endotoxin is also what TLR4 ignores (branch il6), halving it raises TNF and the
    # barrier leaks a little more (L/M +3% here, seed 1): the chain must still divide that L/M by the declared 0.015
    lm2 = float(lm_ratio_sites(m2.gut.epithelium, m2.p, m2.exposure_sealed).mean())
    assert doubled["barrier"].strength == pytest.approx(lm2 / 0.015 - 1.0)
    assert doubled["barrier"].strength + 1.0 > 1.9 * (links["barrier"].strength + 1.0)


def test_a_sealed_barrier_shows_the_sealed_lm_ratio_in_the_chain():
    from gutbrain_sim.scenario import scenario_from_dict

    sealed = scenario_from_dict({"name": "sealed", "duration_days": 1, "seed": 1, "host": "mdd",
                                 "interventions": [{"type": "knockout", "link": "barrier"}]})
    m = GutBrainModel(sealed, lm_ratio_sealed=0.025)  # the declared sealed L/M, not the default 0.012
    for _ in range(3):
        m.step()
    assert m.exposure_sealed
    lm = 0.025
    barrier = {link.key: link for link in chain_links(m)}["barrier"]
    assert barrier.value == f"integrity 1.00 (0-1), lactulose/mannitol {lm:.3f}"
