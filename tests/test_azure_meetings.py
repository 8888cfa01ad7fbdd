"""Azure Table Storage keeps meetings so that a turn never reads a whole table (storage/azure/meetings.py):
each partnership's meetings and open actions in a table of its own, a meeting by id and an action by
number found through pointers, and a pointer never taken for the truth. These are what the tables
and pointers must get right, on Azurite; and meetings kept by an earlier version in one table are
moved into them once."""

import re

import pytest

from knowledge.repositories import AlreadySaved
from storage.azure.entities import encode_key, entity_of
from storage.azure.meetings import (COUNTER, PARTNERSHIPS, AzureMeetings, _PartnershipTable, _where_partition,
                                    action_row, partnership_table_name)
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


def test_each_partnership_has_a_table_named_from_its_id_that_azure_allows_and_that_never_changes():
    assert partnership_table_name("botMeetings", "winchester") == "botMeetingsWinchesterc7e7571e"
    assert partnership_table_name("botMeetings", "Winchester") != partnership_table_name("botMeetings", "winchester")
    longest = partnership_table_name("a" * 40 + "Meetings", "havant & waterlooville partnership (west)")
    assert len(longest) == 63 and re.fullmatch(r"[A-Za-z][A-Za-z0-9]{2,62}", longest)


async def test_a_partnerships_meetings_and_open_actions_are_read_from_its_own_table_alone(records, monkeypatch):
    meetings = records.meetings
    await meetings.save(draft("g1", actions=("A", "B")), by="u1", by_name="Jo", at=AT)
    await meetings.save(draft("g2", actions=("C",)), by="u1", by_name="Jo", at=AT)
    await meetings.save(draft("h1", partnership="hart", actions=("D", "E")), by="u1", by_name="Jo", at=AT)
    await meetings.update_action("gosport", 1, {"status": "done"}, by="u1", by_name="Jo", at=AT)
    assert {e["PartitionKey"] for e in await meetings.table("hart").everything()} == {"hart"}
    read = []
    real_query = _PartnershipTable.query

    async def noting(self, query_filter, **parameters):
        found = await real_query(self, query_filter, **parameters)
        read.append((self.client.table_name, len(found)))
        return found
    monkeypatch.setattr(_PartnershipTable, "query", noting)

    assert [m.id for m in await meetings.all("hart")] == ["h1"]
    assert read == [(meetings.table("hart").client.table_name, 1)]
    read.clear()
    assert [(a.partnership_id, a.number) for a in await meetings.open_actions()] == [
        ("gosport", 2), ("gosport", 3), ("hart", 1), ("hart", 2)]
    assert sorted(count for _, count in read) == [2, 2]       # the open rows alone, not 3 meetings and 5 actions


def kept(meeting_id, partnership, statuses):
    """A meeting as an earlier version stored it: numbered actions, with history."""
    history = [{"by": "u1", "by_name": "Jo", "at": AT, "what": "created"}]
    return {**draft(meeting_id, partnership), "logged_by": "u1", "logged_by_name": "Jo", "logged_at": AT,
            "history": [{"by": "u1", "by_name": "Jo", "at": AT, "what": "logged the meeting"}],
            "actions": [{"text": f"Action {n}", "owner": "Jo", "owner_user_id": None, "due": "2010-03-19",
                         "number": n, "status": status, "history": history} for n, status in statuses.items()]}


async def keep_in_one_table(settings, meetings, counters):
    """What an earlier version kept: every partnership's meetings, action rows and counter in one
    table (one partition each); pointers and the partnerships listed in the index table."""
    service = settings.table_service()
    one = await service.create_table_if_not_exists(settings.table_name("meetings"))
    index = await service.create_table_if_not_exists(settings.table_name("meetingIndex"))
    for meeting in meetings:
        partnership = meeting["partnership_id"]
        await one.upsert_entity(entity_of(partnership, meeting["id"], meeting, date=meeting["date"], withdrawn=False))
        for action in meeting["actions"]:
            await one.upsert_entity({"PartitionKey": encode_key(partnership), "RowKey": action_row(action["number"]),
                                     "meeting": meeting["id"]})
        await index.upsert_entity({"PartitionKey": encode_key(_where_partition(meeting["id"])),
                                   "RowKey": meeting["id"], "partnership_id": partnership})
    for partnership, next_number in counters.items():
        await one.upsert_entity({"PartitionKey": encode_key(partnership), "RowKey": COUNTER, "next": next_number})
        await index.upsert_entity({"PartitionKey": PARTNERSHIPS, "RowKey": encode_key(partnership),
                                   "partnership_id": partnership})
    left = [e async for e in one.list_entities()]
    await service.close()
    return left


async def test_meetings_kept_in_one_table_by_an_earlier_version_are_moved_into_their_partnerships_tables_once(
        azurite, azure_prefix):
    settings = AzureSettings(connection_string=azurite.connection_string, table_prefix=azure_prefix)
    earlier = [kept("g1", "gosport", {1: "open", 2: "done"}), kept("g2", "gosport", {3: "open"})]
    # Hart's only meeting was moved away (its numbers 1-4 stay given); "a/b" needs its key encoded.
    counters = {"gosport": 4, "hart": 5, "a/b": 2}
    earlier.append(kept("x1", "a/b", {1: "open"}))
    await keep_in_one_table(settings, earlier, counters)

    records = AzureRecords(settings)
    await records.start()
    try:
        meetings = records.meetings
        assert [m.id for m in await meetings.all("gosport")] == ["g1", "g2"]
        assert (await meetings.by_id("x1")).partnership_id == "a/b"
        assert (await meetings.find_action("gosport", 2)).status == "done"
        assert [(a.partnership_id, a.number) for a in await meetings.open_actions()] == [
            ("a/b", 1), ("gosport", 1), ("gosport", 3)]
        saved = await meetings.save(draft("g3"), by="u1", by_name="Jo", at=AT)
        assert [a.number for a in saved.actions] == [4]          # numbering goes on where it was
        saved = await meetings.save(draft("h9", partnership="hart"), by="u1", by_name="Jo", at=AT)
        assert [a.number for a in saved.actions] == [5]

        # Another instance started at the same time read the one table before it was emptied: its
        # copies find the meetings there already, and action 1, closed since, stays closed.
        await meetings.update_action("gosport", 1, {"status": "done"}, by="u1", by_name="Jo", at=AT)
        await keep_in_one_table(settings, earlier, counters)
        assert await meetings.move_from_one_table(records.service.get_table_client(settings.table_name("meetings")))\
            == 0
        assert [(a.partnership_id, a.number) for a in await meetings.open_actions()] == [
            ("a/b", 1), ("gosport", 3), ("gosport", 4), ("hart", 5)]
        assert [a.number for a in (await meetings.save(draft("g4"), by="u1", by_name="Jo", at=AT)).actions] == [5]
        assert await keep_in_one_table(settings, [], {}) == []      # the one table is empty now
    finally:
        await records.close()


async def test_an_open_action_longer_than_one_column_is_read_whole(records):
    long_text = "Write the plan, " * 2_500            # 40,000 characters: two columns of JSON
    await records.meetings.save(draft("g1", actions=(long_text,)), by="u1", by_name="Jo", at=AT)
    [action] = await records.meetings.open_actions()
    assert action.text == long_text


async def test_the_nudge_scan_reads_each_meetings_date_and_kind_not_its_minutes(records, monkeypatch):
    meetings = records.meetings
    await meetings.save(draft("g1"), by="u1", by_name="Jo", at=AT)
    await meetings.save({**draft("g2"), "kind": "steering_group", "date": "2010-03-01"}, by="u1", by_name="Jo", at=AT)
    await meetings.save({**draft("h1", partnership="hart"), "date": "2010-02-01"}, by="u1", by_name="Jo", at=AT)
    # A meeting an earlier version stored, before the kind had a column of its own: read whole.
    table = meetings.table("hart")
    old = {k: v for k, v in (await table.get("hart", "h1")).items() if k != "kind"}
    await table.upsert(old)
    asked = []
    real_query = _PartnershipTable.query

    async def noting(self, query_filter, select=None, **parameters):
        asked.append((self.client.table_name, select))
        return await real_query(self, query_filter, select=select, **parameters)
    monkeypatch.setattr(_PartnershipTable, "query", noting)

    assert await meetings.term_meeting_days() == {"gosport": ["2010-03-09"], "hart": ["2010-02-01"]}
    assert (meetings.table("gosport").client.table_name, ["date", "withdrawn", "kind"]) in asked
    assert (meetings.table("hart").client.table_name, None) in asked        # the older meeting, whole
    assert (meetings.table("gosport").client.table_name, None) not in asked


@pytest.mark.parametrize("stopped", ["before its pointer moved", "after its pointer moved"])
async def test_a_move_stopped_half_way_is_finished_when_an_instance_starts(azurite, azure_prefix, monkeypatch, stopped):
    settings = AzureSettings(connection_string=azurite.connection_string, table_prefix=azure_prefix)
    first = AzureRecords(settings)
    await first.start()
    meetings = first.meetings
    await meetings.save(draft("g1", actions=("A", "B")), by="u1", by_name="Jo", at=AT)
    await meetings.save(draft("h1", partnership="havant-west", actions=("C",)), by="u1", by_name="Jo", at=AT)
    stored = await meetings.by_id("g1")
    moving = [*stored.history, {"by": "u1", "by_name": "Jo", "at": AT, "what": "moved", "change_id": "c1"}]

    # The instance stops after keeping the meeting in Havant West (and, in one case, moving its pointer).
    if stopped == "before its pointer moved":
        async def stop(entity):
            raise ConnectionError("the instance stopped here")
        monkeypatch.setattr(meetings.index, "upsert", stop)
    else:
        real_write = AzureMeetings._write

        async def stop_at_the_old_one(self, partnership_id, operations):
            if partnership_id == "gosport":
                raise ConnectionError("the instance stopped here")
            return await real_write(self, partnership_id, operations)
        monkeypatch.setattr(AzureMeetings, "_write", stop_at_the_old_one)
    with pytest.raises(ConnectionError):
        await meetings.save_correction(stored.replace(partnership_id="havant-west", history=moving))
    monkeypatch.undo()
    assert {m.id for m in await meetings.all()} == {"g1", "h1"} and len(await meetings.all()) == 3   # in both
    await first.close()

    second = AzureRecords(settings)          # the next instance to start
    await second.start()
    try:
        meetings = second.meetings
        assert sorted(m.id for m in await meetings.all()) == ["g1", "h1"]
        if stopped == "before its pointer moved":     # never confirmed: it stays where it was
            assert (await meetings.by_id("g1")).partnership_id == "gosport"
            assert [m.id for m in await meetings.all("havant-west")] == ["h1"]
            assert sorted((a.partnership_id, a.number) for a in await meetings.open_actions()) == [
                ("gosport", 1), ("gosport", 2), ("havant-west", 1)]
            assert await meetings.find_action("havant-west", 2) is None
        else:                                          # done but for removing the old copy
            assert (await meetings.by_id("g1")).partnership_id == "havant-west"
            assert await meetings.all("gosport") == []
            assert sorted((a.partnership_id, a.number) for a in await meetings.open_actions()) == [
                ("havant-west", 1), ("havant-west", 2), ("havant-west", 3)]
            assert await meetings.find_action("gosport", 1) is None
        assert await meetings.finish_interrupted_moves() == 0     # nothing more to do
    finally:
        await second.close()
