"""An attack line's notes: what one report of the attack says that the line does not.

Every sentence here is written for these tests.
"""

from __future__ import annotations

from test_merge import Corpus, attack, dnipro_wave, move, rng

from briefer.merge.length import Length, fit_length
from briefer.render import render_markdown


def _wave(second_summary: str, second_evidence: str | None = None) -> Corpus:
    corpus = Corpus()
    corpus.story(
        "Harbor Post", "Overnight wave", "2026-03-11",
        attacks=[attack("Russia launched 40 drones at Dnipro overnight, the air force said",
                        places=["Dnipro"], time_text="overnight",
                        figures=[("drones", "launched", rng(40, text="40"))],
                        killed=rng(2, text="two"),
                        source="Ukraine's air force", side="Ukraine")],
    )  # fmt: skip
    corpus.story(
        "Ledger Review", "Dnipro counts its dead", "2026-03-11",
        attacks=[attack(second_evidence or second_summary, places=["Dnipro"],
                        time_text="overnight", killed=rng(2, text="two"),
                        summary=second_summary, source="Mayor Ivan Petrenko", side="Ukraine")],
    )  # fmt: skip
    return corpus


def test_a_report_telling_more_than_the_line_becomes_a_note_citing_it():
    corpus = _wave("Two people died when a drone hit a crowded bus station near the Dnipro market")
    briefing = corpus.merge()
    (wave,) = briefing.attacks
    (note,) = wave.notes
    assert "bus station" in note.text and "market" in note.text
    assert note.text.endswith("(Mayor Ivan Petrenko)")  # a note names who tells it
    assert len(note.cites) == 1 and set(note.cites) < set(wave.cites)
    markdown = render_markdown(briefing)
    assert f"  - {note.text} [{note.cites[0]}]" in markdown  # a sub-line of the attack


def test_a_report_saying_only_what_the_line_says_is_no_note():
    corpus = _wave("Two people were killed in Dnipro overnight, the mayor said")
    (wave,) = corpus.merge().attacks
    assert wave.notes == []


def test_filler_words_spelt_with_double_letters_are_filler_too():
    """ "attacked", "killed", "Russian", "missiles", "officials": words any report of an
    attack uses, double letters and all."""
    corpus = _wave("Russian missiles attacked Dnipro overnight and killed two, officials said")
    (wave,) = corpus.merge().attacks
    assert wave.notes == []


def test_a_breakdown_by_numbers_alone_is_no_note():
    corpus = _wave("Two people were killed: one in Dnipro and one more nearby, overnight")
    (wave,) = corpus.merge().attacks
    assert wave.notes == []


def test_a_note_states_no_number_its_report_does_not():
    corpus = _wave(
        "Two people died when a drone hit a bus station where 30 people were waiting",
        second_evidence="Two people died when a drone hit a bus station, the mayor said",
    )
    (wave,) = corpus.merge().attacks
    assert wave.notes == []


def test_two_outlets_telling_one_detail_give_one_note():
    corpus = _wave("Two people died when a drone hit a crowded bus station near the market")
    corpus.story(
        "Northwire", "Bus station hit", "2026-03-11",
        attacks=[attack("A drone hit a crowded bus station near the market, killing two",
                        places=["Dnipro"], time_text="overnight", killed=rng(2, text="two"),
                        source="Mayor Ivan Petrenko", side="Ukraine")],
    )  # fmt: skip
    (wave,) = corpus.merge().attacks
    assert len(wave.notes) == 1


def test_notes_go_before_any_line_is_dropped():
    corpus = _wave("Two people died when a drone hit a crowded bus station near the Dnipro market")
    corpus.story(
        "Steppe Review", "Reaction", "2026-03-11",
        moves=[move("statement", "Andrii Sybiha", "Foreign Minister Andrii Sybiha said the "
                    "strike showed why Kyiv needs more air defence systems", side="Ukraine")],
    )  # fmt: skip
    briefing = corpus.merge()
    (wave,) = briefing.attacks
    (statement,) = briefing.moves
    note = wave.notes[0]
    length = Length(briefing, marked=False)
    # a key point past the two headlines says a line below word for word: it goes first
    points = [p for i, p in enumerate(briefing.key_points) if i >= 2 or (i and p.rule == "move")]
    repeats = sum(length.drop(p)[1] for p in points)
    total = Length(briefing, marked=False).total
    words = len(f"  - {note.text} [1]".split())
    fit_length(briefing, total - repeats - words, marked=False)
    assert wave.notes == []  # the note went, not the statement (a line that may go too)
    assert briefing.attacks == [wave] and briefing.moves == [statement]


def test_an_old_fact_goes_before_a_note_on_the_days_attack():
    """Background that tells an older fact of a new story tells less than an outlet's
    detail of the day's attack: over the bound, it goes first, and the note stays."""
    from briefer.merge.model import BackgroundItem

    corpus = _wave("Two people died when a drone hit a crowded bus station near the Dnipro market")
    briefing = corpus.merge()
    (wave,) = briefing.attacks
    note = wave.notes[0]
    old = BackgroundItem(key="old", text="In 2023 a drone hit the same Dnipro bus station, "
                         "damaging its roof and two parked buses", section="attacks",
                         cites=wave.cites[:1], start="2023-05-01", end="2023-05-01")  # fmt: skip
    briefing.background.append(old)
    total = Length(briefing, marked=False).total
    fit_length(briefing, total - 5, marked=False)
    assert briefing.background == [] and wave.notes == [note]


def test_sources_giving_the_same_figures_share_one_label():
    corpus = dnipro_wave([
        ("Harbor Post", "Ukraine's air force", "AP", 40),
        ("Northwire", "Volodymyr Zelenskyy", None, 40),
        ("Ledger Review", "Mayor Ivan Petrenko", None, 45),
    ])  # fmt: skip
    (wave,) = corpus.merge().attacks
    said = "(Ukraine's air force via AP and Volodymyr Zelenskyy: 40; Mayor Ivan Petrenko: 45)"
    assert said in wave.text


def test_an_outlet_is_not_named_twice_in_who_said_it():
    from briefer.merge.items import source_label, via_label

    outlet = {"source": None, "via": "Reuters"}  # the outlet "Reuters via Devdiscourse" itself
    assert via_label(outlet, "Reuters via Devdiscourse") is None
    assert via_label({"source": "Reuters", "via": "Devdiscourse via Reuters"}) == "Devdiscourse"
    assert via_label({"source": None, "via": "AP"}, "Saudi Gazette (AP)") is None
    both = {"source": "Volodymyr Zelenskyy; Ukraine's air force", "via": None}
    assert source_label(both, None) == "Volodymyr Zelenskyy and Ukraine's air force"


def test_a_reports_sentence_that_is_a_moves_line_is_no_note_on_the_attack():
    """The sentence telling the summons after the strike is the summons' line under
    Diplomatic moves; as a note under the strike it says the same twice. A note from
    another sentence stays."""
    summons = (
        "Valmont has summoned Russia's envoy after overnight strikes on Dnipro damaged "
        "its consulate and a crowded bus station"
    )
    corpus = _wave(summons)
    corpus.story(
        "Ledger Review", "Dnipro counts its dead", "2026-03-11",
        moves=[{**move("condemnation", "Valmont", summons), "sentences": [1]}],
    )  # fmt: skip
    briefing = corpus.merge()
    (wave,) = briefing.attacks
    assert wave.notes == [] and any("summoned" in m.text for m in briefing.moves)
    kept = _wave("Two people died when a drone hit a crowded bus station near the Dnipro market")
    kept.story(
        "Ledger Review", "Dnipro counts its dead", "2026-03-11",
        moves=[{**move("condemnation", "Valmont", summons), "sentences": [1]}],
    )  # fmt: skip
    assert [len(a.notes) for a in kept.merge().attacks] == [1]


def test_a_key_point_restating_a_move_goes_before_a_note_on_the_days_attack():
    corpus = _wave("Two people died when a drone hit a crowded bus station near the Dnipro market")
    corpus.story(
        "Steppe Review", "Sanctions", "2026-03-11",
        moves=[move("sanctions", "European Union", "The European Union imposed sanctions on "
                    "twelve Russian drone makers", side="European Union", target="Russia")],
    )  # fmt: skip
    briefing = corpus.merge()
    (wave,) = briefing.attacks
    point = next(p for p in briefing.key_points if p.rule == "move")
    note = wave.notes[0]
    length = Length(briefing, marked=False)
    fit_length(briefing, length.total - length.drop(point)[1], marked=False)
    assert point not in briefing.key_points and wave.notes == [note]
