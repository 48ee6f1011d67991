"""The offline coder against its case files (`tests/cases/offline/*.toml`): each case's
text, coded alone, must give exactly the items the case lists, field by field.

Every text there is written for these tests; the files' header says how a case reads.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from test_offline import check

CASES = Path(__file__).parent / "cases" / "offline"
SECTIONS = ("attacks", "talks", "moves")


def _cases() -> list[Any]:
    found = []
    for path in sorted(CASES.glob("*.toml")):
        for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]:
            found.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return found


def _coded(item: dict[str, Any], field: str) -> Any:
    """An item's field in the case files' terms (see their header)."""
    if field == "figures":
        return [f"{f['weapon']} {f['measure']} {f['count']['text']}" for f in item["figures"]]
    if field in ("killed", "injured"):
        return item[field]["min"] if item[field] else ""
    if field == "source":
        return item["attribution"]["source"] or ""
    if field == "participants":
        return [p["name"] for p in item["participants"]]
    value = item[field]
    return "" if value is None else value


def test_every_case_codes_something_and_names_its_source():
    for param in _cases():
        case = param.values[0]
        assert any(case.get(s) for s in SECTIONS), f"{case['name']}: asserts only absence"
        assert case.get("origin"), f"{case['name']}: where does it come from?"


@pytest.mark.parametrize("case", _cases())
def test_the_offline_coder_codes_each_case_as_written(case: dict[str, Any]):
    data = check(case["text"])
    for section in SECTIONS:
        expected = case.get(section, [])
        got = data[section]
        assert len(got) == len(expected), (section, [i["evidence"][:60] for i in got])
        for want, item in zip(expected, got, strict=True):
            for field, value in want.items():
                if field == "evidence_starts":
                    assert item["evidence"].startswith(value), (section, field, item["evidence"])
                else:
                    assert _coded(item, field) == value, (section, field, item)
