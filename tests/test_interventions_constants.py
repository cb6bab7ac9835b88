"""The numbers the interventions use are declared once (``interventions/constants.py``) with unit,
range, source and evidence label; the intervention code holds no other science literals (issue #13)."""

from __future__ import annotations

import ast
from pathlib import Path

from gutbrain_sim.interventions.constants import CONSTANTS, LPS_UG_PER_CONTAMINANT_CELL
from gutbrain_sim.params import EVIDENCE_KINDS

FOLDER = Path(__file__).resolve().parents[1] / "gutbrain_sim" / "interventions"
# Numbers that are not science: identities, hours in a day, ng -> pg, the on-the-hour tolerance.
PLAIN = {0, 1, 24, 1000, 1e-3}
DECLARING_CALLS = {"field_spec", "FieldSpec", "ParamSpec"}  # their arguments are declarations, with unit and range


def literals(source: str) -> list[float]:
    """Numeric literals outside the declaring calls (and input limits: ``MAX_*`` names, ``limit=``)."""
    found: list[float] = []

    def visit(node, declared=False):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in DECLARING_CALLS:
            declared = True
        if (isinstance(node, ast.keyword) and node.arg == "limit") or (
                isinstance(node, ast.Assign) and all(getattr(t, "id", "").startswith("MAX_") for t in node.targets)):
            declared = True
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
            if not declared and node.value not in PLAIN:
                found.append(node.value)
        for child in ast.iter_child_nodes(node):
            visit(child, declared)

    visit(ast.parse(source))
    return found


def test_every_constant_is_declared_with_unit_range_source_and_evidence():
    assert set(CONSTANTS) >= {"contaminant_lps_fg_per_cell", "product_batch_sigma", "waking_hour_start"}
    for c in CONSTANTS.values():
        assert c.unit and c.source and c.evidence in EVIDENCE_KINDS, c.name
        assert c.low <= c.default <= c.high, c.name
    assert LPS_UG_PER_CONTAMINANT_CELL == 15e-9  # the literal it replaced: outputs unchanged


def test_the_literal_rule_catches_a_bare_rate():
    assert literals("x = rng.lognormal(0.0, 0.2, n) * 15e-9\ny = field_spec(1e10, 'CFU/day', 'dose', 0.0, 1e13)\n") == [0.2, 15e-9]
    assert literals("MAX_DAY = 3650\nclose_names(a, b, limit=20)\nclass M:\n    EVENT_HOURS = 4\n") == [4]


def test_intervention_code_holds_no_science_literals():
    bad = {p.name: found for p in sorted(FOLDER.glob("*.py")) if p.name != "constants.py"
           if (found := literals(p.read_text(encoding="utf-8")))}
    assert bad == {}, f"declare these in interventions/constants.py (or as a field) with unit, range and source: {bad}"
