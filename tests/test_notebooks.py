"""The notebooks in docs/notebooks execute from top to bottom without an error (nbclient), and
show what they say they show."""

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "docs" / "notebooks"


def execute(name: str, tmp_path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    return nb


def outputs(cell) -> str:
    return json.dumps(cell.get("outputs", []))


def test_first_run_notebook_runs_plots_compares_and_shows_the_live_view(tmp_path):
    nb = execute("first_run.ipynb", tmp_path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(o.get("output_type") != "error" for c in code for o in c.get("outputs", []))
    assert "HAM-D-17 (0-52)" in outputs(code[1])
    assert sum("image/png" in outputs(c) for c in code) >= 2  # the two figures
    assert "day 6 barrier: untreated" in outputs(code[3])
    assert "application/vnd.jupyter.widget-view+json" in outputs(code[-1])  # the dashboard page rendered inline


def test_research_notebook_runs_a_trial_a_sweep_and_reads_tidy_results(tmp_path):
    nb = execute("research.ipynb", tmp_path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(o.get("output_type") != "error" for c in code for o in c.get("outputs", []))
    assert "hedges_g" in outputs(code[0]) and "probiotic" in outputs(code[0])  # the contrast row of the trial
    assert "fibre_g_per_day" in outputs(code[1]) and "butyrate_mM:end" in outputs(code[1])
    assert "g/day" in outputs(code[3]) and "mM" in outputs(code[3])


@pytest.mark.parametrize("name", ["first_run.ipynb", "research.ipynb"])
def test_notebooks_are_stored_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")  # run them yourself: no stale numbers
