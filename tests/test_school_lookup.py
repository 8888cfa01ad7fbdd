"""People type school names the way they say them: the bot still finds the school."""

from pathlib import Path

import pytest

from bot.web.directory_command import main
from knowledge.directory import load_directory
from tests.conversation import new_chat, talk

FIXTURE = Path(__file__).parent / "fixtures" / "gias_sample.csv"


@pytest.mark.parametrize("typed, found", [
    ("crookhorn college waterlooville", "Crookhorn College (Waterlooville)"),
    ("Crookhorn College, Waterlooville", "Crookhorn College (Waterlooville)"),
    ("CROOKHORN", "Crookhorn College (Waterlooville)"),
    ("Crookhorne Colege", "Crookhorn College (Waterlooville)"),              # typos
    ("perins", "Perins School (Alresford)"),                                 # no "School", lower case
    ("Perrins School", "Perins School (Alresford)"),
    ("saint vincent college", "St Vincent College (Gosport)"),               # Saint for St
    ("St. Vincent", "St Vincent College (Gosport)"),
    ("the romsey school", "The Romsey School (Romsey)"),
    ("Romsey School", "The Romsey School (Romsey)"),                         # no "The"
    ("Eggars School", "Eggar's School (Alton)"),                             # no apostrophe
    ("Eggar’s", "Eggar's School (Alton)"),                                   # a curly one
    ("brune park", "Brune Park Community School (Gosport)"),                 # no "Community School"
    ("Mountbatten School Romsey", "The Mountbatten School (Romsey)"),        # town added
    ("Barton Peveril", "Barton Peveril Sixth Form College (Eastleigh)"),
])
async def test_the_school_is_found_however_it_is_typed(tmp_path, typed, found):
    await talk(new_chat(tmp_path), [f"which partnership is {typed} in?", f"→ {found} is"])


async def _chat_on_the_gias_sample(tmp_path):
    """A chat whose directory is the GIAS sample, imported as a coordinator would."""
    schools = tmp_path / "gias_schools.csv"
    assert main(["import-gias", str(FIXTURE), "--out", str(schools)]) == 0
    chat = new_chat(tmp_path)
    chat.services.directory = load_directory(schools_file=schools)
    return chat


async def test_urn_and_postcode_find_the_school(tmp_path):
    await talk(await _chat_on_the_gias_sample(tmp_path), [
        "which partnership is 990004 in?",
        "→ Sun Hill Infant School (Alresford) is in the Winchester partnership, in the Alresford sub-cluster.",
        "URN 990005",
        "→ Riders Junior School (Leigh Park) is in the Havant East partnership, in the Leigh Park sub-cluster.",
        "what partnership is the school at SO32 2PZ in",
        "→ Swanmore Church of England Primary School (Swanmore) is in the Eastleigh East partnership",
        "sp102ha",
        "→ Anton Junior School (Andover) is probably in the Andover partnership",
        "which partnership is 990999 in?",
        "→ I have no school with URN 990999.",
    ])


async def test_a_postcode_shared_by_two_schools_asks_which(tmp_path):
    await talk(await _chat_on_the_gias_sample(tmp_path), [
        "PO8 9NW",
        "→ I know more than one school like 'po8 9nw'. Which one?",
        "Horndean Infant School",
        "→ Horndean Infant School (Horndean) is in the Havant West partnership",
    ])


async def test_c_of_e_ce_and_church_of_england_are_the_same(tmp_path):
    chat = await _chat_on_the_gias_sample(tmp_path)
    for typed in ["Swanmore C of E Primary", "swanmore CE primary school", "Swanmore Church of England Primary"]:
        await talk(chat, [f"which partnership is {typed} in?",
                          "→ Swanmore Church of England Primary School (Swanmore) is in the Eastleigh East"])
    await talk(chat, ["Saint Faiths C of E Primary School",
                      "→ St Faith’s Church of England Primary School (Winchester) is in the Winchester partnership"])


async def test_infant_junior_and_primary(tmp_path):
    await talk(await _chat_on_the_gias_sample(tmp_path), [
        "which partnership is Horndean Junior in?",
        "→ Horndean Church of England Junior School (Horndean) is in the Havant West partnership",
        "horndean infants",
        "→ Horndean Infant School (Horndean) is in the Havant West partnership",
        "which partnership is Horndean Primary in?",                          # there is no such school
        "→ I know more than one school like 'horndean primary'. Which one?",
        "cancel", "→ Cancelled",
        "which partnership is Anton Juniors in?",
        "→ Anton Junior School (Andover)",
        "Merdon Junior School Chandler's Ford",
        "→ Merdon Junior School (Chandler’s Ford) is probably in the Eastleigh West partnership",
    ])


async def test_with_primaries_imported_the_bot_no_longer_says_its_list_is_secondary_only(tmp_path):
    chat = await _chat_on_the_gias_sample(tmp_path)
    replies = await talk(chat, [
        "who is in Havant West?",
        "→ The Havant West partnership (Havant, South Hampshire) has 3 schools and colleges in our list:\n"
        "- Catherington Church of England Infant School (Catherington): probably\n"
        "- Horndean Church of England Junior School (Horndean)\n- Horndean Infant School (Horndean)",
    ])
    assert "secondary schools and colleges only" not in replies[0].text
    await talk(chat, [
        "which partnership is Xyzzy Qwerty in?",
        "→ I couldn't find a school called 'xyzzy qwerty'. Try its full name, its town, its URN or its postcode "
        "(our list has Hampshire's schools).",
    ])


def test_a_schools_distinctive_words_typed_exactly_find_what_the_fuzzy_search_would():
    # "Crookhorn", "court moor": found at once, without the fuzzy search over the county's names
    # (issue 16). For every such name in the whole county, the fuzzy search finds the same school.
    finder = load_directory()._school_finder
    compared = 0
    for key, owners in finder.by_key.items():
        quick = finder.find(key)
        if len(owners) == 1 and quick.status == "found" and quick.best is finder.schools[next(iter(owners))]:
            fuzzy = finder.fuzzy_find(key, key)
            assert (fuzzy.status, fuzzy.best) == ("found", quick.best), key
            compared += 1
    assert compared > 300
