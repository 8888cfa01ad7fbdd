"""Azure Table Storage keeps meetings so that a turn never reads a whole table (storage/azure/meetings.py):
a meeting by id and an action by number are found through pointers, and a pointer is never taken
for the truth. These are what the pointers must get right, on Azurite."""

import pytest

from knowledge.repositories import AlreadySaved
from storage.azure.meetings import AzureMeetings
from storage.azure.settings import AzureSettings
from storage.azure.tables import AzureRecords

AT = "2010-03-10T10:00:00+00:00"


def draft(meeting_id, partnership="gosport", actions=("Write the plan",)):
    return {"id": meeting_id, "partnership_id": partnership, "date": "2010-03-09", "kind": "full",
            "attendees": [{"person": "Jo", "organisation": "Police", "category": "police", "school_id": None}],
            "apologies": [], "decisions": ["Agreed"],
            "actions": [{"text": text, "owner": "Jo", "due": "2010-03-19"} for text in actions]}


@pytest.fixture
async def records(azurite, azure_prefix):
    records = AzureRecords(AzureSettings(connection_string=azurite.connection_string, table_prefix=azure_prefix))
    await records.start()
    yield records
    await records.close()


async def test_a_moved_meeting_is_found_by_id_where_it_went_and_its_actions_by_their_new_numbers(records):
    meetings = records.meetings
    await meetings.save(draft("g1"), by="u1", by_name="Jo", at=AT)
    await meetings.save(draft("h1", partnership="havant-west", actions=("A", "B")), by="u1", by_name="Jo", at=AT)
    stored = await meetings.by_id("g1")
    moving = [*stored.history, {"by": "u1", "by_name": "Jo", "at": AT, "what": "moved", "change_id": "c1"}]
    await meetings.save_correction(stored.replace(partnership_id="havant-west", history=moving))

    assert (await meetings.by_id("g1")).partnership_id == "havant-west"
    assert (await meetings.find_action("havant-west", 3)).meeting_id == "g1"
    assert await meetings.find_action("gosport", 1) is None          # its old number went with it
    assert await meetings.partnerships_with_action(1) == ["havant-west"]
    assert await meetings.partnerships_with_action(3) == ["havant-west"]
    with pytest.raises(AlreadySaved) as replay:       # saving the draft again finds it where it went
        await meetings.save(draft("g1"), by="u1", by_name="Jo", at=AT)
    assert replay.value.record.partnership_id == "havant-west"


async def test_a_save_that_stopped_after_its_pointer_saved_nothing_and_can_be_saved_again(records, monkeypatch):
    meetings = records.meetings

    async def crash(self, record, counter_op):
        raise ConnectionError("the instance stopped here")
    monkeypatch.setattr(AzureMeetings, "_insert", crash)
    with pytest.raises(ConnectionError):
        await meetings.save(draft("m1", actions=("A", "B")), by="u1", by_name="Jo", at=AT)
    assert await meetings.by_id("m1") is None
    assert await meetings.find_action("gosport", 1) is None
    assert await meetings.partnerships_with_action(1) == []

    monkeypatch.undo()
    saved = await meetings.save(draft("m1", actions=("A", "B")), by="u1", by_name="Jo", at=AT)
    assert [a.number for a in saved.actions] == [1, 2]
    assert (await meetings.by_id("m1")).id == "m1"
    assert (await meetings.find_action("gosport", 2)).text == "B"


async def test_meetings_loaded_in_bulk_are_found_like_saved_ones_and_numbering_goes_on_after_them(records):
    meetings = records.meetings
    first = await meetings.save(draft("m1"), by="u1", by_name="Jo", at=AT)
    copies = [{**first, "id": f"copy{i}", "partnership_id": "hart",
               "actions": [{**first.actions[0], "number": i + 1}]} for i in range(250)]
    await meetings.store_many(copies)
    assert len(await meetings.all("hart")) == 250
    assert (await meetings.by_id("copy199")).partnership_id == "hart"
    assert (await meetings.find_action("hart", 250)).meeting_id == "copy249"
    assert await meetings.partnerships_with_action(1) == ["gosport", "hart"]
    after = await meetings.save(draft("m2", partnership="hart"), by="u1", by_name="Jo", at=AT)
    assert [a.number for a in after.actions] == [251]


async def test_hundreds_of_meetings_are_built_off_the_event_loop_and_a_few_on_it(records, monkeypatch):
    import threading

    import storage.azure.meetings as azure_meetings
    meetings = records.meetings
    first = await meetings.save(draft("m1"), by="u1", by_name="Jo", at=AT)
    await meetings.store_many([{**first, "id": f"copy{i}", "partnership_id": "hart",
                                "actions": [{**first.actions[0], "number": i + 1}]} for i in range(250)])
    built_on = []
    real_records_of = azure_meetings.records_of

    def noting_the_thread(cls, rows):
        built_on.append(threading.current_thread() is threading.main_thread())
        return real_records_of(cls, rows)
    monkeypatch.setattr(azure_meetings, "records_of", noting_the_thread)

    assert len(await meetings.all("hart")) == 250
    assert len(await meetings.open_actions("hart")) == 250
    assert len(await meetings.all("gosport")) == 1
    assert built_on == [False, False, True]      # the event loop runs on the main thread
