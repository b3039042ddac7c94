"""Housing findings as statutory tests. Each Part 7 duty is the limbs of its provision on each application,
read from that application's typed outcome (``duties.part7``); priority need, local connection and the shared
accommodation rate are their routes; the duty to refer, s208 notices and joint sign-off are what their rules
owe. Explanations read these same objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence

from leavingcare.duties import intentionality, local_connection, notifications, section_208
from leavingcare.duties import priority_need as priority
from leavingcare.duties import shared_accommodation_rate as sar
from leavingcare.duties.conditions import ALWAYS, Condition, Limb, Test, all_of, any_of, condition
from leavingcare.duties.findings import Concern, Finding
from leavingcare.duties.kinds import Kind
from leavingcare.duties.part7 import Outcome, outcomes
from leavingcare.duties.part7.outcome import NO_FURTHER_DUTY, AfterRelief, Ground, Regime
from leavingcare.duties.run import Run
from leavingcare.periods import Period, normalise

Date = dt.date
Periods = list[Period]
Limbs = Callable[[Outcome], list[Condition[Run]]]


def _from(day: Date | None) -> Periods:
    return [] if day is None else [Period(day)]


def _always(holds: bool) -> Periods:
    return list(ALWAYS) if holds else []


@condition("HA1996.s184")
def applied(run: Run) -> Periods:
    """An application for homelessness assistance was made (s183-s184)."""
    return _from(min((o.applied for o in outcomes(run)), default=None))


@applied.explained
def _(run: Run, day: Date) -> str:
    return "no homelessness application is recorded on or before this date"


class EachApplication(Test[Run]):
    """Holds where the limbs of the duty hold together on any one application, each application's limbs read
    from its outcome."""

    def __init__(self, kind: Kind, cite: str, limbs: Limbs) -> None:
        self.kind = kind
        self.name = str(kind)
        self.cite = cite
        self._limbs = limbs

    def routes(self, run: Run) -> list[Test[Run]]:
        def build() -> list[Test[Run]]:
            return [all_of(f"{self.kind}:{o.id}", self.cite, *self._limbs(o)) for o in outcomes(run)]

        return run.memo(f"routes:{self.kind}", build)

    def parts(self) -> Sequence[Test[Run]]:
        return (applied,)

    def compute(self, run: Run) -> Periods:
        return normalise(p for route in self.routes(run) for p in route.periods(run))

    def limbs(self, run: Run, day: Date, *, failing: bool, path: tuple[Test[Run], ...] = ()) -> Iterator[Limb[Run]]:
        if failing and self.holds_on(run, day):
            return
        if failing and not applied.holds_on(run, day):
            yield from applied.limbs(run, day, failing=True, path=(*path, self))
            return
        for route in self.routes(run):
            if failing or route.holds_on(run, day):
                yield from route.limbs(run, day, failing=failing, path=(*path, self))


def _limb(o: Outcome, name: str, cite: str, words: str, periods: Periods, detail: str | None = None) -> Condition[Run]:
    """A limb of a duty's test on one application, its periods read from the outcome."""
    limb: Condition[Run] = Condition(f"{o.id}:{name}", cite, words, lambda _: periods)
    if detail is not None:
        limb.explained(lambda _run, _day: detail)
    return limb


def _made(o: Outcome) -> Condition[Run]:
    words = f"Application {o.id} to {o.authority}, made on {o.applied.isoformat()}"
    return _limb(o, "applied", "HA1996.s184", words, _from(o.applied))


def _owed(o: Outcome, kind: Kind, words: str) -> Condition[Run]:
    """The duty on the application, from when it arose until it ended."""
    duties = o.of_kind(kind)
    cite = duties[0].provision if duties else "HA1996.s184"
    limb: Condition[Run] = Condition(f"{o.id}:owed:{kind}", cite, words, lambda _: [d.period for d in duties])

    def detail(_run: Run, day: Date) -> str:
        later = [d for d in duties if d.period.since > day]
        ended = [d for d in duties if d.period.until is not None and d.period.until <= day]
        if later:
            return f"on application {o.id} it starts on {later[0].period.since.isoformat()}"
        if ended:
            last = ended[-1]
            until = last.period.until.isoformat() if last.period.until else "open"
            return f"on application {o.id} it ended on {until}: {last.because[-1].text}"
        return f"it never arose on application {o.id}"

    limb.explained(detail)
    return limb


def _homeless(o: Outcome) -> Condition[Run]:
    not_found = "the authority has not recorded that it is satisfied the applicant is homeless"
    words = "The authority is satisfied the applicant is homeless (s184)"
    return _limb(o, "homeless", "HA1996.s184", words, _from(o.homeless_on), not_found)


def _from_hra(o: Outcome) -> Condition[Run]:
    words = "Made on or after the Homelessness Reduction Act 2017 commenced, which brought this duty in (D18)"
    earlier = "the application was made before the Homelessness Reduction Act 2017 commenced, which has no such duty"
    return _limb(o, "from_hra", "HRA2017", words, _always(o.regime is Regime.FROM_HRA_2017), earlier)


def _threatened(o: Outcome) -> Condition[Run]:
    words = "Threatened with homelessness within {days.threat_window} days (s175(4)-(5))"
    none = "no finding that the applicant is threatened with homelessness within the window is recorded"
    return _limb(o, "threatened", "HA1996.s175(4)", words, _from(o.threatened), none)


def _decided(o: Outcome) -> Condition[Run]:
    after = o.after_relief
    running = next((r for r in o.reliefs if r.end is None), None)
    if o.regime is Regime.BEFORE_HRA_2017:
        not_yet = "the s184 decision is not yet recorded"
    elif running is not None:
        last = (running.day56 - running.since).days + 1  # the relief days of the application's regime
        not_yet = f"relief is still running on application {o.id} (day {last} is {running.day56.isoformat()})"
    elif not o.reliefs:
        not_yet = f"no relief duty arose on application {o.id} (the applicant was not eligible when found homeless)"
    else:
        not_yet = "relief has not ended"
    words = "The duty owed is decided: when relief ends (s193(1)), or before the HRA 2017 on the s184 decision"
    return _limb(o, "decided", "HA1996.s193(1)", words, _from(after.ending.on if after else None), not_yet)


def _tested(o: Outcome, after: AfterRelief) -> list[Condition[Run]]:
    """What held when relief ended (or at the s184 decision), which decides the duty that follows."""
    when = "at the s184 decision" if o.regime is Regime.BEFORE_HRA_2017 else "when relief ended"
    pn = after.priority_need.reason.text if after.priority_need.reason else "no priority need ground established"
    ih = after.intentional.reason.text if after.intentional.reason else ""
    return [
        _limb(
            o,
            "eligible",
            "HA1996.s185",
            f"Eligible for assistance {when} (s185)",
            _always(after.eligible),
            f"the applicant was not eligible for assistance {when} (s185)",
        ),
        _limb(
            o,
            "priority_need",
            "HA1996.s193(1)",
            f"In priority need {when} (s189(1))",
            _always(after.priority_need.holds),
            f"no priority need {when}: {pn}",
        ),
        _limb(
            o,
            "not_intentional",
            "HA1996.s191",
            f"Not found to have become homeless intentionally {when} (s191)",
            _always(not after.intentional.holds),
            f"an intentionality decision stands ({ih}); s190(2) applies instead",
        ),
    ]


def _main_duty(o: Outcome) -> list[Condition[Run]]:
    """s193(1)-(2): satisfied homeless, eligible, in priority need and not intentionally homeless when relief ends
    (before the HRA 2017: on the s184 decision), with no s193B notice and no final offer refused; owed until an
    ending event of s193(5)-(7AA)."""
    after = o.after_relief
    limbs = [_made(o), _homeless(o), _decided(o)]
    if after is not None:
        closing = after.ending.ground in NO_FURTHER_DUTY and after.ending.ground is not Ground.REFUSED_FINAL_OFFER
        limbs += _tested(o, after)
        limbs += [
            _limb(
                o,
                "no_final_offer_refused",
                "HA1996.s193A",
                "No final offer refused at relief stage (s193A(3))",
                _always(after.ending.ground is not Ground.REFUSED_FINAL_OFFER),
                "a final offer was refused, so s193 does not apply (s193A(3))",
            ),
            _limb(
                o,
                "relief_not_closed",
                "HA1996.s189B(7)",
                "Relief did not end on a ground that closes the application (s189B(7))",
                _always(not closing),
                f"relief ended on {after.ending.on.isoformat()} ({after.ending.text}): no duty under s193 follows",
            ),
        ]
    at_relief = after is not None and after.ending.ground is Ground.NON_COOPERATION
    authority = o.reliefs[-1].authority if o.reliefs else o.authority
    during_prevention = after.barred_by if after is not None else o.notice_during_prevention(authority)
    notice = (
        "a s193B notice was given, so s193 does not apply; s193C(4) may apply instead"
        if at_relief
        else "a s193B notice was given during prevention, so s193 does not apply (s193(1A)(b)); s193C(4) may apply "
        "instead"
    )
    words = "No s193B notice given by the authority (s193(1A)(b))"
    limbs += [
        _limb(
            o, "no_s193b_notice", "HA1996.s193(1)", words, _always(not at_relief and during_prevention is None), notice
        ),
        _owed(o, Kind.MAIN_HOUSING_DUTY, "Owed from then until an ending event of s193(5)-(7AA), or handed on (s200)"),
    ]
    return limbs


def _intentionally_homeless(o: Outcome) -> list[Condition[Run]]:
    after = o.after_relief
    found = after is not None and after.intentional.holds
    limbs = [_made(o), _decided(o)]
    limbs.append(
        _limb(
            o,
            "intentional",
            "HA1996.s191",
            "Found to have become homeless intentionally, and in priority need, when the duty was decided (s190(2))",
            _always(found and after is not None and after.priority_need.holds),
            "no decision that the applicant became homeless intentionally stands when the duty was decided",
        )
    )
    return [*limbs, _owed(o, Kind.INTENTIONALLY_HOMELESS_ACCOMMODATION, "Owed for a reasonable period (s190(2)(a))")]


def _non_cooperation(o: Outcome) -> list[Condition[Run]]:
    first = o.application.non_cooperation[0].on if o.application.non_cooperation else None
    words = "A s193B notice of deliberate and unreasonable refusal to co-operate was given (s193B)"
    notice = _limb(o, "s193b_notice", "HA1996.s193B", words, _from(first), "no s193B notice is recorded")
    return [_made(o), notice, _owed(o, Kind.NON_COOPERATION_ACCOMMODATION, "Owed after the notice (s193C(4); D39)")]


def _simple(kind: Kind, words: str, *extra: Callable[[Outcome], Condition[Run]]) -> Limbs:
    return lambda o: [_made(o), *(limb(o) for limb in extra), _owed(o, kind, words)]


PART7: dict[Kind, Test[Run]] = {
    Kind.HOMELESSNESS_INQUIRIES: EachApplication(
        Kind.HOMELESSNESS_INQUIRIES,
        "HA1996.s184",
        _simple(Kind.HOMELESSNESS_INQUIRIES, "Inquiries from the application until the duty owed is decided (s184)"),
    ),
    Kind.INTERIM_ACCOMMODATION: EachApplication(
        Kind.INTERIM_ACCOMMODATION,
        "HA1996.s188",
        _simple(
            Kind.INTERIM_ACCOMMODATION,
            "Reason to believe the applicant may be homeless, eligible and in priority need, until s188(1ZA)-(1ZB) "
            "end the duty (D19, D40, D44)",
        ),
    ),
    Kind.ASSESSMENT_AND_PLAN: EachApplication(
        Kind.ASSESSMENT_AND_PLAN,
        "HA1996.s189A",
        _simple(Kind.ASSESSMENT_AND_PLAN, "Owed prevention or relief (s189A)", _from_hra),
    ),
    Kind.PREVENTION: EachApplication(
        Kind.PREVENTION,
        "HA1996.s195(2)",
        _simple(
            Kind.PREVENTION,
            "Eligible and threatened, until notice, homelessness, a s193B notice or withdrawal (s195(2), (8); D21)",
            _threatened,
        ),
    ),
    Kind.RELIEF: EachApplication(
        Kind.RELIEF,
        "HA1996.s189B(2)",
        _simple(
            Kind.RELIEF,
            "Eligible and homeless, for {days.relief} days or until notice (s189B(2), (4)-(7); D20, D43)",
            _from_hra,
            _homeless,
        ),
    ),
    Kind.MAIN_HOUSING_DUTY: EachApplication(Kind.MAIN_HOUSING_DUTY, "HA1996.s193(2)", _main_duty),
    Kind.INTENTIONALLY_HOMELESS_ACCOMMODATION: EachApplication(
        Kind.INTENTIONALLY_HOMELESS_ACCOMMODATION, "HA1996.s190(2)", _intentionally_homeless
    ),
    Kind.NON_COOPERATION_ACCOMMODATION: EachApplication(
        Kind.NON_COOPERATION_ACCOMMODATION, "HA1996.s193C(4)", _non_cooperation
    ),
}
"""Each Part 7 duty's test."""


# Determinations and notices -------------------------------------------------------------------------


def _route(cite: str, words: str, periods: Callable[[Run], Iterable[Period]]) -> Condition[Run]:
    return Condition(f"route:{cite}", cite, words, lambda run: normalise(periods(run)))


def _priority_route(key: str, words: str) -> Condition[Run]:
    return _route(key, words, lambda run: (s.period for k, s in priority.routes(run) if k == key))


PRIORITY_NEED: Test[Run] = any_of(
    "priority_need",
    "PNO2002.art3",
    _priority_route(
        "PNO2002.art3",
        "Aged {age.sixteen} or {age.adult-1}, not a relevant child and not owed accommodation under s20 (art 3)",
    ),
    _priority_route(
        "PNO2002.art4",
        "Under {age.core_leaving_care_end}, looked after at some time aged {age.sixteen} or {age.adult-1} but no "
        "longer, not a relevant student (art 4)",
    ),
    _priority_route(
        "PNO2002.art5",
        "{age.core_leaving_care_end} or over and vulnerable as a result of having been looked after (art 5(1))",
    ),
    _priority_route("PNO2002.art5(2)", "Vulnerable as a result of service in the regular armed forces (art 5(2))"),
    _priority_route("PNO2002.art5(3)", "Vulnerable as a result of custody or remand (art 5(3))"),
    _priority_route("PNO2002.art6", "Vulnerable as a result of violence or threats of violence (art 6)"),
    _priority_route("HA1996.s189(1)(c)", "Vulnerable for another special reason (s189(1)(c))"),
    _priority_route("HA1996.s184", "Decided in priority need on another ground on an application (s189(1))"),
)
"""Priority Need Order 2002 arts 3-6 and HA 1996 s189(1), computed from the history or decided (D22, D45)."""


def _connection_route(key: str, words: str) -> Condition[Run]:
    return _route(key, words, lambda run: (s.period for _, k, s in local_connection.connections(run) if k == key))


_PLACEMENT = _connection_route(
    "HA1996.s199(10)",
    "{months.placement_residence} continuous months placed in one district under a care order, begun before "
    "{age.sixteen}, until {age.core_leaving_care_end}",
)


@_PLACEMENT.explained
def _(run: Run, day: Date) -> str | None:
    return "; ".join(local_connection.section_20_lines(run, day)) or None


LOCAL_CONNECTION: Test[Run] = any_of(
    "local_connection",
    "HA1996.s199(8)(a)",
    _connection_route("HA1996.s199(8)(a)", "Owed s23C duties by a local authority in England: its area (s199(8)(a))"),
    _connection_route("HA1996.s199(8)(b)", "Owed s23C duties by a county council: each of its districts (s199(8)(b))"),
    _PLACEMENT,
    _connection_route("HA1996.s199(1)(a)", "Normally resident by choice, by the working tests (s199(1)(a))"),
    _connection_route("HA1996.s199(1)", "A connection the authority found (s199(1)(b)-(d))"),
)
"""HA 1996 s199: a local connection with some district, on any route (D23, D24)."""

SAR_EXEMPTION: Test[Run] = any_of(
    "sar_exemption",
    "UC2013.sch4.para29",
    _route(
        "UC2013.sch4.para29",
        "A care leaver (a relevant child) before {age.adult}, from {age.adult} until the age limit (UC Regs 2013 Sch 4 "
        "para 29(2))",
        lambda run: (s.period for k, s in sar.routes(run) if k == "UC2013.sch4.para29"),
    ),
    _route(
        "HB2006.reg2",
        "Not a young individual: a care order continued after {age.sixteen}, or accommodated under s20 (HB Regs 2006 "
        "reg 2(1))",
        lambda run: (s.period for k, s in sar.routes(run) if k == "HB2006.reg2"),
    ),
)
"""The care-leaver exemption from the shared accommodation rate (D27, D48)."""


def _owed_by_rule(kind: Kind, items: Callable[[Run], list[Finding | Concern]]) -> Callable[[Run], Iterator[Period]]:
    return lambda run: (f.period for f in items(run) if isinstance(f, Finding) and f.kind == kind)


DUTY_TO_REFER: Test[Run] = _route(
    "HA1996.s213B",
    "A specified public authority considers the person may be homeless or threatened with homelessness within "
    "{days.threat_window} days, until it refers them (with consent), consent is refused or they apply (s213B; D28, "
    "D46)",
    lambda run: (stint.period for stint, _ in notifications.referrals(run)),
)
SECTION_208_NOTICE: Test[Run] = _route(
    "HA1996.s208",
    "Accommodation secured in another housing authority's district, until notice is given to it (s208; D25, D47)",
    _owed_by_rule(Kind.SECTION_208_NOTICE, section_208.notices),
)
JOINT_SIGN_OFF: Test[Run] = _route(
    "CODE.22.18",
    "A decision that a former relevant child aged {age.adult} to {age.joint_sign_off_upper-1} became homeless "
    "intentionally stands without joint "
    "senior sign-off (Code of Guidance 22.17-22.19; D26, D41, D42)",
    _owed_by_rule(Kind.JOINT_SIGN_OFF, intentionality.awaited),
)

HOUSING: dict[Kind, Test[Run]] = {
    **PART7,
    Kind.PRIORITY_NEED: PRIORITY_NEED,
    Kind.LOCAL_CONNECTION: LOCAL_CONNECTION,
    Kind.SAR_EXEMPTION: SAR_EXEMPTION,
    Kind.DUTY_TO_REFER: DUTY_TO_REFER,
    Kind.SECTION_208_NOTICE: SECTION_208_NOTICE,
    Kind.JOINT_SIGN_OFF: JOINT_SIGN_OFF,
}
"""The test of each housing finding kind, evaluated on the run."""


def referral_possible(run: Run, day: Date) -> list[str]:
    """Whether the s198(2) conditions can be met on ``day`` for each application made by then: no local
    connection with the district applied to, and a connection with another (relief stage: in England)."""
    held = sorted({area for area, _, stint in local_connection.connections(run) if day in stint.period})
    lines = []
    for outcome in outcomes(run):
        if outcome.applied > day:
            continue
        authority = outcome.authority_on(day)
        others = [a for a in held if a != authority]
        if authority in held:
            lines.append(f"referral not possible for application {outcome.id}: a local connection with {authority}")
        elif others:
            lines.append(
                f"referral possible for application {outcome.id} (s198(2), (A1)): no local connection "
                f"with {authority}; connections with {', '.join(others)}"
            )
        else:
            lines.append(
                f"referral not possible for application {outcome.id}: no local connection with any other district"
            )
    return lines
