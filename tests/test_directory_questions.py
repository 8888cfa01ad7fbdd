"""Heads and governors ask about the directory in chat: every question issue 2 lists."""

from tests.conversation import new_chat, talk


# ---- which partnership is a school in ---------------------------------------------------------

async def test_which_partnership_is_perins_in(tmp_path):
    await talk(new_chat(tmp_path), [
        "which partnership is Perins School in?",
        "→ Perins School (Alresford) is in the Winchester partnership, in the Alresford sub-cluster. "
        "Proposed in the Director's letter of January 2010; not final.",
    ])


async def test_natural_ways_of_asking_which_partnership_a_school_is_in(tmp_path):
    await talk(new_chat(tmp_path), [
        "what partnership does Crookhorn belong to",
        "→ Crookhorn College (Waterlooville) is probably in the Havant West partnership",
        "Which partnership is Perins in?",
        "→ Perins School (Alresford) is in the Winchester partnership",
        "what partnership is Bay House in",
        "→ Bay House School (Gosport) is in the Gosport partnership",
        "where does Wildern School sit?",
        "→ Wildern School (Hedge End) is probably in the Eastleigh East partnership",
        "Amery Hill School partnership",
        "→ Amery Hill School (Alton) is in the Alton partnership",
        "Which partnership does Perins School belong to?",
        "→ Perins School (Alresford) is in the Winchester partnership",
        "which partnership is Crookhorn College part of?",
        "→ Crookhorn College (Waterlooville) is probably in the Havant West partnership",
        "is Perins in Winchester?",
        "→ Perins School (Alresford) is in the Winchester partnership",
    ])


async def test_schools_in_a_place_are_a_question_about_the_place(tmp_path):
    await talk(new_chat(tmp_path), [
        "which partnership do schools in Horndean belong to?",
        "→ Schools in Horndean are in the Havant West partnership.",
        "what partnership are the schools in Leigh Park in?",
        "→ Schools in Leigh Park are in the Havant East partnership, in the Leigh Park sub-cluster.",
        "which partnership is the school at SO24 9ZZ in?",       # no school has this postcode
        "→ I have no school at postcode SO24 9ZZ.",
    ])


async def test_a_school_name_on_its_own_is_a_question_about_that_school(tmp_path):
    await talk(new_chat(tmp_path), [
        "Perins",
        "→ Perins School (Alresford) is in the Winchester partnership",
        "crookhorn college",
        "→ Crookhorn College (Waterlooville) is probably in the Havant West partnership",
        "Test Valley School",
        "→ Test Valley School (Stockbridge) is probably in the Andover partnership",
    ])


async def test_a_place_partnership_district_or_area_on_its_own(tmp_path):
    await talk(new_chat(tmp_path), [
        "Horndean",
        "→ Schools in Horndean are in the Havant West partnership.",
        "Hart",
        "→ The Hart partnership (Hart, North and East Hampshire) has 34 schools and colleges",
        "East Hampshire",
        "→ East Hampshire (North and East Hampshire) has these partnerships:",
        "south hampshire",
        "→ South Hampshire covers Fareham, Gosport, Havant:",
        "which partnership is in?",
        "→ I couldn't find a school called 'in'.",
    ])


# ---- who is in a partnership -------------------------------------------------------------------

async def test_who_else_is_in_havant_west(tmp_path):
    replies = await talk(new_chat(tmp_path), [
        "who else is in Havant west?",
        "→ The Havant West partnership (Havant, South Hampshire) has 24 schools and colleges in our list",
    ])
    text = replies[0].text
    for school in ["Cowplain School", "Crookhorn College", "Horndean Technology College",
                   "Oaklands Catholic School", "Purbrook Park School"]:
        assert school in text
    assert "Warblington" not in text      # east of the A3
    assert "working model for further local comment" in text


async def test_whos_in_gosport_partnership(tmp_path):
    replies = await talk(new_chat(tmp_path), [
        "who's in Gosport partnership",
        "→ The Gosport partnership (Gosport, South Hampshire) has 30 schools and colleges",
    ])
    for school in ["Bay House School", "Bridgemary School", "Brune Park Community School", "St Vincent College"]:
        assert school in replies[0].text


async def test_show_me_the_schools_in_a_partnership(tmp_path):
    replies = await talk(new_chat(tmp_path), [
        "show me the schools in Hart",
        "→ The Hart partnership (Hart, North and East Hampshire) has 34 schools and colleges in our list:",
        "tell me all the schools in Fareham",
        "→ The Fareham partnership (Fareham, South Hampshire) has 40 schools and colleges",
    ])
    assert "- Portchester Community School (Portchester)" in replies[0].text


async def test_who_is_in_the_partnership_of_a_school(tmp_path):
    replies = await talk(new_chat(tmp_path), [
        "which schools are in Eastleigh East?",
        "→ The Eastleigh East partnership (Eastleigh, Western Hampshire) has 31 schools and colleges",
    ])
    assert "Swanmore College (Swanmore)" in replies[0].text
    assert "Sub-clusters: Bursledon and Hamble." in replies[0].text


async def test_the_bordon_alternative_option_lists_who_it_would_take(tmp_path):
    await talk(new_chat(tmp_path), [
        "who's in Bordon?",
        "→ would only exist under the letter's other option. It would take the schools now in the Bordon "
        "sub-cluster of the Bordon, Liphook and Petersfield partnership:\n- Bordon Infant School and Bordon Junior School (Bordon)",
    ])


# ---- partnerships in a district, an area ------------------------------------------------------

async def test_partnerships_in_a_district(tmp_path):
    replies = await talk(new_chat(tmp_path), [
        "which partnerships are in East Hampshire?",
        "→ East Hampshire (North and East Hampshire) has these partnerships:\n- Alton\n"
        "- Bordon, Liphook and Petersfield\n- Bordon (alternative option)",
        "partnerships in Test Valley",
        "→ - Andover\n- Romsey",
    ])
    assert "Test Valley Council area-wide coordinating group" in replies[0].text


async def test_partnerships_in_basingstoke_are_not_named_yet(tmp_path):
    await talk(new_chat(tmp_path), [
        "what partnerships are there in Basingstoke?",
        "→ Basingstoke and Deane's partnerships are not named yet",
    ])


async def test_partnerships_in_each_area(tmp_path):
    await talk(new_chat(tmp_path), [
        "partnerships in South Hampshire",
        "→ South Hampshire covers Fareham, Gosport, Havant:\n- Fareham: Fareham\n- Gosport: Gosport\n"
        "- Havant: Havant West, Havant East",
        "which partnerships are in the western area?",
        "→ Western Hampshire covers New Forest, Eastleigh, Test Valley, Winchester:\n"
        "- New Forest: New Forest West, New Forest East\n- Eastleigh: Eastleigh West, Eastleigh East",
        "list the partnerships in North and East Hampshire",
        "→ - Basingstoke and Deane: not named yet (Basingstoke District Wide Coordinating Group)",
    ])


# ---- which partnership covers a town or village ----------------------------------------------

async def test_which_partnership_covers_horndean(tmp_path):
    await talk(new_chat(tmp_path), [
        "which partnership covers Horndean?",
        "→ Schools in Horndean are in the Havant West partnership. Horndean is in East Hampshire, "
        "but the letter puts its schools with Havant West.",
    ])


async def test_is_horndean_in_havant_or_east_hants(tmp_path):
    await talk(new_chat(tmp_path), [
        "is Horndean in Havant or East Hants?",
        "→ Horndean is in East Hampshire, but the letter puts its schools with Havant West",
    ])


async def test_a_village_the_letter_does_not_name_is_our_reading(tmp_path):
    await talk(new_chat(tmp_path), [
        "which partnership covers Hedge End?",
        "→ Hedge End is probably covered by the Eastleigh East partnership: our reading (east of the Itchen), "
        "for a coordinator to confirm.",
        "who covers Fleet",
        "→ Fleet is covered by the Hart partnership: Hart has a single partnership.",
    ])


# ---- colleges ---------------------------------------------------------------------------------

async def test_a_colleges_host_partnership(tmp_path):
    await talk(new_chat(tmp_path), [
        "what is Alton College's host partnership?",
        "→ Alton College (Alton) is in the Alton partnership. Proposed in the Director's letter of January "
        "2010; not final. As a college, it treats Alton as its host partnership and keeps in touch with "
        "neighbouring partnerships.",
        "which partnership hosts Peter Symonds?",
        "→ Peter Symonds College (Winchester) is in the Winchester partnership: Winchester has a single "
        "partnership.",
        "what is Perins School's host partnership?",
        "→ Perins School is a school rather than a college. Perins School (Alresford) is in the Winchester",
        "host partnership for Brockenhurst College",
        "→ it treats New Forest West as its host partnership",
    ])


# ---- what the documents say -------------------------------------------------------------------

async def test_core_membership_comes_from_the_briefing(tmp_path):
    await talk(new_chat(tmp_path), [
        "who should be a core member of a local partnership?",
        "→ The briefing suggests each local partnership starts with this core membership",
        "where does that come from?",
        "→ From the Head of Partnerships' briefing, February 2010 (file 000_f616f81ca90b2cd0.txt):\n"
        "- paragraph 6: \"The following summarises initial core membership",
    ])


async def test_statutory_partners(tmp_path):
    replies = await talk(new_chat(tmp_path), [
        "who are the statutory partners?",
        "→ The Apprenticeships, Skills, Children and Learning Act 2009 sets out the partners with a "
        "statutory duty to cooperate",
    ])
    for partner in ["Hampshire Constabulary", "Jobcentre Plus", "Wessex Youth Offending Team"]:
        assert partner in replies[0].text


async def test_how_many_partnerships_gives_both_figures_with_their_dates(tmp_path):
    await talk(new_chat(tmp_path), [
        "how many partnerships will there be?",
        "→ The Director's letter of January 2010 said the preferred options 'would result in 18 or 19 local "
        "partnerships'",
        "how many local partnerships are there?",
        "→ Executive Decision Record 1329 of 11 March 2010 planned for 22 to 24",
        "where does that come from?",
        "→ (file 001_fbda7538aae84d64.txt):\n- paragraph 3.2: \"The proposals for the development of 22 to 24",
    ])


async def test_what_must_we_do_by_july(tmp_path):
    await talk(new_chat(tmp_path), [
        "what must we do by July?",
        "→ hold at least one meeting of the revised arrangements by July 2010\n- agree a summary level "
        "delivery plan on a limited number of key performance areas (perhaps 10) by the end of July 2010",
        "where does that come from?",
        "→ From the Director of Children's Services' open letter to colleagues, January 2010, and its annex "
        "'Preferred options for the organisation of local partnerships' (file 004_4e3af2a4d6574aa7.txt):\n"
        "- \"at least one meeting of the revised arrangements should be held by July 2010",
    ])


async def test_where_does_that_come_from_cites_the_last_answer(tmp_path):
    await talk(new_chat(tmp_path), [
        "where does that come from?",
        "→ I haven't told you anything yet that needs a source",
        "which partnership covers Horndean?",
        "→ Havant West",
        "where does that come from?",
        "→ (file 004_4e3af2a4d6574aa7.txt):\n- \"Two options have been identified and in both cases schools in "
        "the Horndean area are associated with a partnership in the Havant area 'west' of the A3",
        "which partnership is Swanmore College in?",
        "→ Eastleigh East",
        "how do you know?",
        "→ - \"It is proposed that Swanmore School and the associated primary schools in the area forms parts "
        "of an Eastleigh partnership\"",
    ])


# ---- help, and what the bot did not understand ------------------------------------------------

async def test_help_lists_what_the_bot_can_do(tmp_path):
    replies = await talk(new_chat(tmp_path), [
        "help",
        "→ I can tell you about Hampshire's local children's partnerships. Try:\n"
        "Ask about partnerships (anyone):\n"
        "- which partnership is Perins School in?\n- which partnership covers Horndean?",
    ])
    for example in ["how many partnerships will there be?", "what must we do by July?",
                    "where does that come from?", "move Test Valley School to Romsey",
                    "Meetings and actions (chairs):\n", "- log a meeting",
                    "Deadlines and nudges (coordinators):\n", "- nudge me about Gosport",
                    "Roles (admins):\n", "- make Sam Jones chair of Gosport"]:
        assert example in replies[0].text


async def test_something_not_understood_gets_a_short_reply_with_what_to_try(tmp_path):
    replies = await talk(new_chat(tmp_path), [
        "the cat sat on the mat and purred loudly",
        "→ Sorry, I didn't understand that.\nI know Hampshire's local children's partnerships",
    ])
    assert len(replies[0].text.splitlines()) <= 4
    assert [a.title for a in replies[0].suggested_actions.actions][0] == "Help"
    assert [a.value for a in replies[0].suggested_actions.actions] == \
        ["help", "which partnership is Perins School in?", "which partnership covers Horndean?"]


async def test_is_x_in_y_starts_with_a_plain_yes_or_no_when_the_answer_is_clear(tmp_path):
    await talk(new_chat(tmp_path), [
        "is Perins in Romsey?",
        "→ No. Perins School (Alresford) is in the Winchester partnership",
        "is Perins School in the Winchester partnership?",
        "→ Yes. Perins School (Alresford) is in the Winchester partnership",
        "is Crookhorn College in Havant?",
        "→ Yes. Crookhorn College (Waterlooville) is probably in the Havant West partnership",
        "is Gosport in Fareham?",
        "→ No. Gosport is covered by the Gosport partnership",
        # Horndean is in East Hampshire but its schools go with Havant West: the answer explains.
        "is Horndean in East Hampshire?",
        "→ Schools in Horndean are in the Havant West partnership. Horndean is in East Hampshire",
        "is Horndean in Havant or East Hants?",
        "→ Schools in Horndean are in the Havant West partnership.",
    ])


async def test_a_name_with_a_hyphenated_word_is_read_not_crashed_on(tmp_path):
    """'Pre-School' is one word of the sentence but two of a core partner's ('pre school'): the
    reader once counted the key's words and read past the end of the sentence (an IndexError)."""
    chat = new_chat(tmp_path)
    await talk(chat, [
        "which partnership is Hayling Island Pre-School in?",
        "→ Hayling Island",
        "Hayling Island Pre-School",
        "→ Did you mean one of these?",
    ])
