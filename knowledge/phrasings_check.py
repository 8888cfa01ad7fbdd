"""Keep the phrasings corpus well-formed.

    python -m knowledge.phrasings_check      check every file, print rows per intent per split

The corpus (knowledge/data/phrasings/) teaches and tests the recognizer of issue 13:
train/<topic>.yaml and test/<topic>.yaml hold `intents: [{intent, phrasings: [{text, entities}]}]`;
test/conversations.yaml holds whole conversations, each a list of turns {says, intent, entities,
context}. This checks the schema, that every intent and entity kind is a known one, that named
schools, places, partnerships, districts and areas exist in knowledge/data (or in the DfE lists in
../shared/data/dfe, while the county's schools are being added), and that no test row repeats a
training row (the same words once lower-cased and stripped of punctuation).
"""

import csv
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).parent
DATA = HERE / "data"
PHRASINGS = DATA / "phrasings"
DFE = HERE.parent.parent / "shared" / "data" / "dfe"

INTENTS = {
    "directory": [
        "school_partnership", "place_partnership", "partnership_members", "partnerships_in",
        "same_partnership", "check_premise", "why_placed", "partnership_count", "core_members",
        "statutory_partners", "first_year", "timetable", "whats_due_next", "steering_groups",
        "college_host", "where_from", "show_map", "who_chairs", "set_my_school",
        "forget_my_school", "follow_up",
    ],
    "minutes": [
        "log_meeting", "minutes_for", "last_meeting", "meetings_this_term", "export_minutes",
        "my_actions", "open_actions", "action_done", "reassign_action", "move_action",
        "correct_minutes", "withdraw_meeting", "engagement", "record_resolution",
        "resolutions_outstanding", "record_delivery_plan", "show_delivery_plan", "county_view",
    ],
    "deadlines": [
        "add_deadline", "move_deadline", "list_deadlines", "deadlines_for", "subscribe",
        "stop_nudges", "my_nudges", "nudge_done", "snooze",
    ],
    "roles": ["grant_role", "remove_role", "list_roles", "my_roles", "role_history", "move_school"],
    "conversation": ["greeting", "thanks", "goodbye", "help", "cancel", "certainty", "out_of_scope"],
}
KNOWN_INTENTS = {name for names in INTENTS.values() for name in names}
# In a conversation only: a plain answer to the bot's own question ("Fareham", "last Thursday").
CONVERSATION_ONLY_INTENTS = {"answer"}

ENTITY_KINDS = {
    "school", "place", "partnership", "district", "area", "person", "role", "date",
    "action_number", "deadline", "count", "self",
}
ROLES = {"admin", "coordinator", "chair", "member"}
# What a conversation turn's `context` may say (described at the top of test/conversations.yaml).
CONTEXT_KEYS = {
    "speaker_school", "speaker_partnership", "speaker_role", "resolves", "asks",
    "dialog", "prompt", "filled", "effect",
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MIN_TEST_SHARE = 0.25


def normalised(text):
    """Lower case, letters and digits only, single spaces: how two rows are compared."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower().replace("'", "").replace("’", "")).split())


def known_names():
    """The names each entity kind may take: from knowledge/data, and the DfE lists when present."""
    directory = yaml.safe_load((DATA / "partnerships.yaml").read_text(encoding="utf-8"))
    places = yaml.safe_load((DATA / "places.yaml").read_text(encoding="utf-8"))
    names = {
        "partnership": {p["name"] for p in directory["partnerships"]},
        "district": {d["name"] for d in directory["districts"]},
        "area": {a["name"] for a in directory["areas"]},
        "place": set(),
        "school": set(),
    }
    for place in places["places"]:
        names["place"].add(place["name"])
        names["place"].update(place.get("aliases", []))
    with open(DATA / "schools.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            names["school"].add(row["name"])
            # The starter list's old spellings ("Cowplain School") are kept as aliases.
            names["school"].update(a for a in (row.get("aliases") or "").split("; ") if a)
            for column in ("town", "locality"):
                if row.get(column):
                    names["place"].add(row[column])
    notes = []
    if DFE.is_dir():
        for path in sorted(DFE.glob("*.csv")):
            with open(path, encoding="utf-8-sig") as f:
                for row in csv.DictReader(f):
                    names["school"].add(row["EstablishmentName"])
                    for column in ("Locality", "Town", "Address2"):
                        value = (row.get(column) or "").strip()
                        if value:
                            names["place"].add(value.title() if value.isupper() else value)
    else:
        notes.append(f"note: {DFE} is missing, so schools and places are checked against knowledge/data only")
    # Compare without case or punctuation: "Lee-On-the-Solent" in the DfE list is "Lee-on-the-Solent".
    return {kind: {normalised(n) for n in values} for kind, values in names.items()}, notes


def check_entities(where, entities, names, problems):
    if entities is None:
        return
    if not isinstance(entities, dict):
        problems.append(f"{where}: entities must be a mapping, not {entities!r}")
        return
    for kind, value in entities.items():
        if kind not in ENTITY_KINDS:
            problems.append(f"{where}: unknown entity kind {kind!r}")
            continue
        values = value if isinstance(value, list) else [value]
        for one in values:
            if one is None or isinstance(one, (dict, list)) or str(one).strip() == "":
                problems.append(f"{where}: {kind} has no usable value ({value!r})")
            elif kind in names and normalised(str(one)) not in names[kind]:
                problems.append(f"{where}: {kind} {one!r} is not in knowledge/data or the DfE lists")
            elif kind == "role" and one not in ROLES:
                problems.append(f"{where}: role {one!r} is not one of {sorted(ROLES)}")
            elif kind == "date" and not ISO_DATE.match(str(one)):
                problems.append(f"{where}: date {one!r} is not ISO (YYYY-MM-DD)")
            elif kind in ("action_number", "count") and not isinstance(one, int):
                problems.append(f"{where}: {kind} {one!r} is not a whole number")


def load_split(split, names, problems):
    """{intent: [text, ...]} for one split's topic files (conversations apart)."""
    rows = {}
    folder = PHRASINGS / split
    files = sorted(p for p in folder.glob("*.yaml") if p.name != "conversations.yaml")
    if not files:
        problems.append(f"{folder}: no files")
    for path in files:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(doc, dict) or not isinstance(doc.get("intents"), list):
            problems.append(f"{path.name}: must be a mapping with an 'intents' list")
            continue
        for block in doc["intents"]:
            intent = block.get("intent") if isinstance(block, dict) else None
            if intent not in KNOWN_INTENTS:
                problems.append(f"{split}/{path.name}: unknown intent {intent!r}")
                continue
            for i, row in enumerate(block.get("phrasings") or []):
                where = f"{split}/{path.name} {intent} #{i + 1}"
                if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row["text"].strip():
                    problems.append(f"{where}: a phrasing needs a 'text'")
                    continue
                unknown = set(row) - {"text", "entities"}
                if unknown:
                    problems.append(f"{where}: unknown keys {sorted(unknown)}")
                check_entities(where, row.get("entities"), names, problems)
                rows.setdefault(intent, []).append(row["text"])
    return rows


def load_conversations(names, problems):
    """The turns of test/conversations.yaml as (intent, text) pairs, and how many conversations."""
    path = PHRASINGS / "test" / "conversations.yaml"
    if not path.exists():
        problems.append("test/conversations.yaml is missing")
        return [], 0
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    conversations = doc.get("conversations") if isinstance(doc, dict) else None
    if not isinstance(conversations, list):
        problems.append("test/conversations.yaml: must be a mapping with a 'conversations' list")
        return [], 0
    turns = []
    for c, conversation in enumerate(conversations, 1):
        steps = conversation.get("turns") if isinstance(conversation, dict) else None
        if isinstance(conversation, dict) and set(conversation) - {"name", "speaker", "turns"}:
            problems.append(f"conversation {c}: unknown keys {sorted(set(conversation) - {'name', 'speaker', 'turns'})}")
        if not isinstance(steps, list) or len(steps) < 2:
            problems.append(f"conversation {c}: needs 'turns', at least two")
            continue
        check_entities(f"conversation {c} speaker", conversation.get("speaker"), names, problems)
        for t, turn in enumerate(steps, 1):
            where = f"conversation {c} turn {t}"
            if not isinstance(turn, dict) or not isinstance(turn.get("says"), str):
                problems.append(f"{where}: a turn needs 'says'")
                continue
            unknown = set(turn) - {"says", "intent", "entities", "context"}
            if unknown:
                problems.append(f"{where}: unknown keys {sorted(unknown)}")
            intent = turn.get("intent")
            if intent not in KNOWN_INTENTS | CONVERSATION_ONLY_INTENTS:
                problems.append(f"{where}: unknown intent {intent!r}")
            check_entities(where, turn.get("entities"), names, problems)
            context = turn.get("context")
            if context is not None:
                if not isinstance(context, dict):
                    problems.append(f"{where}: context must be a mapping")
                else:
                    unknown = set(context) - CONTEXT_KEYS
                    if unknown:
                        problems.append(f"{where}: unknown context keys {sorted(unknown)}")
                    if "asks" in context and context["asks"] not in KNOWN_INTENTS:
                        problems.append(f"{where}: context asks for unknown intent {context['asks']!r}")
            turns.append((intent, turn["says"]))
    return turns, len(conversations)


# Words that make a row look new without changing it: "pls", "thanks", "so", "then", "actually".
FILLER = set("""please pls plz hi hello hiya morning ok okay so and then the a just now actually hmm
    sorry quick one again thanks thank you ta cheers right well oh""".split())


def core(text):
    """The normalised text without filler words."""
    return " ".join(w for w in normalised(text).split() if w not in FILLER)


def overlaps(train, test_texts):
    """Test texts that repeat a training text: the same once normalised, or, for three words or
    more, the same once filler words are dropped ("snooze 3 days please" is "snooze 3 days")."""
    seen = {normalised(t) for texts in train.values() for t in texts}
    seen_core = {core(t) for texts in train.values() for t in texts}
    return [t for t in test_texts
            if normalised(t) in seen or (len(core(t).split()) >= 3 and core(t) in seen_core)]


def check():
    """(problems, notes, table): table is {intent: (train rows, test rows)}."""
    problems = []
    names, notes = known_names()
    train = load_split("train", names, problems)
    test = load_split("test", names, problems)
    turns, conversations = load_conversations(names, problems)
    test_texts = [t for texts in test.values() for t in texts] + [text for _, text in turns]
    for text in overlaps(train, test_texts):
        problems.append(f"in both splits (once normalised, filler dropped): {text!r}")
    for split, rows in (("train", train), ("test", test)):
        counts = Counter(normalised(t) for texts in rows.values() for t in texts)
        for text, n in counts.items():
            if n > 1:
                problems.append(f"{split}: {text!r} appears {n} times")
    table = {intent: (len(train.get(intent, [])), len(test.get(intent, []))) for intent in sorted(KNOWN_INTENTS)}
    for intent, (n_train, n_test) in table.items():
        if n_train == 0 or n_test == 0:
            problems.append(f"{intent}: needs rows in both splits (train {n_train}, test {n_test})")
    n_train = sum(n for n, _ in table.values())
    n_test = sum(n for _, n in table.values()) + len(turns)
    if n_train + n_test and n_test / (n_train + n_test) < MIN_TEST_SHARE:
        problems.append(f"the test split is {n_test} of {n_train + n_test} rows: under a quarter")
    notes.append(f"{conversations} conversations, {len(turns)} turns")
    notes.append(f"train {n_train} rows, test {n_test} rows with the conversations' turns")
    return problems, notes, table


def main():
    problems, notes, table = check()
    print(f"{'intent':28} {'train':>5} {'test':>5}")
    for topic, intents in INTENTS.items():
        print(f"[{topic}]")
        for intent in intents:
            n_train, n_test = table[intent]
            print(f"  {intent:26} {n_train:5} {n_test:5}")
    for note in notes:
        print(note)
    for problem in problems:
        print("problem:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
