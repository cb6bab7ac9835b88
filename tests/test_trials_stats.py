"""Trial statistics: Hedges g sign and value, DerSimonian-Laird pooling by hand (publication bias: test_meta_analysis.py)."""

import math

from gutbrain_sim.trials.stats import hedges_g, random_effects


def test_hedges_g_is_treatment_minus_control_negative_means_benefit():
    treatment = [1, 2, 3, 4, 5]  # lower symptom scores
    control = [3, 4, 5, 6, 7]
    e = hedges_g(treatment, control)
    # d = (3 - 5) / 1.5811 = -1.2649; J = 1 - 3 / (4 * 10 - 9) = 0.90323; g = -1.1425
    assert math.isclose(e.hedges_g, -1.2649111 * (1 - 3 / 31), rel_tol=1e-6)
    assert e.hedges_g < 0 and e.mean_difference == -2.0
    se = math.sqrt(10 / 25 + e.hedges_g**2 / 20)
    assert math.isclose(e.ci_low, e.hedges_g - 1.959964 * se, rel_tol=1e-5)
    assert math.isclose(e.ci_high, e.hedges_g + 1.959964 * se, rel_tol=1e-5)
    # pooled-variance t-test: t = -2 / (1.5811 * sqrt(0.4)) = -2.0, df = 8 -> p = 0.0805
    assert math.isclose(e.p_value, 0.08051623, rel_tol=1e-4)
    assert hedges_g(control, treatment).hedges_g > 0


def test_random_effects_matches_a_hand_computed_example():
    y = [-0.5, -0.2, -0.8]
    v = [0.04, 0.09, 0.05]
    # by hand: w = 25, 11.1111, 20; sum w = 56.1111; fixed = (-12.5 - 2.22222 - 16) / 56.1111 = -0.547525
    # Q = 25 * 0.047525^2 + 11.1111 * 0.347525^2 + 20 * 0.252475^2 = 0.056466 + 1.341930 + 1.274872 = 2.673267
    # C = 56.1111 - (625 + 123.457 + 400) / 56.1111 = 56.1111 - 20.4675 = 35.6436
    # tau2 = (2.673267 - 2) / 35.6436 = 0.018889
    # w* = 1 / (v + tau2) = 16.9811, 9.18367, 14.5161; sum = 40.6809
    # pooled = (-8.49057 - 1.83673 - 11.61290) / 40.6809 = -0.539324; se = 1 / sqrt(40.6809) = 0.156785
    # I2 = (2.673267 - 2) / 2.673267 = 0.251852
    r = random_effects(y, v)
    assert math.isclose(r.tau2, 0.018889, rel_tol=1e-3)
    assert math.isclose(r.pooled, -0.539324, rel_tol=1e-4)
    assert math.isclose(r.se, 0.156785, rel_tol=1e-4)
    assert math.isclose(r.i2, 0.251852, rel_tol=1e-3)
    assert math.isclose(r.ci_low, -0.539324 - 1.959964 * 0.156785, rel_tol=1e-4)


def test_homogeneous_trials_have_zero_tau_and_i2():
    r = random_effects([-0.3, -0.3, -0.3], [0.04, 0.05, 0.06])
    assert r.tau2 == 0.0 and r.i2 == 0.0 and math.isclose(r.pooled, -0.3)
