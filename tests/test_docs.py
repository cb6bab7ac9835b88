"""The documentation agrees with the code: generated tables current, stale text detected, README promises kept."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys

import pytest

from gutbrain_sim.core.errors import UserInputError
from gutbrain_sim.params import PARAMETERS
from gutbrain_sim.teaching import docs_tables

ROOT = docs_tables.ROOT


def test_every_generated_block_matches_the_code():
    assert docs_tables.stale() == [], "run `gutbrain docs --write`"


def test_a_changed_default_makes_the_parameter_table_stale(monkeypatch):
    spec = PARAMETERS["transit_h"]
    monkeypatch.setitem(PARAMETERS, "transit_h", dataclasses.replace(spec, default=spec.default + 1.0))
    assert "docs/model.md: params" in docs_tables.stale()


def test_a_changed_intervention_field_makes_its_table_stale(monkeypatch):
    from gutbrain_sim.interventions import REGISTRY

    fields = dict(REGISTRY["antibiotic"].FIELDS)
    fields["strength_mic"] = dataclasses.replace(fields["strength_mic"], default=9.0)
    monkeypatch.setattr(REGISTRY["antibiotic"], "FIELDS", fields)
    assert docs_tables.stale() == ["docs/model.md: interventions"]


def test_parameter_table_lists_every_parameter_with_default_unit_source_and_evidence():
    text = (ROOT / "docs/model.md").read_text(encoding="utf-8")
    text = text[text.index("<!-- params:start -->"):text.index("<!-- params:end -->")]
    for spec in PARAMETERS.values():
        row = next((ln for ln in text.splitlines() if ln.startswith(f"| `{spec.name}` |")), None)
        assert row is not None, spec.name
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        assert cells[1] == f"{spec.default:g}" and cells[2] == spec.unit, row
        assert cells[-1] == spec.evidence and spec.source.split(";")[0].strip() in row


def test_write_repairs_an_edited_copy(tmp_path):
    for rel in docs_tables.BLOCKS:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, tmp_path / rel)
    model = tmp_path / "docs/model.md"
    model.write_text(model.read_text(encoding="utf-8").replace("| `transit_h` | 36 |", "| `transit_h` | 48 |"), encoding="utf-8")
    assert docs_tables.stale(tmp_path) == ["docs/model.md: params"]
    assert docs_tables.write(tmp_path) == ["docs/model.md"]
    assert docs_tables.stale(tmp_path) == []
    assert model.read_text(encoding="utf-8") == (ROOT / "docs/model.md").read_text(encoding="utf-8")


def test_missing_markers_are_a_one_line_error(tmp_path):
    for rel in docs_tables.BLOCKS:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, tmp_path / rel)
    readme = tmp_path / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("<!-- cli:end -->", ""), encoding="utf-8")
    with pytest.raises(UserInputError, match=r"README.md.*cli:start") as exc:
        docs_tables.stale(tmp_path)
    assert "\n" not in str(exc.value)


def test_cli_check_passes_and_lists_the_block_count():
    r = subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", "docs", "--check"], capture_output=True, text=True, timeout=120)
    n = sum(len(b) for b in docs_tables.BLOCKS.values())
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"all {n} generated blocks in {len(docs_tables.BLOCKS)} files match the code"


def test_cli_reference_names_every_command():
    from gutbrain_sim.cli import build_parser

    text = docs_tables.cli_reference()
    commands = [prog for prog, _help, _sub in docs_tables._walk(build_parser())]
    assert {"gutbrain run", "gutbrain docs", "gutbrain exercise check", "gutbrain exercise list"} <= set(commands)
    for prog in commands:
        assert f"#### `{prog}`" in text


def test_state_tables_document_every_field_and_column():
    for block in (docs_tables.fields_table(), docs_tables.colony_table()):
        assert "(undocumented)" not in block
    from gutbrain_sim.gut.kinetics import FIELDS
    from gutbrain_sim.physiology import HOST_STATE

    assert all(f"`{f}`" in docs_tables.fields_table() for f in FIELDS)
    assert all(f"`{k}`" in docs_tables.host_state_table() for k in HOST_STATE)


def test_model_md_follows_odd_and_has_a_limits_section():
    text = (ROOT / "docs/model.md").read_text(encoding="utf-8")
    headings = ["## 1 Purpose and patterns", "## 2 Entities, state variables and scales", "## 3 Process overview and scheduling",
                "## 4 Design concepts", "## 5 Initialisation", "## 6 Input data", "## 7 Submodels", "## 8 Parameters",
                "## 9 Limits"]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    for concept in ("**Emergence.**", "**Adaptation.**", "**Sensing.**", "**Interaction.**", "**Stochasticity.**", "**Observation.**"):
        assert concept in text
    for stream in ("host.traits", "gut.move", "gut.translocation", "host.mood_noise", "intervention.<i>.<type>"):
        assert f"`{stream}`" in text
    assert "Heterogeneity is high" in text and "Small trials dominate" in text and "Risk of bias" in text
    animal = [s.name for s in PARAMETERS.values() if s.evidence == "animal"]
    limits = text[text.index("## 9 Limits"):]
    assert animal and all(f"`{name}`" in limits for name in animal)


def test_readme_keeps_the_setup_commands_and_promises():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash .ci/setup && .venv/bin/gutbrain dashboard" in text
    assert "bash .ci/setup && .venv/bin/python -m pytest" in text
    for needle in ("docs/dashboard.png", "docs/sweeps.md", "docs/model.md", "docs/exercises/README.md",
                   "docs/teacher_guide.md", "not medical advice", "## Add a scenario", "## Add an intervention type",
                   "## Python API in three examples"):
        assert needle.lower() in text.lower(), needle


def test_teacher_guide_covers_projector_timing_and_misconceptions():
    text = (ROOT / "docs/teacher_guide.md").read_text(encoding="utf-8")
    for needle in ("not medical advice", "## The dashboard on a projector", "## A 50-minute lesson plan",
                   "## Common misconceptions", "gutbrain exercise check"):
        assert needle.lower() in text.lower(), needle
    import re

    from gutbrain_sim.teaching.exercises import exercises

    cited = {int(n) for n in re.findall(r"Exercises? (\d+)", text)}
    assert cited and max(cited) <= len(exercises())
