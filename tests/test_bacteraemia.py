"""Clinical bacteraemia is an episode (positive cultures long enough, onset to resolution), not a count of crossings."""

import numpy as np

from gutbrain_sim.core.streams import PeopleRNG
from gutbrain_sim.params import ParamSet
from gutbrain_sim.physiology.bacteraemia import Blood, blood_hour, take_hold_probability


def _rng(n=1, seed=3):
    return PeopleRNG([np.random.default_rng(seed + i) for i in range(n)])


def test_a_positive_culture_is_one_episode_however_many_hours_it_lasts_and_a_relapse_after_resolution_is_a_new_one():
    p = ParamSet().replace(immune_clearance=0.3)  # can carry an established bacteraemia
    blood, rng, none = Blood.clear(1), _rng(), np.zeros((2, 1), np.int64)
    blood.load[0, 0] = 1000.0  # 0.2 CFU/mL of the person's own gut bacteria: above detection (0.1)
    onsets, positive, active = [], [], []
    for _ in range(200):
        onsets.append(int(blood_hour(blood, none, p, rng).sum()))
        positive.append(bool(blood.positive_h[0, 0] > 0))
        active.append(bool(blood.episode[0, 0]))
    assert sum(onsets) == 1 and onsets.index(1) == int(p.bacteraemia_confirm_h) - 1  # counted once, after 6 h positive
    assert sum(positive) > int(p.bacteraemia_confirm_h) + 2  # cultures stayed positive for hours after onset: still one episode
    first_negative = positive.index(False, onsets.index(1))
    resolved = active.index(False, onsets.index(1))
    assert resolved - first_negative == int(p.bacteraemia_resolution_h) - 1  # resolution: 72 h of negative cultures
    assert blood.load[0, 0] == 0.0 and not blood.episode.any()  # treated and cleared
    blood.load[0, 0] = 1000.0  # a relapse after resolution is a new episode
    assert sum(int(blood_hour(blood, none, p, rng).sum()) for _ in range(24)) == 1


def test_a_healthy_host_never_establishes_a_bacteraemia_however_many_bacteria_cross():
    p = ParamSet()  # immune_clearance 0.999: clearance (2.0/h) beats growth (1.4/h)
    assert take_hold_probability(p) == 0.0
    blood, rng = Blood.clear(3), _rng(3)
    flood = np.full((2, 3), 10_000, np.int64)
    for _ in range(48):
        assert blood_hour(blood, flood, p, rng).sum() == 0
    assert blood.load.max() == 0.0


def test_take_hold_falls_with_immune_competence_and_more_crossings_make_more_episodes():
    p = ParamSet()
    chances = [float(take_hold_probability(p.replace(immune_clearance=c))) for c in (0.2, 0.4, 0.6, 0.8)]
    assert chances[0] > chances[1] > chances[2] > 0.0 == chances[3]
    q = p.replace(immune_clearance=0.3)
    counts = []
    for per_hour in (1, 10):
        blood, rng = Blood.clear(200), _rng(200)
        crossings = np.zeros((2, 200), np.int64)
        crossings[1] = per_hour  # administered strain only
        counts.append(sum(int(blood_hour(blood, crossings, q, rng)[1].sum()) for _ in range(24 * 7)))
    assert 0 < counts[0] < counts[1]
