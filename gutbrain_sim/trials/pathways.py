"""A trial's probiotic effect by mechanism (issue #14): opt-in, ``pathways = true`` (or a number of
people) in the trial spec, or ``gutbrain trial SPEC --pathways [N]``.

After the trial, ``N`` people (default ``DEFAULT_PEOPLE``) of the trial's population run paired
knock-outs and knock-ins (``validation.probiotic_pathways.pathway_breakdown``: the same people under
placebo, under the probiotic with every mechanism on, with each mechanism off alone, with each on
alone, and with all off; a share is the mean of the two, the ``overlap`` what the shares leave out)
with the trial's seed, ``[params]``, length and warm-up, and the probiotic arm's product (its
dose and window). The probiotic arm is the first arm other than the control with a probiotic
intervention; its other interventions (an add-on trial's SSRI) are given in both runs. Both runs
are blinded (everyone expects to be helped from screening on) and use the well-mixed gut,
whatever the trial's ``gut``. The result goes into ``trial_summary.json`` as ``pathways``
(HAM-D points, probiotic - placebo; negative = the probiotic helps). Trials that do not ask for
it are unchanged, byte for byte.
"""

from __future__ import annotations

import math
from typing import Any

from ..core.checks import is_number
from ..core.errors import UserInputError

DEFAULT_PEOPLE = 20
MAX_PEOPLE = 500
UNITS = "HAM-D points, probiotic - placebo, mean end-of-trial score of the same people (negative = the probiotic helps)"


def people(value: Any, where: str) -> int | None:
    """The spec's ``pathways`` (true, false or a number of people) or the flag's N, checked: the people, or None."""
    if isinstance(value, bool):
        return DEFAULT_PEOPLE if value else None
    if not is_number(value) or value != int(value) or not 2 <= value <= MAX_PEOPLE:
        raise UserInputError(f"pathways must be true, false or a whole number of people in [2, {MAX_PEOPLE}], got {value!r}", where=where)
    return int(value)


def flag_people(value: int) -> int:
    """``--pathways N`` (``gutbrain trial``, ``gutbrain calibrate``; argparse has made it a whole number) checked: the people."""
    if not 2 <= value <= MAX_PEOPLE:
        raise UserInputError(f"--pathways takes a whole number of people in [2, {MAX_PEOPLE}], got {value}")
    return value


def probiotic_arm(spec, where: str) -> tuple[str, dict, list[dict]]:
    """(arm name, its probiotic as a dict, its other interventions) for the breakdown; one-line error if none."""
    for arm in spec.arms:
        if arm.name == spec.control_arm:
            continue
        products = [iv for iv in arm.interventions if iv.TYPE == "probiotic"]
        if not products:
            continue
        if len(products) > 1:
            raise UserInputError(f"pathways takes one probiotic intervention in arm {arm.name!r}, it has {len(products)}", where=where)
        blind = [{**iv.to_dict(), **({"expectancy": 0.0} if "expectancy" in iv.FIELDS else {})} for iv in arm.interventions]
        product = blind[arm.interventions.index(products[0])]
        return arm.name, product, [d for d in blind if d is not product]
    arms = ", ".join(f"{a.name} ({'+'.join(iv.TYPE for iv in a.interventions) or 'nothing'})" for a in spec.arms)
    raise UserInputError(f"pathways needs an arm other than the control ({spec.control_arm}) with a probiotic intervention; "
                         f"the arms are {arms}", where=where)


def _rounded(v):
    """Floats to 4 decimals (None where not finite), through nested dicts."""
    if isinstance(v, dict):
        return {k: _rounded(x) for k, x in v.items()}
    return (round(float(v), 4) if math.isfinite(v) else None) if isinstance(v, float) else v


def pathways_block(spec) -> dict:
    """Run the breakdown the spec asks for (``spec.pathways`` people) and return the summary's ``pathways`` block."""
    from ..validation.probiotic_pathways import pathway_breakdown

    arm, product, background = probiotic_arm(spec, spec.name)
    n = int(spec.pathways)
    b = pathway_breakdown(spec.population, n, spec.seed, dict(spec.params) or None, probiotic=product, background=background,
                          weeks=int(spec.duration_weeks), warmup_days=spec.warmup_days)
    return {
        "what": "the probiotic's effect by mechanism: paired knock-outs and knock-ins in the same people, each share the mean "
                "of the two (validation.probiotic_pathways)",
        "units": UNITS, "arm": arm, "probiotic": product, "background": [d["type"] for d in background],
        "people": n, "seed": spec.seed, "weeks": int(spec.duration_weeks), "gut": "mixed",
        # total, total_se, shares, without, alone, nested, sum_of_shares, sum_ratio, overlap, all_off, all_off_max_abs
        **_rounded(b.summary()),
    }


def pathway_lines(block: dict) -> list[str]:
    """The printed summary's lines for a ``pathways`` block (``probiotic_pathways.breakdown_lines``, indented)."""
    from ..validation.probiotic_pathways import breakdown_lines

    return breakdown_lines(block, f"{block['arm']} arm's product, {block['people']} paired people, seed {block['seed']}", "  ")
