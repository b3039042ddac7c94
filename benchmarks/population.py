"""A synthetic population of young people who have been looked after, as multi-person JSONL.

    python benchmarks/population.py --people 10000 --seed 1 > people.jsonl
    python benchmarks/population.py --people 1000 --seed 1 --scale 10 > dense.jsonl

Every line carries ``"person"`` and each person's lines are contiguous, in date order, so the file
reads with ``leavingcare.read_people``. The same ``--seed`` always gives the same file, and person
``i`` depends only on the seed, its index and the scale, so a benchmark can draw one person without
drawing the rest.

Each person is aged 14 to 30 on ``REFERENCE`` (most 16 to 25) and has:

- care: sometimes a series of short breaks (V3/V4) in childhood; one to three looked-after episodes
  (CareStarted/CareChanged/CareEnded with SSDA903 codes) with placement moves, some out of area in
  another authority's district; returns home (REC E4A, then ``Moved`` to a parent) that may break
  down into a new episode; remands (J1, in youth detention with ``CustodyStarted(remand=true)``);
  sentences (REC E9, then custody); the 18th birthday (E17 when the foster carer keeps them on);
- after care: moves between areas and arrangements, a needs assessment and six-monthly pathway
  plan reviews, programmes of education or training, requests for a personal adviser from 21 and
  refusals, sentenced custody;
- homelessness: applications with referrals, the threat of homelessness or homelessness, priority
  need and intentionality decisions with sign-offs, interim accommodation in other districts with
  s208 notices, offers accepted and refused, duties ended, accommodation secured.

About 30 events a person on average, with a long tail (99th percentile about 130, the longest a few
hundred in 10,000 people): a person's "complexity" is drawn from a log-normal distribution and
multiplies how often the repeatable things happen. ``--scale K`` multiplies the repeatable events
roughly K times (about 6x at 10, 60x at 100: births and the shape of an application do not repeat).
Codes are those of authorities in force throughout the packaged table (no start and no end date), so
each is valid on every date generated.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from functools import cache
from typing import Any, TextIO

from leavingcare import calendar, geography

Date = dt.date
REFERENCE = Date(2025, 10, 1)
"""The population's "today": ages are counted to it and nothing is dated after it."""

OUTSIDE_ENGLAND = ("W06000015", "S12000036", "N09000003")
_ENDERS = frozenset({"CareEnded", "CustodyEnded", "HospitalDischarged", "EducationEnded", "SupportDeclined"})
_STARTERS = frozenset({"CareStarted", "HomelessnessApplication"})
LATE_RECORDED = frozenset({"Moved", "PathwayPlanReviewed", "NeedsAssessed", "SupportRequested", "Homeless"})
"""Types that now and then carry a ``recorded_at`` some days after ``on`` (recorded late). Only
types whose absence from an earlier ``known_at`` view cannot make that view invalid."""

_MAIN_LEGAL_STATUS = (("C2", 45), ("V2", 30), ("C1", 12), ("E1", 4), ("L2", 4), ("D1", 2), ("L1", 3))
_PLACEMENTS = (
    ("U4", 25),
    ("U6", 15),
    ("U1", 10),
    ("U3", 6),
    ("U5", 4),
    ("K2", 14),
    ("K3", 4),
    ("R1", 2),
    ("P1", 5),
    ("S1", 2),
    ("T1", 1),
    ("Z11", 2),
    ("H5", 3),
    ("A4", 1),
    ("R3", 1),
)
_ARRANGEMENTS = (
    ("supported", 18),
    ("supported_lodgings", 10),
    ("private_tenancy", 16),
    ("social_tenancy", 14),
    ("relative", 8),
    ("parent", 8),
    ("student_halls", 5),
    ("hostel", 8),
    ("bed_and_breakfast", 3),
    ("no_fixed_abode", 3),
    ("other", 4),
    ("former_foster_carer", 3),
)


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([value for value, _ in table], weights=[weight for _, weight in table])[0]


class Places:
    """Authorities and areas in force throughout the packaged table."""

    def __init__(self) -> None:
        table = geography.authorities()
        always = {code: a for code, a in table.items() if a.valid.since == Date.min and a.valid.until is None}
        districts: dict[str, list[str]] = {}
        for code, a in sorted(always.items()):
            if a.kind == "district" and a.county in always:
                districts.setdefault(a.county, []).append(code)
        self.districts_of: dict[str, tuple[str, ...]] = {c: tuple(ds) for c, ds in districts.items()}
        single_tier = sorted(
            code for code, a in always.items() if a.kind in ("unitary", "metropolitan", "london_borough")
        )
        self.childrens: tuple[str, ...] = tuple(sorted([*self.districts_of, *single_tier]))
        self.areas: tuple[str, ...] = tuple(
            sorted([*single_tier, *(d for ds in self.districts_of.values() for d in ds)])
        )

    def home_area(self, authority: str, rng: random.Random) -> str:
        """An area of ``authority``: one of its districts for a county, else the authority itself."""
        districts = self.districts_of.get(authority)
        return rng.choice(districts) if districts else authority

    def other_area(self, rng: random.Random, but: str) -> str:
        area = rng.choice(self.areas)
        return area if area != but else rng.choice(self.areas)


@cache
def places() -> Places:
    return Places()


class Person:
    """One young person's life, drawn forward in time from birth to ``REFERENCE``."""

    def __init__(self, person: str, rng: random.Random, scale: float) -> None:
        self.person = person
        self.rng = rng
        self.scale = scale
        self.places = places()
        self.items: list[tuple[Date, int, int, dict[str, Any]]] = []
        self.complexity = min(rng.lognormvariate(0.0, 0.8), 10.0)
        age = rng.choices(range(14, 31), weights=[3, 4, 9, 10, 10, 10, 10, 10, 9, 8, 7, 6, 3, 3, 3, 2, 2])[0]
        self.born = REFERENCE - dt.timedelta(days=int((age + rng.random()) * 365.25) + 1)
        self.authority = rng.choice(self.places.childrens)
        self.home = self.places.home_area(self.authority, rng)
        self.area = self.home
        self.custody_until = self.born
        self.eligible = False

    # drawing helpers ----------------------------------------------------------------------------
    def at(self, years: float) -> Date:
        whole = int(years)
        return calendar.birthday(self.born, whole) + dt.timedelta(days=int((years - whole) * 365))

    def count(self, mean: float) -> int:
        """How many times something repeatable happens: ``mean`` times complexity and scale, spread."""
        expected = mean * self.complexity * self.scale
        return int(self.rng.gammavariate(2.0, expected / 2.0) + 0.5) if expected > 0 else 0

    def days(self, lo: int, hi: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(lo, hi))

    def gap(self, lo: int, hi: int) -> dt.timedelta:
        """A wait between repeated things, shorter as ``scale`` grows so that more of them fit."""
        return self.days(max(int(lo / self.scale), 1), max(int(hi / self.scale), 1))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def add(self, day: Date, event_type: str, /, **fields: Any) -> None:
        phase = 0 if event_type == "Born" else 1 if event_type in _ENDERS else 2 if event_type in _STARTERS else 3
        line: dict[str, Any] = {"type": event_type, "on": day.isoformat()}
        line.update((k, v.isoformat() if isinstance(v, Date) else v) for k, v in fields.items() if v is not None)
        self.items.append((day, phase, len(self.items), line))

    def spread(self, since: Date, until: Date, n: int) -> list[Date]:
        """``n`` sorted days in ``[since, until)`` (fewer when the span is short)."""
        span = (until - since).days
        if span <= 0 or n <= 0:
            return []
        return sorted(since + dt.timedelta(days=self.rng.randrange(span)) for _ in range(min(n, span)))

    # the life -----------------------------------------------------------------------------------
    def draw(self) -> list[dict[str, Any]]:
        self.add(self.born, "Born")
        care_end = self.care()
        self.after_care(care_end)
        self.homelessness()
        self.items.sort(key=lambda item: (item[0], item[1], item[2]))
        lines = [line for day, _, _, line in self.items if day <= REFERENCE]
        lines = [{"person": self.person, "id": f"{self.person}-e{n}", **line} for n, line in enumerate(lines, start=1)]
        for line in lines:
            if line["type"] in LATE_RECORDED and self.chance(0.08):
                day = Date.fromisoformat(line["on"]) + self.days(1, 40)
                line["recorded_at"] = (
                    f"{day.isoformat()}T{self.rng.randint(8, 17):02d}:{self.rng.randint(0, 59):02d}:00Z"
                )
        return lines

    def care(self) -> Date | None:
        """The looked-after episodes; returns the day the last one ended (None: never looked after)."""
        d16, d18 = self.at(16), self.at(18)
        cursor = None
        if self.chance(0.08):
            cursor = self.short_breaks()
            if self.chance(0.5):
                return None
        if cursor is None:
            cursor = self.at(self.rng.uniform(1, 12)) if self.chance(0.4) else self.at(self.rng.uniform(12.5, 17.6))
        else:
            cursor += self.days(30, 400)
        episodes = 1 + self.chance(0.3) + self.chance(0.1) + self.count(0.1)
        last_end: Date | None = None
        for n in range(episodes):
            if cursor >= d18 - dt.timedelta(days=20) or cursor > REFERENCE:
                break
            final = n == episodes - 1
            if self.chance(0.08) and cursor >= self.at(15):
                end = self.remand(cursor, d18)
            else:
                end = self.episode(cursor, d18, final)
            if end is None:
                self.eligible = self.eligible or cursor < d16
                return None
            if cursor <= d16 - dt.timedelta(days=91) < end or cursor <= d16 < end:
                self.eligible = True
            last_end = end
            cursor = max(end, self.custody_until) + self.gap(20, 500)
        return last_end

    def short_breaks(self) -> Date:
        """A series of short breaks (V3/V4), each a short episode, from the age of 5 to 12 onwards."""
        since = self.at(self.rng.uniform(5, 12))
        until = min(since + self.days(300, 1800), self.at(16))
        span = (until - since).days
        n = min(4 + self.count(8), span // 3)
        step = span // max(n, 1)
        status = "V3" if self.chance(0.7) else "V4"
        placement = "U4" if self.chance(0.6) else "K2"
        area = self.places.home_area(self.authority, self.rng)
        for i in range(n):
            length = max(min(self.rng.randint(1, 4), step - 1), 1)
            start = since + dt.timedelta(days=i * step + self.rng.randrange(max(step - length, 1)))
            self.add(
                start, "CareStarted", authority=self.authority, legal_status=status, placement=placement, area=area
            )
            self.add(start + dt.timedelta(days=length), "CareEnded", reason="E8")
        return until

    def episode(self, start: Date, d18: Date, final: bool) -> Date | None:
        """One episode from ``start``; returns its end (None: still looked after on REFERENCE)."""
        status = _weighted(self.rng, _MAIN_LEGAL_STATUS)
        placement = _weighted(self.rng, _PLACEMENTS)
        area = self.places.home_area(self.authority, self.rng)
        self.add(start, "CareStarted", authority=self.authority, legal_status=status, placement=placement, area=area)
        reason: str
        if final or self.chance(0.25):
            end = d18
            if placement in ("U1", "U3", "U4", "U6") and self.chance(0.3):
                reason = "E17"
            elif self.chance(0.08) and start < d18 - dt.timedelta(days=800):
                end = start + self.days(200, (d18 - start).days - 1)
                reason = self.rng.choice(("E45", "E46", "E47", "E48", "E41"))
            else:
                reason = self.rng.choice(("E5", "E6", "E8", "E5", "E13"))
        else:
            end = min(start + self.days(40, 900), d18)
            reason = "E4A" if self.chance(0.6) else self.rng.choice(("E4B", "E13", "E8", "X1", "E9"))
            if reason == "E9" and end < self.at(15):
                reason = "E13"
        self.placement_moves(start, end, status, placement, area)
        if end > REFERENCE:
            return None
        self.add(end, "CareEnded", reason=reason)
        if reason in ("E4A", "E4B"):
            if self.chance(0.6):
                self.add(end, "Moved", area=self.area, arrangement="parent")
        elif reason == "E9":
            self.custody(end, remand=False, length=self.days(30, 500))
        elif reason != "E17" and end == d18:
            self.area = self.home if self.chance(0.6) else self.places.other_area(self.rng, self.home)
            arrangement = self.rng.choice(("supported", "supported_lodgings", "hostel", "private_tenancy", "relative"))
            self.add(end + self.days(0, 3), "Moved", area=self.area, arrangement=arrangement)
        return end

    def placement_moves(self, start: Date, end: Date, status: str, placement: str, area: str) -> None:
        until = min(end, REFERENCE)
        years = max((until - start).days, 0) / 365.25
        for day in self.spread(start + dt.timedelta(days=1), until, self.count(1.0 * years + 0.4)):
            change: dict[str, Any] = {}
            roll = self.rng.random()
            if roll < 0.12 and status in ("C1", "V2", "L1", "L2"):
                status = "C2"
                change["legal_status"] = status
            new = _weighted(self.rng, _PLACEMENTS)
            if new != placement:
                placement = new
                change["placement"] = placement
            if roll > 0.7:
                # out of area: a district or unitary of another authority
                area = (
                    self.places.other_area(self.rng, area)
                    if self.chance(0.6)
                    else self.places.home_area(self.authority, self.rng)
                )
                change["area"] = area
            if change:
                self.add(day, "CareChanged", **change)

    def remand(self, start: Date, d18: Date) -> Date | None:
        """Remanded (J1): in youth detention accommodation or in local authority accommodation."""
        detention = self.chance(0.6)
        placement = "R5" if detention else self.rng.choice(("K1", "K2", "U4"))
        area = (
            self.places.other_area(self.rng, self.home)
            if detention
            else self.places.home_area(self.authority, self.rng)
        )
        self.add(start, "CareStarted", authority=self.authority, legal_status="J1", placement=placement, area=area)
        end = start + self.days(7, 150)
        if detention:
            self.custody(start, remand=True, length=end - start)
        if end > REFERENCE:
            return None
        self.add(end, "CareEnded", reason="E14")
        return end

    def custody(self, start: Date, *, remand: bool, length: dt.timedelta) -> None:
        if start < self.custody_until:
            return
        self.add(start, "CustodyStarted", remand=remand)
        end = start + max(length, dt.timedelta(days=1))
        self.add(end, "CustodyEnded")
        self.custody_until = end

    def after_care(self, care_end: Date | None) -> None:
        d16, d18, d21, d25 = self.at(16), self.at(18), self.at(21), self.at(25)
        since = max(d18, care_end or d18)
        # moves between areas and arrangements
        for day in self.spread(since, min(self.at(26), REFERENCE), self.count(3.0)):
            if self.chance(0.35):
                self.area = self.places.other_area(self.rng, self.area)
            elif self.chance(0.05):
                self.area = self.rng.choice(OUTSIDE_ENGLAND)
            self.add(day, "Moved", area=self.area, arrangement=_weighted(self.rng, _ARRANGEMENTS))
        # the pathway plan: a needs assessment before 16 (or on coming into care after it), reviews
        if self.eligible:
            assessed = d16 - self.days(10, 90)
            self.add(assessed, "NeedsAssessed")
            until = d25 if self.chance(0.3) else d21
            interval = max(int(182 / (self.scale * min(max(self.complexity, 0.8), 2.0))), 1)
            day = assessed + self.days(interval // 2, interval)
            while day < until and day <= REFERENCE:
                if not self.chance(0.1):  # a review missed now and then
                    self.add(day, "PathwayPlanReviewed")
                day += self.days(max(interval * 9 // 10, 1), interval * 11 // 10 + 1)
        # education and training
        if self.chance(0.6):
            cursor = self.at(self.rng.uniform(16, 17))
            for n in range(1 + self.count(0.6)):
                if cursor > REFERENCE or cursor >= d25:
                    break
                level = "further" if n == 0 else self.rng.choice(("higher", "further", "training", "apprenticeship"))
                length = self.gap(60, 1200) if level != "higher" else self.gap(700, 1400)
                self.add(
                    cursor,
                    "EducationStarted",
                    level=level,
                    full_time=self.chance(0.8),
                    in_pathway_plan=self.chance(0.7),
                    term_time_accommodation=level == "higher" and self.chance(0.6),
                )
                end = cursor + length
                if self.chance(0.9):
                    self.add(end, "EducationEnded")
                    cursor = end + self.gap(1, 300)
                else:
                    break
        # a personal adviser on request from 21 (s23CZB), and declined
        if d21 < REFERENCE and self.chance(0.4):
            cursor = d21 + self.days(0, 600)
            for _ in range(1 + self.count(0.4)):
                if cursor >= d25 or cursor > REFERENCE:
                    break
                self.add(cursor, "SupportRequested")
                cursor += self.gap(30, 700)
                if self.chance(0.6):
                    self.add(cursor, "SupportDeclined")
                    cursor += self.gap(30, 400)
        # sentenced custody as a young adult
        if self.chance(0.07):
            cursor = max(since, self.custody_until) + self.days(30, 1500)
            for _ in range(1 + self.count(0.2)):
                if cursor > REFERENCE:
                    break
                self.custody(cursor, remand=self.chance(0.2), length=self.days(20, 400))
                cursor = self.custody_until + self.gap(30, 900)

    # homelessness -------------------------------------------------------------------------------
    def homelessness(self) -> None:
        if not self.chance(0.35) or self.at(16.5) > REFERENCE:
            return
        cursor = self.at(self.rng.uniform(16.5, 20))
        for n in range(1, 2 + self.count(0.5)):
            if cursor > REFERENCE:
                return
            cursor = self.application(f"A{n}", cursor) + self.gap(20, 600)

    def application(self, app: str, day: Date) -> Date:
        """One application from ``day``; returns the day its last duty ended."""
        places, rng = self.places, self.rng
        authority = self.area if self.area in places.areas else places.home_area(self.authority, rng)
        if self.chance(0.3):
            referred = day - self.days(1, 20)
            self.add(referred, "HomelessnessRiskIdentified", by=self.authority, homeless_by=day + self.days(10, 60))
            if self.chance(0.9):
                self.add(referred, "ReferralMade", by=self.authority, to=authority)
            else:
                self.add(referred, "ReferralConsentRefused")
        threatened = self.chance(0.5)
        self.add(day, "HomelessnessApplication", application=app, authority=authority, appears_homeless=not threatened)
        t = day
        if threatened:
            expires = day + self.days(20, 56)
            self.add(
                day,
                "ThreatenedWithHomelessness",
                application=app,
                notice_expires=expires if self.chance(0.6) else None,
                homeless_by=None if self.chance(0.6) else expires,
            )
            if self.chance(0.5):
                secured = day + self.days(10, 50)
                area = authority if self.chance(0.7) else places.other_area(rng, authority)
                kind = rng.choice(("private_rented", "social", "supported"))
                self.add(secured, "AccommodationSecured", application=app, area=area, under="s195", kind=kind)
                self.add(secured, "DutyEnded", application=app, duty="prevention", reason="accommodation_secured")
                self.area = area
                return secured
            t = expires
            self.add(t, "Homeless", application=app)
            self.add(t, "DutyEnded", application=app, duty="prevention", reason="became_homeless")
        else:
            self.add(day, "Homeless", application=app)
        interim = self.chance(0.7)
        if interim:
            placed = t + self.days(0, 3)
            area = authority if self.chance(0.55) else places.other_area(rng, authority)
            kind = _weighted(rng, (("bed_and_breakfast", 25), ("hostel", 35), ("temporary", 40)))
            self.add(placed, "AccommodationSecured", application=app, area=area, under="s188", kind=kind)
            if area != authority:
                self.add(placed + self.days(1, 20), "Section208NoticeSent", application=app, to=area)
        self.add(t + self.days(5, 30), "PriorityNeedDecided", application=app, priority_need=self.chance(0.85))
        if self.chance(0.1):
            ground = rng.choice(("residence", "employment", "family", "special_circumstances"))
            self.add(
                t + self.days(5, 30),
                "LocalConnectionDecided",
                application=app,
                area=places.other_area(rng, authority),
                ground=ground,
                connected=self.chance(0.5),
            )
        if self.chance(0.07):
            withdrawn = t + self.days(5, 40)
            self.add(withdrawn, "ApplicationWithdrawn", application=app)
            return withdrawn
        if self.chance(0.4):
            secured = t + self.days(10, 55)
            area = authority if self.chance(0.6) else places.other_area(rng, authority)
            kind = rng.choice(("private_rented", "social", "supported"))
            self.add(secured, "AccommodationSecured", application=app, area=area, under="s189B", kind=kind)
            self.add(secured, "DutyEnded", application=app, duty="relief", reason="accommodation_secured")
            if interim:
                self.add(secured, "AccommodationEnded", application=app)
            self.area = area
            return secured
        day57 = t + dt.timedelta(days=56)
        self.add(day57, "DutyEnded", application=app, duty="relief", reason="days_elapsed")
        decided = day57 + self.days(0, 20)
        intentional = self.chance(0.12)
        self.add(decided, "IntentionalityDecided", application=app, intentional=intentional)
        if intentional:
            for service, by in (("housing", authority), ("childrens", self.authority)):
                role = rng.choice(("Director", "Assistant Director"))
                self.add(decided, "SignedOff", application=app, service=service, authority=by, role=role)
            if interim:
                self.add(decided + self.days(14, 40), "AccommodationEnded", application=app)
            return decided + dt.timedelta(days=40)
        offered = decided
        for n in range(1, 2 + self.count(0.3)):
            offered += self.days(7, 120)
            kind = rng.choice(("suitable", "part6", "final_part6", "private_rented_sector", "final_accommodation"))
            self.add(offered, "OfferMade", application=app, offer=f"{app}-O{n}", kind=kind)
            answered = offered + self.days(1, 14)
            if self.chance(0.3):
                self.add(answered, "OfferRefused", application=app, offer=f"{app}-O{n}")
                if kind.startswith("final"):
                    self.add(
                        answered, "DutyEnded", application=app, duty="main_housing_duty", reason="refused_final_offer"
                    )
                    if interim:
                        self.add(answered + self.days(7, 28), "AccommodationEnded", application=app)
                    return answered
                continue
            self.add(answered, "OfferAccepted", application=app, offer=f"{app}-O{n}")
            kind = "social" if kind in ("part6", "final_part6") else "private_rented"
            self.add(answered, "AccommodationSecured", application=app, area=authority, under="s193", kind=kind)
            self.add(answered, "DutyEnded", application=app, duty="main_housing_duty", reason="accommodation_secured")
            if interim:
                self.add(answered, "AccommodationEnded", application=app)
            self.area = authority
            return answered
        return offered


def person_id(index: int) -> str:
    return f"yp{index:07d}"


def person_lines(index: int, *, seed: int = 0, scale: float = 1.0) -> list[dict[str, Any]]:
    """The JSONL objects of person ``index`` of the population drawn with ``seed`` and ``scale``."""
    rng = random.Random(f"leavingcare-population:{seed}:{index}:{scale}")
    return Person(person_id(index), rng, scale).draw()


def population(people: int, *, seed: int = 0, scale: float = 1.0, start: int = 0) -> Iterator[list[dict[str, Any]]]:
    """Each person's JSONL objects, persons ``start`` to ``start + people - 1``."""
    for index in range(start, start + people):
        yield person_lines(index, seed=seed, scale=scale)


def jsonl(people: int, *, seed: int = 0, scale: float = 1.0, start: int = 0) -> Iterator[str]:
    """The population as JSONL text lines, each ending with a newline."""
    dumps = json.dumps
    for lines in population(people, seed=seed, scale=scale, start=start):
        for line in lines:
            yield dumps(line) + "\n"


def write(out: TextIO, people: int, *, seed: int = 0, scale: float = 1.0) -> int:
    """Write the population to ``out``; returns the number of lines."""
    count = 0
    for text in jsonl(people, seed=seed, scale=scale):
        out.write(text)
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--people", type=int, required=True, help="how many young people")
    parser.add_argument("--seed", type=int, default=0, help="the same seed always gives the same file")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the repeatable events about K times")
    args = parser.parse_args(argv)
    lines = write(sys.stdout, args.people, seed=args.seed, scale=args.scale)
    print(f"{args.people} people, {lines} events", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
