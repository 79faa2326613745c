"""Names in the MRZ: Latin transliteration, `PRIMARY<<SECONDARY` encoding, truncation, decoding."""

from __future__ import annotations

import string
import unicodedata
from functools import lru_cache

from trainer.docgen.checkdigit import FILLER

# Letters that do not decompose to a base letter plus marks, or whose usual MRZ spelling is longer.
_SPECIAL = {
    "Ä": "AE",
    "Ö": "OE",
    "Ü": "UE",
    "Å": "AA",
    "Æ": "AE",
    "Ø": "OE",
    "Œ": "OE",
    "ẞ": "SS",
    "Þ": "TH",
    "Ð": "D",
    "Đ": "D",
    "Ł": "L",
    "Ħ": "H",
    "Ŀ": "L",
    "Ŧ": "T",
    "Ĳ": "IJ",
}
_SEPARATORS = frozenset(" -\u2010\u2011")
_DROPPED = frozenset("'.,\u2019\u02bc")
_LETTERS = frozenset(string.ascii_uppercase)


@lru_cache(maxsize=4096)
def transliterate(text: str) -> str:
    """`text` in capitals A-Z, separators as `<`; raises ValueError on what has no spelling."""
    out: list[str] = []
    for char in text:
        if char in _SEPARATORS:
            if out and out[-1] != FILLER:
                out.append(FILLER)
            continue
        if char in _DROPPED:
            continue
        upper = char.upper()
        if upper in _SPECIAL:
            out.append(_SPECIAL[upper])
            continue
        base = "".join(
            c for c in unicodedata.normalize("NFKD", upper) if not unicodedata.combining(c)
        )
        if not base or any(c not in _LETTERS for c in base):
            raise ValueError(f"{char!r} in {text!r} has no MRZ spelling")
        out.append(base)
    return "".join(out).strip(FILLER)


def encode(surname: str, given_names: str, width: int) -> str:
    """The name field: surname `<<` given names, padded with `<` or cut to `width`."""
    primary = transliterate(surname)
    if not primary:
        raise ValueError("a name needs a surname (primary identifier)")
    secondary = transliterate(given_names)
    text = f"{primary}{FILLER * 2}{secondary}" if secondary else primary
    return text[:width].ljust(width, FILLER)


def decode(field: str) -> tuple[str, str]:
    """The surname and given names in a name field, name parts separated by spaces."""
    primary, _, secondary = field.partition(FILLER * 2)
    return _words(primary), _words(secondary)


def canonical(surname: str, given_names: str, width: int) -> tuple[str, str]:
    """The names as the MRZ reads them back: transliterated and cut to `width`."""
    return decode(encode(surname, given_names, width))


def _words(part: str) -> str:
    return " ".join([w for w in part.split(FILLER) if w])
