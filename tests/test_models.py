"""Today's models: the price table, reasoning models' parameters, usage and cost, and the
output budget sized to the request."""

from __future__ import annotations

import json

import pytest
from _openai_fakes import FakeAPI, make_request, ok, openai_over, run

from briefer.config import load_settings
from briefer.data import Usage
from briefer.errors import ConfigError
from briefer.extract.cost import batch_discount, cost_of, is_reasoning_model, load_prices

ANSWER = {"talks": [], "attacks": [], "moves": []}
TEXT = "Delegations met in Istanbul on Monday. " * 40
REFUSED_BY_REASONING_MODELS = {
    "temperature",
    "top_p",
    "max_tokens",
    "presence_penalty",
    "frequency_penalty",
    "logprobs",
}


def test_the_price_table_is_dated_names_its_source_and_has_todays_family():
    from importlib import resources

    table = json.loads((resources.files("briefer") / "prices.json").read_text())
    assert table["as_of"] >= "2026-01"
    assert "source" in table["_note"].lower() and "openai.com/api/pricing" in table["_note"]
    prices = load_prices()
    for model in ("gpt-5.5", "gpt-5.4", "gpt-5.4-mini", "gpt-5.4-nano"):
        price = prices[model]
        assert price.reasoning
        assert price.cached_input == pytest.approx(price.input / 10)  # cached input at 10%
    assert not is_reasoning_model("gpt-4.1-mini") and is_reasoning_model("gpt-5.4-mini")
    assert load_settings({}, environ={}).model in prices


def test_a_reasoning_model_gets_reasoning_effort_and_nothing_it_refuses():
    api = FakeAPI(ok(ANSWER))
    [result] = run(
        [make_request(TEXT)], openai_over(api, model="gpt-5.4-mini", reasoning_effort="medium")
    )
    body = api.bodies[0]
    assert result.ok and body["reasoning_effort"] == "medium"
    assert not REFUSED_BY_REASONING_MODELS & body.keys()
    assert body["max_completion_tokens"] > 4096  # room to think at medium, then answer


def test_a_model_that_does_not_reason_gets_no_reasoning_effort():
    api = FakeAPI(ok(ANSWER))
    run([make_request(TEXT)], openai_over(api, model="gpt-4.1-mini", reasoning_effort="high"))
    assert "reasoning_effort" not in api.bodies[0]


def test_an_unknown_effort_is_a_config_error():
    with pytest.raises(ConfigError, match="reasoning-effort"):
        openai_over(FakeAPI(ok(ANSWER)), reasoning_effort="extreme")
    with pytest.raises(ConfigError, match="reasoning_effort"):
        load_settings({"reasoning_effort": "extreme"}, environ={})


def test_reasoning_tokens_are_counted_in_usage_and_billed_as_output():
    response = ok(ANSWER, prompt_tokens=1000, completion_tokens=700)
    body = json.loads(response.content)
    body["usage"]["completion_tokens_details"] = {"reasoning_tokens": 500}
    api = FakeAPI(type(response)(200, json=body))
    [result] = run([make_request(TEXT)], openai_over(api, model="gpt-5.4-mini"))
    assert result.usage.reasoning_tokens == 500 and result.usage.output_tokens == 700
    # gpt-5.4-mini: 1000 in at 0.75, 700 out (500 of them reasoning) at 4.50, per million
    assert result.usage.cost_usd == pytest.approx((1000 * 0.75 + 700 * 4.50) / 1e6)


def test_the_output_budget_grows_with_the_article_and_stays_under_the_cap():
    api = FakeAPI(ok(ANSWER))
    short, long = make_request("One short sentence."), make_request(TEXT * 4)
    run([short, long], openai_over(api, model="gpt-4.1-mini"), concurrency=1)
    small, large = (b["max_completion_tokens"] for b in api.bodies)
    assert small < 1024 < large <= 8192


def test_batch_answers_cost_half():
    usage = Usage(calls=1, input_tokens=1_000_000, output_tokens=1_000_000)
    assert batch_discount() == 0.5
    assert cost_of("gpt-5.4", usage, batch=True) == pytest.approx(0.5 * (2.50 + 15.00))
    assert cost_of("gpt-5.4", usage) == pytest.approx(2.50 + 15.00)
