"""The small readers the business-cycle chat will lean on: priorities as typed, the outcomes they
name, and corrections that cannot be made."""

import pytest

from knowledge.corrections import BadChange, apply_change, removing
from knowledge.delivery_plans import missing_outcomes, outcomes_named, read_priorities

WHO = {"by": "aad-jo", "by_name": "Jo Smith", "at": "2010-06-11T10:00:00+00:00"}


def test_priorities_are_read_however_they_are_typed():
    assert read_priorities("1. Reduce NEET 2. Teenage conceptions 3) Attendance") == \
        ["Reduce NEET", "Teenage conceptions", "Attendance"]
    assert read_priorities("- Reduce NEET\n- Narrow the gap for pupils on free school meals\n\n") == \
        ["Reduce NEET", "Narrow the gap for pupils on free school meals"]
    assert read_priorities("Reduce NEET; attendance;") == ["Reduce NEET", "attendance"]


def test_priorities_name_the_county_outcomes():
    assert [o.id for o in outcomes_named("Cut under-18 conceptions in Leesland")] == ["teenage_conceptions"]
    assert [o.id for o in outcomes_named("Looked after children's GCSE results")] == ["vulnerable_attainment"]
    assert outcomes_named("Improve attendance") == []
    assert [o.id for o in missing_outcomes(["Young people not in education, employment or training"])] == \
        ["teenage_conceptions", "vulnerable_attainment"]


def test_corrections_that_cannot_be_made_say_why():
    meeting = {"id": "m", "partnership_id": "gosport", "date": "2010-06-09", "kind": "full",
               "apologies": [{"person": "Sarah Hale", "organisation": "PCT"}], "history": []}
    for change, words in (({"colour": "red"}, "not a part of the minutes"), ({"date": "10 June"}, "not a date"),
                          ({"kind": "party"}, "not a type of meeting"), ({"date": "2010-06-09"}, "already stand")):
        with pytest.raises(BadChange, match=words):
            apply_change(meeting, change, **WHO)
    assert meeting["history"] == []                        # never half-changed
    removed = apply_change(meeting, removing(meeting, "apologies", "sarah hale"), **WHO)
    assert removed["apologies"] == [] and removed["history"][-1]["what"] == "apologies: removed Sarah Hale (PCT)"
    typed = apply_change(meeting, {"kind": "steering_group"}, **WHO)
    assert typed["history"][-1]["what"] == "type: full partnership meeting -> steering group"


def test_resolutions_are_read_as_chairs_type_them():
    from knowledge.resolutions import read_resolution
    assert read_resolution("Bay House governors passed the resolution on 25 March") == ("Bay House", "25 March")
    assert read_resolution("the FGB at Perins considered the resolution on 3 March") == ("Perins", "3 March")
    assert read_resolution("log a resolution for Cove School, 8 March") == ("Cove School", "8 March")
    assert read_resolution("resolution passed at Padnell Infant yesterday") == ("Padnell Infant", "yesterday")
    assert read_resolution("Owslebury governors signed off the resolution on Monday") == ("Owslebury", "Monday")
    assert read_resolution("our FGB has passed the resolution") == ("our", "")


def test_corrections_are_read_as_chairs_type_them():
    from bot.cycle_commands import read_correction
    assert read_correction("change the date of the 9 March Gosport minutes to 10 March") == \
        ("date", "10 March", "", "the 9 March Gosport minutes")
    assert read_correction("add Sarah Hale to the apologies") == ("add", "Sarah Hale", "apologies", "")
    assert read_correction("remove Tom from the attendees of yesterday's minutes") == \
        ("remove", "Tom", "attendees", "yesterday's minutes")
    assert read_correction("move Karen from present to apologies") == ("move", "Karen", "apologies", "")
    assert read_correction("change the type to steering group") == ("kind", "steering group", "", "")
    assert read_correction("add a decision: meet each term") == ("decision", "meet each term", "", "")
    assert read_correction("fix the minutes") is None
