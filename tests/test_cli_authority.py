"""``leavingcare authority CODE [--on DATE]``: what the authorities dataset (data/authorities.md) says
about one code on a date, and exit status 2 with one line for a code unknown or not in force then.

Expected names, counties and successors are those of authorities.md and law/housing.md section 7.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from leavingcare.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["authority", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def _failed(status: int, out: str, err: str) -> str:
    """The one line on stderr of a refused command."""
    assert status == 2 and out == ""
    assert err.startswith("leavingcare: ") and err.count("\n") == 1, err
    return err


def test_district_shows_its_county_and_both_authorities(capsys: pytest.CaptureFixture[str]) -> None:
    """housing.md section 7 (two-tier: the district is the housing authority, the county the children's
    services authority): Maidstone on 2024-09-01 is in Kent."""
    status, out, err = run(capsys, "E07000110", "--on", "2024-09-01")
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "E07000110 Maidstone"
    assert "  Kind:        district" in lines
    assert "  Valid from:  before 2009-04-01" in lines
    assert "  Valid to:    current (no end recorded)" in lines
    assert "    County:                        E10000016 Kent (county)" in lines
    assert "    Housing authority:             E07000110 Maidstone (district)" in lines
    assert "    Children's services authority: E10000016 Kent (county)" in lines
    assert "  Successors:  none" in lines


def test_county_lists_its_districts_on_the_date(capsys: pytest.CaptureFixture[str]) -> None:
    """housing.md section 7 (Suffolk E10000029, 5 districts from 2019-04-01; 7 before): the county's districts
    the day before and the day of the East and West Suffolk mergers."""
    _, before, _ = run(capsys, "E10000029", "--on", "2019-03-31")
    status, after, _ = run(capsys, "E10000029", "--on", "2019-04-01")
    assert status == 0
    assert "    Districts (7):" in before.splitlines()
    assert "E07000206 Waveney (district)" in before
    assert "    Districts (5):" in after.splitlines()
    assert "E07000244 East Suffolk (district)" in after and "Waveney" not in after
    assert "    Children's services authority: E10000029 Suffolk (county)" in after.splitlines()


def test_unitary_is_both_authorities(capsys: pytest.CaptureFixture[str]) -> None:
    """housing.md section 7 (a unitary is both housing and children's services authority; Medway is not in
    Kent County Council's area)."""
    status, out, _ = run(capsys, "E06000035", "--on", "2024-09-01")
    assert status == 0
    assert "    Housing authority:             E06000035 Medway (unitary)" in out.splitlines()
    assert "    Children's services authority: E06000035 Medway (unitary)" in out.splitlines()
    assert "County:" not in out


def test_district_on_its_last_day_names_its_successor(capsys: pytest.CaptureFixture[str]) -> None:
    """authorities.md (Christchurch, last day 2019-03-31, to BCP): on its last day the district is shown
    with Dorset as its county and BCP as its successor."""
    status, out, _ = run(capsys, "E07000048", "--on", "2019-03-31")
    assert status == 0
    assert "  Valid to:    2019-03-31" in out.splitlines()
    assert "    County:                        E10000009 Dorset (county)" in out.splitlines()
    assert "  Successors:  E06000058 Bournemouth, Christchurch and Poole (unitary)" in out.splitlines()


def test_district_on_the_day_of_its_abolition_exits_2_naming_the_successor(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """authorities.md: on 2019-04-01 Christchurch is not in force; one line names its last day and BCP."""
    err = _failed(*run(capsys, "E07000048", "--on", "2019-04-01"))
    assert "not in force on 2019-04-01" in err and "2019-03-31" in err and "E06000058" in err


def test_split_county_on_the_day_of_its_abolition_names_both_successors(capsys: pytest.CaptureFixture[str]) -> None:
    """authorities.md (Dorset CC to Dorset Council and BCP)."""
    err = _failed(*run(capsys, "E10000009", "--on", "2019-04-01"))
    assert "E06000059" in err and "E06000058" in err


def test_district_abolished_twice_names_the_authority_on_the_date(capsys: pytest.CaptureFixture[str]) -> None:
    """authorities.md (Taunton Deane to Somerset West and Taunton in 2019, to Somerset Council in 2023)."""
    err = _failed(*run(capsys, "E07000190", "--on", "2024-01-01"))
    assert "E07000246" in err and "E06000066" in err


def test_code_before_it_is_in_force_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """authorities.md (BCP operative from 2019-04-01; the Surrey placeholders from 2027-04-01)."""
    assert "in force only from 2019-04-01" in _failed(*run(capsys, "E06000058", "--on", "2019-03-31"))
    assert "in force only from 2027-04-01" in _failed(*run(capsys, "TBC-EAST-SURREY", "--on", "2027-03-31"))
    status, out, _ = run(capsys, "TBC-EAST-SURREY", "--on", "2027-04-01")
    assert status == 0 and out.startswith("TBC-EAST-SURREY East Surrey\n")


def test_unknown_code_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A code not in the dataset, or a council outside England, is refused with one line."""
    assert "E07999999 is not a code" in _failed(*run(capsys, "E07999999", "--on", "2024-01-01"))
    assert "outside England" in _failed(*run(capsys, "W06000015", "--on", "2024-01-01"))


def test_bad_date_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert "--on" in _failed(*run(capsys, "E07000110", "--on", "2024-02-30"))


def test_date_defaults_to_today(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "E06000035")
    assert status == 0
    assert f"  On {dt.date.today().isoformat()}:" in out.splitlines()


def test_installed_command_runs_the_subcommand() -> None:
    """The console script and ``python -m leavingcare.cli`` reach the same subcommand."""
    done = subprocess.run(
        [sys.executable, "-m", "leavingcare.cli", "authority", "E10000016", "--on", "2024-09-01"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "    Districts (12):" in done.stdout.splitlines()
