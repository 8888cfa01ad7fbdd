"""The repositories of knowledge/repositories.py keep the same promises on both backends: the TinyDB
store (storage/repositories.py) and Azure Table Storage on Azurite (storage/azure/tables.py). Then,
on Azure only, what several instances writing at once must never do: give two actions one number,
lose one of two changes, subscribe or grant twice, or send one nudge twice."""

import asyncio
from datetime import date

import pytest

from knowledge.corrections import withdraw
from knowledge.records import Grant, Meeting, Scope, plain
from knowledge.repositories import AlreadyDone, AlreadySaved, Records, StaleCorrection, UnknownAction, UnknownDeadline
from storage.azure.settings import AzureSettings
from storage.azure.tables import AzureRecords, encode_key
from storage.database import open_database
from storage.repositories import TinyDBRecords

AT = "2010-03-10T10:00:00+00:00"
GOSPORT = Scope("partnership", "gosport", "Gosport")


def _azure(azurite, prefix) -> AzureRecords:
    return AzureRecords(AzureSettings(connection_string=azurite.connection_string, table_prefix=prefix))


@pytest.fixture(params=["tinydb", "azure"])
async def records(request, tmp_path):
    if request.param == "tinydb":
        yield TinyDBRecords(open_database(str(tmp_path / "bot.json")))
        return
    azure = _azure(request.getfixturevalue("azurite"), request.getfixturevalue("azure_prefix"))
    await azure.start()
    yield azure
    await azure.close()


@pytest.fixture
async def two_instances(azurite, azure_prefix):
    """Two instances' repositories on one storage account."""
    instances = [_azure(azurite, azure_prefix), _azure(azurite, azure_prefix)]
    for instance in instances:
        await instance.start()
    yield instances
    for instance in instances:
        await instance.close()


def draft(meeting_id, partnership="gosport", day="2010-03-09", actions=("Write the plan",)):
    return {"id": meeting_id, "partnership_id": partnership, "date": day, "kind": "full",
            "attendees": [{"person": "Jo", "organisation": "Police", "category": "police", "school_id": None}],
            "apologies": [], "decisions": ["Agreed"],
            "actions": [{"text": text, "owner": "Jo", "due": "2010-03-19"} for text in actions]}


def nudge(key="deadline:plan@2010-07-31:partnership:gosport|d-3|msteams:chat-1", text="Due in 3 days"):
    item, stage, recipient = key.split("|", 2)
    return {"key": key, "item": item, "stage": stage, "recipient": recipient, "subscription_id": "s1",
            "kind": "deadline", "deadline_id": "plan", "subject": "partnership:gosport", "partnership_id": None,
            "action_number": None, "due": "2010-07-31", "text": text}


# ---- the same promises on both ----------------------------------------------------------------

async def test_both_are_the_records_protocol(records):
    assert isinstance(records, Records)


async def test_a_meeting_is_saved_once_with_its_actions_numbered_per_partnership(records):
    first = await records.meetings.save(draft("m1", actions=("Write the plan", "Book the hall")), by="u1",
                                        by_name="Jo", at=AT)
    assert [a.number for a in first.actions] == [1, 2] and first.history[0]["what"] == "logged the meeting"
    with pytest.raises(AlreadySaved) as replay:
        await records.meetings.save(draft("m1"), by="u1", by_name="Jo", at=AT)
    assert replay.value.record.id == "m1"
    await records.meetings.save(draft("m2", day="2010-06-01"), by="u1", by_name="Jo", at=AT)
    await records.meetings.save(draft("h1", partnership="havant-west"), by="u1", by_name="Jo", at=AT)
    assert [m.id for m in await records.meetings.all("gosport")] == ["m1", "m2"]
    assert [a.number for a in (await records.meetings.by_id("m2")).actions] == [3]
    assert [a.number for a in (await records.meetings.by_id("h1")).actions] == [1]
    assert [m.id for m in await records.meetings.all(since=date(2010, 4, 1))] == ["m2"]
    day = date(2010, 6, 1)       # one day's meetings (the duplicate-minutes warning asks for these)
    assert [m.id for m in await records.meetings.all("gosport", since=day, until=day)] == ["m2"]
    assert [m.id for m in await records.meetings.all("gosport", until=date(2010, 5, 31))] == ["m1"]
    assert await records.meetings.by_id("nope") is None
    assert await records.meetings.partnerships_with_action(1) == ["gosport", "havant-west"]


async def test_an_action_is_changed_with_its_history_and_an_unknown_one_is_said(records):
    await records.meetings.save(draft("m1", actions=("Write the plan", "Book the hall")), by="u1", by_name="Jo", at=AT)
    done = await records.meetings.update_action("gosport", 2, {"status": "done"}, by="u2", by_name="Sam", at=AT)
    assert done.status == "done" and done.meeting_id == "m1" and "status: 'open' -> 'done'" in done.history[-1]["what"]
    assert [a.number for a in await records.meetings.open_actions("gosport")] == [1]
    assert [a.number for a in await records.meetings.open_actions(owner="jo")] == [1]
    assert (await records.meetings.find_action("gosport", 2)).status == "done"
    assert await records.meetings.find_action("gosport", 9) is None
    with pytest.raises(UnknownAction):
        await records.meetings.update_action("gosport", 9, {"status": "done"}, by="u2", by_name="Sam", at=AT)


async def test_a_correction_is_kept_once_refused_when_stale_and_renumbered_when_moved(records):
    await records.meetings.save(draft("g1"), by="u1", by_name="Jo", at=AT)
    await records.meetings.save(draft("h1", partnership="havant-west", actions=("A", "B")), by="u1", by_name="Jo", at=AT)
    stored = await records.meetings.by_id("g1")
    history = [*stored.history, {"by": "u1", "by_name": "Jo", "at": AT, "what": "corrected the date",
                                 "change_id": "c1"}]
    corrected = await records.meetings.save_correction(stored.replace(date="2010-03-08", history=history))
    assert corrected.date == "2010-03-08"
    with pytest.raises(AlreadySaved):
        await records.meetings.save_correction(stored.replace(date="2010-03-08", history=history))
    stale = [*stored.history, {"by": "u1", "by_name": "Jo", "at": AT, "what": "other", "change_id": "c2"}]
    with pytest.raises(StaleCorrection):
        await records.meetings.save_correction(stored.replace(date="2010-03-07", history=stale))
    now = await records.meetings.by_id("g1")
    moving = [*now.history, {"by": "u1", "by_name": "Jo", "at": AT, "what": "moved to Havant west", "change_id": "c3"}]
    moved = await records.meetings.save_correction(now.replace(partnership_id="havant-west", history=moving))
    assert [a.number for a in moved.actions] == [3] and "renumbered action 1 -> 3" in moved.history[-1]["what"]
    assert await records.meetings.all("gosport") == []
    assert [m.id for m in await records.meetings.all("havant-west")] == ["g1", "h1"]     # by date


async def test_open_actions_of_every_partnership_and_of_one_owner_follow_every_change(records):
    meetings = records.meetings

    def listed(actions):
        return [(a.partnership_id, a.number, a.meeting_id) for a in actions]
    await meetings.save(draft("g1", actions=("Write the plan", "Book the hall")), by="u1", by_name="Jo", at=AT)
    await meetings.save(draft("h1", partnership="havant-west", actions=("Ring the head",)), by="u1", by_name="Jo",
                        at=AT)
    await meetings.update_action("gosport", 2, {"owner": "Sam Jones", "owner_user_id": "aad-sam"}, by="u1",
                                 by_name="Jo", at=AT)
    assert listed(await meetings.open_actions()) == [("gosport", 1, "g1"), ("gosport", 2, "g1"),
                                                     ("havant-west", 1, "h1")]
    assert listed(await meetings.open_actions(owner="aad-sam")) == [("gosport", 2, "g1")]     # "my actions"
    assert [a.owner for a in await meetings.open_actions(owner="sam")] == ["Sam Jones"]
    await meetings.update_action("gosport", 2, {"status": "done"}, by="aad-sam", by_name="Sam Jones", at=AT)
    assert await meetings.open_actions(owner="aad-sam") == []
    await meetings.update_action("gosport", 2, {"status": "open"}, by="aad-sam", by_name="Sam Jones", at=AT)
    assert listed(await meetings.open_actions(owner="aad-sam")) == [("gosport", 2, "g1")]     # reopened

    stored = await meetings.by_id("h1")
    await meetings.save_correction(Meeting.from_dict(withdraw(plain(stored), by="u1", by_name="Jo", at=AT,
                                                              change_id="w1")))
    assert listed(await meetings.open_actions()) == [("gosport", 1, "g1"), ("gosport", 2, "g1")]
    stored = await meetings.by_id("g1")
    moving = [*stored.history, {"by": "u1", "by_name": "Jo", "at": AT, "what": "moved", "change_id": "c1"}]
    await meetings.save_correction(stored.replace(partnership_id="havant-west", history=moving))
    assert listed(await meetings.open_actions()) == [("havant-west", 2, "g1"), ("havant-west", 3, "g1")]
    assert await meetings.open_actions("gosport") == []
    assert [a.owner for a in await meetings.open_actions(owner="aad-sam")] == ["Sam Jones"]


async def test_the_days_of_meetings_that_count_for_a_term_follow_every_change(records):
    # What the nudge scan reads instead of every meeting's minutes (issue 16).
    await records.meetings.save(draft("g1", day="2010-03-09"), by="u1", by_name="Jo", at=AT)
    await records.meetings.save(draft("g2", day="2010-01-12"), by="u1", by_name="Jo", at=AT)
    await records.meetings.save({**draft("g3", day="2010-02-02"), "kind": "steering_group"}, by="u1",
                                by_name="Jo", at=AT)
    await records.meetings.save(draft("h1", partnership="havant-west", day="2010-02-01"), by="u1", by_name="Jo", at=AT)
    assert await records.meetings.term_meeting_days() == {"gosport": ["2010-01-12", "2010-03-09"],
                                                          "havant-west": ["2010-02-01"]}
    stored = await records.meetings.by_id("g1")
    history = [*stored.history, {"by": "u1", "by_name": "Jo", "at": AT, "what": "withdrew the minutes",
                                 "change_id": "w1"}]
    await records.meetings.save_correction(stored.replace(withdrawn=True, history=history))
    stored = await records.meetings.by_id("g2")
    history = [*stored.history, {"by": "u1", "by_name": "Jo", "at": AT, "what": "moved", "change_id": "m1"}]
    await records.meetings.save_correction(stored.replace(partnership_id="havant-west", history=history))
    assert await records.meetings.term_meeting_days() == {"havant-west": ["2010-01-12", "2010-02-01"]}


async def test_the_ledgers_briefs_are_what_the_nudge_rules_read_of_each_record(records):
    await records.ledger.claim(nudge(), scan_id="s1", at=AT, on="2010-03-10")
    other = "deadline:plan@2010-07-31:partnership:gosport|d-1|msteams:chat-1"
    await records.ledger.claim(nudge(other), scan_id="s1", at=AT, on="2010-03-10")
    await records.ledger.mark_sent(nudge()["key"], activity_id="a1", at=AT)
    await records.ledger.mark_failed(other, error="TimeoutError", at=AT)
    briefs = sorted(await records.ledger.briefs(), key=lambda b: b["key"])
    entries = sorted(await records.ledger.entries(), key=lambda e: e.key)
    assert [b["key"] for b in briefs] == [e.key for e in entries] and len(briefs) == 2
    for brief, entry in zip(briefs, entries):
        assert brief == {name: getattr(entry, name) for name in brief}
        assert set(brief) >= {"key", "item", "recipient", "created_on", "state"}
    assert [b["state"] for b in briefs] == ["failed", "sent"] and briefs[0]["next_try_at"] > AT


async def test_deadlines_are_seeded_once_and_changes_replayed_are_done_once(records):
    seeds = [{"seed_id": "plan", "title": "Delivery plan", "due": "2010-07-31", "scope_kind": "county",
              "scope_id": "county", "scope_name": "Hampshire"}]
    assert await records.deadlines.seed(seeds, AT) == 1
    assert await records.deadlines.seed(seeds, AT) == 0
    added = await records.deadlines.add({"title": "Self-evaluation", "due": "2010-03-31", **GOSPORT.fields()},
                                        by="u1", by_name="Jo", at=AT, change_id="add-1")
    with pytest.raises(AlreadyDone):
        await records.deadlines.add({"title": "Self-evaluation", "due": "2010-03-31", **GOSPORT.fields()},
                                    by="u1", by_name="Jo", at=AT, change_id="add-1")
    assert [d.id for d in await records.deadlines.active()] == [added.id, "plan"]
    moved = await records.deadlines.move("plan", "2010-08-06", by="u1", by_name="Jo", at=AT, change_id="mv-1")
    assert moved.due == "2010-08-06"
    with pytest.raises(AlreadyDone):
        await records.deadlines.move("plan", "2010-08-06", by="u1", by_name="Jo", at=AT, change_id="mv-1")
    done = await records.deadlines.mark_done("plan", "partnership:gosport", by="u1", by_name="Jo", at=AT)
    assert set(done.done_for) == {"partnership:gosport"} and len((await records.deadlines.get("plan")).history) == 3
    with pytest.raises(UnknownDeadline):
        await records.deadlines.get("nope")


async def test_a_conversation_is_subscribed_once_per_scope_and_stopping_keeps_a_trail(records):
    common = dict(recipient="msteams:a/b#c?", tenant_id="t1", conversation_type="personal", user_id="u1",
                  user_name="Jo", at=AT)
    first, new = await records.subscriptions.subscribe(scope=GOSPORT, reference={"serviceUrl": "https://one"}, **common)
    again, new_again = await records.subscriptions.subscribe(scope=GOSPORT, reference={"serviceUrl": "https://two"},
                                                             **common)
    assert (new, new_again) == (True, False) and again.id == first.id
    await records.subscriptions.subscribe(scope=Scope.county(), reference={}, **common)
    [gosport, county] = await records.subscriptions.of_recipient("msteams:a/b#c?")
    assert gosport.reference == {"serviceUrl": "https://two"} and county.scope_kind == "county"
    stopped = await records.subscriptions.stop("msteams:a/b#c?", "partnership:gosport", by="u1", at=AT)
    assert [s.id for s in stopped] == [first.id]
    assert [s.scope_kind for s in await records.subscriptions.active()] == ["county"]


async def test_a_role_is_granted_once_removed_once_and_every_change_logged(records):
    grant = Grant(user_id="u2", user_name="Sam", role="chair", **GOSPORT.fields())
    assert await records.roles.grant(grant, by="u1", by_name="Ann", at=AT) is True
    assert await records.roles.grant(grant, by="u1", by_name="Ann", at=AT) is False
    assert [(g.user_id, g.role) for g in await records.roles.current()] == [("u2", "chair")]
    removed = await records.roles.remove(user_id="u2", role="chair", scope=GOSPORT, by="u1", by_name="Ann", at=AT)
    assert removed.user_id == "u2"
    assert await records.roles.remove(user_id="u2", role="chair", scope=GOSPORT, by="u1", by_name="Ann", at=AT) is None
    assert await records.roles.current() == []
    assert [g.change for g in await records.roles.history()] == ["granted", "removed"]


async def test_a_nudge_is_claimed_once_retried_after_a_failure_and_an_uncertain_one_never(records):
    ledger = records.ledger
    claimed = await ledger.claim(nudge(), scan_id="scan-1", at=AT, on="2010-03-10")
    assert claimed.state == "sending"
    assert await ledger.claim(nudge(), scan_id="scan-2", at=AT, on="2010-03-10") is None
    failed = await ledger.mark_failed(nudge()["key"], error="Timeout", at=AT)
    assert failed.state == "failed" and failed.next_try_at == "2010-03-10T10:05:00+00:00"
    assert await ledger.claim(nudge(), scan_id="scan-2", at="2010-03-10T10:01:00+00:00", on="2010-03-10") is None
    retry = await ledger.claim(nudge(), scan_id="scan-3", at="2010-03-10T10:06:00+00:00", on="2010-03-10")
    assert retry.attempts == 2
    await ledger.mark_sent(nudge()["key"], activity_id="act-1", at=AT)
    assert (await ledger.get(nudge()["key"])).state == "sent"
    assert (await ledger.answered_by("msteams:chat-1", ["act-1"])).key == nudge()["key"]
    # Caught mid-send by a crash: uncertain, and never claimed (so never sent) again.
    other = nudge("deadline:plan@2010-07-31:partnership:gosport|d-1|msteams:chat-1")
    await ledger.claim(other, scan_id="scan-4", at=AT, on="2010-03-10")
    caught = await ledger.recover(at="2010-03-10T11:00:00+00:00")
    assert [c.key for c in caught] == [other["key"]]
    assert await ledger.claim(other, scan_id="scan-5", at="2010-03-11T10:00:00+00:00", on="2010-03-11") is None
    assert [e.state for e in sorted(await ledger.entries(), key=lambda e: e.stage)] == ["uncertain", "sent"]


async def test_a_newer_nudge_supersedes_failed_older_ones(records):
    older = nudge("deadline:plan@2010-07-31:partnership:gosport|d-14|msteams:chat-1")
    await records.ledger.claim(older, scan_id="s", at=AT, on="2010-03-10")
    await records.ledger.mark_failed(older["key"], error="Timeout", at=AT)
    await records.ledger.claim(nudge(), scan_id="s", at=AT, on="2010-03-10")
    await records.ledger.mark_sent(nudge()["key"], activity_id="a", at=AT)
    superseded = await records.ledger.supersede(nudge()["item"], "msteams:chat-1", keep=nudge()["key"], at=AT)
    assert [s.key for s in superseded] == [older["key"]]
    assert (await records.ledger.get(older["key"])).state == "superseded"


async def test_snoozes_and_dismissals_are_kept_per_item_and_conversation(records):
    await records.ledger.snooze("deadline:plan", "msteams:chat-1", "2010-03-13", by="u1", at=AT)
    await records.ledger.snooze("deadline:plan", "msteams:chat-1", "2010-03-20", by="u1", at=AT)
    await records.ledger.dismiss("deadline:plan", "msteams:chat-1", by="u1", at=AT)
    assert [s["until"] for s in await records.ledger.snoozes()] == ["2010-03-20"]
    assert [d["item"] for d in await records.ledger.dismissed()] == ["deadline:plan"]


async def test_people_and_moves_are_kept_and_a_replayed_move_is_kept_once(records):
    await records.people.note("aad-sam", "Sam Jones", AT)
    assert records.people.name_of("aad-sam") == "Sam Jones"
    assert [p["user_id"] for p in records.people.find("sam jones")[0]] == ["aad-sam"]
    kept = await records.moves.record(school_id="s1", school_name="Oakley", partnership_id="basingstoke-north",
                                      previous_partnership_id=None, by="u1", by_name="Jo", at=AT, move_id="mv-1")
    assert kept["school_id"] == "s1"
    assert await records.moves.record(school_id="s1", school_name="Oakley", partnership_id="basingstoke-north",
                                      previous_partnership_id=None, by="u1", by_name="Jo", at=AT,
                                      move_id="mv-1") is None
    assert [m["school_id"] for m in await records.moves.all()] == ["s1"]


# ---- Azure only: several instances at once ----------------------------------------------------

async def test_two_instances_saving_meetings_at_once_never_share_an_action_number(two_instances):
    one, other = two_instances
    saves = [instance.meetings.save(draft(f"m{i}", actions=("A", "B")), by="u1", by_name="Jo", at=AT)
             for i in range(6) for instance in [(one, other)[i % 2]]]
    await asyncio.gather(*saves)
    numbers = [a.number for m in await one.meetings.all("gosport") for a in m.actions]
    assert sorted(numbers) == list(range(1, 13))


async def test_two_instances_changing_one_meeting_at_once_keep_both_changes(two_instances):
    one, other = two_instances
    await one.meetings.save(draft("m1", actions=("A", "B", "C", "D")), by="u1", by_name="Jo", at=AT)
    await asyncio.gather(*[(one, other)[n % 2].meetings.update_action("gosport", n, {"status": "done"}, by="u1",
                                                                      by_name="Jo", at=AT) for n in range(1, 5)])
    assert await one.meetings.open_actions("gosport") == []


async def test_a_nudge_claimed_by_many_schedulers_at_once_is_claimed_once(two_instances):
    one, other = two_instances
    claims = await asyncio.gather(*[(one, other)[i % 2].ledger.claim(nudge(), scan_id=f"scan-{i}", at=AT,
                                                                     on="2010-03-10") for i in range(8)])
    assert sum(c is not None for c in claims) == 1
    await one.ledger.mark_failed(nudge()["key"], error="Timeout", at=AT)
    retries = await asyncio.gather(*[(one, other)[i % 2].ledger.claim(nudge(), scan_id=f"retry-{i}",
                                                                      at="2010-03-10T10:06:00+00:00",
                                                                      on="2010-03-10") for i in range(8)])
    assert sum(r is not None for r in retries) == 1


async def test_a_nudge_another_instance_is_sending_is_not_called_uncertain_at_a_start(two_instances):
    one, other = two_instances
    await one.ledger.claim(nudge(), scan_id="scan-1", at=AT, on="2010-03-10")
    assert await other.ledger.recover(at="2010-03-10T10:00:30+00:00") == []     # a send takes seconds
    assert (await one.ledger.get(nudge()["key"])).state == "sending"


async def test_two_admins_at_once_grant_a_role_once(two_instances):
    grant = Grant(user_id="u2", user_name="Sam", role="chair", **GOSPORT.fields())
    results = await asyncio.gather(*[instance.roles.grant(grant, by="u1", by_name="Ann", at=AT)
                                     for instance in two_instances * 3])
    assert results.count(True) == 1 and len(await two_instances[0].roles.history()) == 1


async def test_a_name_noted_by_one_instance_is_found_by_the_other(two_instances, monkeypatch):
    one, other = two_instances
    monkeypatch.setattr("storage.azure.tables.PEOPLE_FRESH_FOR", 0)
    await one.people.note("aad-sam", "Sam Jones", AT)
    await other.people.note("aad-ann", "Ann Admin", AT)      # any turn on the other looks again
    assert other.people.name_of("aad-sam") == "Sam Jones"


def test_keys_hold_any_text():
    assert encode_key("msteams:19:abc@thread.tacv2") == "msteams:19:abc@thread.tacv2"
    assert encode_key("a/b\\c#d?e%f\n") == "a%2Fb%5Cc%23d%3Fe%25f%0A"


async def test_a_move_to_another_partnership_made_from_a_changed_meeting_leaves_no_copy(two_instances, monkeypatch):
    one, other = two_instances
    await one.meetings.save(draft("g1"), by="u1", by_name="Jo", at=AT)
    stored = await one.meetings.by_id("g1")
    moving = [*stored.history, {"by": "u1", "by_name": "Jo", "at": AT, "what": "moved", "change_id": "c1"}]
    # The other instance marks the action done between this one reading the meeting and moving it.
    read = one.meetings._entity_by_id

    async def read_then_changed(meeting_id):
        entity = await read(meeting_id)
        await other.meetings.update_action("gosport", 1, {"status": "done"}, by="u2", by_name="Sam", at=AT)
        return entity
    monkeypatch.setattr(one.meetings, "_entity_by_id", read_then_changed)
    with pytest.raises(StaleCorrection):
        await one.meetings.save_correction(stored.replace(partnership_id="havant-west", history=moving))
    assert await one.meetings.all("havant-west") == [] and await one.meetings.open_actions() == []
    assert (await other.meetings.find_action("gosport", 1)).status == "done"


async def test_a_resolution_and_a_delivery_plan_are_kept_once_on_both(records):
    """Issue 15's records go through the repositories too: a change said twice is kept once."""
    from knowledge.repositories import AlreadyDone
    who = {"by": "u1", "by_name": "Jo Smith", "at": "2010-03-25T10:00:00Z"}
    first = await records.resolutions.record("bay-house", "2010-03-25", partnership_id="gosport", change_id="c1", **who)
    assert first["passed_on"] == "2010-03-25"
    with pytest.raises(AlreadyDone):
        await records.resolutions.record("bay-house", "2010-03-25", partnership_id="gosport", change_id="c1", **who)
    await records.resolutions.record("bay-house", "2010-03-26", change_id="c2", **who)
    [kept] = await records.resolutions.all()
    assert kept["passed_on"] == "2010-03-26" and len(kept["history"]) == 2
    assert (await records.resolutions.for_school("bay-house"))["partnership_id"] == "gosport"
    plan = await records.delivery_plans.save("gosport", ["NEET", "attendance"], "2010-07-15", change_id="p1", **who)
    assert plan["priorities"] == ["NEET", "attendance"]
    with pytest.raises(AlreadyDone):
        await records.delivery_plans.save("gosport", ["NEET"], "2010-07-15", change_id="p1", **who)
    assert [p["partnership_id"] for p in await records.delivery_plans.all()] == ["gosport"]
    assert (await records.delivery_plans.plan_for("gosport"))["agreed_on"] == "2010-07-15"


async def test_on_azure_a_ledger_record_stored_before_its_brief_had_columns_is_briefed_whole(azurite, azure_prefix):
    records = _azure(azurite, azure_prefix)
    await records.start()
    try:
        await records.ledger.claim(nudge(), scan_id="s1", at=AT, on="2010-03-10")
        [entity] = await records.ledger.table.everything()
        await records.ledger.table.upsert({k: v for k, v in entity.items() if k not in ("key", "created_on")})
        [brief] = await records.ledger.briefs()
        assert brief == {"key": nudge()["key"], "item": nudge()["item"], "recipient": "msteams:chat-1",
                         "created_on": "2010-03-10", "state": "sending"}
    finally:
        await records.close()
