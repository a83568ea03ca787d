"""Name matching that forgives how people type transliterated Arabic place names.

"Maarrat al-Nu'man", "maarrat al numan" and "MAARRAT AL-NU’MAN" must find the same place,
and the same rule decides whether two aliases collide, so lookup and validation agree.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

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


#: How much less similar than the best a near spelling may be and still be suggested.
CLOSE_MARGIN = 0.1


def closest(key: str, candidates: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Near spellings of ``key`` among ``candidates``, the most similar first (difflib's ratio).

    Those clearly less similar than the best are left out: "goverment" is government, not
    also foreign; "Saraqb" is Saraqib, not also Bara. A did-you-mean with one obvious answer
    should give only that one.
    """
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(key)
    scored = []
    for candidate in dict.fromkeys(candidates):
        matcher.set_seq1(candidate)
        ratio = matcher.ratio()
        if ratio >= cutoff:
            scored.append((ratio, candidate))
    if not scored:
        return []
    scored.sort(key=lambda r: -r[0])
    best = scored[0][0]
    return [c for ratio, c in scored if ratio >= best - CLOSE_MARGIN][:n]
