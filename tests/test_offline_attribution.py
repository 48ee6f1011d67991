"""Who said it: the offline coder's attribution of each sentence to a person or a body.

Test sentences are written for these tests; the officials in them are invented, as the
regional officials in real reports often are to the lexicon: the rules must find them.
"""

from __future__ import annotations

import pytest

from briefer.offline import coder, extract_text
from briefer.offline.lexicon import lexicon


@pytest.fixture
def sources(monkeypatch):
    """Run a chunk through the coder and return what `attribute` gave each sentence, in
    order (None where a sentence attributes nothing itself)."""

    def run(text: str) -> list[dict | None]:
        found: list[dict | None] = []
        original = coder.attribute

        def recording(*args, **kwargs):
            result = original(*args, **kwargs)
            found.append(result)
            return result

        monkeypatch.setattr(coder, "attribute", recording)
        extract_text(text)
        monkeypatch.setattr(coder, "attribute", original)
        return found

    return run


def who(attribution: dict | None) -> tuple[str | None, str | None]:
    assert attribution is not None
    return attribution["source"], attribution["side"]


# 1. a person named with their office: the person is the source, the office tells the side


def test_a_named_official_beside_the_office_is_the_source(sources):
    (said,) = sources(
        "Three people were killed and 12 wounded, one child among them, Petro Marchuk, head of "
        "the Sumy regional military administration, wrote on Telegram."
    )
    assert who(said) == ("Petro Marchuk", "Ukraine")


def test_the_office_before_the_name(sources):
    (said,) = sources(
        "A drone hit a warehouse in Poltava overnight, the regional governor, Ivan Kovalenko, "
        "wrote on Telegram."
    )
    assert who(said) == ("Ivan Kovalenko", "Ukraine")


def test_a_title_written_before_the_name(sources):
    (said,) = sources(
        "Guided bombs hit Zaporizhzhia on Tuesday, killing two people, regional governor "
        "Oleh Bondar said."
    )
    assert who(said) == ("Oleh Bondar", "Ukraine")


def test_a_russian_governor_is_on_russias_side(sources):
    first, second = sources(
        "A woman was wounded when a drone struck a car near the border, Belgorod governor "
        "Andrei Sorin wrote on Telegram.\n"
        "The Kursk region's governor, Pavel Lipin, said two houses were damaged in Rylsk."
    )
    assert who(first) == ("Andrei Sorin", "Russia")
    assert who(second) == ("Pavel Lipin", "Russia")


def test_according_to_the_office_and_the_name(sources):
    (said,) = sources(
        "In the Dnipropetrovsk region, a drone hit a street in Pavlohrad, killing a man, "
        "according to the regional governor, Mykola Tkach."
    )
    assert who(said) == ("Mykola Tkach", "Ukraine")


def test_the_name_after_the_verb_with_its_office(sources):
    (said,) = sources(
        "In Nikopol, across the river, artillery fire wounded two men, said Andrii Savyn, "
        "head of the district military administration."
    )
    assert who(said) == ("Andrii Savyn", "Ukraine")


def test_an_office_that_names_a_country_puts_the_person_on_its_side(sources):
    first, second = sources(
        "Russia's UN ambassador Igor Belov called the resolution one-sided.\n"
        "Swiss Foreign Minister Anna Keller said Switzerland was ready to host a summit."
    )
    assert who(first) == ("Igor Belov", "Russia")
    assert who(second) == ("Anna Keller", "other")


# 2. anaphora: the source named before in the chunk


def test_the_ministry_is_the_ministry_named_before(sources):
    first, second = sources(
        "Moscow's defence ministry claimed its forces had hit port facilities in Odesa.\n"
        "The ministry also said its air defences had downed 54 Ukrainian drones overnight."
    )
    assert who(first) == ("Russia's Ministry of Defence", "Russia")
    assert who(second) == ("Russia's Ministry of Defence", "Russia")


def test_it_said_is_the_body_credited_before_by_its_canonical_name(sources):
    first, second = sources(
        "Russia launched 90 drones overnight, the Ukrainian Air Force said. "
        "Air defences destroyed 71 of them, it said."
    )
    assert who(first) == who(second) == ("Ukraine's air force", "Ukraine")


def test_it_said_is_not_a_group_merely_mentioned_after_the_source(sources):
    found = sources(
        "Poland's operational command said it had scrambled jets as the attack neared its "
        "border. The state railway company Ukrzaliznytsia was not affected. Two airports "
        "were closed for several hours, it said."
    )
    assert who(found[0]) == who(found[-1]) == ("Poland's operational command", "other")


def test_it_said_is_a_body_that_opened_the_sentence_before(sources):
    found = sources(
        "The State Emergency Service said a fire broke out in Odesa. Ukraine's air force "
        "recorded 80 Russian drones overnight. It said 70 were shot down."
    )
    assert who(found[-1]) == ("Ukraine's air force", "Ukraine")


def test_the_governor_and_the_surname_are_the_person_introduced(sources):
    found = sources(
        "Regional governor Vasyl Hordiienko said a drone hit a substation in Sumy.\n"
        "The governor said power had been restored by noon.\n"
        "Hordiienko wrote that two people were treated for shock."
    )
    assert [who(f) for f in found] == [("Vasyl Hordiienko", "Ukraine")] * 3


def test_the_regional_governor_of_another_region_is_not_the_one_before(sources):
    first, second = sources(
        "In the Belgorod region, a woman was hurt, Belgorod governor Andrei Sorin said.\n"
        "In the Voronezh region, debris damaged two houses in Liski, the regional governor "
        "said."
    )
    assert who(first) == ("Andrei Sorin", "Russia")
    assert who(second) == ("regional governor", "Russia")


def test_he_said_follows_the_named_official(sources):
    first, second = sources(
        "Drones hit gas facilities in the Poltava region, regional governor Andriy Lytvyn "
        "said.\nNobody was hurt there, he said."
    )
    assert who(first) == who(second) == ("Andriy Lytvyn", "Ukraine")


def test_it_in_a_main_clause_is_the_subject_of_the_opening_clause(sources):
    (said,) = sources(
        "While China has not been openly critical of Moscow, it has said that any use of "
        "nuclear weapons would be unacceptable."
    )
    assert who(said) == ("China", "China")


# 3. a report with no speech verb goes on with the source of the sentence before


def test_a_figure_sentence_in_a_run_of_one_sources_report_keeps_that_source():
    data = extract_text(
        "Air defence units shot down 338 drones and 23 missiles, the air force said. Another "
        "29 drones were lost to electronic warfare. Twenty drones and eight missiles hit 14 "
        "locations, and falling debris was recorded at five more."
    )
    last = data["attacks"][-1]
    assert last["evidence"].startswith("Twenty drones")
    assert who(last["attribution"]) == ("Ukraine's air force", "Ukraine")


# 4. quotation first, speaker after


def test_a_quotation_then_the_speaker(sources):
    first, _, third, fourth = sources(
        '"Tough, but businesslike," Budanov told reporters as he left the palace.\n'
        "Medinsky sounded more upbeat. "
        '"For the first time I hear some realism," he told the state broadcaster.\n'
        '"Every tanker we list is a drone the Kremlin cannot pay for," EU foreign policy '
        "chief Kaja Kallas said."
    )
    assert who(first) == ("Kyrylo Budanov", "Ukraine")
    assert who(third) == ("Vladimir Medinsky", "Russia")
    assert who(fourth) == ("Kaja Kallas", "European Union")


def test_a_second_verb_shares_the_first_ones_subject(sources):
    (said,) = sources(
        'Foreign Minister Andrii Sybiha condemned the strike as "an act of terror" and said '
        "he had asked partners for more sanctions."
    )
    assert who(said) == ("Andrii Sybiha", "Ukraine")


# what else a source is written as


def test_a_dateline_is_not_part_of_the_source(sources):
    (said, _, again) = sources(
        "CHISINAU, Moldova (Wire) — Moldova's Foreign Ministry said it had summoned Russia's "
        'ambassador. No one was hurt. "We reject it," the ministry said in a statement.'
    )
    assert who(said) == who(again) == ("Moldova's Foreign Ministry", "other")


def test_an_unnamed_source_as_the_text_puts_it(sources):
    (said,) = sources(
        "A US proposal for the nuclear plant was raised only briefly, according to a person "
        "familiar with the talks."
    )
    assert who(said) == ("a person familiar with the talks", None)


def test_an_outlets_reporter_stays_the_outlets(sources):
    first, second = sources(
        "Moscow has rejected the idea, Harbor Post's Irina Sokolova said from Moscow.\n"
        '"Nobody here expects a deal," Sokolova said.'
    )
    assert who(first) == who(second) == ("Harbor Post's Irina Sokolova", None)


def test_local_officials_speak_for_the_place_hit(sources):
    (said,) = sources("In Kharkiv, two people died and 11 were wounded, local officials said.")
    assert who(said) == ("local officials", "Ukraine")


# 5. the lexicon's people


@pytest.mark.parametrize(
    ("name", "side"),
    [("Budanov", "Ukraine"), ("Nebenzia", "Russia"), ("Lubinets", "Ukraine")],
)
def test_officials_of_the_war_are_in_the_lexicon(name, side):
    actor = lexicon().actor(name)
    assert actor is not None and actor.side == side
