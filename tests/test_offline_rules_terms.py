"""Rules from the round that worked on what a briefing spends its words on: the terms a
side sets for a pause are talks, not an attack.

Every sentence here is written for these tests.
"""

from __future__ import annotations

from test_offline import check


def test_strikes_a_pause_must_cover_are_a_condition_not_an_attack():
    data = check(
        "Negotiators discussed a pause in strikes on energy sites. Moscow insists any pause "
        "must also cover Ukraine's long-range drone strikes on its oil refineries; Kyiv "
        "refuses to include them."
    )
    assert data["attacks"] == []
    assert any(t["kind"] == "position" for t in data["talks"])


def test_a_capital_that_refuses_is_a_government_not_a_place_hit():
    data = check(
        "Russian drones struck Odesa overnight, the regional governor said; Kyiv rejects "
        "Moscow's claim that the port stores weapons."
    )
    assert [a["places"] for a in data["attacks"]] == [["Odesa"]]
