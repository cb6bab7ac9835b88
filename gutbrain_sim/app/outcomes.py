"""What the dashboard calls the mood outcomes and the scenario groups, per host (names only, no numbers).

A person is scored on clinical scales (HAM-D-17, HAM-A); a laboratory mouse is not interviewed:
its model scores are shown as behavioural measures (despair-like and anxiety-like behaviour),
still in the model's points so that the numbers are the model's own.
"""

from __future__ import annotations

ANIMAL_HOSTS = ("rodent",)
HUMAN_OUTCOMES = {"depression_hamd": "depression (HAM-D-17 points)", "anxiety_hama": "anxiety (HAM-A points)"}
ANIMAL_OUTCOMES = {"depression_hamd": "despair-like behaviour (forced-swim style score, model points)",
                   "anxiety_hama": "anxiety-like behaviour (maze / open-field style score, model points)"}
HOST_GROUPS = {  # scenario picker: host profile -> the topic heading it is listed under
    "healthy": "Healthy adults: diet, stress, antibiotics",
    "mdd": "Depression (MDD): treatments and trials",
    "mild_depression": "Depression (MDD): treatments and trials",
    "immunocompromised": "Safety: vulnerable patients",
    "rodent": "Animal studies (laboratory mouse)",
}
OTHER_GROUP = "Other scenarios"


def is_animal(host: str) -> bool:
    return host in ANIMAL_HOSTS


def outcome_label(host: str, column: str) -> str:
    """Human name with unit of a mood outcome for this host."""
    return (ANIMAL_OUTCOMES if is_animal(host) else HUMAN_OUTCOMES)[column]


def points(host: str) -> str:
    """The unit the pathways add to the depression outcome, for this host."""
    return "model points of despair-like behaviour" if is_animal(host) else "HAM-D points"


def group_of(host: str) -> str:
    return HOST_GROUPS.get(host, OTHER_GROUP)


def grouped_items(scenarios: dict[str, str]) -> list[dict]:
    """v-select items: a header per topic, then its scenarios (name -> host), topics in HOST_GROUPS order."""
    order = list(dict.fromkeys([*HOST_GROUPS.values(), OTHER_GROUP]))
    items: list[dict] = []
    for topic in order:
        names = sorted(n for n, h in scenarios.items() if group_of(h) == topic)
        if names:
            items.append({"header": topic})
            items += [{"text": n, "value": n} for n in names]
    return items
