"""The virtual-trial tab: pick population, arms, n, weeks and seed; run; see the forest plot and response rates."""

from __future__ import annotations

import solara

from ..hosts import profiles
from .class_figures import chain_now, person_figure
from .text import Md
from .trial_run import (
    ARM_CHOICES,
    ARM_LABELS,
    CONTROL_ARM,
    MAX_TREATMENT_ARMS,
    N_RANGE,
    WEEKS_RANGE,
    TrialRun,
    has_probiotic,
)

SLIDER_BOX = {"flex": "1 1 340px", "min-width": "280px", "padding-top": "28px", "padding-bottom": "12px"}  # a trial slider's box (CSS)
PATHWAYS_LABEL = "also split the probiotic's effect by mechanism (20 paired people: the trial takes about four times as long)"
OUTCOME_LABELS = {"depression_hamd": "depression (HAM-D-17 points)", "anxiety_hama": "anxiety (HAM-A points)"}


def pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.0f}%"


def num(x: float | None, fmt: str = ".2f") -> str:
    return "n/a" if x is None else format(x, fmt)


def episodes(arm: dict) -> str:
    """Clinical bacteraemia episodes of an arm and how many came from the administered strain ('n/a' in
    summaries written before episodes were counted)."""
    if "bacteraemia_episodes" not in arm:
        return "n/a"
    return f"{arm['bacteraemia_episodes']} ({arm['bacteraemia_probiotic_episodes']})"


def arms_table(summary: dict) -> str:
    """Per arm: n, HAM-D at baseline and at the end, responders and remitters (HTML rows)."""
    rows = ["<tr><th>arm</th><th>n</th><th>completers</th><th>HAM-D baseline (points)</th><th>HAM-D end (points)</th>"
            "<th>responders (HAM-D down by half or more)</th><th>remitters (HAM-D 7 or less)</th>"
            "<th>bacteraemia episodes (of which the administered strain)</th></tr>"]
    for name, a in summary["arms"].items():
        d = a["depression_hamd"]
        rows.append(f"<tr class='gb-arm-{name}'><td>{name}</td><td>{a['n']}</td><td>{a['completers']}</td>"
                    f"<td>{num(d['baseline_mean'], '.1f')}</td><td>{num(d['end_mean'], '.1f')}</td>"
                    f"<td>{pct(a['responders'])}</td><td>{pct(a['remitters'])}</td><td>{episodes(a)}</td></tr>")
    return "".join(rows)


def contrasts_table(summary: dict) -> str:
    """Hedges g (treatment minus control, negative = benefit) with 95% CI and p, for depression and anxiety."""
    rows = ["<tr><th>treatment vs control</th><th>outcome</th><th>Hedges g</th><th>95% CI</th><th>p</th></tr>"]
    for c in summary["contrasts"]:
        if c["outcome"] not in OUTCOME_LABELS:
            continue
        rows.append(f"<tr><td>{c['treatment']} vs {c['control']}</td><td>{OUTCOME_LABELS[c['outcome']]}</td>"
                    f"<td>{num(c['hedges_g'])}</td><td>{num(c['ci_low'])} to {num(c['ci_high'])}</td>"
                    f"<td>{num(c['p_value'], '.3f')}</td></tr>")
    return "".join(rows)


def pathways_table(summary: dict) -> str:
    """The probiotic's effect by mechanism (``trials.pathways``): HAM-D points, probiotic minus placebo, per mechanism
    (HTML rows; empty when the trial did not ask for it)."""
    b = summary.get("pathways")
    if not b:
        return ""
    rows = ["<tr><th>mechanism</th><th>share of the effect (HAM-D points)</th><th>effect without it (HAM-D points)</th>"
            "<th>effect of it alone (HAM-D points)</th></tr>"]
    rows += [f"<tr><td>{m.replace('_', ' ')}</td><td>{num(s, '+.2f')}</td><td>{num(b['without'][m], '+.2f')}</td>"
             f"<td>{num(b['alone'][m], '+.2f')}</td></tr>" for m, s in b["shares"].items()]
    ratio = "n/a" if b["sum_ratio"] is None else f"{100 * b['sum_ratio']:.0f}% of the total"
    rows.append(f"<tr><td>sum of the shares</td><td>{num(b['sum_of_shares'], '+.2f')}</td><td>{ratio}</td><td></td></tr>")
    rows.append(f"<tr><td>overlap (not attributed)</td><td>{num(b['overlap'], '+.2f')}</td><td>total - sum of the shares</td>"
                "<td></td></tr>")
    rows.append(f"<tr><td>total (all on)</td><td>{num(b['total'], '+.2f')}</td><td>all off: {num(b['all_off'], '+.2f')}</td>"
                "<td></td></tr>")
    return "".join(rows)


@solara.component
def TrialPage(run: TrialRun, refresh, tick: int = 0):
    def set_and_refresh(attr):
        def setter(value):
            setattr(run, attr, value)
            refresh()
        return setter

    def toggle_arm(arm: str, on: bool):
        arms = [a for a in run.arms if a != arm]
        if on:
            arms.append(arm)
        run.arms = [a for a in ARM_CHOICES if a in arms]
        refresh()

    Md("### Virtual trial: randomised, blinded, placebo-controlled")
    solara.Text("Simulated people, not patients: a teaching model, not medical advice.", style={"font-size": "var(--gb-text, 16px)"})
    with solara.Row(style={"flex-wrap": "wrap"}):
        solara.Select("Population (host profile)", values=list(profiles()), value=run.population,
                      on_value=set_and_refresh("population"))
        solara.InputInt("Trial seed", value=run.seed, on_value=set_and_refresh("seed"), continuous_update=True)
    # Each slider gets a wide box of its own (in a shared row its track shrank to a few dozen pixels),
    # with room above for the value bubble, so it can be used on a classroom projector.
    with solara.Row(style={"flex-wrap": "wrap", "column-gap": "32px"}):
        with solara.Column(style=SLIDER_BOX, classes=["gb-trial-slider"]):
            solara.SliderInt("n per arm", value=run.n_per_arm, min=N_RANGE[0], max=N_RANGE[1], step=5,
                             on_value=set_and_refresh("n_per_arm"), thumb_label="always", tick_labels="end_points")
        with solara.Column(style=SLIDER_BOX, classes=["gb-trial-slider"]):
            solara.SliderInt("duration (weeks)", value=run.duration_weeks, min=WEEKS_RANGE[0], max=WEEKS_RANGE[1],
                             on_value=set_and_refresh("duration_weeks"), thumb_label="always", tick_labels="end_points")
    Md(f"**Arms**: a {CONTROL_ARM} control arm plus one or two of these "
                    f"(each taken for the whole trial at its usual dose):")
    with solara.Row(style={"flex-wrap": "wrap"}):
        for arm in ARM_CHOICES:
            chosen = arm in run.arms
            solara.Checkbox(label=ARM_LABELS[arm], value=chosen,
                            disabled=not chosen and len(run.arms) >= MAX_TREATMENT_ARMS,
                            on_value=lambda on, arm=arm: toggle_arm(arm, on))
    probiotic_chosen = any(has_probiotic(a) for a in run.arms)
    solara.Checkbox(label=PATHWAYS_LABEL,
                    value=run.pathways and probiotic_chosen, disabled=not probiotic_chosen, on_value=set_and_refresh("pathways"))
    solara.Button("Run trial", color="primary", disabled=run.running or not run.arms,
                  on_click=lambda: (run.start(on_done=refresh), refresh()), classes=["gb-run-trial"])
    if run.running:
        solara.ProgressLinear(True)
        solara.Text(f"Running the trial ({len(run.arms) + 1} arms x {run.n_per_arm} people, "
                    f"{run.duration_weeks} weeks, well-mixed gut, 1 replicate)...", classes=["gb-trial-running"])
    if run.error:
        solara.Error(run.error, classes=["gb-trial-error"])
    out = run.outcome
    if out is None:
        return
    s = out.summary
    Md(f"**Result** ({s['population']}, {s['n_per_arm']} per arm, {s['duration_weeks']:g} weeks, seed {s['seed']}; "
                    f"ran in {out.seconds:.1f} s). Hedges g below 0 means the treatment arm ended less depressed "
                    "or anxious than placebo; a CI crossing 0 means the trial could not tell.")
    solara.Image(out.forest_png, width="100%", classes=["gb-forest"])
    solara.HTML(tag="table", unsafe_innerHTML=contrasts_table(s), classes=["gb-trial-contrasts"], style={"font-size": "var(--gb-text, 16px)"})
    solara.HTML(tag="table", unsafe_innerHTML=arms_table(s), classes=["gb-trial-arms"], style={"font-size": "var(--gb-text, 16px)"})
    if "pathways" in s:
        b = s["pathways"]
        Md(f"**The probiotic's effect by mechanism** ({b['people']} paired people, each under placebo and under the "
           f"probiotic with every mechanism on, each off alone, each on alone, all off; a share is the mean of what "
           f"turning it off loses and what it does alone; HAM-D points, probiotic minus placebo, negative = it helps):")
        solara.HTML(tag="table", unsafe_innerHTML=pathways_table(s), classes=["gb-trial-pathways"],
                    style={"font-size": "var(--gb-text, 16px)"})
    solara.Image(out.timecourse_png, width="100%", classes=["gb-timecourse"])
    PersonPicker(run, refresh, [a for a in s["arms"]], tick=tick)  # tick: redrawn when the replay ends
    solara.Text(s["not_medical_advice"], style={"font-size": "var(--gb-text, 16px)"})


@solara.component
def PersonPicker(run: TrialRun, refresh, arms: list[str], tick: int = 0):
    """Open this person: one participant of the result, replayed alone (same person, same streams, same rows)."""
    arm, set_arm = solara.use_state(arms[-1])
    number, set_number = solara.use_state(0)
    arm = arm if arm in arms else arms[-1]

    def open_(participant=None, responder=None):
        run.open_person(arm, participant, responder, on_done=refresh)
        refresh()

    Md("### Open this person: one participant, replayed alone (the same person, the same random streams, the same days)")
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "center"}):
        solara.Select("Arm", values=arms, value=arm, on_value=set_arm)
        solara.Button("Open a responder", on_click=lambda: open_(responder=True), disabled=run.opening, classes=["gb-open-responder"])
        solara.Button("Open a non-responder", on_click=lambda: open_(responder=False), disabled=run.opening,
                      classes=["gb-open-nonresponder"])
        solara.InputInt("participant number", value=number, on_value=set_number)
        solara.Button("Open", on_click=lambda: open_(participant=number), disabled=run.opening, classes=["gb-open-person"])
    person = run.person
    figure = solara.use_memo(  # once per person opened, not once per redraw
        lambda: None if person is None else person_figure(person.frame, person.last_day, person.last_day), [id(person)])
    if run.opening:
        solara.ProgressLinear(True)
        solara.Text("Replaying this person alone, from screening to the last week...", classes=["gb-person-opening"])
    p = run.person
    if p is None:
        return
    r = p.row
    who = "a responder" if r["responder"] else "not a responder"
    solara.Text(f"Participant {p.participant} of arm {p.arm}: HAM-D {r['depression_hamd_baseline']:.1f} -> "
                f"{r['depression_hamd_final']:.1f} points as rated ({who}); "
                f"replay: gutbrain run --from-trial FOLDER --arm {p.arm} --participant {p.participant}",
                classes=["gb-person"], style={"font-size": "var(--gb-text, 16px)"})
    with solara.Row(gap="6px", style={"flex-wrap": "wrap"}):
        for name, value in chain_now(p.frame, p.last_day):
            with solara.Card(style={"width": "var(--gb-card, 250px)", "padding": "6px"}):
                solara.HTML(tag="div", unsafe_innerHTML=f"<b>{name}</b><br/>{value}", style={"font-size": "var(--gb-text, 16px)"})
    solara.Image(figure, width="100%", classes=["gb-person-figure"])
