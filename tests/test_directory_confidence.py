"""Every answer says how sure it is: one conversation per basis of an assignment."""

from tests.conversation import new_chat, talk

NOT_FINAL = "Proposed in the Director's letter of January 2010; not final."


async def test_named_the_letter_names_the_place(tmp_path):
    replies = await talk(new_chat(tmp_path), [
        "which partnership is Horndean Technology College in?",
        "→ Horndean Technology College (Horndean) is in the Havant West partnership. Proposed in the Director's "
        "letter of January 2010 as a working model for further local comment; not final. Horndean is in East "
        "Hampshire, but the letter puts its schools with Havant West.",
    ])
    assert "probably" not in replies[0].text


async def test_named_with_a_sub_cluster(tmp_path):
    await talk(new_chat(tmp_path), [
        "which partnership is Perins in?",
        f"→ Perins School (Alresford) is in the Winchester partnership, in the Alresford sub-cluster. {NOT_FINAL}",
    ])


async def test_district_a_single_partnership(tmp_path):
    await talk(new_chat(tmp_path), [
        "which partnership is Bay House School in?",
        f"→ Bay House School (Gosport) is in the Gosport partnership: Gosport has a single partnership. {NOT_FINAL}",
    ])


async def test_inferred_says_probably_and_asks_a_coordinator_to_confirm(tmp_path):
    replies = await talk(new_chat(tmp_path), [
        "which partnership is Harrow Way in?",
        "→ Harrow Way Community School (Andover) is probably in the Andover partnership. The letter does not list "
        "schools here; this is our reading (the letter proposes partnerships for the Andover area and the Romsey "
        "area, but leaves the boundary between them and the association of each school to local colleagues), "
        f"for a coordinator to confirm. {NOT_FINAL}",
    ])
    assert " is in the " not in replies[0].text


async def test_unresolved_basingstoke_names_the_district_wide_coordinating_group(tmp_path):
    replies = await talk(new_chat(tmp_path), [
        "which partnership is Aldworth School in?",
        "→ Aldworth School (Basingstoke) has no partnership yet. The Director's letter of January 2010 says a "
        "District Wide Coordinating Group takes the lead in developing a number (potentially 3) of fully engaged "
        "local partnerships, not yet named. Until they are named, the Basingstoke District Wide Coordinating "
        "Group takes the lead for Basingstoke and Deane.",
        "which partnership covers Tadley?",
        "→ Tadley is in Basingstoke and Deane, whose partnerships are not named yet",
    ])
    assert "probably" not in replies[0].text and "is in the" not in replies[0].text


async def test_corrected_says_who_moved_it_and_what_the_letter_proposed(tmp_path):
    await talk(new_chat(tmp_path, today="2010-06-01", user_name="Pat Coordinator"), [
        "move Hamble School to Eastleigh West", "→ Move The Hamble School", "yes", "→ Done",
        "which partnership is Hamble School in?",
        "→ Hamble School (Hamble) is in the Eastleigh West partnership. A coordinator (Pat Coordinator) moved it "
        f"there on 1 June 2010 at 10:00; the letter's proposal was Eastleigh East. {NOT_FINAL}",
    ])


async def test_bordon_gives_the_alternative_option(tmp_path):
    await talk(new_chat(tmp_path), [
        "which partnership is Oakmoor School in?",
        "→ Oakmoor School (Bordon) is in the Bordon, Liphook and Petersfield partnership, in the Bordon "
        f"sub-cluster. {NOT_FINAL} Under the letter's other option it would be in a separate Bordon partnership.",
        "which partnership covers Bordon?",
        "→ Under the letter's other option it would be a separate Bordon partnership.",
    ])


async def test_a_college_gets_the_host_note(tmp_path):
    replies = await talk(new_chat(tmp_path), [
        "which partnership is Totton College in?",
        "→ Totton College (Totton) is probably in the New Forest East partnership",
    ])
    assert replies[0].text.endswith(
        "As a college, it treats New Forest East as its host partnership and keeps in touch with neighbouring "
        "partnerships.")
    await talk(new_chat(tmp_path / "school"), [
        "which partnership is Testwood School in?",
        "→ Testwood School (Totton) is probably in the New Forest East partnership",
    ])
    assert "host" not in (await new_chat(tmp_path / "again").say("which partnership is Testwood in?"))[0].text


async def test_a_place_answer_says_how_sure_too(tmp_path):
    await talk(new_chat(tmp_path), [
        "which partnership covers Swanmore?",
        "→ Schools in Swanmore are in the Eastleigh East partnership. Swanmore is in Winchester, but the letter "
        "puts its schools with Eastleigh East.",
        "which partnership covers Emsworth?",
        "→ Emsworth is probably covered by the Havant East partnership: our reading (east of the A3)",
        "which partnership covers Leigh Park?",
        "→ Schools in Leigh Park are in the Havant East partnership, in the Leigh Park sub-cluster.",
    ])
