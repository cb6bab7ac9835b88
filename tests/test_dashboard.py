"""Dashboard without a browser: the session's logic and the Solara components (solara.render).

Each test checks an effect: a clock that moves, a slider that starts at the model's value,
a switch that changes the model, a panel that shows the model's number.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib

import numpy as np
import pytest

os.environ.setdefault("SOLARA_CHECK_HOOKS", "off")

import ipyvuetify as v  # noqa: E402
import solara  # noqa: E402

from gutbrain_sim.app.chain import chain_links, pathway_breakdown  # noqa: E402
from gutbrain_sim.app.main import Page  # noqa: E402
from gutbrain_sim.app.session import PLOT_POINTS, History, Session, slider_step  # noqa: E402
from gutbrain_sim.hosts import profile  # noqa: E402
from gutbrain_sim.params import PARAMETERS  # noqa: E402
from gutbrain_sim.scenario import scenario_from_dict  # noqa: E402


@pytest.fixture()
def rendered():
    box, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    yield rc
    rc.close()


@pytest.fixture()
def rendered_healthy(monkeypatch):
    """The dashboard opened on the healthy baseline (no interventions; profile sets no diet)."""
    import gutbrain_sim.app.session as session

    monkeypatch.setattr(session, "default_scenario_name", lambda: "healthy_baseline")
    box, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    yield rc
    rc.close()


def html_with_class(rc, cls: str) -> str:
    found = [w.unsafe_innerHTML for w in rc.find(solara.widgets.HTML).widgets if cls in w.attributes.get("class", "").split()]
    assert len(found) == 1, f"{len(found)} HTML blocks with class {cls}"
    return found[0]


def clock(rc) -> str:
    return rc.find(v.Html, class_="gb-clock").widget.children[0]


SESSIONS: list[Session] = []


@pytest.fixture(autouse=True)
def track_sessions(monkeypatch):
    original = Session.__init__

    def init(self, *a, **k):
        original(self, *a, **k)
        SESSIONS.append(self)

    monkeypatch.setattr(Session, "__init__", init)
    yield
    SESSIONS.clear()


# ----------------------------------------------------------------------------- session logic
def test_slider_grid_holds_every_default():
    for spec in PARAMETERS.values():
        step = slider_step(spec)
        k = (spec.default - spec.low) / step
        assert abs(k - round(k)) < 1e-6, spec.name
        assert spec.low <= spec.default <= spec.high


def test_slider_start_values_are_the_models_values_and_survive_reset():
    s = Session("healthy_baseline")
    prof = profile(s.settings["host"])
    first = {name: s.param_value(name) for name in PARAMETERS}
    for name, spec in PARAMETERS.items():
        expected = prof.params.get(name, spec.default)
        assert first[name] == expected, name
        if name not in prof.variation:  # drawn per person around the setting otherwise
            assert float(s.model.p[name]) == pytest.approx(first[name]), name
    s.step(30)
    s.reset()
    assert {name: s.param_value(name) for name in PARAMETERS} == first
    assert s.model.time_h == 0


def test_param_change_rebuilds_model_with_new_value_and_default_removes_override():
    s = Session("healthy_baseline")
    s.step(5)
    s.set_param("fat_g_per_day", 120.0)
    assert s.model.time_h == 0
    assert s.model.p.fat_g_per_day == 120.0
    assert s.settings["params"]["fat_g_per_day"] == 120.0
    s.set_param("fat_g_per_day", PARAMETERS["fat_g_per_day"].default)
    assert "fat_g_per_day" not in s.settings["params"]


def test_history_view_is_capped_and_keeps_the_newest_row():
    s = Session("healthy_baseline")
    s.step(PLOT_POINTS + 250)
    view = s.history.view()
    assert len(view["day"]) <= PLOT_POINTS
    assert view["time_h"][-1] == s.model.time_h
    assert view["time_h"][0] == 0
    h = History()
    h.sync(s.model)
    assert h.n == s.model.time_h + 1


def test_model_error_stays_in_its_session():
    a, b = Session("healthy_baseline"), Session("healthy_baseline")

    def broken():
        raise FloatingPointError("overflow in the gut")

    a.model.step = broken
    assert a.step(3) == 0
    assert "FloatingPointError" in a.error and "overflow in the gut" in a.error
    assert b.step(3) == 3 and b.error is None
    assert a.step(1) == 0  # stays stopped until Reset
    a.reset()
    assert a.error is None and a.step(2) == 2


def test_whatif_runs_are_paired_until_the_intervention_starts():
    s = Session("healthy_baseline")
    w = s.run_whatif("probiotic", start_day=1.0, days=3.0)
    before = w.without["time_h"] < 24
    for col in ("depression_hamd", "plasma_lps_pg_per_ml", "abundance_bacteroides"):
        np.testing.assert_array_equal(w.without[col][before], w.with_[col][before])
    assert w.without["abundance_probiotic_strain"].max() == 0.0
    assert w.with_["abundance_probiotic_strain"][-1] > 0.0


def test_export_toml_round_trips_the_settings():
    s = Session("healthy_baseline")
    s.set_intervention("prebiotic", True, start_day=2.0, stop_day=9.0)
    s.set_knockout("ido", True)
    s.set_param("fat_g_per_day", 120.0)
    back = scenario_from_dict(tomllib.loads(s.export_toml()), where="export")
    assert back.to_dict() == s.scenario().to_dict()
    assert back.params["fat_g_per_day"] == 120.0
    assert [iv.TYPE for iv in back.interventions] == ["prebiotic", "knockout"]


def test_exported_scenario_reproduces_the_dashboard_run_with_gutbrain_run(tmp_path):
    s = Session("healthy_baseline")
    s.change(duration_days=1.5, seed=7)
    s.set_intervention("probiotic", True, start_day=0.5, stop_day=1.5)
    while s.step(12):
        pass
    assert s.finished
    (tmp_path / "exported.toml").write_text(s.export_toml(), encoding="utf-8")
    out = tmp_path / "run"
    r = subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", "run", str(tmp_path / "exported.toml"), "--out", str(out)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert (out / "timeseries.csv").read_text(encoding="utf-8") == s.export_csv()


def test_chain_reads_the_models_current_values():
    s = Session("healthy_baseline")
    s.step(10)
    links = {link.key: link for link in chain_links(s.model)}
    lps = float(s.model.host_state.values["plasma_lps_pg_per_ml"][0])
    assert f"plasma LPS {lps:.1f} pg/mL" == links["blood"].value
    infl = float(s.model.host_state.pathways["inflammation"][0])
    assert links["immune"].strength == pytest.approx(infl)
    names = [n for n, _ in pathway_breakdown(s.model)]
    assert names == ["inflammation", "cortisol", "tryptophan", "bdnf", "vagus_gaba", "placebo", "treatment"]


# ----------------------------------------------------------------------------- components
def test_step_and_day_buttons_move_the_clock(rendered):
    rc = rendered
    assert clock(rc) == "Day 0, 00:00"
    rc.find(v.Btn, children=["Step"]).widget.click()
    assert clock(rc) == "Day 0, 01:00"
    rc.find(v.Btn, children=["+1 day"]).widget.click()
    assert clock(rc) == "Day 1, 01:00"
    rc.find(v.Btn, children=["Reset"]).widget.click()
    assert clock(rc) == "Day 0, 00:00"


def test_play_advances_several_hours_per_frame_and_pause_stops(rendered):
    import time

    rc = rendered
    rc.find(v.Btn, children=["Play"]).widget.click()
    deadline = time.time() + 30
    while clock(rc) == "Day 0, 00:00" and time.time() < deadline:
        time.sleep(0.05)
    rc.find(v.Btn, children=["Pause"]).widget.click()
    time.sleep(0.3)
    stopped = clock(rc)
    hours = SESSIONS[-1].model.time_h
    assert hours > 0 and hours % 6 == 0  # default speed: 6 simulated hours per frame
    time.sleep(0.5)
    assert clock(rc) == stopped


def test_gut_picture_panels_and_chain_show_the_live_model(rendered):
    import ipywidgets

    rc = rendered
    before = [bytes(w.value) for w in rc.find(ipywidgets.Image).widgets]
    assert len(before) == 2 and all(b.startswith(b"\x89PNG") for b in before)  # the gut and the time-series panels
    rc.find(v.Btn, children=["+1 day"]).widget.click()
    after = [bytes(w.value) for w in rc.find(ipywidgets.Image).widgets]
    assert after[0] != before[0] and after[1] != before[1]
    s = SESSIONS[-1]
    lps = float(s.model.host_state.values["plasma_lps_pg_per_ml"][0])
    assert f"plasma LPS {lps:.1f} pg/mL" in html_with_class(rc, "gb-link-blood")


def test_knockout_switch_cuts_the_vagus(rendered):
    rc = rendered
    switch = rc.find(v.Switch, label="Cut the vagus nerve").widget
    switch.v_model = True
    s = SESSIONS[-1]
    assert s.knockout_on("vagus")
    rc.find(v.Btn, children=["Step"]).widget.click()
    assert float(s.model.host_state.values["vagal_tone"][0]) == 0.0
    assert "vagal tone 0.00" in html_with_class(rc, "gb-link-brain")


def test_settings_tab_sliders_start_at_defaults_and_a_slider_changes_the_model(rendered_healthy):
    rc = rendered_healthy
    rc.find(v.Tabs).widget.v_model = 1
    s = SESSIONS[-1]
    slider = rc.find(v.Slider, class_="gb-slider gb-slider-fat_g_per_day").widget
    assert slider.v_model == PARAMETERS["fat_g_per_day"].default == s.model.p.fat_g_per_day
    sliders = rc.find(v.Slider).widgets
    assert len(sliders) == sum(1 for p in PARAMETERS.values() if p.group == "diet")
    slider.fire_event("change", 150.0)
    assert s.model.p.fat_g_per_day == 150.0
    assert rc.find(v.Slider, class_="gb-slider gb-slider-fat_g_per_day").widget.v_model == 150.0


def test_intervention_switch_puts_probiotic_colonies_in_the_gut(rendered_healthy):
    rc = rendered_healthy
    rc.find(v.Tabs).widget.v_model = 1
    rc.find(v.Switch, label="probiotic").widget.v_model = True
    s = SESSIONS[-1]
    assert [iv.TYPE for iv in s.model.interventions] == ["probiotic"]
    s.step(24)
    assert s.model.gut.colonies.probiotic[: s.model.gut.colonies.n].any()
    rc.find(v.Tabs).widget.v_model = 3
    from gutbrain_sim.interventions import REGISTRY

    assert REGISTRY["probiotic"].DESCRIPTION in str(rc.find(v.Card).widgets)


def test_error_is_shown_in_the_page(rendered):
    rc = rendered
    s = SESSIONS[-1]

    def broken():
        raise RuntimeError("simulated fault")

    s.model.step = broken
    rc.find(v.Btn, children=["Step"]).widget.click()
    assert "simulated fault" in str(rc.find(v.Alert).widgets)


def test_dashboard_command_refuses_a_busy_port_in_one_line():
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        r = subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", "dashboard", "--port", str(port)],
                           capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "already in use" in r.stderr and "Traceback" not in r.stderr


def test_dashboard_command_warns_when_binding_every_address(monkeypatch, capsys):
    from gutbrain_sim.commands import dashboard

    calls = []
    monkeypatch.setattr(dashboard.os, "execve", lambda *a: calls.append(a))
    monkeypatch.setattr(dashboard, "port_problem", lambda h, p: None)
    dashboard.main(type("A", (), {"host": "0.0.0.0", "port": 8765})())
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "anyone on the network" in err
    cmd = calls[0][1]
    assert cmd[cmd.index("--host") + 1] == "0.0.0.0" and "--no-check-version" in cmd
    calls.clear()
    dashboard.main(type("A", (), {"host": "127.0.0.1", "port": 8765})())
    assert "anyone" not in capsys.readouterr().err
    assert calls[0][1][calls[0][1].index("--host") + 1] == "127.0.0.1"
