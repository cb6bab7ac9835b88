"""An adhered colony's daughter stays at its site (branch agree): the agent gut's mucosa keeps its growth
while the column has room and sheds only the CFU beyond it, as the well-mixed gut sheds adhered growth
beyond its room (``MixedGut._adhere_and_shed``). Before, every daughter of an adhered colony was shed
into the lumen, so the room its division freed went to whoever arrived (mucosal turnover ~0.02/h against
the well-mixed gut's 0.005/h) and the chronic_stress guts disagreed on butyrate and plasma LPS."""

import numpy as np
import pytest

from gutbrain_sim.gut.colonies import TAXA_PER_GUILD, ColonyTable, divide
from gutbrain_sim.validation.gut_agreement import RELATIVE_TOLERANCE, cases, run_case


def test_an_adhered_colony_divides_in_place_and_the_room_sheds_the_excess():
    t = ColonyTable(8)
    t.add(x=np.array([3.2, 3.7]), y=np.array([0, 4]), guild=np.array([2, 3]), taxon=np.array([2, 3]) * TAXA_PER_GUILD,
          cfu=np.array([2.2, 2.4]), adhered=np.array([True, False]), probiotic=False, resistant_share=0.1, growth_mult=1.0)
    assert divide(t, 1.0, 10, np.random.default_rng(1)) == 2
    assert t.adhered.tolist() == [True, False, True, False]  # the adhered parent's daughter is adhered too
    assert t.y[2] == 0 and t.x[2] == t.x[0] and t.y[3] in (3, 4, 5)


@pytest.mark.slow
def test_chronic_stress_guts_agree_on_butyrate_and_plasma_lps():
    """compare-guts' chronic_stress case (6 people, seed 2026): before the change agent vs mixed butyrate 12.2 vs
    15.0 mM (day 14) and 12.3 vs 14.9 (day 28), plasma LPS 20.7 vs 17.5 and 20.9 vs 17.5 pg/mL; after, 13.3 vs
    15.0, 14.8 vs 14.9, 19.9 vs 17.5, 19.7 vs 17.5."""
    name, host, ivs, params = next(c for c in cases() if c[0].startswith("chronic_stress"))
    runs = {gut: run_case(host, ivs, params, 6, 2026, gut) for gut in ("agent", "mixed")}
    for day in (14, 28):
        for measure in ("butyrate_mM", "plasma_lps_pg_per_ml"):
            a, m = (float(np.median(runs[g][day][measure])) for g in ("agent", "mixed"))
            assert abs(m - a) <= RELATIVE_TOLERANCE * a, (day, measure, a, m)
