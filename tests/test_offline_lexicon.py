"""The offline lexicon files check out against the extraction schema, and a broken one is
reported by place."""

from __future__ import annotations

import copy

from briefer.offline.lexicon import normalize
from briefer.offline.validate import bundled_files, validate_lexicon


def test_the_bundled_lexicon_is_valid():
    assert validate_lexicon() == []


def test_a_side_or_kind_the_schema_lacks_is_reported_by_file():
    files = copy.deepcopy(bundled_files())
    files["places"]["Atlantis"] = {"Poseidonia": []}
    files["actors"]["person"][0]["side"] = "Ruritania"
    files["vocabulary"]["moves"]["embargo"] = ["embargoed"]
    files["weapons"]["weapons"]["catapults"] = ["catapult"]
    files["talks"]["words"]["parties"] = ["Russia", "Narnia"]
    files["moves"]["words"]["move_priority"].append("duel")
    problems = "\n".join(validate_lexicon(files))
    assert "places.toml [Atlantis]: side 'Atlantis'" in problems
    assert "side 'Ruritania' is not one of the schema's sides" in problems
    assert "vocabulary.toml [moves]: 'embargo' is not a schema move kind" in problems
    assert "weapons.toml [weapons]: 'catapults' is not a schema weapon" in problems
    assert "talks.toml [words] parties: side 'Narnia'" in problems
    assert "moves.toml [words] move_priority: 'duel' is not a schema move kind" in problems


def test_a_rule_without_a_reason_a_twice_defined_rule_or_a_bad_pattern_is_reported():
    files = copy.deepcopy(bundled_files())
    files["attacks"]["rules"]["attack_trigger"]["why"] = ""
    files["moves"]["rules"]["river"] = {"why": "again", "pattern": "x"}
    files["talks"]["rules"]["broken"] = {"why": "unbalanced", "pattern": "(talks"}
    files["time"].setdefault("words", {})["copy"] = list(files["places"]["words"]["place_words"])
    problems = "\n".join(validate_lexicon(files))
    assert "attacks.toml [rules.attack_trigger]: needs a `pattern` and a `why`" in problems
    assert "moves.toml [rules.river]: already defined in places.toml [rules.river]" in problems
    assert "talks.toml: a rule does not compile" in problems
    assert "the same list as" in problems


def test_normalize_marks_single_quotes_as_quotes_but_not_apostrophes():
    """House styles and JSON digests quote with single quotes; offsets must not move."""
    quoted = "Peskov said the meeting had been 'useful' so far."
    assert normalize(quoted) == 'Peskov said the meeting had been "useful" so far.'
    for text in (quoted, "Ukraine's envoy said he won't attend."):
        assert len(normalize(text)) == len(text)
    assert normalize("Ukraine's envoy said he won't attend.") == (
        "Ukraine's envoy said he won't attend."
    )


def test_the_body_a_phrase_names_is_its_person_side_or_first_country_or_side():
    from briefer.offline.lexicon import body_named

    assert body_named("Kaja Kallas") == "European Union"  # a person, by their side
    assert body_named("the British government") == "United Kingdom"
    assert body_named("U.K.") == "United Kingdom"
    assert body_named("Russian ambassador to the UK") == "Russia"  # the first named
    assert body_named("Belgian Foreign Minister") == "Belgium"
    assert body_named("Mark Rutte") is None and body_named(None) is None
