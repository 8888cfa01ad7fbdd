"""The phrasings the bot has always understood, as regular expressions, intent by intent.

Each row is an intent's name (declared by its handler: see bot/registry.py) and the patterns that
mean it, over the user's text after it has been tidied (lower case, single spaces, no trailing
punctuation; see `understanding.tidy`). Named groups are the slots passed to the handler: `name` is
a school, place or partnership name as typed.

The rows are tried top to bottom and the first match wins, so a specific phrasing sits above a
general one ("move the delivery plan deadline to 6 August" is a deadline, not a school move).
"""

NAME = r"(?P<name>.+?)"
PERSON = r"(?P<person>.+?)"
ROLE = r"(?P<role>admins?|administrators?|co-?ordinators?|chairs?|chairman|chairwoman|chairpersons?|members?)"
SCOPE = r"(?P<scope>.+?)"
LIST_PART = (r"(apologies list|list of apologies|apologies|apology|attendees list|attendees|attendance|present list|"
             r"those present|people present|present)")
HOLDERS = r"(?P<role>admins?|administrators?|co-?ordinators?|chairs?|chairman|chairwoman|chairpersons?)"  # not members

PATTERNS = [
    ("help",
     [r"^(help|what can you do|what can i ask|commands|menu|\?|hi|hello|hey|start|get started)$"]),
    ("where_from",
     [r"where (does|did) (that|this|it) (come|came) from", r"^(source|sources|what is the source|what's the source)$",
      r"^(says who|how do you know|which document)", r"where is that from"]),
    ("add_deadline",
     [r"^(please )?(add|new|create|set( up)?) (a |an |the )?(new )?deadline\b[:,-]? ?(?P<rest>.*)$"]),
    ("move_deadline",
     [r"^(please )?(move|change|push back|push|put back|postpone|defer|reschedule|extend|bring forward) "
      r"(the )?(?P<which>.+?) deadline (to|until|till) (?P<when>.+)$",
      r"^(please )?(move|change|push back|push|put back|postpone|defer|reschedule|extend|bring forward) "
      r"the deadline (for|of) (the )?(?P<which>.+?) (to|until|till) (?P<when>.+)$"]),
    ("deadlines_for",
     [rf"^(list |show |show me |what are |what're )?(the |all |all the |upcoming )*deadlines (for|in|of) "
      rf"(the )?{NAME}$",
      rf"^(what'?s|what is) (due|coming up) (for|in) (the )?{NAME}$"]),
    ("list_deadlines",
     [r"^(list|show|show me|what are|what're)?( the| all| all the| our| my| any| upcoming| key)* ?deadlines$",
      r"^(what'?s|what is) (due|coming up)$"]),
    ("subscribe",
     [rf"^(please )?(nudge|remind|notify|alert) (me|us|this channel) (about|of|for|on) (the )?{SCOPE}"
      rf"( deadlines?| partnership)?$",
      rf"^(please )?(subscribe|sign) (me |us |this channel )?(up )?(to|for) (the )?{SCOPE}"
      rf"( deadlines?| nudges| reminders)?$",
      rf"^(please )?(send|give) (me|us) (deadline )?(nudges|reminders) (for|about) (the )?{SCOPE}$"]),
    ("stop_nudges",
     [rf"^(please )?(stop|cancel|turn off|switch off|no more|unsubscribe( me)?( from)?)( all| the| my| these| "
      rf"deadline)* (nudges|reminders|nudging|deadlines)( (about|for) (the )?{SCOPE})?$",
      r"^(please )?unsubscribe( me)?$"]),
    ("my_nudges",
     [r"^(what are |show |list )?my (nudges|reminders|subscriptions)$",
      r"^what (am i|are we|is this channel) subscribed to$"]),
    ("nudge_done",
     [r"^(it'?s |that'?s |all |now |we'?re |we are )?(done|completed?|finished)( now| it| that)?$",
      r"^(mark (it|this|that) )(as )?(done|complete)$"]),
    ("snooze",
     [r"^snooze( (it|this|that))?( for)?( (?P<count>\d{1,3}|an?|one|two|three|four|five|six|seven|a few|a couple of)"
      r" (?P<unit>days?|weeks?))?$",
      r"^remind (me|us) (again )?in (?P<count>\d{1,3}|an?|one|two|three|four|five|six|seven|a few) "
      r"(?P<unit>days?|weeks?)$"]),
    ("remind_later",
     [r"^remind (me|us) (again |about (it|this|that) )?(?P<when>tomorrow|next week)$"]),
    # ---- the business cycle (bot/cycle_commands.py): above log_meeting, which would take "add ... to the
    # minutes", and above the documents' general rows ("delivery plan", "steering group", "how many partnerships").
    ("correct_minutes",
     [r"^(please )?(change|correct|fix|amend|update|edit|move) the (date|day|type|kind|meeting type|partnership)\b.*"
      r"\b(to|should be)\b.+$",
      r"^the (date|meeting) (should be|was actually|was really) ",
      rf"^(please )?(add|put) .+ (to|on|in|into) (the )?{LIST_PART}\b",
      rf"^(please )?(remove|take|delete|drop|strike) .+ (off|from) (the )?{LIST_PART}\b",
      r"^(please )?move .+ from (the )?(present|attendees|apologies)( list)? to (the )?(present|attendees|apologies)\b",
      r"^(please )?add (a|another) decision\b",
      r"^(please )?(correct|amend|edit|fix|change|update) (the |our |last week's |yesterday's )?.*\bminutes\b"]),
    ("withdraw_meeting",
     [r"^(please )?(can i |i need to |i want to |i'd like to )?(withdraw|delete|remove|scrap|erase|unlog|get rid of|"
      r"take down|cancel) (?!.*\b(from|off) (the )?(minutes|meeting)\b)(?!.*\blog(ging)?$).*\b(meeting|minutes)\b",
      r"\b(meeting|minutes) (was |were )?(logged (in error|by mistake|twice)|never happened)"]),
    ("county_view",
     [r"\bcounty(-| )?(wide )?(view|overview|summary|picture|dashboard|progress)\b",
      r"^(which|how many) (of the )?(partnerships|lcps)\b.*\b(met|meeting|delivery plans?|plans?|behind|on track|"
      r"up and running|done what|resolutions?)\b",
      r"^how (are|is) (all |each |every )?(of )?(the )?(partnerships?|lcps)\b.*\b(doing|getting on)\b",
      r"\b(overview|summary|progress|status|dashboard)\b.*\b(all|every|each) (the )?(partnerships?|districts)\b",
      r"\b(all|every|each) (the )?partnerships'? (status|progress)\b",
      r"^are all (the )?partnerships meeting",
      r"\b(summary|progress) (across|for) (the county|hampshire|all)\b",
      r"^(progress|overview) (of|for) the partnerships in {NAME}$".replace("{NAME}", NAME)]),
    ("resolutions_outstanding",
     [rf"^(has|have|did) (the )?{NAME}('s)?( governors| fgb| full governing body| governing body)? "
      r"(passed|agreed|approved|signed|done|considered|adopted)( the| its| their)?( co-?operation)? resolution",
      r"^(which|who|whos|who's|how many|how are we|list|show|are|any|has every|have all)\b.*\bresolution",
      r"\bresolutions?\b.*\b(outstanding|missing|tracker|status|still to come|not yet passed|left)\b",
      r"^(outstanding|missing|pending) resolutions",
      r"^(which|what) ([a-z' ]+ )?(schools|governing bodies|fgbs)\b.*\b(pass|passed|agree|agreed|consider|considered|"
      r"done) it( yet)?$"]),
    ("record_resolution",
     [r"\b(passed|agreed|approved|adopted|signed|signed off|voted for|considered|said yes to)\b.*\bresolution\b",
      r"\bresolution\b.*\b(passed|agreed|approved|adopted|signed|done|went through)\b",
      r"^(please )?(record|log|note|mark|add)\b.*\bresolution\b",
      r"\b(governors|governing body|fgb)\b.*\b(passed|agreed|approved|signed) it\b"]),
    ("record_delivery_plan",
     [r"^(please )?(can i |i want to |i'd like to )?(record|log|add|save|enter|input|put in)( the| our| a| my)?"
      r"( summary)?( level)?( partnership'?s?)? (delivery plan|plan|key performance areas|kpas|priorities)\b",
      r"^(?!(when|has|have|is|was|what|which|did|do|does)\b)[^.:;]{0,60}\b(agreed|adopted|approved|signed off|finalised|"
      r"passed)\b[^.:;]{0,30}\bdelivery plan\b(?!.*\?)",
      r"^(?!(when|has|have|is|was|what|which|did|do|does)\b)[^.:;]{0,40}\bdelivery plan (was |has been |is )?(agreed|"
      r"adopted|approved|signed off|finalised|passed)\b"]),
    ("show_delivery_plan",
     [r"^(show|view|see|read( back)?|open|display|get)( me)?\b.*\b(delivery plan|plan|priorities|key performance "
      r"areas|kpas)$",
      r"^(what'?s|what is|whats) in\b.*\bplan$",
      r"^what are (our|the|[a-z' ]+'s) (priorities|kpas|key performance areas)\b",
      r"^(what|which) (kpas|priorities|key performance areas) did\b",
      r"^what did (we|they|[a-z ]+) put in the (delivery )?plan",
      r"^(has|have|does|do|did) [a-z' ]{1,30}( got| have| agreed)? (a|an|its|their|our) delivery plan",
      r"^(?!(what|when|why|how|who|which|is|are)\b)(the )?[a-z' ]{0,30}delivery plan( for [a-z' ]+)?( please| pls)?$",
      r"^(what'?s|what is) [a-z' ]{1,30}'s delivery plan$",
      r"^when was (the |our |[a-z' ]+'s )?delivery plan agreed"]),
    ("engagement",
     [rf"^(please )?(export |download |send( me)? |get |give me |show( me)? )?(the |an |a |our )?(engagement|attendance) "
      rf"(?P<ask>report)(( for| on| of| about) (the )?{NAME})?$",
      r"^how (engaged|involved) (is|are) (the )?(?P<name>.+?)( partnership)?( overall)?$",
      r"^(which|what) (core )?(?P<ask>partners)\b.*\b(coming|attending|attend|come|turned up|turning up|missing|"
      r"engaged|represented|stopped)\b",
      rf"^(has|have|did) (the |anyone from )?{NAME} (been to|come to|gone to|been at|attended|turned up|sent anyone|"
      r"been represented)\b",
      rf"^(is|are) (the )?{NAME} (engaging|coming|attending|turning up)\b",
      rf"^how many meetings (has|have) (the )?{NAME} (been to|attended|come to|made)",
      rf"^(show |show me )?(the )?(attendance|engagement)( record| grid| picture)?( for| in| of| at) (the )?{NAME}$",
      rf"^how is attendance (in|at|for) (the )?{NAME}$",
      rf"^how well attended are (the )?{NAME}( partnership)? meetings$",
      r"^who('s| is|s| has| hasn't| has not| hasnt)?\b.*\b(coming|turned up|been|missing|missed)\b.*\bmeetings?$",
      r"^(which|what) (schools|partners)\b.*\b(come|coming|attend|attending|engaging|engaged|apologies|turned up|"
      r"turn up|missing)\b",
      r"^(engagement|attendance)$"]),
    ("log_meeting",
     [r"^(please |can you |i want to |i'd like to |let's )?(log|record|add|enter|write up|take|save|note|start)"
      r"\b.{0,60}?\b(meeting|minutes)\b",
      r"^new (partnership )?meeting\b"]),
    ("save_again",
     [r"^(yes,? )?(save|save it|save them|save the minutes|save minutes)$"]),
    ("minutes_for",
     [r"^(show (me )?|read (me )?|see |get )?(the )?minutes (for|of|from) (?P<details>.+)$"]),
    ("last_meeting",
     [rf"^(show (me )?|what (was|happened at) |when was )?(the |our )?(last|latest|most recent|previous) "
      rf"(partnership )?meeting( (of|for|in) (the )?{NAME})?$",
      r"^(show (me )?)?(the |our )?minutes$"]),
    ("meetings_this_term",
     [rf"^(show (me )?|list |which |what |any )?(the |our )?meetings( have there been| were held| held| happened)? "
      rf"(?P<which>this|last) term( (of|for|in) (the )?{NAME})?$",
      rf"^(show (me )?|list |which |what |any )?(the |our )?meetings (of|for|in) (the )?{NAME}"
      rf"( have there been| were held| held| happened)? (?P<which>this|last) term$"]),
    ("export_minutes",
     [r"^(please )?(export|download|send( me)?|email( me)?|get|give me) (the |a |those |these |our )?"
      r"(copy of the )?minutes\b(?P<details>.*)$"]),
    ("my_actions",
     [r"^(show (me )?|list |what are )?my (open |outstanding |current )?actions$",
      r"^what (actions )?(do i have|am i (down|responsible) for|have i got)( to do)?$"]),
    ("open_actions",
     [rf"^(show (me )?|list |what are )?(the |all |all the )?(open |outstanding |current )?actions"
      rf"( (for|of|in) (the )?{NAME})?$"]),
    ("action_done",
     [rf"^(mark |tick off |close |complete |finish )?action (no\.? |number )?(?P<number>\d{{1,5}})"
      rf"( (for|of|in) (the )?{NAME})? (is |as |has been |was )?(now )?(done|complete|completed|finished|closed)$",
      rf"^(close|complete|finish|tick off) action (no\.? |number )?(?P<number>\d{{1,5}})( (for|of|in) (the )?{NAME})?$"]),
    ("reassign_action",
     [rf"^(reassign|give|hand|pass|assign|transfer) action (no\.? |number )?(?P<number>\d{{1,5}})"
      rf"( (for|of|in) (the )?{NAME})? to {PERSON}$"]),
    ("move_action",
     [rf"^(move|change|push back|push|put back|postpone|defer|reschedule|extend) action (no\.? |number )?"
      rf"(?P<number>\d{{1,5}})( (for|of|in) (the )?{NAME})?( due( date)?| deadline)? (to|until|till) (?P<when>.+)$",
      rf"^action (no\.? |number )?(?P<number>\d{{1,5}})( (for|of|in) (the )?{NAME})? (is )?(now )?due (?P<when>.+)$"]),
    ("grant_role",
     [rf"^(please )?make {PERSON} (an? |the )?{ROLE}( (of|for) (the )?{SCOPE})?$",
      rf"^(please )?(give|grant) {PERSON} (the )?{ROLE}( role)?( (of|for) (the )?{SCOPE})?$"]),
    ("remove_role",
     [rf"^(please )?(remove|revoke|take away|sack|drop) {PERSON} (as|from being) (an? |the )?{ROLE}"
      rf"( (of|for) (the )?{SCOPE})?$"]),
    ("list_roles",
     [rf"^(who (are|is|'s)|list|show( me)?) (the |our |all the )?{HOLDERS}( (of|for|in) (the )?{SCOPE})?$"]),
    ("my_roles",
     [r"^(what('s| is| are) my (role|roles|permissions)|my roles?|who am i|what am i allowed to do)$"]),
    ("role_history",
     [r"^(show )?(the )?(role|roles) (history|changes|audit|audit trail)$", r"^audit( trail)?$",
      r"^who (changed|gave|granted) (the )?roles"]),
    ("move_school",
     [rf"^(please )?(move|put|transfer|reassign) {NAME} (in)?to (the )?(?P<partnership>.+?)( partnership)?$",
      rf"^(please )?(move|transfer|reassign) {NAME}( (in)?to)?$"]),
    ("partnership_count",
     [r"how many (local )?(children'?s )?partnerships", r"number of (local )?partnerships"]),
    ("core_members",
     [r"core member", r"who (should|must|ought to) (be|sit|attend)", r"who is expected",
      r"membership of (a|the|our) (local )?partnership", r"who sits on", r"who are the members of a partnership"]),
    ("statutory_partners",
     [r"statutory", r"duty to co-?operate", r"legal basis", r"\bthe (2009 )?act\b"]),
    ("first_year",
     [r"what (must|should|do) we (have to )?do", r"first year", r"business process", r"by (the end of )?july",
      r"delivery plan", r"what('s| is) expected of (us|partnerships)"]),
    ("timetable",
     [r"timetable", r"key dates", r"when (is|are|was|were|do|does)"]),
    ("steering_groups",
     [r"steering group", r"chairs'? group", r"coordinating group"]),
    ("college_host",
     [rf"host partnership (of|for) {NAME}$", rf"which partnership hosts {NAME}$",
      rf"^{NAME}'?s host partnership$", rf"(what|which) is {NAME}'?s host( partnership)?$"]),
    ("show_map",
     [rf"^(please )?(can you |could you )?(show|draw|send|give)( me| us)? (a |the )?(county )?map( of {NAME})?$",
      rf"^(a |the )?map (of|for) {NAME}$", r"^(a |the )?(county )?map$"]),
    ("partnerships_in",
     [rf"^(which|what) (local )?partnerships (are|is) (there )?in {NAME}$",
      rf"^(list |show )?(the )?(local )?partnerships (in|for) {NAME}$",
      rf"^how is {NAME} (split|divided|organised)$"]),
    ("partnership_members",
     [rf"^(who else is|who's|who is|whos) (in|part of|a member of) {NAME}$",
      rf"^(which|what) schools (are )?(in|belong to|part of) {NAME}$",
      rf"^(list |show |show me |tell me )?(all )?(the )?(schools|members) (are )?(in|of) {NAME}$",
      rf"^who belongs to {NAME}$"]),
    ("place_partnership",
     [rf"(which|what) partnership covers {NAME}$", rf"who covers {NAME}$",
      rf"^is {NAME} in (?P<rest>.+)$", rf"partnership for (schools in )?{NAME}$"]),
    ("school_partnership",
     [rf"(which|what) partnership (is|does|do|are|has) {NAME} (in|belong to|belongs to|part of|a member of|sit in|joined|join)$",
      rf"(which|what) partnership('s| is) {NAME} in$",
      rf"(which|what) partnership (for|is) {NAME}$",
      rf"^where (is|does) {NAME}( belong| sit| go)?$",
      rf"^{NAME} partnership$"]),
]
