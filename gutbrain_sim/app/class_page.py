"""Class mode's pages: a student joins with the class code and plays their blinded person; the teacher
(``/?teacher=KEY``) sees the live class result, unblinds and exports.

One ``ClassTrial`` per server (``gutbrain classroom`` describes it in the environment); every
page polls the few values it shows twice a second, so a student's page changes when the teacher
unblinds, and the teacher's when a student finishes. A student who closes the page before the
end leaves a missing value. Errors stay in the page that met them, as one line.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from urllib.parse import parse_qs

import solara

from ..core.errors import UserInputError
from .class_figures import chain_now, class_png, person_figure
from .class_trial import ClassTrial, Student, class_from_env
from .session import LOG, one_line
from .styles import BASE_CSS, NOTE, PROJECTOR_CSS
from .text import Md

POLL_S = 0.5
SPEEDS = {"1 day / frame": 1, "2 days / frame": 2, "1 week / frame": 7}
_CLASS: list[ClassTrial] = []
_CLASS_LOCK = threading.Lock()


def the_class() -> ClassTrial:
    """This server's class, prepared once in the background on first use; a watcher counts closed pages as left."""
    with _CLASS_LOCK:
        if not _CLASS:
            c = class_from_env(os.environ)
            _CLASS.append(c)
            c.prepare_in_background()
            threading.Thread(target=watch_leavers, args=(c,), name="gutbrain-class-leavers", daemon=True).start()
        return _CLASS[0]


def watch_leavers(cls: ClassTrial) -> None:
    while True:
        time.sleep(1.0)  # a server-side watcher, not a test: checks once a second for pages gone quiet
        try:
            cls.sweep()
        except Exception as exc:  # the watcher must outlive any one bad check
            LOG.error("class leavers watch: %s", one_line(exc), exc_info=exc)


def page_open() -> Callable[[], bool]:
    """Whether this session's browser page is still connected (Solara tracks each page's websocket)."""
    from solara.server import kernel_context

    try:
        context = kernel_context.get_current_context()
    except Exception:  # outside a server (solara.render in tests): always open
        return lambda: True
    return lambda: (not context.closed_event.is_set()
                    and kernel_context.PageStatus.CONNECTED in list(context.page_status.values()))


def use_heartbeat(cls: ClassTrial, student: Student) -> None:
    """While this page is connected, tell the class every POLL_S that the student is here."""
    is_open = solara.use_memo(page_open, [])

    def beat(cancel):
        while True:
            if is_open():
                cls.heartbeat(student)
            if cancel.wait(POLL_S):
                return

    solara.use_thread(beat, dependencies=[student.number], intrusive_cancel=False)


def use_watch(read: Callable[[], object]) -> object:
    """``read()``, re-read every POLL_S seconds in a thread; the component redraws when it changes."""
    value, set_value = solara.use_state(read())

    def poll(cancel):
        last = value
        while not cancel.wait(POLL_S):
            now = read()
            if now != last:
                last = now
                set_value(now)

    solara.use_thread(poll, dependencies=[], intrusive_cancel=False)
    return value


@solara.component
def JoinBox(cls: ClassTrial, on_join):
    code, set_code = solara.use_state("")
    error, set_error = solara.use_state("")

    def join():
        try:
            on_join(cls.join(code))
        except UserInputError as exc:
            set_error(one_line(exc))

    Md("## Join the class trial\nType the class code shown on the teacher's screen.")
    with solara.Row():
        solara.InputText("Class code", value=code, on_value=set_code, continuous_update=True, classes=["gb-class-code"])
        solara.Button("Join", color="primary", on_click=join, classes=["gb-join"])
    if error:
        solara.Error(error, classes=["gb-join-error"])


@solara.component
def StudentView(cls: ClassTrial, student: Student):
    tick, set_tick = solara.use_state(0)
    playing, set_playing = solara.use_state(False)
    speed, set_speed = solara.use_state("1 day / frame")
    drawn = solara.use_memo(threading.Event, [])
    ready, unblinded = use_watch(lambda: (cls.ready, cls.unblinded))

    def refresh():
        set_tick(lambda t: t + 1)

    def advance(days: int):
        cls.advance(student, days)
        refresh()

    def to_end():
        cls.to_end(student)
        refresh()

    def play(cancel):
        if not playing:
            return
        try:
            while not cancel.is_set() and not student.finished:
                drawn.clear()
                cls.advance(student, SPEEDS[speed])
                refresh()
                while not drawn.wait(0.05):
                    if cancel.is_set():
                        return
                cancel.wait(0.1)
            set_playing(False)
        except Exception as exc:  # never a traceback in place of the page
            LOG.error("class student %s: %s", student.number, one_line(exc), exc_info=exc)

    solara.use_thread(play, dependencies=[playing, speed], intrusive_cancel=False)
    solara.use_effect(drawn.set, [tick])
    use_heartbeat(cls, student)  # a page closed before the end goes quiet: the watcher counts a missing value

    Md(f"## You are participant {student.number} of the class trial")
    arm = (f"Unblinded: your person took {student.arm.replace('_', ' ')}" if unblinded
           else "Your person takes a capsule every day. Which one (the treatment or the dummy) is hidden until the teacher unblinds.")
    solara.Info(arm, classes=["gb-my-arm"])
    if not ready:
        solara.Text("The class trial is being prepared on the teacher's computer; your person appears in a moment...",
                    classes=["gb-class-wait"])
        solara.ProgressLinear(True)
        return
    frame = cls.trajectory(student)
    day = student.day
    week = "screening week" if day < 0 else f"week {day // 7 + 1 if day < cls.last_day else day // 7}"
    solara.Text(f"Day {day} of {cls.last_day} ({week})", classes=["gb-class-clock"], style={"font-size": "1.6em", "font-weight": "bold"})
    with solara.Row(gap="6px", style={"flex-wrap": "wrap"}):
        solara.Button("Pause" if playing else "Play", color="primary", disabled=student.finished,
                      on_click=lambda: set_playing(not playing), classes=["gb-class-play"])
        solara.Button("+1 week", disabled=playing or student.finished, on_click=lambda: advance(7))
        solara.Button("To the end", disabled=playing or student.finished, on_click=to_end, classes=["gb-to-end"])
        solara.Select("Speed", values=list(SPEEDS), value=speed, on_value=set_speed)
    if student.finished:
        o = cls.outcome(student)
        solara.Success(f"Finished: HAM-D {o['baseline']:.1f} points at the start of the trial, {o['final']:.1f} at the end "
                       f"(as the trial's rater scored them); {'a responder' if o['responder'] else 'not a responder'} "
                       "(down by half or more). Your result is on the teacher's screen.", classes=["gb-class-done"])
    with solara.Row(gap="6px", style={"flex-wrap": "wrap"}):
        for name, value in chain_now(frame, day):
            with solara.Card(style={"width": "var(--gb-card, 250px)", "padding": "6px"}):
                solara.HTML(tag="div", unsafe_innerHTML=f"<b>{name}</b><br/>{value}", style={"font-size": "var(--gb-text, 16px)"})
    solara.Image(person_figure(frame, day, cls.last_day), width="100%")


@solara.component
def StudentPage(cls: ClassTrial, token: str = ""):
    router = solara.use_router()
    again = solara.use_memo(lambda: cls.rejoin(token) if token else None, [])
    student, set_student = solara.use_state(again)

    def joined(s: Student):
        set_student(s)
        router.push(f"?student={s.token}")  # a reload of this address rejoins as the same student

    if student is None:
        JoinBox(cls, joined)
    else:
        StudentView(cls, student)


def summary_table(summary: dict) -> str:
    rows = ["<tr><th>arm</th><th>joined</th><th>finished</th><th>left (missing)</th><th>responders (HAM-D down by half or more)</th>"
            "<th>mean HAM-D at the end (points)</th><th>mean change (points)</th></tr>"]
    for lab, a in summary["arms"].items():
        mean = f"{sum(a['final_hamd']) / len(a['final_hamd']):.1f}" if a["final_hamd"] else "n/a"
        change = f"{sum(a['change_hamd']) / len(a['change_hamd']):+.1f}" if a["change_hamd"] else "n/a"
        rows.append(f"<tr class='gb-class-arm'><td style='white-space:nowrap'>{lab}</td><td>{a['joined']}</td><td>{a['finished']}</td><td>{a['missing']}</td>"
                    f"<td>{a['responders']} of {a['finished']}</td><td>{mean}</td><td>{change}</td></tr>")
    return "".join(rows)


@solara.component
def TeacherPage(cls: ClassTrial):
    version = use_watch(lambda: cls.version)
    summary = cls.summary()
    where = getattr(cls, "address", "") or "this computer's address"
    Md(f"# Class trial: {cls.title}")
    solara.HTML(tag="div", unsafe_innerHTML=(f"Students open <b>{where}</b> and type the class code "
                                             f"<span class='gb-teacher-code' style='font-size:2.5em;font-weight:bold;letter-spacing:0.15em'>{cls.code}</span>"),
                style={"font-size": "24px"})
    if cls.error:
        solara.Error(cls.error, classes=["gb-class-error"])
    elif not cls.ready:
        solara.Text("Preparing the class trial (every participant at once)...", classes=["gb-class-wait"])
        solara.ProgressLinear(True)
    else:
        solara.Text(f"Class trial ready ({cls.prepare_seconds:.0f} s to prepare; {len(cls.arms)} arms x "
                    f"{cls.spec.n_per_arm} places, {cls.spec.duration_weeks:g} weeks, seed {cls.seed}).", style={"font-size": "var(--gb-text, 16px)"})
    solara.Text(f"{summary['joined']} of {cls.size} joined, {summary['finished']} finished, {summary['missing']} left",
                classes=["gb-class-count"], style={"font-size": "1.5em", "font-weight": "bold"})
    solara.HTML(tag="table", unsafe_innerHTML=summary_table(summary), classes=["gb-class-table"],
                style={"font-size": "var(--gb-text, 16px)", "border-spacing": "16px 4px"})
    effects = "; ".join(f"{name}: Hedges g {e['hedges_g']:+.2f} (95% CI {e['ci_low']:+.2f} to {e['ci_high']:+.2f})"
                        for name, e in summary["effects"].items() if e["hedges_g"] == e["hedges_g"])
    Md(f"**Running effect size** (end HAM-D; below 0 = fewer symptoms): {effects or 'needs at least 2 finished per arm'}")
    solara.Image(class_png(summary, cls.spec.name), width="100%", classes=[f"gb-class-figure-{version}"])
    with solara.Row():
        solara.Button("Unblind", color="warning", disabled=cls.unblinded or not cls.ready, on_click=cls.unblind, classes=["gb-unblind"])
        solara.FileDownload(cls.export_csv, filename=f"class_{cls.spec.name}.csv", label="Class result (CSV)", mime_type="text/csv")
        solara.FileDownload(cls.export_png, filename=f"class_{cls.spec.name}.png", label="Class result (PNG)", mime_type="image/png")
    if cls.unblinded:
        solara.Success(f"Unblinded: {', '.join(f'arm {b} = {a}' for a, b in cls.blind.items())}. Every student now sees their arm.",
                       classes=["gb-unblinded"])
    Md(f"Every person replays alone from the class folder: `gutbrain run --from-trial {cls.folder_as_given or cls.out} --arm ARM --participant K`.")


@solara.component
def Page():
    cls = the_class()
    router = solara.use_router()
    query = parse_qs(router.search or "")
    key, token = query.get("teacher", [""])[0], query.get("student", [""])[0]
    solara.Title("gutbrain_sim: class trial")
    projector, set_projector = solara.use_state(key != "")
    solara.Style(PROJECTOR_CSS if projector else BASE_CSS)
    with solara.Column(style={"padding": "8px"}):
        solara.Switch(label="Projector (bigger text)", value=projector, on_value=set_projector)
        solara.Warning(NOTE, dense=True, icon=True)
        if key and key == cls.teacher_key:
            TeacherPage(cls)
        else:
            if key:
                solara.Error("That teacher link is not this class's; here is the student page.")
            StudentPage(cls, token)


page = Page
