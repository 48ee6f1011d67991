"""Numbers written in words, as the extractor and the merge read them."""

from __future__ import annotations

import re

import pytest

from briefer.merge.text import numbers_in_evidence
from briefer.numbers import NUMBER_WORDS, ORDINAL_WORDS, number_words_value

WORDS = re.compile(rf"\b(?:{ORDINAL_WORDS}|{NUMBER_WORDS})\b", re.IGNORECASE)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("four", 4), ("Twenty-nine", 29), ("ninety one", 91), ("nineteen", 19),
        ("a dozen", 12), ("two dozen", 24), ("a hundred", 100), ("two hundred", 200),
        ("two hundred and five", 205), ("one thousand two hundred", 1200),
        ("three hundred thousand", 300_000), ("1.5", None), ("third", 3),
        ("twenty-first", 21), ("drones", None), ("", None), ("two and three", None),
        ("third round", None),
    ],
)  # fmt: skip
def test_number_words_value(text, value):
    assert number_words_value(text) == value


@pytest.mark.parametrize(
    ("sentence", "phrases"),
    [
        ("Twenty-nine drones and a dozen missiles", ["Twenty-nine", "a dozen"]),
        ("between two and three hundred people", ["two", "three hundred"]),
        ("the twenty-third attack on one thousand two hundred homes",
         ["twenty-third", "one thousand two hundred"]),
        ("someone often gave a ten-minute talk", ["ten"]),
        ("none of the eighteenths", []),
    ],
)  # fmt: skip
def test_patterns_find_whole_phrases(sentence, phrases):
    assert [m.group() for m in WORDS.finditer(sentence)] == phrases


def test_the_merge_reads_the_same_numbers():
    stated = numbers_in_evidence("Two hundred and five drones, 1,000 shells, the third round")
    assert stated == {205, 1000, 3}
    assert 2 not in stated  # "two hundred" does not also state 2


def test_a_quote_is_read_once_and_its_numbers_cannot_be_changed():
    quote = "Forty-two drones were launched at 3 regions, one of them new"
    numbers_in_evidence.cache_clear()
    first = numbers_in_evidence(quote)
    assert isinstance(first, frozenset)  # a caller adding to it cannot change another's
    assert numbers_in_evidence(quote) is first
    assert numbers_in_evidence.cache_info().hits == 1
    # keyed by the exact text: another quote is read for itself
    assert numbers_in_evidence(quote.replace("3", "4")) == {42, 4, 1}
