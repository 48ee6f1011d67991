"""The merge's checks on single reports, read once per text."""

from __future__ import annotations

import pytest

from briefer.merge.checks import sets_apart


@pytest.mark.parametrize(
    ("evidence", "apart"),
    [
        ("Other Russian attacks killed three in the Zaporizhia region.", True),
        ("In a separate strike, two were injured in Sumy.", True),
        ("Russia launched 300 drones at Kyiv overnight.", False),
    ],
)
def test_sets_apart(evidence, apart):
    assert sets_apart(evidence) is apart


def test_sets_apart_is_read_once_per_text():
    sets_apart.cache_clear()
    text = "Elsewhere, a drone hit a school in Kharkiv."
    assert sets_apart(text) and sets_apart(text)
    assert sets_apart.cache_info().hits == 1
    assert not sets_apart(text.replace("Elsewhere, a", "A"))  # keyed by the exact text
