"""Numbers written in words: "twenty-nine", "two hundred and five", "a dozen", "third".

One table of number words and one parser (and the words that make a count national),
shared by the offline extractor (which reads
counts out of sentences) and the merge (which checks that a line's digits are stated by
its evidence). `NUMBER_WORDS` and `ORDINAL_WORDS` are regex sources to embed in larger
patterns; compile them case-insensitively, or match lower-cased text.
"""

from __future__ import annotations

import re

__all__ = [
    "NATIONWIDE",
    "NUMBER_WORDS",
    "ORDINALS",
    "ORDINAL_WORDS",
    "SCALES",
    "TENS",
    "UNITS",
    "number_words_value",
]

# a count for the whole country, not for the place named before it: "Across the country,
# at least six people were killed", "eight in total"
NATIONWIDE = re.compile(
    r"\b(?:across|throughout|nationwide|country-wide|in\s+total|overall|in\s+all)\b", re.I
)

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}


def _longest_first(words: object) -> str:
    return "|".join(sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


_ONE_TO_NINE = "|".join(k for k, v in UNITS.items() if 0 < v < 10)
_SMALL = rf"(?:(?:{_longest_first(TENS)})(?:[- ](?:{_ONE_TO_NINE}))?|{_longest_first(UNITS)})"
_SCALE = _longest_first(SCALES)

# a cardinal in words: "four", "twenty-nine", "a hundred", "two hundred and five",
# "one thousand two hundred", "a dozen"; "and" only after a scale, so "two and three" is two
NUMBER_WORDS = (
    rf"(?:(?:an?|{_SMALL})\s+dozen|dozen"
    rf"|(?:an?|{_SMALL})(?:\s+(?:{_SCALE}))+(?:\s+(?:and\s+)?{_SMALL}(?:\s+(?:{_SCALE}))*)*"
    rf"|{_SMALL})"
)
# an ordinal in words: "third", "twenty-first"
ORDINAL_WORDS = rf"(?:(?:{_longest_first(TENS)})[- ])?(?:{_longest_first(ORDINALS)})"


def number_words_value(text: str) -> int | None:
    """The value of a number written in words: 'Twenty-nine' -> 29, 'a dozen' -> 12,
    'two hundred and five' -> 205, 'one thousand two hundred' -> 1200, 'twenty-third' -> 23.
    None when `text` is not (only) a number in words."""
    words = text.lower().replace("-", " ").split()
    if words[:1] in (["a"], ["an"]) and len(words) > 1:
        words[0] = "one"
    if not words:
        return None
    total = current = 0
    for i, word in enumerate(words):
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in ORDINALS and i == len(words) - 1:
            current += ORDINALS[word]
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0
        elif word == "and" and 0 < i < len(words) - 1 and words[i - 1] in SCALES:
            continue
        else:
            return None
    return total + current
