"""The well-mixed gut against the agent-based gut: same host, same seed, same rates.

Both guts run the same person (parameters drawn from the same stream) for 21 days after the
7-day warm-up; the last week's means are compared, averaged over three seeds. Stated
tolerances (what the well-mixed representation is expected to reproduce):

* guild shares of the two dominant guilds (bacteroides, butyrate producers): within 0.15
* butyrate at the mucosa: within a factor of 2 (bulk luminal butyrate differs more: the
  agent grid's plug flow leaves substrate unfermented that the well-mixed segments use up)
* barrier integrity: within 0.05; lactulose/mannitol ratio within 30%
* plasma LPS: within 40%; HAM-D: within 2.5 points; Shannon diversity within 0.5 nats
"""

import numpy as np
import pytest
from conftest import mixed_twin

from gutbrain_sim import GutBrainModel
from gutbrain_sim.gut.kinetics import F
from gutbrain_sim.hosts import profile
from gutbrain_sim.scenario import Scenario
from gutbrain_sim.trials.cohort import Arm, ArmPlan, draw_arm

DAYS = 21
SEEDS = (1, 2, 3)


def _agent(seed):
    m = GutBrainModel(Scenario(name="cmp", duration_days=DAYS, seed=seed, host="healthy"))
    rows = []
    while m.time_h < m.duration_h:
        m.step()
        if m.time_h > m.duration_h - 7 * 24:
            lum = m.gut.lumen.conc
            rows.append({**m._row, "mucosal_butyrate": float(lum[F["butyrate"], :, 0].mean())})
    return {k: float(np.mean([r[k] for r in rows])) for k in rows[0] if k not in ("time_h", "day")}


def _mixed(seed):
    g = mixed_twin("healthy", seed)  # the same person as GutBrainModel(seed)
    rows = []
    for h in range(-7 * 24, DAYS * 24):
        g.step(h)
        if h + 1 > (DAYS - 7) * 24:
            row = {k: float(v[0]) for k, v in g.measure().items()}
            row["mucosal_butyrate"] = float(g.gut.mucosal("butyrate")[0])
            rows.append(row)
    assert g.gut.problems() == [] and g.state.out_of_range() == []
    return {k: float(np.mean([r[k] for r in rows])) for k in rows[0]}


@pytest.fixture(scope="module")
def pair():
    agent = [_agent(s) for s in SEEDS]
    mixed = [_mixed(s) for s in SEEDS]
    mean = lambda runs, k: float(np.mean([r[k] for r in runs]))  # noqa: E731
    return lambda k: (mean(agent, k), mean(mixed, k))


@pytest.mark.parametrize("guild", ["bacteroides", "butyrate_producers"])
def test_dominant_guild_shares_match(pair, guild):
    a, m = pair(f"abundance_{guild}")
    assert abs(a - m) <= 0.15, (a, m)


def test_minor_guilds_stay_minor_in_both(pair):
    for guild in ("lactobacillus", "bifidobacterium", "pathobionts"):
        a, m = pair(f"abundance_{guild}")
        assert a < 0.15 and m < 0.15, (guild, a, m)


def test_mucosal_butyrate_within_a_factor_of_two(pair):
    a, m = pair("mucosal_butyrate")
    assert 0.5 <= m / a <= 2.0, (a, m)


def test_barrier_integrity_and_permeability_match(pair):
    a, m = pair("barrier_integrity")
    assert abs(a - m) <= 0.05, (a, m)
    a, m = pair("permeability_lm_ratio")
    assert abs(m / a - 1.0) <= 0.30, (a, m)


def test_plasma_lps_within_40_percent(pair):
    a, m = pair("plasma_lps_pg_per_ml")
    assert abs(m / a - 1.0) <= 0.40, (a, m)


def test_depression_score_within_2_5_points(pair):
    a, m = pair("depression_hamd")
    assert abs(a - m) <= 2.5, (a, m)


def test_shannon_diversity_within_half_a_nat(pair):
    a, m = pair("shannon_diversity")
    assert abs(a - m) <= 0.5, (a, m)


def _arm(prof, plan, sizes, seed, gut="mixed"):
    return Arm(prof, plan, 0, draw_arm(prof, {}, 0, sizes, seed), seed, gut=gut)


def test_mixed_gut_many_hosts_equals_one_by_one():
    """Vectorised over hosts: a host's trajectory does not depend on who else is simulated with it (exactly)."""
    prof = profile("healthy")
    both = _arm(prof, ArmPlan("x", []), [3, 2], 5)
    alone = _arm(prof, ArmPlan("x", []), [3], 5)
    for h in range(-48, 48):
        both.step(h)
        alone.step(h)
    a, b = both.measure(), alone.measure()
    for key in a:
        assert np.array_equal(a[key][:3], b[key]), key


def test_probiotic_raises_the_strain_and_it_washes_out_after_stopping():
    prof = profile("healthy")
    from gutbrain_sim.interventions import intervention_from_dict

    iv = intervention_from_dict({"type": "probiotic", "start_day": 0, "stop_day": 7}, "test")
    g = _arm(prof, ArmPlan("p", [iv]), [4], 3)
    for h in range(-72, 7 * 24):
        g.step(h)
    on = g.gut.probiotic_share().copy()
    for h in range(7 * 24, 14 * 24):
        g.step(h)
    assert (on > 1e-4).all()
    # a week after the last dose 1.9-5.4% of the strain is left (seed 3); the agent gut has none left by then (its strain
    # colonies die at the smallest colony size, min_cfu). Under 1% before issue #13, while the strains competed with the
    # residents for adhesion sites and so hardly adhered
    assert (g.gut.probiotic_share() < 0.1 * on).all()


@pytest.mark.parametrize("per_day", [0.0, 12.0])
def test_a_taxon_lost_from_gut_and_seed_bank_returns_only_by_immigration(per_day):
    """Taxon 4 (a lactobacillus) gone from host 0's gut and seed bank: no seeds bring it back; immigrants from outside
    (environmental_immigration_per_day, each host's own stream) do, and its seed bank re-stocks once it is back;
    host 0's trajectory is the same alone as with others."""
    prof = profile("healthy")
    both = _arm(prof, ArmPlan("x", []), [3, 2], 5)
    alone = _arm(prof, ArmPlan("x", []), [3], 5)
    for arm in (both, alone):
        g = arm.gut
        g.p = g.p.replace(environmental_immigration_per_day=per_day)
        g.share[4, 0] = 0.0
        g.share[:8, 0] /= g.share[:8, 0].sum()
        g.reservoir[4, 0] = 0.0
    for h in range(48):
        both.step(h)
        alone.step(h)
    a, b = both.measure(), alone.measure()
    for key in a:
        assert np.array_equal(a[key][:3], b[key]), key
    assert (both.gut.share[4, 0] > 0) == (both.gut.reservoir[4, 0] > 0) == (per_day > 0)
    assert (both.gut.share[4, 1:] > 0).all()
