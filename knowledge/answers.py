"""What the directory says, in words a school business manager would use.

Each function returns an Answer: the text, the sources it rests on (for "where does that come
from?"), and follow-up questions worth offering as buttons. No botbuilder here.
"""

import re
from dataclasses import dataclass, field

from .clock import london_text
from .directory import Directory
from .model import Partnership, Place, School, Source
from .text import POSTCODE, names_list


CORRECTION = "correction"   # a Source's document when the fact is a coordinator's move, not a seed


@dataclass
class Answer:
    text: str
    sources: list = field(default_factory=list)       # Source objects
    suggestions: list = field(default_factory=list)   # follow-up questions, as the user would type them
    facts: dict = field(default_factory=dict)         # structured detail, for cards
    kind: str = ""                                    # what it answers, e.g. "partnership" (a card in Teams)
    card: str = ""         # a card template (bot/cards/<card>.json) to show with the text, filled from `facts`
    summary: str = ""      # the one line a notification shows, when the text's first line will not do


def _status_sentence(directory: Directory, partnership: Partnership) -> str:
    letter = directory.documents["letter"].short
    if partnership.status == "option":
        return f"This is the alternative option in {letter}, not its preferred one; not final."
    how = f" {partnership.proposal}" if partnership.proposal else ""
    return f"Proposed in {letter}{how}; not final."


HOW_SURE = {
    "named": "Named in the letter",
    "district": "Certain: the district has a single partnership",
    "inferred": "Probably: our reading, for a coordinator to confirm",
    "corrected": "Moved by a coordinator",
}


def _card_facts(directory: Directory, partnership: Partnership, basis: str, sources: list) -> dict:
    """What a partnership card shows beyond the sentence: status, how sure, and the source."""
    letter = directory.documents["letter"].short
    status = (f"Alternative option in {letter}; not final" if partnership.status == "option"
              else f"Proposed in {letter}; not final")
    first = sources[0] if sources else None
    if first is None:
        source = ""
    elif first.document == CORRECTION:
        source = first.passage
    else:
        where = f", paragraph {first.paragraph}" if first.paragraph else ""
        source = f"{directory.documents[first.document].short}{where}: \"{first.passage}\""
    district = directory.districts[partnership.district]
    return {"partnership": partnership.name, "area": directory.areas[partnership.area_id].name,
            "status_text": status, "how_sure": HOW_SURE.get(basis, ""), "source": source,
            "coordinating_group": district.coordinating_group}


def _place_source(directory: Directory, school_or_place) -> list:
    """The passage that places a school or place: the place rule's, else its partnership's."""
    place = directory.places.get(_simple(getattr(school_or_place, "locality", ""))) or \
        directory.places.get(_simple(getattr(school_or_place, "town", school_or_place.name)))
    sources = []
    if place is not None and place.source is not None:
        sources.append(place.source)
    partnership = directory.partnerships.get(school_or_place.partnership_id or "")
    if partnership is not None and partnership.source is not None:
        sources.append(partnership.source)
    if partnership is None:
        district = directory.districts.get(school_or_place.district)
        if district is not None and district.source is not None:
            sources.append(district.source)
    return sources


def _simple(text: str) -> str:
    from .text import simplify
    return simplify(text or "")


def school_partnership(directory: Directory, school: School) -> Answer:
    where = f"{school.name} ({school.place})" if school.place else school.name
    partnership = directory.partnerships.get(school.partnership_id or "")
    sources = _place_source(directory, school)
    facts = {"school": school.name, "town": school.town, "district": school.district,
             "basis": school.basis}
    if partnership is None:
        district = directory.districts.get(school.district)
        if district is not None and not district.partnerships_named:
            letter = directory.documents["letter"].short
            text = (f"{where} has no partnership yet. {letter[0].upper() + letter[1:]} "
                    f"says {district.note}. Until they are named, the {district.coordinating_group} "
                    f"takes the lead for {district.name}.")
        else:
            text = (f"{where} has no partnership yet: {school.reason or 'the documents do not place it'}. "
                    f"A coordinator can place it: say 'move {school.name} to <partnership>'.")
        return Answer(text, sources, facts=facts)

    facts.update(partnership=partnership.name, partnership_id=partnership.id,
                 area=directory.areas[partnership.area_id].name, status=partnership.status,
                 sub_cluster=school.sub_cluster,
                 coordinating_group=directory.districts[partnership.district].coordinating_group)
    sub = f", in the {school.sub_cluster} sub-cluster" if school.sub_cluster else ""
    status = _status_sentence(directory, partnership)
    if school.basis == "corrected":
        c = school.correction
        before = directory.partnerships.get(c.previous_partnership_id or "")
        text = (f"{where} is in the {partnership.name} partnership. A coordinator ({c.by}) moved it "
                f"there on {london_text(c.at)}" + (f"; the letter's proposal was {before.name}." if before else ".")
                + f" {status}")
        # The move, not the letter's placing of the town, is why it is here now.
        sources = [Source(CORRECTION, f"{c.by} moved {school.name} to {partnership.name} on {london_text(c.at)}"),
                   *([partnership.source] if partnership.source else [])]
        facts["why"] = f"A coordinator ({c.by}) moved it there on {london_text(c.at)}."
    elif school.basis == "named":
        text = f"{where} is in the {partnership.name} partnership{sub}. {status}"
        if partnership.district != school.district:
            facts["why"] = (f"{school.locality or school.town} is in {school.district}, but the letter puts its "
                            f"schools with {partnership.name}.")
            text += f" {facts['why']}"
    elif school.basis == "district":
        facts["why"] = f"{school.district} has a single partnership."
        text = (f"{where} is in the {partnership.name} partnership{sub}: {school.district} has a single "
                f"partnership. {status}")
    else:  # inferred
        facts["why"] = f"The letter does not list schools here; this is our reading ({school.reason})."
        text = (f"{where} is probably in the {partnership.name} partnership{sub}. The letter does not list "
                f"schools here; this is our reading ({school.reason}), for a coordinator to confirm. {status}")
    if school.alternative_id:
        alternative = directory.partnerships[school.alternative_id]
        text += f" Under the letter's other option it would be in a separate {alternative.name} partnership."
        facts["other_option"] = f"A separate {alternative.name} partnership"
    if school.is_college:
        facts["college"] = (f"It treats {partnership.name} as its host partnership and keeps in touch with "
                            f"neighbouring partnerships.")
        text += f" As a college, {facts['college'][0].lower()}{facts['college'][1:]}"
        sources.append(fact_source(directory, "colleges"))
    if "after 2010" in school.data_note:
        # The letter is of 2010; the school list is the DfE's of 2020-22.
        text += f" Note: it {school.data_note.split('; ', 1)[1]} (DfE list)."
    suggestions = [f"who else is in {partnership.name}?", "where does that come from?"]
    facts.update(_card_facts(directory, partnership, school.basis, sources))
    return Answer(text, sources, suggestions, facts, kind="partnership")


def college_host(directory: Directory, school: School) -> Answer:
    answer = school_partnership(directory, school)
    if not school.is_college:
        answer.text = f"{school.name} is a school rather than a college. " + answer.text
    return answer


def partnership_members(directory: Directory, partnership: Partnership) -> Answer:
    schools = directory.schools_in(partnership.id)
    district = directory.districts[partnership.district]
    where = f"The {partnership.name} partnership ({district.name}, {directory.areas[partnership.area_id].name})"
    # (looked for only when nobody is in it: a second walk of the county's schools otherwise)
    would_join = [] if schools else sorted((s for s in directory.schools.values()
                                            if s.alternative_id == partnership.id), key=lambda s: s.name)
    if not schools and would_join:
        # An alternative option: nobody is in it unless that option is chosen.
        now = would_join[0]
        parent = directory.partnerships.get(now.partnership_id or "")
        in_now = (f"the {now.sub_cluster} sub-cluster of the {parent.name} partnership" if parent and now.sub_cluster
                  else "their proposed partnership")
        lines = [f"{where} would only exist under the letter's other option. It would take the "
                 f"schools now in {in_now}:"]
        schools = would_join
    elif not schools:
        lines = [f"{where} has no schools or colleges in our list yet."]
    else:
        lines = [f"{where} has {len(schools)} "
                 f"{'school or college' if len(schools) == 1 else 'schools and colleges'} in our list:"]
    for names, school in _one_site_together(schools):
        extra = []
        if school.sub_cluster:
            extra.append(f"{school.sub_cluster} sub-cluster")
        if school.basis in ("inferred", "corrected"):
            extra.append("probably" if school.basis == "inferred" else "moved by a coordinator")
        lines.append(f"- {names} ({school.place})" + (f": {', '.join(extra)}" if extra else ""))
    if partnership.sub_clusters:
        lines.append(f"Sub-clusters: {', '.join(partnership.sub_clusters)}.")
    if partnership.note:
        lines.append(partnership.note)
    lines.append(_status_sentence(directory, partnership))
    if not directory.has_primary_schools():
        lines.append("Our list has secondary schools and colleges only; primary schools join their local "
                     "partnership too.")
    lines.append("Core members beyond schools: say 'who should be a core member?'.")
    return Answer("\n".join(lines), [partnership.source] if partnership.source else [],
                  [f"which partnerships are in {district.name}?", "where does that come from?"],
                  {"partnership": partnership.name, "schools": [s.name for s in schools]})


def _one_site_together(schools: list) -> list[tuple[str, School]]:
    """Each school's line, with an infant and a junior school on one site named together
    ('Horndean Infant School and Horndean Church of England Junior School'), as people think of them."""
    lines, done = [], set()
    # Only an infant or a junior school has such a partner: the others are not compared at all.
    pairs = [school for school in schools if school.phase in ("Infant", "Junior")]
    for school in schools:
        if school.id in done:
            continue
        partner = None
        if school.phase in ("Infant", "Junior"):
            partner = next((other for other in pairs if other.phase != school.phase and other.id not in done
                            and _one_site(school, other) and other.basis == school.basis
                            and other.sub_cluster == school.sub_cluster), None)
        done.add(school.id)
        if partner is None:
            lines.append((school.name, school))
        else:
            done.add(partner.id)
            lines.append((f"{school.name} and {partner.name}", school))
    return lines


def _one_site(one: School, other: School) -> bool:
    """The same postcode, or within 250 metres of each other."""
    if one.postcode and one.postcode == other.postcode:
        return True
    if None in (one.easting, other.easting):
        return False
    return (one.easting - other.easting) ** 2 + (one.northing - other.northing) ** 2 <= 250 ** 2


def _partnership_line(directory: Directory, partnership: Partnership) -> str:
    option = " (alternative option)" if partnership.status == "option" else ""
    return f"- {partnership.name}{option}"


def district_partnerships(directory: Directory, district_name: str) -> Answer:
    district = directory.districts[district_name]
    partnerships = directory.partnerships_in_district(district.name)
    sources = [p.source for p in partnerships if p.source]
    if district.source:
        sources.insert(0, district.source)
    if not district.partnerships_named:
        text = (f"{district.name}'s partnerships are not named yet: {district.note}. "
                f"Meanwhile the {district.coordinating_group} takes the lead.")
        return Answer(text, sources, facts={"district": district.name})
    lines = [f"{district.name} ({directory.areas[district.area_id].name}) has "
             f"{'a single partnership' if len(partnerships) == 1 else 'these partnerships'}:"]
    lines += [_partnership_line(directory, p) for p in partnerships]
    if district.coordinating_group:
        lines.append(f"The {district.coordinating_group} keeps them coherent and reports to the "
                     f"{district.name} Local Strategic Partnership.")
    lines.append(f"Proposed in {directory.documents['letter'].short}; not final.")
    suggestions = [f"who is in {p.name}?" for p in partnerships[:2]]
    return Answer("\n".join(lines), sources, suggestions, {"district": district.name})


def area_partnerships(directory: Directory, area_id: str) -> Answer:
    area = directory.areas[area_id]
    lines = [f"{area.name} covers {', '.join(area.districts)}:"]
    for district_name in area.districts:
        district = directory.districts[district_name]
        partnerships = directory.partnerships_in_district(district_name)
        if not district.partnerships_named:
            lines.append(f"- {district_name}: not named yet ({district.coordinating_group})")
        else:
            names = names_list([p.name + (" (alternative option)" if p.status == "option" else "")
                                for p in partnerships], last=None)
            lines.append(f"- {district_name}: {names}")
    lines.append(f"Proposed in {directory.documents['letter'].short}; not final.")
    return Answer("\n".join(lines), [Source("letter", "Preferred options for the organisation of local partnerships")],
                  facts={"area": area.name})


def postcode_district(directory: Directory, outward: str) -> Answer:
    """'PO8': the schools whose postcode starts so, and the partnership of each."""
    outward = outward.strip().upper()
    schools = sorted((s for s in directory.schools.values() if s.postcode.upper().split(" ")[0] == outward),
                     key=lambda s: s.name)
    if not schools:
        return Answer(f"I have no school with a postcode in {outward}. Ask by the school's name or town instead.")
    lines = [f"{len(schools)} school(s) have a postcode in {outward}:"]
    for s in schools[:30]:
        partnership = directory.partnerships.get(s.partnership_id or "")
        where = partnership.name if partnership else "no partnership yet"
        lines.append(f"- {s.name} ({s.place}): {where}" + (" (probably)" if s.basis == "inferred" else ""))
    if len(schools) > 30:
        lines.append(f"... and {len(schools) - 30} more: give a full postcode or a school's name.")
    return Answer("\n".join(lines), suggestions=[f"which partnership is {schools[0].name} in?"])


def place_coverage(directory: Directory, place: Place) -> Answer:
    partnership_id = directory.place_partnership(place)
    partnership = directory.partnerships.get(partnership_id or "")
    sources = []
    if place.source:
        sources.append(place.source)
    if partnership is None:
        district = directory.districts.get(place.district)
        if district is not None and not district.partnerships_named:
            text = (f"{place.name} is in {district.name}, whose partnerships are not named yet: "
                    f"{district.note}. Meanwhile the {district.coordinating_group} takes the lead.")
            if district.source:
                sources.append(district.source)
        else:
            text = f"{place.name} is in {place.district}; the documents do not say which partnership covers it."
        return Answer(text, sources)
    if partnership.source:
        sources.append(partnership.source)
    sub = f", in the {place.sub_cluster} sub-cluster" if place.sub_cluster else ""
    elsewhere = partnership.district != place.district
    why = ""
    if place.basis == "named":
        lines = [f"Schools in {place.name} are in the {partnership.name} partnership{sub}."]
        if elsewhere:
            why = f"{place.name} is in {place.district}, but the letter puts its schools with {partnership.name}."
            lines.append(why)
    elif place.basis == "district":
        lines = [f"{place.name} is covered by the {partnership.name} partnership{sub}: {place.district} "
                 f"has a single partnership."]
        why = f"{place.district} has a single partnership."
    else:
        lines = [f"{place.name} is probably covered by the {partnership.name} partnership{sub}: our "
                 f"reading ({place.reason}), for a coordinator to confirm."]
        why = f"Our reading ({place.reason})."
        if elsewhere:
            lines.append(f"({place.name} itself is in {place.district}.)")
            why += f" {place.name} itself is in {place.district}."
    lines.append(_status_sentence(directory, partnership))
    text = " ".join(lines)
    other_option = ""
    if place.alternative_id:
        other_option = f"A separate {directory.partnerships[place.alternative_id].name} partnership"
        text += f" Under the letter's other option it would be a separate {directory.partnerships[place.alternative_id].name} partnership."
    facts = {"other_option": other_option, "place": place.name, "district": place.district, "sub_cluster": place.sub_cluster, "why": why,
             **_card_facts(directory, partnership, place.basis, sources)}
    return Answer(text, sources, [f"who is in {partnership.name}?", "where does that come from?"],
                  facts, kind="partnership")


def fact_source(directory: Directory, key: str) -> Source:
    fact = directory.facts[key]
    raw = fact.get("source") or fact["sources"][0]
    return Source(raw["document"], raw["passage"], str(raw.get("paragraph", "")))


def fact(directory: Directory, key: str) -> Answer:
    """One of the documents' facts (core membership, statutory partners, how many, timetable...)."""
    entry = directory.facts[key]
    lines = [entry["answer"]] + [f"- {item}" for item in entry.get("items", [])]
    raw_sources = [entry["source"]] if "source" in entry else entry["sources"]
    sources = [Source(s["document"], s["passage"], str(s.get("paragraph", ""))) for s in raw_sources]
    return Answer("\n".join(lines), sources, ["where does that come from?"])


def _not_yet_quoted(passage: str, quoted: list[str]) -> str:
    """The parts of `passage` (its pieces between '...') that no earlier quote already gives, so a
    sentence is quoted once; empty when there are none."""
    earlier = [_simple(q) for q in quoted]
    pieces = [p.strip() for p in passage.split("...")]
    new = [p for p in pieces if p and not any(_simple(p) in q for q in earlier)]
    return " ... ".join(new)


def where_from(directory: Directory, sources: list) -> Answer:
    if not sources:
        return Answer("I haven't told you anything yet that needs a source. Ask me about a school, "
                      "a partnership or a place, then ask 'where does that come from?'.")
    by_document: dict[str, list] = {}
    quoted: list[str] = []
    for source in sources:
        passage = _not_yet_quoted(source.passage, quoted)
        if not passage:
            continue
        quoted.append(source.passage)
        quote = (f"paragraph {source.paragraph}: " if source.paragraph else "") + f"\"{passage}\""
        by_document.setdefault(source.document, []).append(quote)
    lines = []
    for key, quotes in by_document.items():
        if key == CORRECTION:
            lines.append("From a coordinator's correction, recorded in the bot's database:")
            lines += [f"- {quote.strip(chr(34))}" for quote in quotes]
            continue
        document = directory.documents[key]
        lines.append(f"From {document.title} (file {document.file}):")
        lines += [f"- {quote}" for quote in quotes]
    lines.append("The structure was provisional, and coordinators can correct it.")
    return Answer("\n".join(lines))


def school_not_found(query: str, suggestions: list, directory: Directory | None = None) -> Answer:
    urn = re.fullmatch(r"(?:urn\s*)?(\d{6})", query.strip().lower())
    if urn:
        return Answer(f"I have no school with URN {urn.group(1)}. Check the number on Get Information About "
                      "Schools, or ask by the school's name or postcode.")
    postcode = POSTCODE.fullmatch(query.strip())
    if postcode:
        return Answer(f"I have no school at postcode {postcode.group(1).upper()} {postcode.group(2).upper()}. "
                      "Ask by the school's name or town instead.")
    if suggestions:
        names = ", ".join(s.name for s in suggestions)
        return Answer(f"I couldn't find a school called '{query}'. The closest I have: {names}.",
                      suggestions=[f"which partnership is {s.name} in?" for s in suggestions])
    which = "schools" if directory is not None and directory.has_primary_schools() \
        else "secondary schools and colleges"
    return Answer(f"I couldn't find a school called '{query}'. Try its full name, its town, its URN or its "
                  f"postcode (our list has Hampshire's {which}).")
