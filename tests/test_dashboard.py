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
from gutbrain_sim.scenario import list_scenarios, scenario_from_dict  # noqa: E402


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


def test_guarded_action_shows_a_user_error_in_its_session_and_redraws():
    from gutbrain_sim.app.safety import guard

    s = Session("healthy_baseline")
    redraws = []
    set_days = guard(s, lambda: redraws.append(1))(lambda d: s.change(duration_days=d))
    set_days(-1)
    assert s.error == "dashboard settings: duration_days must be a number of days in [0.042, 3650], got -1"
    assert s.settings["duration_days"] != -1 and redraws == [1]
    set_days(3)
    assert s.error is None and s.settings["duration_days"] == 3 and redraws == [1, 1]


def test_unexpected_error_in_a_control_is_one_line_in_its_session_and_logged(caplog):
    from gutbrain_sim.app.safety import guard

    s = Session("healthy_baseline")
    redraws = []
    with caplog.at_level("ERROR", logger="gutbrain_sim.app"):
        guard(s, lambda: redraws.append(1))(lambda: 1 / 0)()
    assert s.error.startswith("Unexpected error (a control)") and "ZeroDivisionError: division by zero" in s.error
    assert "\n" not in s.error and redraws == [1]
    assert "ZeroDivisionError" in caplog.text and "Traceback" in caplog.text  # the server log has the traceback
    s.reset()  # the session goes on
    assert s.error is None and s.step(2) == 2


def test_step_stops_within_one_model_hour_of_a_stop_request():
    import threading

    s = Session("healthy_baseline")
    stop = threading.Event()
    real = s.model.step

    def step_then_stop():
        real()
        if s.model.time_h == 3:
            stop.set()  # Pause clicked during the frame's third hour

    s.model.step = step_then_stop
    assert s.step(24, stop=stop) == 3 and s.model.time_h == 3
    assert s.step(24, stop=stop) == 0  # and then the clock stands still


def test_play_loop_draws_each_frame_before_the_page_renders_it_and_waits_for_it():
    import threading

    from gutbrain_sim.app.play import play_frames

    s = Session("healthy_baseline")
    stop, events = threading.Event(), []

    def prepare(stop_event):
        events.append(("draw", s.model.time_h))

    def refresh():  # the page draws frames 1 and 2 only; frame 3 is never drawn
        events.append(("render", s.model.time_h))
        if len(events) < 6:
            s.frame_drawn.set()
        else:
            stop.set()  # Pause while frame 3 waits to be drawn

    play_frames(s, 6, stop, prepare, refresh, lambda: events.append(("ended", s.model.time_h)))
    # each frame drawn (outside the render) before it is rendered; no frame computed ahead of the page
    assert events == [("draw", 6), ("render", 6), ("draw", 12), ("render", 12), ("draw", 18), ("render", 18)]
    assert s.model.time_h == 18


def test_pause_during_a_frame_drops_its_figures_and_then_shows_where_the_model_stands():
    import threading

    from gutbrain_sim.app.play import play_frames

    s = Session("healthy_baseline")
    stop, events = threading.Event(), []
    real = s.model.step

    def step_then_pause():
        real()
        if s.model.time_h == 9:
            stop.set()  # Pause clicked in the second frame's third hour

    s.model.step = step_then_pause

    def prepare(stop_event):
        events.append(("draw", s.model.time_h, stop_event.is_set()))

    def refresh():
        events.append(("render", s.model.time_h))
        s.frame_drawn.set()

    play_frames(s, 6, stop, prepare, refresh, lambda: events.append(("ended",)))
    # frame 1 drawn and rendered; frame 2 stopped at hour 9: not drawn as a frame, then the standing state once
    assert events == [("draw", 6, False), ("render", 6), ("draw", 9, False), ("render", 9)]
    assert s.model.time_h == 9


def test_an_error_in_the_play_loop_is_one_line_and_stops_play(caplog):
    import threading

    from gutbrain_sim.app.play import play_frames

    s = Session("healthy_baseline")
    playing = [True]

    def refresh():
        raise KeyError("redraw broke")

    with caplog.at_level("ERROR", logger="gutbrain_sim.app"):
        play_frames(s, 6, threading.Event(), lambda stop: None, refresh, lambda: playing.__setitem__(0, False))
    assert playing == [False] and s.error.startswith("Unexpected error (playing)") and "KeyError" in caplog.text


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


def test_play_advances_and_pause_shows_at_once_with_the_clock_at_the_model_time(rendered):
    import threading
    import time

    rc = rendered
    rc.find(v.Btn, children=["Play"]).widget.click()
    deadline = time.time() + 30
    while clock(rc) == "Day 0, 00:00" and time.time() < deadline:
        time.sleep(0.05)
    clicked = time.perf_counter()
    rc.find(v.Btn, children=["Pause"]).widget.click()
    hours = SESSIONS[-1].model.time_h  # the click returns once the hour under way has ended
    # the page shows Play (at once, or after the frame render under way), Step is enabled, and the
    # clock reads the model's time
    wait_for(lambda: rc.find(v.Btn, children=["Play"]).widgets, timeout_s=30)
    took = time.perf_counter() - clicked
    assert not rc.find(v.Btn, children=["Step"]).widget.disabled
    assert clock(rc) == f"Day {hours // 24}, {hours % 24:02d}:00" and hours >= 1
    assert took < 5.0, f"Pause showed after {took:.2f} s"  # generous: a loaded CI machine (browser test: 0.5 s)
    for thread in [t for t in threading.enumerate() if t.name == "gutbrain-play"]:
        thread.join(30)  # the play thread ends (after drawing the state it stopped at)
        assert not thread.is_alive()
    assert SESSIONS[-1].model.time_h == hours and clock(rc) == f"Day {hours // 24}, {hours % 24:02d}:00"


def test_gut_picture_panels_and_chain_show_the_live_model(rendered):
    import ipywidgets

    rc = rendered
    import bqplot

    before = [bytes(w.value) for w in rc.find(ipywidgets.Image).widgets]
    assert len(before) == 1 and before[0].startswith(b"\x89PNG")  # the gut (the time series: bqplot figures)
    mood = rc.find(bqplot.Figure).widgets[7].marks
    hamd = [m for m in mood if isinstance(m, bqplot.Lines) and m.labels == ["depression (HAM-D-17, 0-52)"]][0]
    assert len(hamd.x) == 1
    rc.find(v.Btn, children=["+1 day"]).widget.click()
    after = [bytes(w.value) for w in rc.find(ipywidgets.Image).widgets]
    assert after[0] != before[0]
    assert len(hamd.x) == 25 and hamd.x[-1] == 1.0  # the same line, 24 more hours
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
    import html

    from gutbrain_sim.interventions import REGISTRY

    # the card renders Markdown to HTML on the server ("->" arrives as "-&gt;"): compare the text a reader sees
    assert REGISTRY["probiotic"].DESCRIPTION in html.unescape(str(rc.find(v.Card).widgets))


def test_a_view_that_fails_to_draw_shows_one_line_and_the_page_goes_on(rendered, monkeypatch, caplog):
    import gutbrain_sim.app.live as live

    rc = rendered
    broken = [True]
    real = live.chain_links

    def links(model):
        if broken[0]:
            raise ValueError("chain broke")
        return real(model)

    monkeypatch.setattr(live, "chain_links", links)
    with caplog.at_level("ERROR", logger="gutbrain_sim.app"):
        rc.find(v.Btn, children=["Step"]).widget.click()
        rc.find(v.Btn, children=["+1 day"]).widget.click()
    assert caplog.text.count("dashboard view ChainView: ValueError: chain broke") == 1  # logged once, with its traceback
    rc.find(v.Btn, children=["Reset"]).widget.click()
    rc.find(v.Btn, children=["Step"]).widget.click()
    assert "This panel could not be drawn (ValueError: chain broke)" in str(rc.find(v.Alert).widgets)
    assert clock(rc) == "Day 0, 01:00"
    rc.find(v.Btn, children=["Step"]).widget.click()  # the rest of the page still works
    assert clock(rc) == "Day 0, 02:00"
    broken[0] = False
    rc.find(v.Btn, children=["Try again"]).widget.click()
    assert "Gut microbes" in html_with_class(rc, "gb-link-gut")


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


# ----------------------------------------------------------------------------- virtual trial tab
def wait_for(condition, timeout_s: float = 120.0) -> None:
    import time

    deadline = time.time() + timeout_s
    while not condition():
        assert time.time() < deadline, "timed out"
        time.sleep(0.05)


def open_trial_tab(rc, n: int, weeks: int, seed: int):
    rc.find(v.Tabs).widget.v_model = 4
    rc.find(v.Slider, label="n per arm").widget.v_model = n
    rc.find(v.Slider, label="duration (weeks)").widget.v_model = weeks
    rc.find(v.TextField, label="Trial seed").widget.v_model = str(seed)
    return SESSIONS[-1].trial


def test_trial_tab_runs_the_chosen_arms_in_a_worker_and_shows_a_forest_plot(rendered):
    import ipywidgets

    rc = rendered
    run = open_trial_tab(rc, n=10, weeks=4, seed=3)
    rc.find(v.Checkbox, label="SSRI + probiotic").widget.v_model = True
    assert run.arms == ["probiotic", "ssri_probiotic"]
    assert rc.find(v.Checkbox, label="prebiotic").widget.disabled  # at most two treatment arms
    rc.find(v.Btn, children=["Run trial"]).widget.click()
    assert run.running and rc.find(v.ProgressLinear).widgets  # progress shown while the worker runs
    rc.find(v.Btn, children=["Step"]).widget.click()  # the page still answers during the trial
    assert SESSIONS[-1].model.time_h == 1 and run.running
    wait_for(lambda: not run.running)
    assert run.error is None
    s = run.outcome.summary
    assert list(s["arms"]) == ["placebo", "probiotic", "ssri_probiotic"]
    assert [a["n"] for a in s["arms"].values()] == [10, 10, 10]
    assert s["n_per_arm"] == 10 and s["duration_weeks"] == 4 and s["seed"] == 3 and s["gut"] == "mixed"
    assert {(c["treatment"], c["outcome"]) for c in s["contrasts"]} >= {
        (t, o) for t in ("probiotic", "ssri_probiotic") for o in ("depression_hamd", "anxiety_hama")}
    wait_for(lambda: len(rc.find(ipywidgets.Image).widgets) == 2)
    shown = [bytes(w.value) for w in rc.find(ipywidgets.Image).widgets]
    assert shown[0] == run.outcome.forest_png and shown[0].startswith(b"\x89PNG") and len(shown[0]) > 5000
    wait_for(lambda: not rc.find(v.ProgressLinear).widgets, timeout_s=10)  # same redraw, maybe a moment later


def test_trial_numbers_shown_equal_run_trial_for_the_same_spec_and_seed(rendered):
    from gutbrain_sim.app.trial_run import trial_dict
    from gutbrain_sim.trials.run import run_trial, trial_spec_from_dict

    rc = rendered
    run = open_trial_tab(rc, n=10, weeks=4, seed=11)
    rc.find(v.Select, label="Population (host profile)").widget.v_model = "mild_depression"
    rc.find(v.Btn, children=["Run trial"]).widget.click()
    wait_for(lambda: not run.running)
    wait_for(lambda: any("gb-trial-arms" in w.attributes.get("class", "").split()
                         for w in rc.find(solara.widgets.HTML).widgets), timeout_s=10)
    spec = trial_spec_from_dict(trial_dict("mild_depression", ["probiotic"], 10, 4, 11), where="test")
    expected = run_trial(spec, replicates=1, seed=11, gut="mixed").summary
    assert run.outcome.summary == expected
    arms_html = html_with_class(rc, "gb-trial-arms")
    for name, a in expected["arms"].items():
        d = a["depression_hamd"]
        assert (f"<tr class='gb-arm-{name}'><td>{name}</td><td>10</td><td>{a['completers']}</td>"
                f"<td>{d['baseline_mean']:.1f}</td><td>{d['end_mean']:.1f}</td>"
                f"<td>{round(100 * a['responders'])}%</td><td>{round(100 * a['remitters'])}%</td>"
                f"<td>{a['bacteraemia_episodes']} ({a['bacteraemia_probiotic_episodes']})</td></tr>") in arms_html
    contrasts_html = html_with_class(rc, "gb-trial-contrasts")
    for c in expected["contrasts"]:
        if c["outcome"] in ("depression_hamd", "anxiety_hama"):
            assert f"<td>{c['hedges_g']:.2f}</td><td>{c['ci_low']:.2f} to {c['ci_high']:.2f}</td>" in contrasts_html
    assert "crp" not in contrasts_html.lower()


def test_trial_error_is_one_line_in_that_session_only(rendered, monkeypatch):
    import gutbrain_sim.app.trial_run as trial_run

    rc = rendered
    run = open_trial_tab(rc, n=10, weeks=4, seed=1)
    other = Session("healthy_baseline")

    def broken(table):
        raise FloatingPointError("overflow\nin the cohort")

    monkeypatch.setattr(trial_run, "run_dashboard_trial", broken)
    rc.find(v.Btn, children=["Run trial"]).widget.click()
    wait_for(lambda: not run.running)
    assert run.error == "FloatingPointError: overflow in the cohort"
    wait_for(lambda: "overflow in the cohort" in str(rc.find(v.Alert).widgets))
    assert other.trial.error is None and other.trial.outcome is None and other.error is None


def test_trial_choices_are_checked_before_running():
    from gutbrain_sim.app.trial_run import TrialRun, trial_dict
    from gutbrain_sim.core.errors import UserInputError

    for bad in ({"arms": []}, {"arms": ["probiotic", "prebiotic", "ssri"]}, {"arms": ["__import__('os')"]},
                {"n_per_arm": 5}, {"n_per_arm": 101}, {"duration_weeks": 0}):
        args = {"population": "mdd", "arms": ["probiotic"], "n_per_arm": 10, "duration_weeks": 4, "seed": 1, **bad}
        with pytest.raises(UserInputError) as exc:
            trial_dict(**args)
        assert "\n" not in str(exc.value) and str(exc.value).startswith("virtual trial:")
    run = TrialRun(arms=[])
    assert run.start() is False and run.error.startswith("virtual trial: choose at least one") and run.thread is None


# ----------------------------------------------------------------------------- scenario upload
def upload(rc, name: str, data: bytes, size: int | None = None) -> None:
    """Choose (or drop) a file in the Settings tab's file zone, as the browser would deliver it."""
    import io

    from gutbrain_sim.app.file_zone import FileZoneWidget

    zone = rc.find(FileZoneWidget).widget
    size = len(data) if size is None else size
    zone.get_files = lambda timeout=30: [{"name": name, "size": size, "file_obj": io.BytesIO(data)}]
    zone.file_info = [{"name": name, "size": size, "type": ""}]


UPLOAD = ('name = "my_upload"\ndescription = "uploaded"\nduration_days = 5\nseed = 4\nhost = "elderly"\n\n'
          '[[interventions]]\ntype = "prebiotic"\nstart_day = 1\nstop_day = 4\n')


def test_uploaded_scenario_replaces_the_settings_and_resets_the_model(rendered_healthy):
    rc = rendered_healthy
    s = SESSIONS[-1]
    s.step(5)
    rc.find(v.Tabs).widget.v_model = 1
    upload(rc, "my_upload.toml", UPLOAD.encode())

    def loaded():
        with s.lock:
            return s.settings["host"] == "elderly"

    wait_for(loaded)
    assert s.settings["duration_days"] == 5 and s.settings["seed"] == 4
    assert [iv["type"] for iv in s.settings["interventions"]] == ["prebiotic"]
    assert s.model.time_h == 0 and s.error is None and s.scenario_name == "my_upload"
    # The page redraws in the upload's worker thread, one widget after another: wait for each thing
    # checked, not for one widget and then assert on another (that raced when CI was loaded).
    wait_for(lambda: "host elderly, 5 days" in str([w.children for w in rc.find(v.Alert, class_="gb-upload-ok").widgets]))
    wait_for(lambda: rc.find(v.Select, label="Host").widget.v_model == "elderly")
    wait_for(lambda: rc.find(v.Html, children=["simulated time; run ends on day 5"]).widgets)


@pytest.mark.parametrize("name, data, size, says", [
    ("big.toml", b"#" * 300_000, None, "limited to 262144 bytes"),
    ("liar.toml", b"#" * 300_000, 10, "limited to"),
    ("binary.toml", b"\x00\x01\x02pickle\x80\x04", None, "binary"),
    ("latin.toml", 'host = "caf\xe9"'.encode("latin-1"), None, "not UTF-8"),
    ("broken.toml", b'duration_days = [\nhost = "healthy"', None, "malformed TOML"),
    ("unknown.toml", b'duration_days = 5\nhost = "healthy"\nexec = "import os"', None, "exec"),
    ("settings.pkl", b"\x80\x04\x95", None, "only .toml"),
    ("empty.toml", b"", None, "empty"),
])
def test_bad_upload_is_one_line_and_leaves_the_settings_untouched(rendered_healthy, name, data, size, says):
    import copy

    rc = rendered_healthy
    s = SESSIONS[-1]
    rc.find(v.Tabs).widget.v_model = 1
    s.step(3)
    before, model = copy.deepcopy(s.settings), s.model
    upload(rc, name, data, size)
    wait_for(lambda: s.error is not None, timeout_s=20)
    assert s.error.startswith(f"uploaded file {name}: ") and says in s.error and "\n" not in s.error
    assert "/tmp" not in s.error and "gutbrain-upload" not in s.error
    assert s.settings == before and s.model is model and s.model.time_h == 3
    wait_for(lambda: [w.children for w in rc.find(v.Alert, class_="gb-error").widgets] == [[s.error]])


def test_scenario_picker_lists_the_uploaded_scenario_and_can_go_back_to_it(rendered_healthy):
    rc = rendered_healthy
    s = SESSIONS[-1]
    rc.find(v.Tabs).widget.v_model = 1
    picker = rc.find(v.Select, label="Scenario").widget

    def values():
        return [i["value"] for i in picker.items if "value" in i]

    assert picker.v_model == "healthy_baseline" and "uploaded: my_upload" not in values()
    upload(rc, "my_upload.toml", UPLOAD.encode())
    # the sidebar's redraw reaches this text after the picker above it
    wait_for(lambda: rc.find(v.Html, children=["simulated time; run ends on day 5"]).widgets)
    wait_for(lambda: rc.find(v.Select, label="Scenario").widget.v_model == "uploaded: my_upload")
    picker = rc.find(v.Select, label="Scenario").widget
    assert picker.v_model in values()
    assert values().count("uploaded: my_upload") == 1 and sorted(values()[:-1]) == sorted(list_scenarios())
    picker.v_model = "healthy_baseline"  # a file scenario: the upload stays in the list
    assert s.settings["host"] == "healthy" and values()[-1] == "uploaded: my_upload"
    s.step(2)
    picker.v_model = "uploaded: my_upload"  # ... and choosing it again restores the uploaded settings
    assert (s.settings["host"], s.settings["duration_days"], s.settings["seed"]) == ("elderly", 5, 4)
    assert s.model.time_h == 0 and s.error is None and picker.v_model in values()


def test_an_upload_named_like_a_scenario_file_is_told_apart_in_the_picker():
    import io

    from gutbrain_sim.core.errors import UserInputError

    s = Session("healthy_baseline")
    data = UPLOAD.replace('name = "my_upload"', 'name = "healthy_baseline"').encode()
    s.load_upload("mine.toml", len(data), io.BytesIO(data))
    assert s.scenario_choice == "uploaded: healthy_baseline" and s.scenario_choice in s.scenario_choices()
    assert s.scenario_choices().count("healthy_baseline") == 1 and s.settings["host"] == "elderly"
    s.load("healthy_baseline")
    assert s.scenario_choice == "healthy_baseline" and s.settings["host"] == "healthy"
    bad = b'duration_days = 5\nhost = "nobody"\n'
    with pytest.raises(UserInputError):
        s.load_upload("bad.toml", len(bad), io.BytesIO(bad))
    assert s.scenario_choice == "healthy_baseline" and s.scenario_choices()[-1] == "uploaded: healthy_baseline"


# ----------------------------------------------------------------------------- friction (issue 15)
def test_pathway_texts_read_right_in_both_directions():
    from gutbrain_sim.app.chain import push_text

    assert push_text("serotonin shortfall", "serotonin above normal", 2.8) == "serotonin shortfall adds 2.8 HAM-D points"
    assert push_text("serotonin shortfall", "serotonin above normal", -2.8) == "serotonin above normal takes 2.8 HAM-D points off"
    assert push_text("x", "y", 0.01) == "y: no effect now (0.0 HAM-D points)"


def test_the_mouse_gets_behavioural_outcomes_not_clinical_scales():
    s = Session("vagus_cut")
    s.step(2)
    texts = " ".join(f"{link.value} {link.push}" for link in chain_links(s.model))
    assert "HAM-D" not in texts and "HAM-A" not in texts
    assert "despair-like behaviour" in texts and "anxiety-like behaviour" in texts
    human = " ".join(link.value for link in chain_links(Session("healthy_baseline").model))
    assert "HAM-D-17 points" in human and "HAM-A points" in human


def test_scenario_picker_lists_every_scenario_once_under_a_topic():
    items = Session("healthy_baseline").scenario_items()
    names = [i["value"] for i in items if "value" in i]
    assert sorted(names) == sorted(list_scenarios()) and len(names) == len(set(names))
    headers = [i["header"] for i in items if "header" in i]
    assert "Animal studies (laboratory mouse)" in headers and len(headers) >= 3
    mouse = items.index({"header": "Animal studies (laboratory mouse)"})
    assert {"text": "vagus_cut", "value": "vagus_cut"} in items[mouse:]


def test_export_says_what_it_holds_and_hints_at_day_0():
    from gutbrain_sim.app.tabs import export_contents

    s = Session("healthy_baseline")
    assert "1 row now" in export_contents(s) and "still at day 0" in export_contents(s)
    s.step(24)
    text = export_contents(s)
    assert "25 rows now (day 0 to day 1)" in text and "day 0**" not in text


def test_gut_shading_scale_stays_fixed_between_frames():
    from gutbrain_sim.app.figures import GutPainter

    s = Session("antibiotic_course")
    painter = GutPainter(s.model.gut.length, s.model.gut.width)
    painter.draw(s.model, "butyrate")
    first = painter.field_max
    for _ in range(3):
        s.step(12)
        painter.draw(s.model, "butyrate")
        assert painter.field_max == first


def test_projector_switch_shows_fewer_panels_and_sets_bigger_text(rendered, monkeypatch):
    import ipywidgets

    import gutbrain_sim.app.main as main
    from gutbrain_sim.app.styles import BASE_CSS, PROJECTOR_CSS

    styles = []
    real = main.solara.Style
    monkeypatch.setattr(main.solara, "Style", lambda css: (styles.append(css), real(css))[1])
    import bqplot

    rc = rendered
    images = len(rc.find(ipywidgets.Image).widgets)
    assert len(rc.find(bqplot.Figure).widgets) == 8
    rc.find(v.Switch, label="Projector (bigger text, fewer panels)").widget.v_model = True
    wait_for(lambda: styles and styles[-1] == PROJECTOR_CSS)
    assert "--gb-text: 22px" in styles[-1] and "--gb-text: 16px" in BASE_CSS
    assert len(rc.find(ipywidgets.Image).widgets) == images  # the gut stays
    assert len(rc.find(bqplot.Figure).widgets) == 0  # the panels go


def test_both_servers_run_without_solaras_banner_unless_asked(monkeypatch):
    """The banner covered the figures' bottom-right corner (issue #15); a setting in the environment still wins."""
    from gutbrain_sim.commands.dashboard import solara_env

    monkeypatch.delenv("SOLARA_THEME_SHOW_BANNER", raising=False)
    env = solara_env(GUTBRAIN_CLASS_SIZE="4")
    assert env["SOLARA_THEME_SHOW_BANNER"] == "False" and env["GUTBRAIN_CLASS_SIZE"] == "4"
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    monkeypatch.setenv("SOLARA_THEME_SHOW_BANNER", "True")
    assert solara_env()["SOLARA_THEME_SHOW_BANNER"] == "True"


@pytest.mark.slow
def test_trial_tab_shows_the_probiotics_effect_by_mechanism_when_asked(rendered):
    from gutbrain_sim.app.trial_page import PATHWAYS_LABEL

    rc = rendered
    run = open_trial_tab(rc, n=10, weeks=2, seed=3)
    box = rc.find(v.Checkbox, label=PATHWAYS_LABEL).widget
    assert not box.disabled and not box.v_model
    box.v_model = True
    rc.find(v.Btn, children=["Run trial"]).widget.click()
    wait_for(lambda: not run.running, timeout_s=600)
    assert run.error is None
    b = run.outcome.summary["pathways"]
    assert b["people"] == 20 and b["arm"] == "probiotic" and b["all_off"] == 0.0
    wait_for(lambda: any("gb-trial-pathways" in w.attributes.get("class", "").split()
                         for w in rc.find(solara.widgets.HTML).widgets), timeout_s=10)
    html = html_with_class(rc, "gb-trial-pathways")
    for m in ("tight junctions", "vagal", "microbial", "bacteraemia", "sum of the shares", "overlap (not attributed)"):
        assert f"<td>{m}</td>" in html
