"""Interventions on the host rather than its gut: stress, an antidepressant, psychotherapy, a placebo,
an intravenous endotoxin challenge, an intravenous CRH injection, and the teaching knock-outs of one link of the chain."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ..core.errors import UserInputError
from .base import EXPECTANCY, Intervention, day_to_hour, field_spec
from .constants import WAKING_HOURS
from .data import FieldSpec

KNOCKOUT_LINKS = ("vagus", "ido", "barrier", "strain_vagus")


@dataclass
class Stressor(Intervention):
    TYPE: ClassVar[str] = "stressor"
    DESCRIPTION: ClassVar[str] = "Psychological stress: acute (an episode of some hours) or chronic (days to weeks, in waking hours)."
    EVIDENCE: ClassVar[str] = "human (Vanuytsel 2014 L/M via CRH and mast cells; Dickerson & Kemeny 2004 cortisol): both reproduced by `gutbrain calibrate --sources`"
    FIELDS: ClassVar[dict[str, FieldSpec]] = {
        "kind": field_spec("chronic", "kind", "acute or chronic", choices=("acute", "chronic"), kind=str),
        "magnitude": field_spec(1.0, "stress units", "1 = a hard week; 2 = severe", 0.0, 5.0),
        "hours": field_spec(2, "h", "length of an acute episode (whole hours)", 1, 72, kind=int),
    }

    def window_h(self):
        if self.kind == "acute":
            first = day_to_hour(self.start_day)
            return first, first + self.hours
        return super().window_h()

    def check(self, where):
        if self.kind == "acute" and math.isfinite(self.stop_day):
            raise UserInputError("an acute stressor lasts `hours` from start_day; give hours (1-72), not stop_day "
                                 "(or use kind = \"chronic\" with start_day and stop_day)", where=where)

    def act(self, e, t_h, rng):
        awake = self.kind == "acute" or WAKING_HOURS[0] <= int(t_h) % 24 < WAKING_HOURS[1]
        if awake:
            e.stress = e.stress + self.magnitude


@dataclass
class SSRI(Intervention):
    TYPE: ClassVar[str] = "ssri"
    DESCRIPTION: ClassVar[str] = "An antidepressant (SSRI): raises serotonin signalling within days and BDNF over weeks; mood follows over weeks."
    EVIDENCE: ClassVar[str] = "human RCTs (Cipriani 2018)"
    FIELDS: ClassVar[dict[str, FieldSpec]] = {
        "adherence": field_spec(0.8, "fraction", "fraction of days the dose is taken", 0.0, 1.0),
        "expectancy": EXPECTANCY,
    }

    def act(self, e, t_h, rng):
        e.expectancy = np.maximum(e.expectancy, self.expectancy)
        if not hasattr(self, "_taken") or int(t_h) % 24 == 0:
            self._taken = (rng.random(e.n) < self.adherence).astype(float)
        e.ssri = np.maximum(e.ssri, self._taken)


@dataclass
class Psychotherapy(Intervention):
    TYPE: ClassVar[str] = "psychotherapy"
    DESCRIPTION: ClassVar[str] = "Weekly psychotherapy: lowers the non-biological part of depression over weeks."
    EVIDENCE: ClassVar[str] = "human RCTs (Cuijpers 2013)"
    FIELDS: ClassVar[dict[str, FieldSpec]] = {"expectancy": EXPECTANCY}

    def act(self, e, t_h, rng):
        e.psychotherapy = np.ones(e.n)
        e.expectancy = np.maximum(e.expectancy, self.expectancy)


@dataclass
class Placebo(Intervention):
    TYPE: ClassVar[str] = "placebo"
    DESCRIPTION: ClassVar[str] = "A dummy pill: expecting to be helped relieves perceived stress, which calms the HPA axis and lets the episode run its course faster; no drug action."
    EVIDENCE: ClassVar[str] = "mechanism a hypothesis (expectancy -> perceived stress), its strength calibrated to C4 and C12 (human placebo arms, Furukawa 2016; wait-list, Posternak & Miller 2001)"
    FIELDS: ClassVar[dict[str, FieldSpec]] = {"expectancy": EXPECTANCY}

    def act(self, e, t_h, rng):
        e.expectancy = np.maximum(e.expectancy, self.expectancy)


@dataclass
class LPSChallenge(Intervention):
    TYPE: ClassVar[str] = "lps_challenge"
    SINGLE_EVENT: ClassVar[bool] = True
    DESCRIPTION: ClassVar[str] = "An intravenous bolus of free endotoxin (far more potent than the gut's lipoprotein-bound LPS): TNF and IL-6 within hours, CRP a day later, low mood while cytokines are raised."
    EVIDENCE: ClassVar[str] = "human experiments (Reichenberg 2001; Eisenberger 2010; Moieni 2015), reproduced as C13 and by `gutbrain calibrate --sources`; potency calibrated"
    FIELDS: ClassVar[dict[str, FieldSpec]] = {
        "dose_ng_per_kg": field_spec(0.8, "ng/kg", "endotoxin dose", 0.0, 4.0),
        # the blood is simulated per reference adult body, also for the rodent profile: dose per kg x an adult's weight
        # into an adult's plasma is the concentration a mouse gets from the same dose per kg into its own plasma
        "body_weight_kg": field_spec(70.0, "kg", "body weight of the simulated adult-sized body (keep 70 for the rodent profile: "
                                     "its blood is simulated per adult body, so the dose per kg gives a mouse's plasma level)", 30.0, 200.0),
    }

    def act(self, e, t_h, rng):
        e.lps_iv_pg = e.lps_iv_pg + self.dose_ng_per_kg * self.body_weight_kg * 1000.0


@dataclass
class CRHInjection(Intervention):
    TYPE: ClassVar[str] = "crh_injection"
    SINGLE_EVENT: ClassVar[bool] = True
    DESCRIPTION: ClassVar[str] = ("An intravenous bolus of corticotropin-releasing hormone (as in the CRH stimulation test): plasma CRH "
                                  "raises ACTH and cortisol for an hour or two and, through mucosal mast cells, opens gut tight junctions.")
    EVIDENCE: ClassVar[str] = ("human: cortisol (Young 1990, the CRH stimulation test) sets its potency; the L/M rise and its block by a "
                               "mast-cell stabiliser (Vanuytsel 2014) follow, both checked by `gutbrain calibrate --sources`")
    FIELDS: ClassVar[dict[str, FieldSpec]] = {"dose_ug": field_spec(100.0, "ug", "CRH dose (the test's usual 100 ug or 1 ug/kg)", 0.0, 500.0)}

    def act(self, e, t_h, rng):
        e.crh_iv_ug = e.crh_iv_ug + self.dose_ug


@dataclass
class Knockout(Intervention):
    TYPE: ClassVar[str] = "knockout"
    DESCRIPTION: ClassVar[str] = ("Teaching knock-out: cut one link of the chain (the vagus, IDO, seal the barrier, or only the probiotic "
                                  "strains' contact route to vagal afferents) to see what it carries.")
    EVIDENCE: ClassVar[str] = "animal experiments (vagotomy: Bravo 2011; Perez-Burgos 2013); thought experiment"
    FIELDS: ClassVar[dict[str, FieldSpec]] = {"link": field_spec("vagus", "link", "which link to cut", choices=KNOCKOUT_LINKS, kind=str)}

    def act(self, e, t_h, rng):
        if self.link == "vagus":
            e.vagus_intact = np.zeros(e.n)
        elif self.link == "ido":
            e.ido_blocked = np.ones(e.n)
        elif self.link == "strain_vagus":
            e.strain_vagus_blocked = np.ones(e.n)
        else:
            e.barrier_sealed = True
