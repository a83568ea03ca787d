"""Name matching that forgives how people type transliterated Arabic place names.

"Maarrat al-Nu'man", "maarrat al numan" and "MAARRAT AL-NU’MAN" must find the same place,
and the same rule decides whether two aliases collide, so lookup and validation agree.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = re.compile(r"[\u0027\u2018\u2019\u02bc\u02bf\u02be\u0060\u00b4]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_.,]+")


def normalize_name(name: str) -> str:
    """Fold case, accents, apostrophes, hyphens and spacing: the key aliases are compared by."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = _APOSTROPHES.sub("", stripped).casefold()
    spaced = _SEPARATORS.sub(" ", folded).strip()
    # "the Observatory" and "Observatory", "the army" and "army" are one name.
    return spaced[4:] if spaced.startswith("the ") and len(spaced) > 4 else spaced
