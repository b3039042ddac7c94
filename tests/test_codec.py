"""Reading the JSONL interchange format (DESIGN section 5): each line is checked on its own, and a bad
line is rejected with a typed error naming the line and the rule broken, never the values in it."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from hypothesis import given

import leavingcare as lc
from leavingcare.errors import InvalidEvent, InvalidHistory, InvalidId, LeavingCareError, UnknownCode
from leavingcare.events import EVENT_TYPES, Born, CareStarted, CustodyStarted, Moved
from leavingcare.events.codec import MAX_LINE_BYTES, content_id, decode, encode, json_schema
from leavingcare.testing import property_settings
from leavingcare.testing_defects import defects, histories_with_defect

BORN = "2003-05-10"
BORN_LINE = json.dumps({"type": "Born", "on": BORN})
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def care_started(on: str = "2017-01-09", **fields: Any) -> str:
    obj = {"type": "CareStarted", "on": on, "authority": "E10000016", "legal_status": "C2"}
    obj.update({"placement": "U4", "area": "E07000105"})
    obj.update(fields)
    return json.dumps(obj)


def read(*lines: str | bytes) -> lc.History:
    return lc.History.from_jsonl([BORN_LINE, *lines])


def rejected(error: type[LeavingCareError], *lines: str | bytes) -> str:
    """The message of the error reading the lines raises; it must be of exactly ``error``'s type and
    carry no date of birth."""
    with pytest.raises(LeavingCareError) as info:
        read(*lines)
    assert type(info.value) is error, info.value
    message = str(info.value)
    assert BORN not in message
    return message


# Unknown types and fields -----------------------------------------------------------------------------
def test_unknown_event_type_names_the_line() -> None:
    message = rejected(InvalidEvent, json.dumps({"type": "CareFinished", "on": "2019-01-01"}))
    assert message == "line 2: unknown event type"


def test_missing_type() -> None:
    assert rejected(InvalidEvent, json.dumps({"on": "2019-01-01"})) == "line 2: missing field 'type'"


def test_unknown_field_is_named_and_its_value_is_not() -> None:
    line = json.dumps({"type": "Moved", "on": "2019-01-01", "area": "E07000105", "arrangement": "parent", "nhs": "X1"})
    message = rejected(InvalidEvent, line)
    assert message.startswith("line 2 (Moved): ")
    assert "nhs" in message
    assert "X1" not in message


def test_missing_field_is_named() -> None:
    message = rejected(InvalidEvent, json.dumps({"type": "Moved", "on": "2019-01-01", "area": "E07000105"}))
    assert message == "line 2 (Moved): missing field 'arrangement'"


def test_missing_date() -> None:
    assert rejected(InvalidEvent, json.dumps({"type": "SupportRequested"})).startswith("line 2 (SupportRequested)")


# Wrong types ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["true", "false", 1, 0, None])
def test_a_flag_must_be_a_json_boolean(value: object) -> None:
    """No coercion: the string "true" or the number 1 is not a boolean."""
    message = rejected(InvalidEvent, json.dumps({"type": "CustodyStarted", "on": "2019-01-01", "remand": value}))
    assert message.startswith("line 2 (CustodyStarted): ")
    assert "remand" in message


@pytest.mark.parametrize("value", [12, True, ["E07000105"], {"code": "E07000105"}])
def test_a_code_must_be_a_string(value: object) -> None:
    line = json.dumps({"type": "Moved", "on": "2019-01-01", "area": value, "arrangement": "parent"})
    message = rejected(InvalidEvent, line)
    assert message == "line 2 (Moved): field 'area' must be a string"


# Dates ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["2019-02-29", "2019-13-01", "2019-04-31", "2019-00-10"])
def test_an_impossible_date_is_rejected(value: str) -> None:
    message = rejected(InvalidEvent, json.dumps({"type": "SupportRequested", "on": value}))
    assert message == "line 2 (SupportRequested): field 'on' is not a real calendar date"
    assert value not in message


@pytest.mark.parametrize("value", ["01/02/2019", "20190102", "2019-1-2", "2019-01-02T00:00:00", "", 20190102, None])
def test_a_date_must_be_written_yyyy_mm_dd(value: object) -> None:
    message = rejected(InvalidEvent, json.dumps({"type": "SupportRequested", "on": value}))
    assert message == "line 2 (SupportRequested): field 'on' must be a date written YYYY-MM-DD"


def test_29_february_in_a_leap_year_is_a_real_date() -> None:
    assert read(json.dumps({"type": "SupportRequested", "on": "2020-02-29"})).events[1].on == dt.date(2020, 2, 29)


def test_optional_date_fields_are_checked_too() -> None:
    line = json.dumps({"type": "HomelessnessRiskIdentified", "on": "2020-01-01", "by": "E06000001", "homeless_by": "x"})
    message = rejected(InvalidEvent, line)
    assert message.startswith("line 2 (HomelessnessRiskIdentified): ")
    assert "homeless_by" in message


# Codes ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("field", "value", "what"),
    [
        ("legal_status", "C9", "legal status (LS)"),
        ("legal_status", "c2", "legal status (LS)"),
        ("placement", "U9", "placement (PLACE)"),
        ("placement", "", "placement (PLACE)"),
    ],
)
def test_ssda903_codes_must_be_in_their_lists(field: str, value: str, what: str) -> None:
    message = rejected(UnknownCode, care_started(**{field: value}))
    assert message == f"line 2 (CareStarted): field '{field}' is not a valid SSDA903 {what} code"


def test_ssda903_reason_episode_ceased() -> None:
    message = rejected(
        UnknownCode, care_started(), json.dumps({"type": "CareEnded", "on": "2018-01-01", "reason": "E99"})
    )
    assert message.startswith("line 3 (CareEnded): field 'reason'")


def test_other_code_lists() -> None:
    line = json.dumps({"type": "Moved", "on": "2019-01-01", "area": "E07000105", "arrangement": "sofa"})
    assert rejected(UnknownCode, line) == "line 2 (Moved): field 'arrangement' is not a valid living arrangement"


def test_northamptonshire_is_not_an_authority_after_its_abolition() -> None:
    """The Northamptonshire (Structural Changes) Order 2020: the county is abolished on 2021-04-01; the
    message names its successors, North and West Northamptonshire."""
    assert read(care_started("2021-03-31", authority="E10000021", area="E07000150"))
    message = rejected(UnknownCode, care_started("2021-04-01", authority="E10000021", area="E06000061"))
    assert message.startswith("line 2 (CareStarted): field 'authority' names an authority not in force")
    assert "not in force on the event's date" in message
    assert "E06000061" in message and "E06000062" in message


def test_a_district_is_not_an_area_after_its_abolition() -> None:
    """Corby (E07000150) ended on 2021-03-31; its successor is North Northamptonshire (E06000061)."""
    line = json.dumps({"type": "Moved", "on": "2021-04-01", "area": "E07000150", "arrangement": "hostel"})
    message = rejected(UnknownCode, line)
    assert message.startswith("line 2 (Moved): field 'area' names an authority not in force")
    assert "E06000061" in message


def test_a_dorset_district_after_2019() -> None:
    """East Dorset (E07000049) ended on 2019-03-31; its successor is the Dorset unitary (E06000059)."""
    line = json.dumps({"type": "Moved", "on": "2019-04-01", "area": "E07000049", "arrangement": "hostel"})
    assert "E06000059" in rejected(UnknownCode, line)
    ok = json.dumps({"type": "Moved", "on": "2019-03-31", "area": "E07000049", "arrangement": "hostel"})
    assert read(ok)


def test_an_authority_before_it_exists() -> None:
    message = rejected(UnknownCode, care_started("2021-03-31", authority="E06000061", area="E06000061"))
    assert "in force only from 2021-04-01" in message


def test_a_district_is_not_a_childrens_services_authority() -> None:
    message = rejected(UnknownCode, care_started(authority="E07000105"))
    assert message == ("line 2 (CareStarted): field 'authority' names a district, not a children's services authority")


def test_a_county_is_not_an_area() -> None:
    message = rejected(UnknownCode, care_started(area="E10000016"))
    assert message.startswith("line 2 (CareStarted): field 'area' names a county")


def test_unknown_gss_code() -> None:
    assert "not the GSS code" in rejected(UnknownCode, care_started(area="E07999999"))


def test_areas_outside_england_are_accepted_but_not_as_authorities() -> None:
    """DESIGN section 5: W06, S12 and N09 codes are areas outside England."""
    assert read(care_started(area="W06000015"))
    assert read(json.dumps({"type": "Moved", "on": "2019-01-01", "area": "S12000036", "arrangement": "other"}))
    assert "not the GSS code of a children's services authority" in rejected(
        UnknownCode, care_started(authority="W06000015")
    )


# Lines that are not JSON objects -------------------------------------------------------------------------
def test_not_json() -> None:
    message = rejected(InvalidEvent, '{"type": "Born", "on": ')
    assert message.startswith("line 2: is not valid JSON")


@pytest.mark.parametrize("line", ["[1, 2]", '"Born"', "42", "null"])
def test_not_an_object(line: str) -> None:
    assert rejected(InvalidEvent, line) == "line 2: must be a JSON object"


def test_non_utf8_bytes() -> None:
    line = b'{"type": "SupportRequested", "on": "2019-01-01", "note": "\xff"}'
    assert rejected(InvalidEvent, line) == "line 2: is not valid UTF-8"


def test_oversized_line_is_rejected_before_parsing() -> None:
    line = json.dumps({"type": "SupportRequested", "on": "2019-01-01", "pad": "x" * MAX_LINE_BYTES})
    assert rejected(InvalidEvent, line) == f"line 2: longer than {MAX_LINE_BYTES} bytes"
    assert rejected(InvalidEvent, line.encode()) == f"line 2: longer than {MAX_LINE_BYTES} bytes"


def test_oversized_is_measured_in_bytes() -> None:
    """A line of fewer characters than the limit but more UTF-8 bytes is still too long."""
    pad = "é" * (MAX_LINE_BYTES // 2 + 10)
    line = json.dumps({"type": "SupportRequested", "on": "2019-01-01", "pad": pad}, ensure_ascii=False)
    assert len(line) < MAX_LINE_BYTES < len(line.encode())
    assert rejected(InvalidEvent, line) == f"line 2: longer than {MAX_LINE_BYTES} bytes"


def test_blank_lines_are_skipped_but_counted() -> None:
    message = rejected(InvalidEvent, "", "   ", json.dumps({"type": "Nope", "on": "2019-01-01"}))
    assert message == "line 4: unknown event type"


# Envelope keys --------------------------------------------------------------------------------------------
def test_recorded_at_must_carry_a_zone() -> None:
    line = json.dumps({"type": "SupportRequested", "on": "2022-01-09", "recorded_at": "2022-01-09T10:00:00"})
    assert rejected(InvalidEvent, line) == "line 2 (SupportRequested): field 'recorded_at' must carry a time zone"


def test_recorded_at_with_z_or_offset() -> None:
    history = read(
        json.dumps({"type": "SupportRequested", "on": "2022-01-09", "recorded_at": "2022-01-09T10:00:00Z"}),
        json.dumps({"type": "NeedsAssessed", "on": "2022-01-09", "recorded_at": "2022-01-09T11:00:00+01:00"}),
    )
    first, second = history.envelopes[1].recorded_at, history.envelopes[2].recorded_at
    assert first == second == dt.datetime(2022, 1, 9, 10, tzinfo=dt.UTC)


def test_recorded_at_must_be_a_timestamp() -> None:
    line = json.dumps({"type": "SupportRequested", "on": "2022-01-09", "recorded_at": "soon"})
    assert "recorded_at" in rejected(InvalidEvent, line)


@pytest.mark.parametrize("ident", ["", "   ", 7])
def test_an_id_must_be_a_non_empty_string(ident: object) -> None:
    line = json.dumps({"type": "SupportRequested", "on": "2022-01-09", "id": ident})
    assert rejected(InvalidId, line) == "line 2 (SupportRequested): field 'id' must be a non-empty string"


def test_recorded_by_must_be_a_string() -> None:
    line = json.dumps({"type": "SupportRequested", "on": "2022-01-09", "recorded_by": 3})
    assert "recorded_by" in rejected(InvalidId, line)


# Encoding -----------------------------------------------------------------------------------------------
def test_encode_writes_the_type_first_and_leaves_out_empty_fields() -> None:
    event = CareStarted(
        on=dt.date(2017, 1, 9), authority="E10000016", legal_status="C2", placement="U4", area="E07000105"
    )
    assert list(encode(event)) == ["type", "on", "authority", "legal_status", "placement", "area"]
    assert encode(event)["on"] == "2017-01-09"
    assert decode(encode(event), "line 1") == (event, {"type": "CareStarted"})


def test_content_id_depends_on_content_only() -> None:
    moved = Moved(on=dt.date(2020, 1, 1), area="E06000001", arrangement="hostel")
    assert content_id(moved) == content_id(Moved(on=dt.date(2020, 1, 1), area="E06000001", arrangement="hostel"))
    assert content_id(moved) != content_id(Moved(on=dt.date(2020, 1, 2), area="E06000001", arrangement="hostel"))
    assert content_id(CustodyStarted(on=dt.date(2020, 1, 1), remand=True)) != content_id(
        CustodyStarted(on=dt.date(2020, 1, 1), remand=False)
    )
    assert re.fullmatch(r"e-[0-9a-f]{16}", content_id(Born(on=dt.date(2003, 5, 10))))


def test_json_schema_describes_every_event_type() -> None:
    schema = json_schema()
    titles = {variant["title"] for variant in schema["oneOf"]}
    assert titles == set(EVENT_TYPES)
    started = next(v for v in schema["oneOf"] if v["title"] == "CareStarted")
    assert set(started["required"]) == {"type", "on", "authority", "legal_status", "placement", "area"}
    assert started["additionalProperties"] is False
    changed = next(v for v in schema["oneOf"] if v["title"] == "CareChanged")
    assert set(changed["required"]) == {"type", "on"}


# Every injected defect ----------------------------------------------------------------------------------
@property_settings(100)
@given(defects())
def test_every_injected_defect_is_rejected_with_its_typed_error(drawn: tuple[list[str | bytes], Any]) -> None:
    """One defect in an otherwise valid stream is found, with the right error type; the message names
    a line and repeats no date from the stream (a date of birth is personal data)."""
    lines, defect = drawn
    with pytest.raises(LeavingCareError) as info:
        lc.History.from_jsonl(lines)
    assert type(info.value) is defect.error, (defect, info.value)
    message = str(info.value)
    assert re.match(r"line \d+( \(\w+\))?: ", message), message
    if defect.error is not InvalidHistory:
        assert message.startswith(f"line {defect.line}"), (defect, message)
    assert not ISO_DATE.search(message), message


@property_settings(30)
@given(histories_with_defect())
def test_histories_with_defect_pairs_lines_with_their_error(drawn: tuple[list[str | bytes], type[Exception]]) -> None:
    lines, error = drawn
    assert error in (InvalidEvent, UnknownCode, InvalidHistory)
    with pytest.raises(error):
        lc.History.from_jsonl(lines)
