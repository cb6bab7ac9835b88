"""Issue #14: administered strains crossing a failing barrier draw from their own stream ("gut.strain_crossing",
and their blood seeds from "host.strain_bacteraemia"), so a person's resident draws are the same with and without
strains. Before, the strains' Poisson draws shared the residents' stream; numpy draws nothing for a zero rate, so
under placebo the residents' crossings came from other stream positions than under the probiotic."""

import numpy as np

from gutbrain_sim.core.streams import PeopleRNG, Streams
from gutbrain_sim.gut.agent_gut import AgentGut
from gutbrain_sim.gut.per_person import gut_exposure, person_params
from gutbrain_sim.interventions import intervention_from_dict
from gutbrain_sim.params import ParamSet
from gutbrain_sim.physiology.bacteraemia import Blood, blood_hour
from gutbrain_sim.trials.cohort import one_arm
from gutbrain_sim.validation.probiotic_pathways import MECHANISMS
from gutbrain_sim.validation.probiotic_targets import PROBIOTIC, end_of_trial_means

ALL_OFF = {k: v for off in MECHANISMS.values() for k, v in off.items()}
HOST, N, SEED = "immunocompromised", 6, 7  # a failing barrier: integrity below 0.5 from about day 1


def _arm(gut: str, dose: float | None, days: int, n: int = N):
    ivs = [] if dose is None else [intervention_from_dict({**PROBIOTIC, "start_day": 0, "dose_cfu_per_day": dose}, "test")]
    arm = one_arm(HOST, ivs, n, SEED, gut=gut, params=ALL_OFF)
    failing_h = np.zeros(n, int)
    for h in range(days * 24):
        arm.step(h)
        failing_h += arm.gut.epithelium.integrity.reshape(n, -1).min(axis=1) < 0.5
    c = arm.counters
    return arm, c["translocated_bacteria"] - c["translocated_probiotic_bacteria"], failing_h


def test_mixed_gut_with_every_mechanism_off_equals_placebo_where_the_barrier_fails():
    # a large dose, so the inert strains do cross (shared draws would shift the residents' at once)
    placebo, res_placebo, failing = _arm("mixed", None, 5)
    treated, res_treated, failing_t = _arm("mixed", 1e12, 5)
    assert (failing >= 24).all() and np.array_equal(failing, failing_t)  # every person has failing sites for a day or more
    assert treated.counters["translocated_probiotic_bacteria"].sum() > 0  # the strains crossed
    assert res_placebo.sum() > 0 and np.array_equal(res_placebo, res_treated)  # every resident crossing count, person by person
    assert np.array_equal(placebo.state["depression_hamd"], treated.state["depression_hamd"])


def test_end_of_trial_hamd_with_every_mechanism_off_equals_placebo_in_a_failing_barrier_host():
    # issue #14's done-when in the host where barriers fail (validation.probiotic_pathways' all-off arm; 4 people, 8 weeks)
    placebo, base = end_of_trial_means(HOST, [], 4, SEED, ALL_OFF)
    treated, base_t = end_of_trial_means(HOST, [PROBIOTIC], 4, SEED, ALL_OFF)
    assert np.array_equal(base, base_t)
    assert np.array_equal(placebo["end_hamd"], treated["end_hamd"])


def _failing_agent_gut_with_strains() -> AgentGut:
    """One person's agent gut after a day of doses, then its barrier failing along half the colon."""
    arm = one_arm(HOST, [intervention_from_dict({**PROBIOTIC, "start_day": 0, "dose_cfu_per_day": 1e12}, "test")], 1, SEED,
                  gut="mixed", params={**ALL_OFF, "bacterial_translocation_per_cfu": 1e-9})
    gut = AgentGut(person_params(arm.p, 0, 1), Streams(SEED, arm.roots[0]), arm.profile.composition)
    for t in range(30):
        gut.step(t, gut_exposure(arm.exposure(t), 0, 1, gut.p.colon_bacteria_cfu), 5.0, 0.5)
    gut.epithelium.integrity[: gut.length // 2] = 0.1
    return gut


def test_agent_gut_residents_crossings_do_not_depend_on_the_strains():
    with_strains, without = _failing_agent_gut_with_strains(), _failing_agent_gut_with_strains()  # the same gut twice
    c = with_strains.colonies
    assert c.probiotic.any() and (c.y[c.probiotic] <= 1).any()  # strains near the mucosa where sites fail
    without.colonies.keep(~without.colonies.probiotic)
    crossed = [(with_strains.translocation(1.0), without.translocation(1.0)) for _ in range(24)]
    assert sum(w[1] for w, _ in crossed) > 0  # the strains crossed
    assert [w[0] - w[1] for w, _ in crossed] == [wo[0] for _, wo in crossed]  # the residents' crossings, hour by hour
    state = [g.rngs["gut.translocation"].bit_generator.state for g in (with_strains, without)]
    assert state[0] == state[1]  # the residents' stream is where it would be without strains


def test_residents_blood_seeds_do_not_depend_on_the_strains_crossing():
    # physiology.bacteraemia: the strains' seeds from their own stream (the engine's "host.strain_bacteraemia")
    p, n = ParamSet().replace(immune_clearance=0.3), 8
    loads = []
    for strains in (0, 500):
        blood, history = Blood.clear(n), []
        rng, strain_rng = (PeopleRNG([np.random.default_rng(s + i) for i in range(n)]) for s in (1, 100))
        crossings = np.array([np.arange(n) * 2000, np.full(n, strains)], np.int64)
        for _ in range(48):
            blood_hour(blood, crossings, p, rng, strain_rng=strain_rng)
            history.append(blood.load.copy())
        loads.append(np.array(history))
    assert loads[1][:, 1].sum() > 0 == loads[0][:, 1].sum()  # the strains seeded the blood in one run only
    assert loads[0][:, 0].sum() > 0 and np.array_equal(loads[0][:, 0], loads[1][:, 0])  # the residents' lineages, hour by hour
