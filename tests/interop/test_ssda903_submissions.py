"""Several collection years and resubmissions: for the same CHILD and DECOM the later file's row is
kept; where kept episodes overlap, the earlier submission gives way."""

from __future__ import annotations

import datetime as dt

from tables903 import Ep, Tables

import leavingcare as lc
from leavingcare.events.codec import encode
from leavingcare.interop.ssda903 import read_903

BRISTOL = "E06000023"
D = dt.date


def test_overlapping_years_the_later_year_closes_the_episode_left_open(tables: Tables) -> None:
    """The 2022-23 return has the episode open at 31 March; the 2023-24 return repeats it with DEC and
    REC and adds the next one. The later row wins, so the episode ends where the later year says."""
    header = tables.header(("1001", "10/05/2006"))
    year_2223 = tables.episodes(Ep("1001", "01/09/2022", "S", "C2", "U4"), name="episodes_2022_23.csv")
    year_2324 = tables.episodes(
        Ep("1001", "01/09/2022", "S", "C2", "U4", "01/06/2023", "X1"),
        Ep("1001", "01/06/2023", "P", "C2", "U5"),
        name="episodes_2023_24.csv",
    )
    result = read_903(header, [year_2223, year_2324], BRISTOL)
    assert result.rejected == ()
    assert result.superseded == ((str(year_2223), 2),)
    (child,) = result.people
    assert [encode(e)["type"] for e in child.events] == ["Born", "CareStarted", "CareChanged"]
    assert [(e.file, e.line) for e in child.episodes] == [(str(year_2324), 2), (str(year_2324), 3)]


def test_a_resubmission_corrects_an_episode_the_later_file_wins(tables: Tables) -> None:
    """A resubmitted return corrects the legal status and the end of the same episode (same CHILD and
    DECOM): only the resubmitted values are imported."""
    header = tables.header(("1001", "10/05/2006"))
    first = tables.episodes(Ep("1001", "01/09/2021", "S", "V2", "U4", "01/03/2023", "E8"), name="first.csv")
    again = tables.episodes(Ep("1001", "01/09/2021", "S", "C2", "U4", "01/04/2023", "E13"), name="again.csv")
    (child,) = read_903(header, [first, again], BRISTOL).people
    assert [encode(e) for e in child.events[1:]] == [
        {
            "type": "CareStarted",
            "on": "2021-09-01",
            "authority": BRISTOL,
            "legal_status": "C2",
            "placement": "U4",
            "area": BRISTOL,
        },
        {"type": "CareEnded", "on": "2023-04-01", "reason": "E13"},
    ]
    (readback,) = read_903(header, [again, first], BRISTOL).people
    assert encode(readback.events[-1]) == {"type": "CareEnded", "on": "2023-03-01", "reason": "E8"}


def test_within_one_file_the_later_line_for_the_same_episode_wins(tables: Tables) -> None:
    header = tables.header(("1001", "10/05/2006"))
    episodes = tables.episodes(
        Ep("1001", "01/09/2021", "S", "V2", "U4"),
        Ep("1001", "01/09/2021", "S", "C2", "U4"),
    )
    result = read_903(header, episodes, BRISTOL)
    assert result.superseded == ((str(episodes), 2),)
    assert encode(result.people[0].events[1])["legal_status"] == "C2"


def test_an_overlapping_episode_from_an_earlier_submission_is_replaced(tables: Tables) -> None:
    """The 2022-23 file left an episode open that the 2023-24 file dated differently (a corrected
    DECOM): the two overlap, and the earlier submission's row is replaced by the later one."""
    header = tables.header(("1001", "10/05/2006"))
    old = tables.episodes(Ep("1001", "01/09/2022", "S", "C2", "U4"), name="old.csv")
    new = tables.episodes(Ep("1001", "05/09/2022", "S", "C2", "U4", "01/06/2023", "E8"), name="new.csv")
    result = read_903(header, [old, new], BRISTOL)
    assert result.rejected == ()
    assert [(n.file, n.line, n.child) for n in result.replacements] == [(str(old), 2, "1001")]
    assert "a later submission" in result.replacements[0].text
    (child,) = result.people
    assert [e.on for e in child.events[1:]] == [D(2022, 9, 5), D(2023, 6, 1)]


def test_overlapping_episodes_in_one_file_leave_the_child_out(tables: Tables) -> None:
    """Within one file no later submission decides: the episode that starts inside the other is the
    problem, and the child is left out."""
    header = tables.header(("1001", "10/05/2006"))
    episodes = tables.episodes(
        Ep("1001", "01/09/2021", "S", "C2", "U4", "01/06/2022", "E8"),
        Ep("1001", "01/05/2022", "S", "C2", "U5", "01/08/2022", "E8"),
    )
    result = read_903(header, episodes, BRISTOL)
    assert [(r.line, r.child) for r in result.rejected] == [(3, "1001")]
    assert result.rejected[0].reason == f"starts before the episode on {episodes} line 2 has ceased"
    assert result.people == () and [c.child for c in result.left_out] == ["1001"]


def test_several_header_files_the_later_date_of_birth_wins(tables: Tables) -> None:
    """A DOB corrected in a later year's header is the one ``Born`` carries."""
    first = tables.header(("1001", "10/05/2006"), name="header_1.csv")
    second = tables.header(("1001", "11/05/2006"), name="header_2.csv")
    episodes = tables.episodes(Ep("1001", "01/09/2021", "S", "C2", "U4"))
    (child,) = read_903([first, second], episodes, BRISTOL).people
    assert child.born == D(2006, 5, 11) == child.history.facts.born


def test_reimporting_into_a_store_adds_only_what_is_new(tables: Tables) -> None:
    """Recording the 2022-23 import, then the 2022-23 and 2023-24 files together: the second run adds
    only the end of the episode and the next one (event ids derive from content), and the history
    reads as the later year says."""
    from leavingcare.interop.people import record_people

    header = tables.header(("1001", "10/05/2006"))
    year_2223 = tables.episodes(Ep("1001", "01/09/2022", "S", "C2", "U4"), name="y1.csv")
    year_2324 = tables.episodes(
        Ep("1001", "01/09/2022", "S", "C2", "U4", "01/06/2023", "X1"),
        Ep("1001", "01/06/2023", "P", "C2", "U5"),
        name="y2.csv",
    )
    with lc.open_store("memory://") as store:
        first = read_903(header, year_2223, BRISTOL)
        (done,) = record_people(store, [(c.person, c.history) for c in first.people], recorded_by="test")
        assert (done.added, done.already) == (2, 0)
        both = read_903(header, [year_2223, year_2324], BRISTOL)
        (done,) = record_people(store, [(c.person, c.history) for c in both.people], recorded_by="test")
        assert (done.added, done.already, done.error) == (1, 2, None)
        (again,) = record_people(store, [(c.person, c.history) for c in both.people], recorded_by="test")
        assert (again.added, again.already) == (0, 3)
        history = store.history(f"{BRISTOL}-1001")
    assert [type(e).__name__ for e in history.events] == ["Born", "CareStarted", "CareChanged"]


def test_a_resubmission_that_changes_a_recorded_episode_is_refused_for_that_person(tables: Tables) -> None:
    """A store is append-only: an episode recorded with one DECOM and resubmitted with different codes
    would overlap the one recorded, so that person's batch is refused with the reason (retract the old
    events to correct them) and nothing of it is stored."""
    from leavingcare.interop.people import record_people

    header = tables.header(("1001", "10/05/2006"), ("1002", "01/01/2007"))
    first = tables.episodes(Ep("1001", "01/09/2022", "S", "C2", "U4"), name="y1.csv")
    again = tables.episodes(
        Ep("1001", "01/09/2022", "S", "V2", "U4"),
        Ep("1002", "01/09/2022", "S", "V2", "K2"),
        name="y2.csv",
    )
    with lc.open_store("memory://") as store:
        record_people(store, [(c.person, c.history) for c in read_903(header, first, BRISTOL).people], recorded_by="t")
        done = record_people(
            store, [(c.person, c.history) for c in read_903(header, again, BRISTOL).people], recorded_by="t"
        )
        assert [(d.person, d.added, d.error is None) for d in done] == [
            (f"{BRISTOL}-1001", 0, False),
            (f"{BRISTOL}-1002", 2, True),
        ]
        assert "while the one from" in (done[0].error or "")
        assert store.version(f"{BRISTOL}-1001") == 2
