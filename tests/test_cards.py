"""Card templates: values fill a card as data, so nothing a person types becomes markup or structure."""

import json
import re

from bot.cards import card, render
from tests.conversation import every_element

NASTY = '**bold** _it_ <b>html</b> [link](https://evil.example) # heading\n- item {{text}} "}, {"type": "Action.OpenUrl"'


def test_a_textblock_value_is_markdown_escaped_and_a_textrun_value_is_verbatim():
    filled = render("buttons", text=NASTY, rows=[{"line": NASTY, "spacing": "Small"}], heading=NASTY,
                    buttons=[{"question": NASTY}])
    assert filled["body"][0]["inlines"][0]["text"] == NASTY        # the message itself: a TextRun, verbatim
    heading = filled["body"][1]["text"]
    assert re.search(r"(?<!\\)[*_\[\]()<>#`{}]", heading) is None    # every Markdown character escaped
    assert heading.startswith(r"\*\*bold\*\* \_it\_ \<b\>html\<")
    # Button titles are never Markdown and the data goes back to the bot: both exactly as typed.
    [button] = filled["actions"]
    assert button["title"] == NASTY and button["data"] == {"question": NASTY}
    assert filled["fallbackText"] == NASTY


def test_a_placeholder_in_a_value_is_not_filled_again_and_json_in_a_value_stays_a_string():
    filled = render("partnership_answer", text="the answer", title=NASTY, headline="Winchester partnership",
                    rows=[{"label": "Source", "value": NASTY}], buttons=[])
    title_run = filled["body"][0]["inlines"][0]
    assert title_run == {"type": "TextRun", "text": NASTY, "weight": "Bolder", "size": "Medium"}
    assert [b["type"] for b in filled["body"]] == ["RichTextBlock", "RichTextBlock", "ColumnSet"]
    assert filled["actions"] == []
    assert "Action.OpenUrl" not in {n.get("type") for n in every_element(filled)}
    # And the whole card survives a round trip through JSON unchanged (what CardFactory sends).
    assert json.loads(json.dumps(card("partnership_answer", title=NASTY).content))["body"][0]["inlines"][0]["text"] == NASTY


def test_control_characters_are_dropped():
    filled = render("buttons", text="a\x00b\x1bc", rows=[{"line": "a\x00b\x1bc"}], heading="x\x07y", buttons=[])
    assert filled["fallbackText"] == "abc" and filled["body"][1]["text"] == "xy"
    assert filled["body"][0]["inlines"][0]["text"] == "abc"


def test_a_list_card_has_a_row_per_line_each_a_textrun_with_a_gap_at_a_blank_line_and_headings_bold():
    from bot.replies import buttons_card
    text = "Two groups:\n- one\n\nAnd then:\n- **two**\nHeadings:\n- three\nSay 'help' for more:"
    content = buttons_card(text, "", []).content
    rows = [(block["inlines"][0]["text"], block["spacing"], block["inlines"][0]["weight"]) for block in content["body"]]
    assert rows == [("Two groups:", "Small", "Default"), ("- one", "Small", "Default"),
                    ("And then:", "Medium", "Bolder"), ("- **two**", "Small", "Default"),
                    ("Headings:", "Medium", "Bolder"), ("- three", "Small", "Default"),
                    ("Say 'help' for more:", "Small", "Default")]      # no list under it: not a heading
    assert content["actions"] == [] and content["fallbackText"] == text




def test_a_card_botbuilder_copies_before_sending_is_the_same_card_and_a_separate_one():
    # botbuilder deep-copies each activity it sends; a card copies by a pickle round trip.
    import copy

    from bot.cards import CardAttachment, card

    sent = card("buttons", text="Hello", heading="Try one of these:", buttons=[{"question": "who chairs Hart?"}])
    copied = copy.deepcopy(sent)
    assert isinstance(copied, CardAttachment) and copied.serialize() == sent.serialize()
    copied.content["body"].clear()
    assert sent.content["body"]
    odd = CardAttachment(content_type="application/json", content={"shown": [1, 2], "later": lambda: None})
    assert copy.deepcopy(odd).content["shown"] == [1, 2]      # what pickle cannot copy, deepcopy does


def test_each_markdown_character_gets_one_backslash_and_nothing_else_changes():
    from bot.cards import escape

    assert escape(r"St. Mary's (C of E) #1 - [a]*b*_c_ {d} `e` +f! |g| >h< ~i~ \j é’") == (
        r"St\. Mary's \(C of E\) \#1 \- \[a\]\*b\*\_c\_ \{d\} \`e\` \+f\! \|g\| \>h\< \~i\~ \\j é’")
