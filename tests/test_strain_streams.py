"""Issue #14: in the agent gut the administered strains' colonies draw from their own streams (gut/strain_streams.py),
so the residents' numbers are the same with and without strains, and with every probiotic mechanism knocked out the
probiotic arm is the placebo arm exactly, on the one-person path (``AgentGut.step``) and the cohort's (``AgentGuts``).
Before, the strains' rows took places in the residents' movement, adhesion, stirring and survival sequences: with every
mechanism off, 3 MDD people on the agent gut parted from placebo by day 1 (HAM-D, the gut readouts)."""

import numpy as np

from gutbrain_sim.core.streams import Streams
from gutbrain_sim.gut import compiled
from gutbrain_sim.gut.agent_gut import AgentGut
from gutbrain_sim.gut.colonies import (
    TAXA_PER_GUILD,
    ColonyTable,
    adhere_and_detach,
    caecum_rows,
    divide,
    lift_or_drop,
    move,
    stir_caecum,
)
from gutbrain_sim.gut.per_person import gut_exposure, person_params
from gutbrain_sim.gut.strain_streams import RowDraws, row_draws
from gutbrain_sim.interventions import intervention_from_dict
from gutbrain_sim.trials.cohort import one_arm
from gutbrain_sim.validation.probiotic_pathways import MECHANISMS
from gutbrain_sim.validation.probiotic_targets import PROBIOTIC

ALL_OFF = {k: v for off in MECHANISMS.values() for k, v in off.items()}
HOST, SEED = "mdd", 7
# readouts that count the administered strains by design (their CFU is in each guild's total and the colony count)
COUNTS_STRAINS = {"microbes_total", "abundance_probiotic_strain", "translocated_bacteria", "translocated_probiotic_bacteria",
                  "bacteraemia_probiotic_episodes"} | {f"abundance_{g}" for g in
                                                      ("lactobacillus", "bifidobacterium", "butyrate_producers", "bacteroides",
                                                       "pathobionts")}


def _tables(seed: int = 3, n: int = 3000, length: int = 40, width: int = 10) -> tuple[ColonyTable, ColonyTable]:
    """A table with administered strains' rows among the residents', and the same table without them."""
    rng = np.random.default_rng(seed)
    guild = rng.integers(0, 5, n)
    strain = rng.random(n) < 0.2
    cfu = rng.uniform(0.3, 2.5, n)
    cfu[rng.random(n) < 0.05] = 0.01  # below a small colony: lifted or dropped
    with_strains = ColonyTable(n)
    with_strains.add(x=rng.uniform(0, length - 1, n), y=rng.integers(0, width, n), guild=guild,
                     taxon=guild * TAXA_PER_GUILD + np.where(strain, 0, rng.integers(0, TAXA_PER_GUILD, n)), cfu=cfu,
                     adhered=rng.random(n) < 0.3, probiotic=strain, resistant_share=0.0, growth_mult=np.where(strain, 0.1, 1.0))
    without = ColonyTable(n)
    without.add(**{name: getattr(with_strains, name)[~strain].copy() for name in with_strains.column_names()},
                shares=with_strains.shares[:, ~strain].copy())
    return with_strains, without


def _residents(t: ColonyTable) -> dict:
    return {name: getattr(t, name)[~t.probiotic].tobytes() for name in t.column_names()}


def test_every_colony_rule_gives_the_residents_the_same_numbers_with_and_without_strains():
    width, length, caecum = 10, 40, 6
    tables = _tables(width=width, length=length)
    rngs = [Streams(SEED, "p0.") for _ in tables]
    adhesion = np.full(5, 0.3)
    strains_before = int(tables[0].probiotic.sum())
    for (t, r) in zip(tables, rngs, strict=True):
        lift_or_drop(t, 0.02, row_draws(r, "gut.survive"))
        divide(t, 1.0, width, row_draws(r, "gut.divide"))
        stirred = caecum_rows(t.x, t.adhered, caecum)
        move(t, 0.8, 1.5, width, row_draws(r, "gut.move"))
        stir_caecum(t.x, stirred, caecum, 0.8, row_draws(r, "gut.caecum"), t.taxon, 1, t.probiotic)
        adhere_and_detach(t, adhesion, (0.005, 0.05), 3.0, length, 1.0, row_draws(r, "gut.adhere"), 0.02)
    with_strains, without = tables
    strains = with_strains.probiotic
    assert strains.sum() > strains_before > 300  # strains' daughters as well: every rule drew for strains
    assert _residents(with_strains) == _residents(without)
    for name in ("gut.survive", "gut.divide", "gut.move", "gut.caecum", "gut.adhere"):  # each stream where it would be without strains
        assert rngs[0][name].bit_generator.state == rngs[1][name].bit_generator.state, name


def test_an_inert_strain_neither_gives_nor_receives_a_resistance_gene():
    cell = np.array([0, 0, 0, 1])
    cfu, share = np.array([1.0, 2.0, 4.0, 1.0]), np.array([0.5, 0.0, 0.25, 0.5])
    growth = np.array([1.0, 1.0, 0.0, 1.0])  # row 2: an administered strain with probiotic_growth_factor 0
    exposure, carriers = compiled.resistance_contacts(cell, cfu, share, growth, 2)
    assert exposure.tolist() == [0.0, 0.5, 0.0, 0.0] and carriers == 1.0
    exposure, carriers = compiled.resistance_contacts(cell, cfu, share, np.ones(4), 2)
    assert exposure.tolist() == [1.0, 1.5, 0.5, 0.0] and carriers == 2.0  # growing, it gives and takes


def _probiotic(days: int) -> list:
    return [intervention_from_dict({**PROBIOTIC, "start_day": 0, "stop_day": days}, "test")]


def test_one_agent_gut_with_every_mechanism_off_is_the_placebo_gut_hour_by_hour():
    days = 14
    arm = one_arm(HOST, _probiotic(days), 1, SEED, gut="mixed", params=ALL_OFF)  # the exposures and parameters of a trial arm
    guts = [AgentGut(person_params(arm.p, 0, 1), Streams(SEED, arm.roots[0]), arm.profile.composition) for _ in range(2)]
    strain_cfu, adhered = 0.0, 0
    for t in range(days * 24):
        e = gut_exposure(arm.exposure(t), 0, 1, guts[0].p.colon_bacteria_cfu)
        placebo = guts[0].step(t, e.__class__(**{**vars(e), "doses": []}), 4.0, 0.2)
        treated = guts[1].step(t, e, 4.0, 0.2)
        for name in ("lps_flux_pg_per_h", "mucosal_butyrate_mm", "gaba_umol_per_h", "resistance_transfer_events"):
            assert getattr(placebo, name) == getattr(treated, name), (t, name)
        assert placebo.translocated_bacteria == treated.translocated_bacteria - treated.translocated_probiotic_bacteria, t
        strain_cfu = max(strain_cfu, treated.probiotic_cfu)
        adhered = max(adhered, int((guts[1].colonies.adhered & guts[1].colonies.probiotic).sum()))
        if t % 24 == 23:
            for g in guts:
                g.update_reservoir()
    assert strain_cfu > 1e9 and adhered > 0 and not guts[0].colonies.probiotic.any()  # the strains were there, some adhered
    assert _residents(guts[0].colonies) == _residents(guts[1].colonies)
    assert guts[0].lumen.conc.tobytes() == guts[1].lumen.conc.tobytes()
    assert guts[0].epithelium.integrity.tobytes() == guts[1].epithelium.integrity.tobytes()


def test_agent_gut_arm_with_every_mechanism_off_equals_placebo():
    # issue #14's done-when on the agent gut (a cohort: AgentGuts), 4 people for 3 weeks, HAM-D day by day
    days, n = 21, 4
    runs = []
    for ivs in ([], _probiotic(days)):
        arm = one_arm(HOST, ivs, n, SEED, gut="agent", params=ALL_OFF)
        hamd = []
        for h in range(days * 24):
            arm.step(h)
            if h % 24 == 23:
                hamd.append(arm.state["depression_hamd"].copy())
        runs.append((np.array(hamd), arm.measure()))
    (hamd_placebo, placebo), (hamd_treated, treated) = runs
    assert (treated["abundance_probiotic_strain"] > 0).all()  # the strains are in every gut at the end
    assert hamd_placebo.tobytes() == hamd_treated.tobytes()
    differ = sorted(k for k in placebo if placebo[k].tobytes() != treated[k].tobytes())
    assert set(differ) <= COUNTS_STRAINS, differ
    assert "shannon_diversity" in placebo and "butyrate_mM" in placebo and "permeability_lm_ratio" in placebo


def test_row_draws_put_each_streams_numbers_in_row_order_even_when_one_side_has_no_row():
    def draws(strain, same=False):
        a, b = np.random.default_rng(1), np.random.default_rng(2)
        return RowDraws(a, None if same else b).random(np.array(strain, bool)), a.random(), b.random()

    first, second = np.random.default_rng(1).random(5), np.random.default_rng(2).random(5)
    got, _, _ = draws([0, 1, 0, 1, 1])
    assert got.tolist() == [first[0], second[0], first[1], second[1], second[2]]
    got, after_a, _ = draws([1, 1, 1])  # all strains: the residents' stream is not touched
    assert got.tolist() == second[:3].tolist() and after_a == first[0]
    got, _, after_b = draws([0, 0])  # no strain: nothing from theirs
    assert got.tolist() == first[:2].tolist() and after_b == second[0]
    assert draws([0, 1, 1], same=True)[0].tolist() == first[:3].tolist()  # one stream: every row's in row order, as before
