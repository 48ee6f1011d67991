"""An attack's line is composed from its parts, and the length fit shortens it by what
the parts are (who said which figure, titles, missile classes), never by re-reading it.

Every sentence here is written for these tests.
"""

from __future__ import annotations

from test_merge import DAY, SINCE, Corpus, attack, dnipro_wave, rng
from test_merge_attacks import events

from briefer.merge.length import Length, fit_length
from briefer.merge.parts import BRIEF, FULL, NAMES, compose


def _wave(city: str = "Dnipro", corpus: Corpus | None = None, attacker: str = "Russia") -> Corpus:
    """One night's wave told by three outlets, with two tolls and a titled official."""
    corpus = corpus or Corpus()
    for outlet, source, via, drones, killed in (
        ("Harbor Post", "Ukraine's air force", "AP", 40, rng(2, None, "at least", "at least two people")),
        ("Northwire", "Ihor Hrytsenko, Minister of Internal Affairs of Ukraine", None, 40,
         rng(2, text="two people")),
        ("Saudi Ledger (AP)", None, None, 45, rng(4, text="four people")),
    ):  # fmt: skip
        corpus.story(
            outlet, "Overnight wave", "2026-03-11",
            attacks=[attack(f"{attacker} launched {drones} drones at {city} overnight, killing "
                            f"{killed['text']}", places=[city], time_text="overnight",
                            attacker=attacker, target=({"Russia": "Ukraine"}).get(attacker, "Russia"),
                            figures=[("drones", "launched", rng(drones, text=str(drones)))],
                            killed=killed, source=source, side="Ukraine", via=via)],
        )  # fmt: skip
    return corpus


def test_a_wave_line_is_its_parts_with_who_said_what_in_their_words():
    (wave,) = _wave().merge().attacks
    assert [p.kind for p in wave.parts] == ["figures", "toll"]
    assert wave.text == compose(wave.head, wave.parts, FULL)
    toll = wave.parts[1]
    assert toll.words == "at least 2–4 killed"
    # in full, each source's own words, however its outlet's name nests parentheses
    assert "Ihor Hrytsenko, Minister of Internal Affairs of Ukraine: two people" in toll.said
    assert "Saudi Ledger (AP): four people" in toll.said


def test_a_brief_line_keeps_who_gave_which_figure_as_numbers_without_titles_or_relays():
    (wave,) = _wave().merge().attacks
    brief = compose(wave.brief_head, wave.parts, BRIEF)
    assert "Russian attack (Dnipro)" in brief and "on Ukraine" not in brief
    assert "Ihor Hrytsenko: 2" in brief and "Minister" not in brief
    assert "Saudi Ledger (AP): 4" in brief
    assert "Ukraine's air force: at least 2" in brief and "via AP" not in brief  # cited
    assert len(brief.split()) < len(wave.text.split())


def test_sources_named_only_is_the_last_step_before_a_line_goes():
    (wave,) = _wave().merge().attacks
    names = compose(wave.brief_head, wave.parts, NAMES)
    assert "at least 2–4 killed (Ukraine's air force; Ihor Hrytsenko; Saudi Ledger (AP))" in names
    assert "(AP): 4" not in names and "Hrytsenko: 2" not in names


def test_the_length_fit_says_an_attack_briefly_before_it_drops_anything():
    briefing = _wave().merge()
    (wave,) = briefing.attacks
    full = wave.text
    fit_length(briefing, Length(briefing, marked=False).total - 3, marked=False)
    assert briefing.attacks == [wave]
    assert wave.text == compose(wave.brief_head, wave.parts, BRIEF) != full


def test_the_fit_names_sources_only_when_the_brief_line_is_still_too_long():
    briefing = _wave().merge()
    (wave,) = briefing.attacks
    brief = len(compose(wave.brief_head, wave.parts, BRIEF).split())
    names = len(compose(wave.brief_head, wave.parts, NAMES).split())
    over = Length(briefing, marked=False).total - len(wave.text.split())
    fit_length(briefing, over + (brief + names) // 2, marked=False)
    assert briefing.attacks == [wave]
    assert wave.text == compose(wave.brief_head, wave.parts, NAMES)


def test_the_fit_names_sources_only_of_as_many_attacks_as_the_bound_needs_the_last_first():
    """Who gave which figure goes from the last attack's line first, and the fit stops
    once the briefing fits: the first attack keeps its sources' figures."""
    briefing = _wave("Belgorod", _wave("Dnipro"), attacker="Ukraine").merge()
    first, last = briefing.attacks
    short = {id(a): len(compose(a.brief_head, a.parts, NAMES).split()) for a in (first, last)}
    brief = {id(a): len(compose(a.brief_head, a.parts, BRIEF).split()) for a in (first, last)}
    # room for both attacks briefly, less the words one attack's figures take
    other = Length(briefing, marked=False).total - len(first.text.split()) - len(last.text.split())
    budget = other + brief[id(first)] + short[id(last)]
    fit_length(briefing, budget, marked=False)
    assert briefing.attacks == [first, last]
    assert first.text == compose(first.brief_head, first.parts, BRIEF)
    assert last.text == compose(last.brief_head, last.parts, NAMES)


def test_an_attack_by_no_named_side_keeps_its_target_in_the_brief_headline():
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Bridge hit", "2026-03-11",
        attacks=[attack("A road bridge in Bryansk region collapsed under a train, injuring 12",
                        attacker=None, target="Russia", places=["Bryansk region"],
                        targets=["road bridge"], injured=rng(12, text="12"),
                        source="Governor Pavel Orlov", side="Russia")],
    )  # fmt: skip
    (line,) = corpus.merge().attacks
    brief = compose(line.brief_head, line.parts, BRIEF)
    assert brief.startswith("reported 2026-03-11: Attack on Russia (Bryansk region): 12 injured")


def test_a_lower_case_source_stays_named_in_a_brief_line():
    """A source named in lower case ("local media") is who said it, not an aside."""
    corpus = Corpus()
    for outlet, source, place, target in (
        ("Harbor Post", "local media", "central Dnipro", "city hall"),
        ("Northwire", "Mayor Ivan Petrenko", "Dnipro port", "grain terminal"),
    ):
        corpus.story(
            outlet, "Overnight wave", "2026-03-11",
            attacks=[attack(f"Russia launched 30 drones at Dnipro overnight; one hit the "
                            f"{target} in {place}", places=[place, "Dnipro"],
                            figures=[("drones", "launched", rng(30, text="30"))],
                            targets=[target], time_text="overnight", source=source,
                            side="Ukraine")],
        )  # fmt: skip
    briefing = corpus.merge()
    (wave,) = briefing.attacks
    fit_length(briefing, Length(briefing, marked=False).total - 3, marked=False)
    assert "central Dnipro, Dnipro: city hall (local media)" in wave.text


def _kyiv_share(count, targets=(), places=("Kyiv", "Sviatoshynskyi district")) -> Corpus:
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Overnight wave", "2026-03-11",
        attacks=[attack("Russia launched 112 drones at Odesa region and Kyiv overnight, the air "
                        "force said", places=["Odesa region", "Kyiv"], time_text="overnight",
                        figures=[("drones", "launched", rng(112, text="112"))],
                        source="Ukraine's air force", side="Ukraine")],
    )  # fmt: skip
    corpus.story(
        "Northwire", "Kyiv's night", "2026-03-11",
        attacks=[attack(f"{count['text']} drones were spotted over Kyiv; debris fell on a "
                        "boiler room in Sviatoshynskyi district", places=list(places),
                        time_text="overnight", targets=list(targets),
                        figures=[("drones", "launched", count)],
                        source="Timur Tkachenko", side="Ukraine")],
    )  # fmt: skip
    return corpus


def test_a_city_and_its_district_counting_part_of_the_wave_is_that_places_clause():
    (wave,) = _kyiv_share(rng(17, text="17")).merge().attacks
    assert "112 drones launched (Ukraine's air force)" in wave.text
    assert "Kyiv, Sviatoshynskyi district: 17 drones launched (Timur Tkachenko)" in wave.text


def test_a_share_of_a_place_with_its_own_clause_is_its_first_figure():
    corpus = _kyiv_share(rng(17, text="17"), targets=["boiler room"])
    corpus.story(
        "Ledger Review", "Odesa hit", "2026-03-11",
        attacks=[attack("Three people were injured in Odesa overnight", places=["Odesa"],
                        time_text="overnight", injured=rng(3, text="Three"),
                        source="Oleh Kiper", side="Ukraine")],
    )  # fmt: skip
    (wave,) = corpus.merge().attacks
    assert (
        "Kyiv, Sviatoshynskyi district: 17 drones launched, boiler room damaged (Timur Tkachenko)"
        in (wave.text)
    )
    assert wave.text.count("Sviatoshynskyi district:") == 1


def test_a_share_that_counts_nothing_is_no_clause():
    vague = rng(24, qualifier="dozens", text="Dozens of")  # as a coder may count "dozens"
    (wave,) = _kyiv_share(vague, places=["Kyiv"]).merge().attacks
    assert "dozens" not in wave.text and "112 drones launched" in wave.text


def test_a_source_is_named_once_within_a_place_never_across_places():
    from briefer.merge.model import LinePart

    def bit(kind, words, who):
        return LinePart(kind, words, said=who, brief_said=who)

    parts = [
        bit("figures", "40 drones launched", "the air force"),
        bit("toll", "2 killed", "the air force"),
        LinePart(
            "place", "Dnipro", bits=[bit("toll", "2 killed", "A"), bit("targets", "bus", "A")]
        ),
        LinePart("place", "Nikopol", bits=[bit("targets", "port", "A")]),
    ]
    brief = compose("overnight: Russian attack", parts, BRIEF)
    assert brief == (
        "overnight: Russian attack: 40 drones launched; 2 killed (the air force); "
        "Dnipro: 2 killed, bus (A); Nikopol: port (A)"
    )
    full = compose("overnight: Russian attack", parts, FULL)
    assert "40 drones launched (the air force); 2 killed (the air force)" in full


def test_a_brief_label_names_a_source_once_however_the_reports_combined_it():
    corpus = dnipro_wave([
        ("Harbor Post", "Ukraine's air force", "AP", 40),
        ("Northwire", "Volodymyr Zelenskyy; Ukraine's air force", "Al Jazeera", 40),
        ("Ledger Review", "Mayor Ivan Petrenko", None, 45),
    ])  # fmt: skip
    (wave,) = corpus.merge().attacks
    brief = compose(wave.brief_head, wave.parts, BRIEF)
    assert "(Ukraine's air force and Volodymyr Zelenskyy: 40; Mayor Ivan Petrenko: 45)" in brief


def test_what_a_side_says_it_hit_is_its_claim():
    corpus = Corpus()
    for outlet, source in (("Harbor Post", "Ivan Hrytsak"), ("Northwire", None)):
        corpus.story(
            outlet, "Pipeline hit", "2026-03-11",
            attacks=[attack("Drone forces commander Ivan Hrytsak said his units hit an oil "
                            "pipeline in Bryansk region overnight", attacker="Ukraine",
                            target="Russia", places=["Bryansk region"], time_text="overnight",
                            targets=["oil pipeline"], source=source, side="Ukraine")],
        )  # fmt: skip
    (line,) = corpus.merge().attacks
    # Northwire tells it in its own voice, but its sentence names who said so: the claim is
    # the commander's in both, named once
    assert line.text.endswith("hit: oil pipeline (Drone forces commander Ivan Hrytsak)")


def _wave_and_claim(claim_places=()) -> Corpus:
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Record wave", "2026-03-11",
        attacks=[
            attack("Russia launched 400 drones at Ukraine overnight, the air force said",
                   places=["Kyiv"], time_text="overnight", targets=["apartment block"],
                   figures=[("drones", "launched", rng(400, text="400"))],
                   source="Ukraine's air force", side="Ukraine"),
            attack("The Russian military said it had struck drone workshops and airfields",
                   places=list(claim_places), targets=["drone workshops", "airfields"],
                   source="the Russian military", side="Russia"),
        ],
    )  # fmt: skip
    return corpus


def test_the_attackers_word_on_what_it_struck_is_its_own_clause_of_the_wave():
    (wave,) = events(_wave_and_claim())
    assert "hit: apartment block (Ukraine's air force)" in wave.text
    assert wave.text.endswith("claimed hit: drone workshops, airfields (the Russian military)")


def test_a_claim_naming_no_place_says_where_it_says():
    (wave,) = events(_wave_and_claim(["a region bordering Norland"]))
    assert "claimed hit: drone workshops, airfields in a region bordering Norland" in wave.text
    assert "(Kyiv)" in wave.text  # not a place of the headline


def test_a_claim_naming_a_place_is_not_the_wave_by_its_story_alone():
    assert len(events(_wave_and_claim(["Sumy region"]))) == 2


def test_a_key_point_of_an_attack_counted_at_one_place_gives_its_toll_only():
    """The Key point of an attack whose figures are all one place's clause: that place's
    figures and toll, not what was hit nor who said it (its line below says both)."""
    from briefer.merge.attacks import _counted
    from briefer.merge.model import LinePart

    place = LinePart("place", "Bilopillia", bits=[
        LinePart("toll", "9 killed", "regional administration", "regional administration"),
        LinePart("toll", "4–7 injured", "police; officials", "police; officials"),
        LinePart("targets", "bus evacuating civilians", "police", "police")])  # fmt: skip
    assert _counted(place) == "Bilopillia: 9 killed, 4–7 injured"
    hit = LinePart(
        "place", "Kyiv", bits=[LinePart("targets", "Cabinet building", "mayor", "mayor")]
    )
    assert _counted(hit) == "Kyiv: Cabinet building (mayor)"


def _roundup_aside(corpus: Corpus) -> Corpus:
    """A roundup's aside on a strike, with no time wording: "Ukraine's military said it had
    struck a chemical plant in the Bryansk region"."""
    corpus.story(
        "Harbor Post", "Sanctions adopted", "2026-03-11",
        attacks=[attack("Ukraine's military said it had struck a chemical plant in the "
                        "Bryansk region", attacker="Ukraine", target="Russia",
                        places=["Bryansk region"], targets=["chemical plant"],
                        source="Ukraine's military", side="Ukraine")],
    )  # fmt: skip
    return corpus


def test_an_attack_no_report_dates_is_said_as_reported_on_its_stories_day():
    # no report names a day: the story's is when it was told, not when it happened
    (line,) = _roundup_aside(Corpus()).merge().attacks
    assert line.text.startswith("reported 2026-03-11: Ukraine's military said")
    # one report's own wording dates the event for every report of it
    dated = _roundup_aside(Corpus())
    dated.story(
        "Ledger Review", "Plant hit", "2026-03-11",
        attacks=[attack("Ukraine struck a chemical plant in the Bryansk region overnight, "
                        "its military said", attacker="Ukraine", target="Russia",
                        places=["Bryansk region"], targets=["chemical plant"],
                        time_text="overnight", source="Ukraine's military", side="Ukraine")],
    )  # fmt: skip
    (line,) = dated.merge().attacks
    assert line.text.startswith("overnight to 2026-03-11: Ukrainian attack")
    assert len(line.cites) == 2


def test_a_toll_told_as_an_addition_is_no_low_end_of_a_range():
    from briefer.merge.attacks import _reconcile_casualties
    from briefer.merge.items import collect_items

    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Kyiv attack", "2026-03-11",
        attacks=[attack("Russian strikes on Kyiv overnight killed at least 18 people",
                        places=["Kyiv"], time_text="overnight",
                        killed=rng(18, None, "at least", text="at least 18 people"))],
    )  # fmt: skip
    corpus.story(
        "Ledger Review", "Kyiv blast", "2026-03-11",
        attacks=[attack("Hours later, another person was killed in a separate blast in Kyiv",
                        places=["Kyiv"], time_text="overnight",
                        killed=rng(1, 1, text="another person"))],
    )  # fmt: skip
    items = collect_items(corpus.extractions, corpus.stories, corpus.documents, DAY - SINCE)
    toll = _reconcile_casualties(items, "killed")
    assert (toll.min, toll.qualifier) == (18, "at least")  # not "at least 1-18"
    (addition,) = [i for i in items if "another" in i.evidence]
    alone = _reconcile_casualties([addition], "killed")
    assert (alone.min, alone.max) == (1, 1)  # where no report gives a total, it counts


def test_a_count_of_weapons_of_no_one_kind_is_said_in_its_own_words():
    from briefer.merge.attacks import _with_noun

    assert _with_noun("629 missiles and drones", "other") == "629 missiles and drones"
    assert _with_noun("629", "other") == "629 weapons"
    assert _with_noun("728", "drones") == "728 drones"


def test_a_local_reports_toll_its_sentence_does_not_place_is_its_places_own():
    # the governor's "seven others were wounded" after "three died at the city beach" is
    # Kursk's, not a second toll of the whole night's wave over nine regions
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Drones downed", "2026-03-11",
        attacks=[attack("Russia's Defense Ministry said it shot down 86 Ukrainian drones over "
                        "the Kursk, Bryansk and Tula regions overnight", attacker="Ukraine",
                        target="Russia", places=["Kursk Region", "Bryansk Region", "Tula Region"],
                        figures=[("drones", "claimed intercepted", rng(86, 86, text="86"))],
                        source="Russia's Defense Ministry", side="Russia", time_text="overnight")],
    )  # fmt: skip
    corpus.story(
        "Ledger Review", "Beach hit", "2026-03-11",
        attacks=[attack("Three people died at the scene following the attack on the city beach "
                        "in Kursk, the governor wrote overnight. He later added that seven "
                        "others were wounded.", attacker="Ukraine", target="Russia",
                        places=["Kursk"], targets=["city beach"], time_text="overnight",
                        killed=rng(3, 3, text="three people"), injured=rng(7, 7, text="seven"),
                        source="Governor Alexander Khinshtein", side="Russia")],
    )  # fmt: skip
    (wave,) = corpus.merge().attacks
    # one report's toll stays one clause: not "7 injured (…); Kursk: 3 killed"
    assert "3 killed and 7 injured" in wave.text or "3 killed, 7 injured" in wave.text


def test_one_body_named_three_ways_is_one_source_of_a_figure():
    """Real news dev, 2025-07-09: one wave's 728 drones came out credited to "Ukraine's air
    force" and to "Ukrainian air force and air force"."""
    corpus = dnipro_wave([
        ("Harbor Post", "Ukraine's air force", None, 40),
        ("Northwire", "the Ukrainian air force", None, 40),
        ("Eastline", "air force", None, 40),
        ("Ledger Review", "Mayor Ivan Petrenko", None, 45),
    ])  # fmt: skip
    (wave,) = corpus.merge().attacks
    brief = compose(wave.brief_head, wave.parts, BRIEF)
    assert brief.count("air force") == 1, brief
    assert "air force: 40; Mayor Ivan Petrenko: 45)" in brief, brief


def test_a_source_naming_two_inside_its_brackets_stays_one_source_briefly():
    """ "Local officials (the governor and the national police)" is one source: briefly,
    its bracket is not cut in two at its "and"."""
    corpus = Corpus()
    for outlet, source, killed in (
        ("Harbor Post", "the regional administration", rng(9, text="nine people")),
        ("Northwire", "local officials (Gov. Ivan Petrenko and the national police)",
         rng(9, text="nine people")),
    ):  # fmt: skip
        corpus.story(
            outlet, "Bus hit", "2026-03-11",
            attacks=[attack("A drone hit a bus in Dnipro, killing nine people", places=["Dnipro"],
                            killed=killed, source=source, side="Ukraine")],
        )  # fmt: skip
    (wave,) = corpus.merge().attacks
    for detail in (BRIEF, NAMES):
        line = compose(wave.brief_head, wave.parts, detail)
        assert "(Gov. Ivan Petrenko and the national police)" in line, line


def test_a_source_named_as_earlier_reports_is_the_outlets_own_figure():
    """ "Earlier reports" is no speaker: the outlet's own earlier figure, and two outlets'
    earlier reports are two sources."""
    corpus = Corpus()
    for outlet, source, killed in (
        ("Harbor Post", "Earlier reports", rng(4, text="four people")),
        ("Northwire", "initial reports", rng(3, text="three people")),
        ("Ledger Review", "Mayor Ivan Petrenko", rng(2, text="two people")),
    ):  # fmt: skip
        corpus.story(
            outlet, "Strike", "2026-03-11",
            attacks=[attack(f"A drone strike on Dnipro overnight killed {killed['text']}",
                            places=["Dnipro"], time_text="overnight", killed=killed,
                            source=source, side="Ukraine")],
        )  # fmt: skip
    (wave,) = corpus.merge().attacks
    assert "Harbor Post (earlier reports): four people" in wave.text
    assert "Northwire (initial reports): three people" in wave.text


def test_a_reports_two_sources_are_each_credited_with_what_their_own_sentence_says():
    """One report crediting a ministry and a governor: the drones downed are the
    ministry's, the site on fire the governor's; neither is credited with the other's."""
    evidence = ("The Defense Ministry said it shot down 14 drones over the Tambar region "
                "overnight. Governor Ivan Petrenko said debris from downed drones caused a "
                "fire at an industrial site.")  # fmt: skip
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Drones over Tambar", "2026-03-11",
        attacks=[
            attack("Ukraine launched 60 drones at Russia overnight", attacker="Ukraine",
                   target="Russia", places=["Tambar region", "Orlov region"],
                   time_text="overnight", figures=[("drones", "launched", rng(60, text="60"))],
                   source="the outlet's count"),
            attack(evidence, attacker="Ukraine", target="Russia", places=["Tambar region"],
                   targets=["industrial site"], time_text="overnight",
                   figures=[("drones", "claimed intercepted", rng(14, text="14"))],
                   source="the Defense Ministry; Governor Ivan Petrenko", side="Russia"),
        ],
    )  # fmt: skip
    (wave,) = corpus.merge().attacks
    assert "14 drones claimed intercepted (the Defense Ministry)" in wave.text
    assert "industrial site (Governor Ivan Petrenko)" in wave.text
