"""The phrasings corpus as rows: knowledge/data/phrasings/{train,test}/*.yaml and the test
conversations. Its README says what the labels mean; knowledge/phrasings_check.py keeps it
well-formed."""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

PHRASINGS = Path(__file__).parent.parent / "data" / "phrasings"
# libyaml's loader when PyYAML has it: the corpus is read at every start, and the pure-Python
# loader takes a second over it.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Row:
    intent: str
    text: str
    entities: dict = field(default_factory=dict)
    where: str = ""


@dataclass
class Turn:
    says: str
    intent: str
    entities: dict = field(default_factory=dict)
    context: dict = field(default_factory=dict)


@dataclass
class Conversation:
    name: str
    speaker: dict
    turns: list


def load_rows(split: str, folder: Path = PHRASINGS) -> list[Row]:
    rows = []
    for path in sorted((folder / split).glob("*.yaml")):
        if path.name == "conversations.yaml":
            continue
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader) or {}
        for block in doc.get("intents") or []:
            for row in block.get("phrasings") or []:
                rows.append(Row(block["intent"], row["text"], dict(row.get("entities") or {}),
                                f"{split}/{path.name}"))
    return rows


def load_conversations(folder: Path = PHRASINGS) -> list[Conversation]:
    doc = yaml.load((folder / "test" / "conversations.yaml").read_text(encoding="utf-8"), Loader=Loader)
    return [Conversation(c.get("name", ""), dict(c.get("speaker") or {}),
                         [Turn(t["says"], t["intent"], dict(t.get("entities") or {}), dict(t.get("context") or {}))
                          for t in c["turns"]])
            for c in doc["conversations"]]
