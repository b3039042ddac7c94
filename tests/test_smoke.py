"""The DESIGN section 3 example runs end to end."""

import datetime as dt

import leavingcare as lc
from leavingcare import events as ev


def test_design_example_former_relevant_child_owed_adviser_until_21() -> None:
    """CA 1989 s23C(1)(b), s23C(3)(a), s23C(6): looked after at 18, adviser until the 21st birthday."""
    history = lc.History.of(
        [
            ev.Born(on=dt.date(2003, 5, 10)),
            ev.CareStarted(
                on=dt.date(2017, 1, 9), authority="E10000016", legal_status="C2", placement="U4", area="E07000105"
            ),
            ev.CareEnded(on=dt.date(2021, 5, 10), reason="E8"),
        ]
    )
    assert lc.assess(history, on=dt.date(2024, 5, 9)).owes("personal_adviser")
    assert not lc.assess(history, on=dt.date(2024, 5, 10)).owes("personal_adviser")
    assert lc.assess(history, on=dt.date(2024, 6, 1)).owes("former_relevant_child", by="E10000016")
