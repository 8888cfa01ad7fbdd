"""Card templates in Microsoft's templating language (${...}, $data, $when), expanded as the
Adaptive Cards designer would show them, with what people typed never becoming markup."""

import pytest

from bot.cards.templating import TemplateError, expand


def fill(text: str, markup: bool) -> str:
    return f"<{text}>" if markup else text          # marks which strings would be escaped


def test_a_binding_is_replaced_by_its_value():
    card = {"type": "TextBlock", "text": "Hello ${name}, from ${place.town}"}
    assert expand(card, {"name": "Jo", "place": {"town": "Alton"}}, fill) == \
        {"type": "TextBlock", "text": "Hello <Jo>, from <Alton>"}


def test_data_repeats_an_element_for_each_item_with_root_and_index():
    card = {"body": [{"$data": "${rows}", "type": "TextBlock", "text": "${$index}: ${label} of ${$root.title}"}]}
    out = expand(card, {"title": "Gosport", "rows": [{"label": "a"}, {"label": "b"}]}, fill)
    assert [b["text"] for b in out["body"]] == ["<0>: <a> of <Gosport>", "<1>: <b> of <Gosport>"]


def test_when_keeps_an_element_only_when_its_condition_holds():
    card = {"body": [{"$when": "${warning}", "type": "TextBlock", "text": "${warning}"},
                     {"$when": "${!warning}", "type": "TextBlock", "text": "all well"}]}
    assert expand(card, {"warning": ""}, fill)["body"] == [{"type": "TextBlock", "text": "all well"}]
    assert expand(card, {"warning": "late"}, fill)["body"] == [{"type": "TextBlock", "text": "<late>"}]


def test_data_and_fallback_text_and_text_runs_and_button_titles_are_verbatim():
    card = {"fallbackText": "${text}",
            "body": [{"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": "${text}"}]}],
            "actions": [{"type": "Action.Submit", "title": "${q}", "data": {"question": "${q}"}}]}
    out = expand(card, {"text": "*x*", "q": "who?"}, fill)
    assert out["fallbackText"] == "*x*"
    assert out["body"][0]["inlines"][0]["text"] == "*x*"
    assert out["actions"][0] == {"type": "Action.Submit", "title": "who?", "data": {"question": "who?"}}


def test_a_whole_binding_keeps_its_type_and_a_missing_name_is_empty():
    assert expand({"columns": "${n}", "t": "${missing}"}, {"n": 3}, fill) == {"columns": 3, "t": "<>"}


def test_an_expression_beyond_our_small_subset_is_refused_clearly():
    with pytest.raises(TemplateError):
        expand({"text": "${if(a, b, c)}"}, {}, fill)


def test_every_card_template_is_in_microsofts_templating_syntax():
    """So each opens in the Adaptive Cards designer: ${...}, $data and $when, nothing home-made."""
    import json
    from pathlib import Path
    folder = Path(__file__).resolve().parent.parent / "bot" / "cards"
    templates = sorted(folder.glob("*.json"))
    assert len(templates) >= 8
    for path in templates:
        text = path.read_text(encoding="utf-8")
        json.loads(text)
        assert "{{" not in text and "$repeat" not in text, path.name
        assert "${" in text, path.name


def test_every_card_template_is_read_without_error_and_each_card_is_new():
    """A template is read once (bindings checked then); each card is built anew, so changing one
    card (cutting a long one to fit Teams) never changes the next."""
    import json
    from pathlib import Path

    from bot.cards.templating import compile_template
    folder = Path(__file__).resolve().parent.parent / "bot" / "cards"
    for path in sorted(folder.glob("*.json")):
        compile_template(json.loads(path.read_text(encoding="utf-8")))
    template = compile_template({"body": [{"$data": "${rows}", "type": "TextBlock", "text": "${label}"}],
                                 "actions": [{"type": "Action.Submit", "title": "Save"}]})
    first = template.expand({"rows": [{"label": "a"}]}, fill)
    first["body"].append("scribbled")
    first["actions"][0]["title"] = "scribbled"
    assert template.expand({"rows": [{"label": "a"}]}, fill) == {
        "body": [{"type": "TextBlock", "text": "<a>"}], "actions": [{"type": "Action.Submit", "title": "Save"}]}


def test_a_binding_beyond_our_subset_is_refused_when_the_template_is_read():
    from bot.cards.templating import compile_template
    with pytest.raises(TemplateError):
        compile_template({"body": [{"$when": "${never}", "type": "TextBlock", "text": "${a + b}"}]})


def test_a_card_is_plain_json_whatever_the_data_so_it_goes_on_the_wire_unchecked():
    # A list, dict or number subclass bound whole goes in as json reads it back: a tuple as a list,
    # a date as its text, an IntEnum as its number, and never the caller's own list.
    import json
    from datetime import date
    from enum import IntEnum

    class Size(IntEnum):
        LARGE = 3
    facts = [("Due", date(2010, 7, 31))]
    card = {"type": "FactSet", "facts": "${facts}", "size": "${size}", "extra": "${extra}"}
    out = expand(card, {"facts": facts, "size": Size.LARGE, "extra": {1: "one"}}, fill)
    assert out == {"type": "FactSet", "facts": [["Due", "2010-07-31"]], "size": 3, "extra": {"1": "one"}}
    assert type(out["size"]) is int and json.loads(json.dumps(out)) == out
    out["facts"].append("changed")
    assert facts == [("Due", date(2010, 7, 31))]
