"""The agent gut of a cohort, stepped together (gut/agent_guts.py), is byte-identical to its people stepped one by one."""

import numpy as np
import pytest

from gutbrain_sim.core.streams import Streams, stream
from gutbrain_sim.gut.agent_gut import AgentGut
from gutbrain_sim.gut.agent_guts import AgentGuts
from gutbrain_sim.gut.colonies import ROW_GROWTH
from gutbrain_sim.gut.per_person import gut_exposure, person_params
from gutbrain_sim.gut.signals import HostToGut
from gutbrain_sim.interventions import intervention_from_dict
from gutbrain_sim.trials.cohort import one_arm

# doses every day, an antibiotic (kill spectrum, resistance), endotoxin in a product: every inflow path
INTERVENTIONS = [
    {"type": "probiotic", "dose_cfu_per_day": 1e10, "start_day": 0},
    {"type": "antibiotic", "start_day": 0.5, "stop_day": 1.5},
]


def _interventions():
    return [intervention_from_dict(dict(d), "test") for d in INTERVENTIONS]


def _host(n: int, t_h: int) -> HostToGut:
    """Host signals that differ per person and over time; hours 10-33 inflame enough to fail the barrier."""
    k = np.arange(n)
    storm = 10 <= t_h < 34
    return HostToGut(3.0 + k + (5000.0 if storm else 0.0), 0.1 * k + 0.02 * (t_h % 5) + (5.0 if storm else 0.0))


def _same(a, b) -> bool:
    return np.asarray(a).tobytes() == np.asarray(b).tobytes()


@pytest.mark.parametrize(("n", "caecum_varies", "dt_h"), [(1, False, 1.0), (7, False, 1.0), (7, True, 0.5)])
def test_cohort_agent_gut_equals_each_agent_gut_stepped_alone(n, caecum_varies, dt_h):
    seed, hours = 5, 40
    # the exposures and per-person parameters of a trial arm; crossings made common enough to be drawn
    arm = one_arm("mdd", _interventions(), n, seed, gut="mixed", params={"bacterial_translocation_per_cfu": 1e-9, "immune_clearance": 0.5,
                                                                          "environmental_immigration_per_day": 12.0,
                                                                          "probiotic_permissive_share": 0.5})
    p = arm.p
    if caecum_varies:  # caecum lengths and transit differ between people: the cohort's per-person pooling, stirring, flow paths
        p = p.replace(caecum_length_fraction=np.linspace(0.1, 0.4, n), transit_h=np.linspace(20.0, 50.0, n))
    cohort = AgentGuts(p, [Streams(seed, r) for r in arm.roots], arm.profile.composition)
    alone = [AgentGut(person_params(p, i, n), Streams(seed, r), arm.profile.composition) for i, r in enumerate(arm.roots)]
    assert len({g.lumen.caecum_cells for g in alone}) == (n if caecum_varies else 1)
    assert [g.strain_permissive for g in cohort.guts] == [g.strain_permissive for g in alone]
    assert n == 1 or 0 < sum(g.strain_permissive for g in alone) < n  # the strain held in place in some people, conveyed in others
    for g in [*cohort.guts[::2], *alone[::2]]:  # taxa lost from some people's seed banks: immigrants from outside
        g.reservoir[[0, 9, 33]] = 0.0
    crossings, transfers, probiotic = 0, 0, 0.0
    for t in range(hours):
        e = arm.exposure(t)
        host = _host(n, t)
        got = cohort.step(t, e, host, dt_h)
        for i, g in enumerate(alone):
            r = g.step(t, gut_exposure(e, i, n, g.p.colon_bacteria_cfu), float(host.tnf_pg_per_ml[i]), float(host.cortisol_excess[i]),
                       dt_h)
            for name in vars(r):
                assert _same(getattr(got, name)[i], np.float64(getattr(r, name))) or getattr(got, name)[i] == getattr(r, name), (t, i, name)
            crossings += r.translocated_bacteria
            transfers += r.resistance_transfer_events
            probiotic = max(probiotic, r.probiotic_cfu)
        if t % 24 == 23:
            cohort.update_reservoir()
            for g in alone:
                g.update_reservoir()
    assert crossings > 0 and transfers > 0 and probiotic > 0  # the barrier failed, genes moved, doses arrived: those paths ran
    drawn = [g.rngs["gut.immigration"].bit_generator.state != stream(seed, r + "gut.immigration").bit_generator.state
             for g, r in zip(alone, arm.roots, strict=True)]
    assert drawn == [i % 2 == 0 for i in range(n)]  # immigrants drawn for the people with lost taxa only
    for i, g in enumerate(alone):
        mine = cohort.guts[i]
        assert _same(mine.lumen.conc, g.lumen.conc)
        assert _same(mine.epithelium.integrity, g.epithelium.integrity)
        assert mine.colonies.n == g.colonies.n
        for col in g.colonies.column_names():
            assert _same(getattr(mine.colonies, col), getattr(g.colonies, col)), col


def _alone_vs_together(gut: str, n: int, hours: int):
    together = one_arm("mdd", _interventions(), n, 3, gut=gut)
    together.advance(hours, -6)
    crowd = together.measure()
    for i in range(n):
        one = one_arm("mdd", _interventions(), n, 3, gut=gut)
        one.take([i])
        one.advance(hours, -6)
        alone = one.measure()
        for k, v in alone.items():
            assert _same(crowd[k][i], v[0]), (gut, i, k)


@pytest.mark.parametrize("gut", ["agent", "mixed"])
def test_each_person_in_a_cohort_of_7_is_the_person_alone(gut):
    _alone_vs_together(gut, 7, 36)


@pytest.mark.long
@pytest.mark.parametrize("gut", ["agent", "mixed"])
def test_each_person_in_a_cohort_of_50_is_the_person_alone(gut):
    _alone_vs_together(gut, 50, 30)


@pytest.mark.parametrize("gut", ["agent", "mixed"])
def test_screening_keeps_the_junctions_mast_cells_hold_open(gut):
    """A screened person's junctions stay as open as they were (a cohort's first recorded row after screening
    equals the person replayed alone: L/M reads the opening before the next hour sets it again)."""
    arm = one_arm("healthy", [], 3, 2, gut=gut)
    arm.advance(2, -6)
    arm.gut.epithelium.open_junctions(np.array([0.0, 0.3, 0.6]))
    before = arm.measure()["permeability_lm_ratio"]
    arm.take([2, 1])
    assert np.array_equal(np.ravel(arm.gut.epithelium.junction_opening), [0.6, 0.3])
    if gut == "mixed":  # L/M read from the barrier now (the agent gut reports the hour's)
        after = arm.measure()["permeability_lm_ratio"]
        assert _same(after, before[[2, 1]]) and after[0] > after[1]


def test_pages_grow_for_everyone_and_keep_every_row():
    arm = one_arm("healthy", [], 3, 2, gut="agent")
    g = arm.gut
    before = [(t.n, t.cfu.copy(), t.taxon.copy()) for t in (x.colonies for x in g.guts)]
    page = g.page
    g._make_room(page + 1)
    assert g.page == int(ROW_GROWTH * page) > page  # grown by the table's factor (storage only)
    for (n, cfu, taxon), x in zip(before, g.guts, strict=True):
        assert x.colonies.n == n and _same(x.colonies.cfu, cfu) and _same(x.colonies.taxon, taxon)
        assert np.shares_memory(x.colonies.cfu, g._f)


def test_a_page_grown_in_the_middle_of_an_hour_gives_the_same_hour(monkeypatch):
    """Rows outgrow the page mid-hour (divisions, seeds, the CFU shed beyond a mucosal column's room): the barrier
    still reads this hour's biomass, so the cohort goes on exactly as one whose page never had to grow then."""
    from gutbrain_sim.gut import agent_guts

    steady, grown = (one_arm("mdd", [], 3, 3, gut="agent") for _ in range(2))
    adhere, force = agent_guts.cp.adhere_people, {"on": False}

    def adhere_then_grow(*args):
        adhere(*args)
        if force["on"]:
            grown.gut._make_room(grown.gut.page + 1)

    monkeypatch.setattr(agent_guts.cp, "adhere_people", adhere_then_grow)
    for h in range(-2, 2):
        force["on"] = False
        steady.step(h)
        force["on"] = True
        grown.step(h)
    a, b = steady.measure(), grown.measure()
    page = steady.gut.page
    for _ in range(4):  # grown once an hour, by ROW_GROWTH each time
        page = int(ROW_GROWTH * page)
    assert grown.gut.page == page
    for k in a:
        assert _same(a[k], b[k]), k
