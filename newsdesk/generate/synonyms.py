"""Words a reader and a reporter use for the same thing, met as one term.

A reader asks "How many were hurt?" of an article that says "wounded"; "When did he die?" of
one that says "his death". The answerer's word evidence (BM25, the share of the question
covered, the words the article never uses) only sees a match when both sides reduce to the
same term, so each group below maps its words to one. The groups are general news English
(deaths, injuries, arrests, money, starts and ends, elections, courts, violence, disasters),
not drawn from any labelled question, and kept small: a wrong merge costs more than a miss.
"""

from __future__ import annotations

_GROUPS = (
    "die died dies dying dead death deaths kill killed kills killing fatal fatalities fatality "
    "perish perished",
    "injure injured injures injuring injury injuries hurt hurting wound wounded wounding wounds",
    "arrest arrested arrests arresting detain detained detaining detention custody apprehended",
    "age aged old",
    "cost costs costing price prices priced worth",
    "pay paid pays paying payment payments",
    "start started starts starting begin began begun begins beginning launch launched",
    "end ended ends ending finish finished conclude concluded",
    "resign resigned resigns resignation quit quits",
    "elect elected election elections",
    "vote votes voted voting ballot ballots",
    "sue sued sues suing lawsuit lawsuits",
    "charge charged charges accused accuses indicted indictment",
    "convict convicted conviction guilty",
    "jail jailed prison prisons imprisoned imprisonment",
    "sentence sentenced sentences sentencing",
    "shoot shoots shooting shot shots gunfire gunshot gunshots",
    "gun guns firearm firearms handgun handguns rifle rifles pistol",
    "bomb bombs bombing bombings blast blasts explosion explosions exploded explosive explosives",
    "crash crashed crashes collision collided",
    "quake earthquake earthquakes tremor",
    "flood floods flooding flooded",
    "protest protests protested protesting protester protesters demonstration demonstrations "
    "demonstrators rally rallies",
    "plane planes aircraft airplane airliner jet",
    "ship ships vessel vessels",
    "car cars vehicle vehicles",
    "company companies firm firms corporation",
    "child children kid kids",
    "doctor doctors physician physicians",
    "buy bought buys buying purchase purchased acquire acquired acquisition",
    "win won wins winning victory",
    "rise rose risen rises rising increase increased increases",
    "fall fell fallen falls drop dropped drops decline declined decrease decreased",
    "missing disappeared disappearance vanished",
    "rescue rescued rescuers rescuing",
    "born birth",
    "hospital hospitals hospitalised hospitalized",
    "percent percentage",
)

SYNONYM: dict[str, str] = {word: group.split()[0] for group in _GROUPS for word in group.split()}


def canonical(word: str) -> str | None:
    """The group's term for a lower-case word, or None when it is in no group."""
    return SYNONYM.get(word)
