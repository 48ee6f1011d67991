"""Each offline sub-coder called alone on one sentence, without the sentence loop: what
`coder.py` hands it (a `Reading` and the chunk's state) is all it needs.

Every sentence here is written for these tests.
"""

from __future__ import annotations

import pytest

from briefer.offline.attacks import code_attack
from briefer.offline.attribution import Context, actor_mentions, attribute
from briefer.offline.lexicon import lexicon, normalize
from briefer.offline.moves import code_moves
from briefer.offline.places import find_places, find_venue
from briefer.offline.reading import NOBODY, ChunkState, Reading, time_text
from briefer.offline.sentences import split_sentences
from briefer.offline.talks import code_talks


def reading_of(text: str) -> tuple[Reading, ChunkState]:
    """One sentence as the sentence loop would hand it to a sub-coder."""
    lex = lexicon()
    norm = normalize(text)
    (sentence,) = split_sentences(text)
    mentions = actor_mentions(norm, text, lex)
    credited = attribute(norm, text, Context(), mentions, lex) or dict(NOBODY)
    return Reading(sentence, norm, mentions, credited, time_text(norm, text)), ChunkState(norm, lex)


def test_places_finds_gazetteer_and_unknown_places_as_written():
    text = "Drones hit the village of Tarnovets and the Belgorod, Kursk and Bryansk regions."
    found = [surface for surface, _ in find_places(normalize(text), text, lexicon())]
    assert found == ["Belgorod region", "Kursk region", "Bryansk region", "Tarnovets"]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Two drones were downed over the Ryazan region, southeast of Moscow.", ["Ryazan region"]),
        ("Drones set fire to a refinery 200 km north of Volgograd.", []),
        ("A missile hit Chuhuiv, 40 kilometres from Kharkiv.", ["Chuhuiv"]),
        # a place named with its side of the country is still the place hit
        ("Shelling hit eastern Kharkiv overnight.", ["Kharkiv"]),
    ],
)
def test_places_leaves_out_a_place_named_as_a_bearing(text, places):
    found = [surface for surface, _ in find_places(normalize(text), text, lexicon())]
    assert found == places


def test_places_finds_the_talks_venue_only_in_a_talks_context():
    lex = lexicon()
    assert find_venue("The delegations met in Geneva on Tuesday.", lex) == "Geneva"
    assert find_venue("Geneva is cold in December.", lex, require_context=True) is None


def test_attacks_codes_who_attacked_whom_without_the_launch_sites():
    reading, chunk = reading_of(
        "Russia launched 90 drones at Ukraine from the Kursk and Bryansk regions overnight."
    )
    attack = code_attack(reading, chunk, lexicon())
    assert attack is not None
    assert (attack["attacker"], attack["target_country"], attack["places"]) == (
        "Russia",
        "Ukraine",
        [],
    )
    assert [(f["weapon"], f["count"]["min"]) for f in attack["figures"]] == [("drones", 90)]


def test_attacks_codes_nothing_it_cannot_give_a_side():
    reading, chunk = reading_of("A drone hit a warehouse in the village of Ozerne on Sunday.")
    assert code_attack(reading, chunk, lexicon()) is None


def test_talks_codes_a_session_with_its_venue_and_round():
    reading, chunk = reading_of("The delegations met in Geneva for the sixth round of talks.")
    (talk,) = code_talks(reading, chunk, lexicon())
    assert (talk["kind"], talk["venue"], talk["round"]) == ("session", "Geneva", 6)


def test_moves_codes_a_move_with_its_actor_and_target():
    reading, _ = reading_of("Canada on Friday announced new sanctions against Russia.")
    (move,) = code_moves(reading, False, [], lexicon(), None, [])
    assert (move["kind"], move["actor"], move["actor_side"], move["target"]) == (
        "sanctions",
        "Canada",
        "other",
        "Russia",
    )
