"""What the text model knows of the language it reads: one data object.

Abbreviations (a full stop after them need not end a sentence), titles (always
before a name: "Lt. Col. Anna Berg"), the words that open a sentence, and the
verbs of saying. English news prose is the one language today; another language
is another ``Language`` value beside ``ENGLISH``, picked by the document.
"""

from __future__ import annotations

from dataclasses import dataclass

ABBREVIATIONS = frozenset(
    """Mr Mrs Ms Mx Dr Prof Gen Lt Col Maj Capt Cmdr Sgt Cpl Pvt Adm Gov Sen Rep Rev Fr Sr Jr St
    Ste Mt Ft Pres Supt Insp Det Hon Amb Atty Brig Esq Messrs Mme Mlle Gen Rt
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thurs Fri Sat Sun
    No Nos Vol Art Ch Fig Dept Univ Inc Ltd Corp Co Bros Ave Blvd Rd Hwy approx est vs etc al
    e.g i.e cf p.m a.m U.S U.K U.N E.U""".split()
)

# Verbs that introduce or close a quotation or report a statement.
SAY_VERBS = sorted(
    """said says say saying told tells tell telling added adds wrote writes write stated states
    announced announces declared declares noted notes explained explains claimed claims claiming
    insisted insists admitted admits argued argues asserted asserts warned warns accused accuses
    described describes describing called calls characterized characterised characterizes
    labelled labeled dubbed termed branded vowed vows swore sworn promised promises threatened
    urged urges demanded demands asked asks replied replies responded responds continued concluded
    acknowledged acknowledges conceded concedes confirmed confirms denied denies reported reports
    recalled tweeted posted blamed blames condemned condemns quoted cited cites estimated estimates
    predicted mentioned suggested suggests indicated indicate indicates emphasized emphasised
    stressed observed remarked commented shouted chanted testified alleged alleges pledged
    contended maintained objected agreed disclosed revealed briefed
    saying telling adding writing warning blaming accusing insisting arguing calling urging promising
    vowing demanding denying claiming describing asserting alleging stating announcing declaring
    boasted boasts boasting bragged brags talk talked talking speak speaks spoke
    lamented complained mocked derided dismissed rejected ruled rules concluded concludes
    branding labelling labeling dubbing terming""".split(),
    key=len, reverse=True,
)
# Abbreviations that always come before a name or a number, never at a sentence's end.
TITLES = frozenset("""Mr Mrs Ms Mx Dr Prof Gen Lt Col Maj Capt Cmdr Sgt Cpl Pvt Adm Gov Sen Rep Rev Fr St Ste
    Mt Ft Pres Supt Insp Det Hon Amb Atty Brig Messrs Mme Mlle Rt No Nos Vol Art Ch Fig vs cf e.g i.e""".split())
# Words that open a sentence and cannot follow an abbreviation inside one (not "A" or "I",
# which may be initials: "J. A. Smith").
OPENERS = frozenset("""The An He She It They We You This That These Those There His Her Its Their Our My
    But And Yet So Then However Meanwhile After Before When While Although If In On At As By For""".split())




# The one table of quotation marks: for each opening double mark, the marks that close it.
DOUBLE_MARKS = {"“": "”", "„": "“”", "«": "»", "»": "«", "\"": "\""}
DOUBLE = "".join(dict.fromkeys("".join(DOUBLE_MARKS) + "".join(DOUBLE_MARKS.values())))  # every double mark
SINGLE_OPENERS = "'‘"
SINGLE_CLOSERS = "'’"
QUOTE_MARKS = DOUBLE + "'‘’"
OPENERS_OF_QUOTES = "".join(DOUBLE_MARKS) + SINGLE_OPENERS


@dataclass(frozen=True)
class Language:
    abbreviations: frozenset[str]
    titles: frozenset[str]
    openers: frozenset[str]
    say_verbs: tuple[str, ...]   # longest first, as an alternation wants them


ENGLISH = Language(ABBREVIATIONS, TITLES, OPENERS, tuple(SAY_VERBS))
