"""Injected CRH (the crh_injection intervention; gutbrain_sim.validation.sources_crh): its plasma kinetics, the CRH
stimulation test's cortisol that sets its potency, and Vanuytsel 2014's L/M after CRH, with and without DSCG."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gutbrain_sim.core.errors import UserInputError
from gutbrain_sim.interventions import REGISTRY, intervention_from_dict
from gutbrain_sim.params import ParamSet
from gutbrain_sim.physiology import HostInputs, init_host
from gutbrain_sim.physiology.hpa import advance_iv_crh
from gutbrain_sim.validation import sources_crh as sc


def test_crh_injection_is_a_single_event_of_one_hour():
    iv = intervention_from_dict({"type": "crh_injection", "start_day": 1 + 10 / 24, "dose_ug": 100.0}, "test", 3.0)
    assert REGISTRY["crh_injection"].SINGLE_EVENT and iv.window_h() == (34, 35)
    with pytest.raises(UserInputError):
        intervention_from_dict({"type": "crh_injection", "start_day": 1.0, "dose_ug": 1000.0}, "test", 3.0)


def test_injected_crh_spreads_into_its_volume_and_halves_with_its_half_life():
    p = ParamSet()
    v = init_host(p, 1).values
    u = HostInputs.quiet(1)
    u.crh_iv_ug = np.array([100.0])
    advance_iv_crh(v, u, p, 1.0)
    first = float(v["crh_iv_ng_per_ml"][0])
    # 100 ug into 9.8 L is 10.2 ng/mL, half an hour's elimination on average within the hour
    assert first == pytest.approx(100.0 / p.iv_crh_volume_l * math.exp(-math.log(2) * 0.5 / p.iv_crh_half_life_h))
    advance_iv_crh(v, HostInputs.quiet(1), p, p.iv_crh_half_life_h)
    assert float(v["crh_iv_ng_per_ml"][0]) == pytest.approx(first / 2)


def test_lm_band_is_the_papers_ci_over_the_control_mean():
    lo, hi = sc.crh_lm_band()
    assert lo == pytest.approx(1.047, abs=0.002) and hi == pytest.approx(1.953, abs=0.002)
    assert lo < 0.042 / 0.028 < hi


@pytest.fixture(scope="module")
def crh_rows():
    return {r.key: r for r in sc.crh_checks(2026)}


def test_the_crh_test_raises_cortisol_about_twofold(crh_rows):
    """Young 1990: ovine CRH 1 ug/kg, median cortisol 10.8 -> 22.0 ug/dL (2.04x); the potency is set to it."""
    fold = float(crh_rows["iv_crh_cortisol"].model_figure.rstrip("x"))  # the source table's own run (20 people)
    assert abs(fold / sc.YOUNG_FOLD - 1.0) <= sc.YOUNG_TOLERANCE


def test_crh_raises_lm_through_mast_cells_and_dscg_blocks_it(crh_rows):
    """Vanuytsel 2014: CRH raised L/M (1.5x); DSCG blocked it. The model gives the direction and the block; its size
    (2.7x at the potency the cortisol test sets) is above the paper's CI, so the row stays pending and says why."""
    lm = crh_rows["vanuytsel_crh"]
    ratio = float(lm.model_figure.split("x")[0])
    dscg = float(crh_rows["vanuytsel_dscg_crh"].model_figure.rstrip("x"))
    assert ratio > 1.2 and dscg <= 1.15 and crh_rows["vanuytsel_dscg_crh"].reproduced is True
    lo, hi = sc.crh_lm_band()
    assert lm.reproduced is (True if lo <= ratio <= hi else None)
    if lm.reproduced is None:
        assert "would have to read" in lm.model_figure and "mast_cell_barrier_gain is the public speech" in lm.model_figure
    assert crh_rows["iv_crh_cortisol"].reproduced is True


def test_without_the_mast_cells_injected_crh_leaves_lm_alone():
    ratio, ratio_dscg = sc.crh_lm_ratios(2026, n=6, params={"iv_crh_drive_per_ng_per_ml": 0.0})
    assert abs(ratio - 1.0) < 0.02 and abs(ratio_dscg - 1.0) < 0.02
