"""The openai backend: one chat completion per chunk, schema-constrained, retried by tenacity.

The SDK's own retries are off (`max_retries=0`); transient failures (429, 408, 409, 5xx,
timeouts, connection errors) are retried here. Every request first passes the run's one
`RateBudget`, fed by the `x-ratelimit-*` headers of every answer, so requests are paced
before the server has to refuse them. Each request has one retry time budget
(`retry_budget`, the `model_retry_budget` setting), counted from when it is first sent:
every attempt, its timeout and every wait between attempts come out of it, so a hung
server holds a request for the budget at most, never for attempts times the timeout (an
attempt's timeout is cut to what is left). A 429 is retried for as long as the budget
lasts (never for a count: a chunk is not lost to rate limiting), after the server's
`Retry-After` / `retry-after-ms` (capped, said once) plus jitter, during which every
worker holds back; other transient failures back off exponentially with jitter, up to
`max_attempts`. Exhaustion becomes a `ModelError` naming the attempts and the last failure.
A rejected key, a forbidden or missing model are `ConfigError`s: they abort the run.

A run that has never seen the server's limits, about to send several requests at once,
first sends a probe (`learn_limits`: one word in, `max_completion_tokens` 1, no schema):
its `x-ratelimit-*` headers set the budget after a fraction of a full answer's time, where
otherwise every worker would wait for the first whole answer (one request goes beside it). Its tokens are billed with
the next answer. A probe refused or failed without telling the limits is said in one line,
and the first request then goes alone as it would without one.

`max_completion_tokens` is sized to the request (the answer grows with the article; a
reasoning model also spends tokens thinking): a large reservation would count against
the tokens-per-minute limit for nothing. An answer cut off below the cap is asked again
once at the cap; the extract stage splits a chunk whose answer does not fit even then.
Reasoning models (marked in the price table) get `reasoning_effort` and never a
parameter they refuse (`temperature`, `top_p`, `max_tokens`, penalties).
"""

from __future__ import annotations

import asyncio
import functools
import json
import random
import re
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Literal

import httpx2
import openai
import tenacity

from ..chunk import count_tokens
from ..data import Usage
from ..errors import BrieferError, ConfigError, ModelError
from ..fetch import retry_after_seconds
from ..redact import redact_url
from ..resources import load_prompt, load_schema, render_prompt
from .base import Answer, ExtractRequest, Pack, parts_of
from .cache import cache_key
from .cassette import CassetteMiss
from .cost import cost_of, is_reasoning_model
from .numbered import render_articles
from .ratelimit import RateBudget

__all__ = ["REASONING_EFFORTS", "OpenAIBackend", "build_messages", "response_schema"]

StructuredMode = Literal["json_schema", "json_object"]
STRUCTURED_MODES = ("json_schema", "json_object")
REASONING_EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh")
# The answer's size: a floor, plus tokens per article token (the examples' hand answers
# run to about 3.4 per article token; 4 leaves room), plus what reasoning at each effort
# may spend before answering. Capped by max_output_tokens.
_ANSWER_FLOOR = 512
_ANSWER_PER_ARTICLE_TOKEN = 4.0
_REASONING_ALLOWANCE = {
    "none": 0,
    "minimal": 256,
    "low": 1024,
    "medium": 4096,
    "high": 8192,
    "xhigh": 16384,
}
_TRANSIENT_STATUS = {408, 409, 429}
_PROBE_TIMEOUT = 20.0  # seconds a probe may take before the first request goes alone
_REFUSALS = {401, 403, 404}
_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.S)
_SECRETS = re.compile(r"\b(?:sk|org|proj)-[A-Za-z0-9_\-*]{4,}")


def response_schema() -> dict[str, Any]:
    """The extraction schema as sent to the model (without `$schema` and `$id`)."""
    schema = load_schema("extraction")
    return {k: v for k, v in schema.items() if k not in ("$schema", "$id")}


@functools.cache
def system_prompt(structured_mode: StructuredMode) -> str:
    """The static system prompt; in json_object mode it carries the schema itself.

    Rendered once per mode: it is the same for every chunk, which is what lets the server
    cache the prefix. The schema is written compactly, as whitespace is only tokens.
    """
    if structured_mode == "json_object":
        schema_text = json.dumps(response_schema(), ensure_ascii=False, separators=(",", ":"))
        output_format = render_prompt("extract_format_json_object", schema=schema_text)
    else:
        output_format = load_prompt("extract_format_json_schema")
    return render_prompt("extract_system", output_format=output_format.strip())


def _response_format(structured_mode: StructuredMode) -> dict[str, Any]:
    if structured_mode == "json_object":
        return {"type": "json_object"}
    return {
        "type": "json_schema",
        "json_schema": {"name": "extraction", "schema": response_schema(), "strict": True},
    }


def build_messages(request: ExtractRequest | Pack, structured_mode: StructuredMode) -> list[dict]:
    """Static system prompt first, the articles last; a re-ask appends the errors."""
    messages = [
        {"role": "system", "content": system_prompt(structured_mode)},
        {"role": "user", "content": render_articles(parts_of(request))},
    ]
    if request.feedback:
        if request.previous:
            messages.append({"role": "assistant", "content": request.previous})
        messages.append(
            {"role": "user", "content": render_prompt("reask", errors=request.feedback)}
        )
    return messages


def parse_json_object(text: str | None) -> dict[str, Any] | None:
    """The answer's JSON object, tolerating Markdown fences; None when it is not one."""
    if not text:
        return None
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1)
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _asked_wait(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (retry-after-ms, Retry-After), as it said."""
    response = getattr(exc, "response", None)
    if not isinstance(response, httpx2.Response):
        return None
    headers = response.headers
    if "retry-after-ms" in headers:
        try:
            return max(float(headers["retry-after-ms"]) / 1000, 0.0)
        except ValueError:
            return None
    return retry_after_seconds(headers.get("retry-after"))


def _retry_after(exc: BaseException, cap: float) -> float | None:
    """Seconds the server asked us to wait, capped."""
    asked = _asked_wait(exc)
    return None if asked is None else min(asked, cap)


class _RetryClock:
    """One request's retry time budget: it starts when the request is first sent (time
    queued at the rate gate before that is pacing, not retrying) and every attempt and
    wait after that draws on it. `waited` sums the waits asked for, so an injected sleep
    that does not really wait still spends the budget."""

    def __init__(self, budget: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.budget = budget
        self._clock = clock
        self._started: float | None = None
        self.waited = 0.0
        self.exhausted = False  # the retries stopped because the budget was spent

    def start(self) -> None:
        if self._started is None:
            self._started = self._clock()

    def spent(self) -> float:
        real = self._clock() - self._started if self._started is not None else 0.0
        return max(real, self.waited)

    def left(self) -> float:
        return self.budget - self.spent()


class _AttemptTimeout(Exception):
    """An attempt outlived its timeout (the SDK's, or the budget's share): transient."""


class MalformedAnswer(Exception):
    """A 200 whose body is not a chat completion (a proxy's HTML page, an empty or cut-off
    body, a wrong content type, no choices): transient, like a 502, so it is retried and
    then fails its chunk alone."""


async def _body_checked(call: Awaitable[Any]) -> Any:
    """The SDK's parsed completion; the SDK's own errors on a body it cannot parse (it
    raises JSON, attribute and type errors) become MalformedAnswer."""
    try:
        return await call
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        what = "not JSON" if isinstance(exc, ValueError) else "not a chat completion"
        raise MalformedAnswer(f"the server's answer was {what} ({type(exc).__name__})") from exc


def well_formed(completion: Any) -> Any:
    """`completion` when it has a first choice with a message; else MalformedAnswer."""
    if isinstance(completion, str | bytes):  # the SDK's reading of a non-JSON content type
        raise MalformedAnswer("the server's answer was not JSON (a page or plain text)")
    if not hasattr(completion, "choices"):
        raise MalformedAnswer("the server's answer was not a chat completion")
    choices = completion.choices
    if not isinstance(choices, list) or not choices:
        raise MalformedAnswer("the server's answer held no choices")
    if getattr(choices[0], "message", None) is None:
        raise MalformedAnswer("the server's answer held a choice without a message")
    return completion


@functools.lru_cache(maxsize=8)
def _system_tokens(text: str, model: str) -> int:
    return count_tokens(text, model)


def _is_rate_limited(exc: BaseException) -> bool:
    return isinstance(exc, openai.APIStatusError) and exc.status_code == 429


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, MalformedAnswer | _AttemptTimeout):
        return True
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return not isinstance(exc.__cause__, BrieferError)
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in _TRANSIENT_STATUS or exc.status_code >= 500
    return False


class OpenAIBackend:
    """`Backend` over the openai SDK: OpenAI itself or any compatible server."""

    name = "openai"
    packs = True  # several story parts per request (`Pack`)

    def __init__(
        self,
        model: str,
        *,
        api_key: str,
        base_url: str | None = None,
        structured_mode: StructuredMode = "json_schema",
        timeout: float | None = 120.0,
        http_client: httpx2.AsyncClient | None = None,
        max_output_tokens: int | None = 8192,
        reasoning_effort: str | None = "low",
        max_attempts: int = 5,
        retry_budget: float = 180.0,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
        max_retry_after: float = 60.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rate_budget: RateBudget | None = None,
        limits_file: Path | None = None,
        probe_limits: bool = False,
        cacheable: bool = True,
        prices: str | None = None,
        notify: Callable[[str], None] | None = None,
    ) -> None:
        if structured_mode not in STRUCTURED_MODES:
            raise ConfigError(
                f"--structured-mode must be one of {', '.join(STRUCTURED_MODES)}, not {structured_mode!r}"
            )
        if not api_key:
            raise ConfigError("no API key: set OPENAI_API_KEY (or use --replay DIR)")
        if max_attempts < 1:
            raise ConfigError("max_attempts must be at least 1")
        if reasoning_effort is not None and reasoning_effort not in REASONING_EFFORTS:
            raise ConfigError(
                f"--reasoning-effort must be one of {', '.join(REASONING_EFFORTS)}, "
                f"not {reasoning_effort!r}"
            )
        self.model = model
        self.base_url = base_url
        self.structured_mode: StructuredMode = structured_mode
        self.max_output_tokens = max_output_tokens
        self.max_attempts = max_attempts
        self.retry_budget = retry_budget
        self.reasoning = is_reasoning_model(model, prices)
        self.reasoning_effort = reasoning_effort if self.reasoning else None
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.timeout = timeout if timeout else 120.0  # None would mean wait forever
        self._notify = notify
        self._noted: set[str] = set()
        self.cacheable = cacheable
        self.schema_checked = True
        self.prices = prices
        self._sleep = sleep
        self.rate_budget = rate_budget or RateBudget(
            sleep=sleep, remembered=limits_file, key=f"{base_url or 'api.openai.com'} {model}"
        )
        self.probe_limits = probe_limits
        self._probed = False
        self._unbilled = Usage()  # the probe's tokens, until an answer carries them
        self._api_key = api_key
        self._response_format = _response_format(structured_mode)
        # one stable key for the static prefix, so the requests of every run share its
        # cache; only OpenAI's own API is sent it (a compatible server may refuse the field)
        self.prompt_cache_key = (
            "briefer-extract-"
            + cache_key(
                system_prompt(structured_mode), json.dumps(self._response_format, sort_keys=True)
            )[:16]
            if base_url is None or "api.openai.com" in base_url
            else None
        )
        self._format_tokens = count_tokens(json.dumps(self._response_format))
        self.fingerprint = "\x1f".join(
            [
                structured_mode,
                str(max_output_tokens),
                str(self.reasoning_effort),
                system_prompt(structured_mode),
                load_prompt("extract_user"),
                load_prompt("extract_article"),
                load_prompt("reask"),
            ]
        )
        self._client = openai.AsyncOpenAI(
            api_key=api_key,
            base_url=base_url,
            timeout=self.timeout,
            max_retries=0,
            http_client=http_client,
        )

    @property
    def client(self) -> openai.AsyncOpenAI:
        """The SDK client (the Batch API's files and batches go through it too)."""
        return self._client

    def output_budget(self, request: ExtractRequest | Pack) -> int | None:
        """`max_completion_tokens` for this request: its likely answer and reasoning, capped."""
        if not self.max_output_tokens:
            return None
        article = sum(
            part.chunk.tokens or count_tokens(part.chunk.text, self.model)
            for part in parts_of(request)
        )
        need = _ANSWER_FLOOR + _ANSWER_PER_ARTICLE_TOKEN * article
        if request.previous:  # a re-ask's answer is about as long as the one it corrects
            need += count_tokens(request.previous, self.model)
        need += self.reasoning_allowance()
        return min(self.max_output_tokens, int(need))

    def reasoning_allowance(self) -> int:
        """Output tokens a reasoning model may spend thinking at its effort (0 otherwise)."""
        return _REASONING_ALLOWANCE.get(self.reasoning_effort or "none", 0)

    def request_body(self, request: ExtractRequest | Pack, max_tokens: int | None = None) -> dict:
        """The chat completion request for `request`, as sent live or written to a batch."""
        body: dict[str, Any] = {
            "model": self.model,
            "messages": build_messages(request, self.structured_mode),
            "response_format": self._response_format,
        }
        if self.prompt_cache_key:
            body["prompt_cache_key"] = self.prompt_cache_key
        budget = max_tokens or self.output_budget(request)
        if budget:
            body["max_completion_tokens"] = budget
        if self.reasoning_effort:
            body["reasoning_effort"] = self.reasoning_effort
        return body

    def prompt_tokens(self, body: dict) -> int:
        """About what the server counts as the request's prompt (messages and schema)."""
        total = self._format_tokens
        for message in body["messages"]:
            content = message.get("content") or ""
            if message["role"] == "system":  # the same for every request: counted once
                total += _system_tokens(content, self.model) + 4
            else:
                total += count_tokens(content, self.model) + 4
        return total

    async def _create(self, body: dict, clock: _RetryClock) -> Any:
        reserved = self.prompt_tokens(body) + (body.get("max_completion_tokens") or 0)
        ticket = await self.rate_budget.acquire(reserved)
        clock.start()
        # the attempt may take its timeout, or what is left of the budget if that is less
        limit = max(min(self.timeout, clock.left()), 0.01)
        headers: Any = {}
        try:
            call = self._client.chat.completions.with_raw_response.create(**body, timeout=limit)
            raw = await asyncio.wait_for(call, limit)  # the SDK's timeout is per read
            headers = raw.headers
        except TimeoutError:
            raise _AttemptTimeout(f"timed out after {limit:.3g} s") from None
        except openai.APIStatusError as exc:
            headers = exc.response.headers
            raise
        finally:
            self.rate_budget.observe(headers, ticket)
        return raw.parse()

    async def learn_limits(self, parallel: int) -> Awaitable[None] | None:
        """Before `parallel` requests go out at once while the server's limits are unknown,
        a probe (once per backend; only with `probe_limits`) takes the budget's first
        place; returned is its answer to await beside the requests, which meanwhile
        build their bodies and wait at the budget's gate for what it learns."""
        if not self.probe_limits or self._probed or parallel < 2 or self.rate_budget.known:
            return None
        self._probed = True
        prompt = load_prompt("probe").strip()  # a few words: its answer is never read
        ticket = await self.rate_budget.acquire(
            count_tokens(prompt, self.model) + 4 + 1, probe=True
        )
        return asyncio.ensure_future(self._probe(prompt, ticket))

    async def _probe(self, prompt: str, ticket: tuple[int, float]) -> None:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": "user", "content": prompt}],
            "max_completion_tokens": 1,
        }
        limit = min(self.timeout, _PROBE_TIMEOUT)
        headers: Any = {}
        answered, failure = False, None
        try:
            call = self._client.chat.completions.with_raw_response.create(**body, timeout=limit)
            raw = await asyncio.wait_for(call, limit)
            headers, answered = raw.headers, True
            try:
                usage = raw.parse().usage
            except (ValueError, TypeError, AttributeError, KeyError):
                usage = None  # its body is not needed: the headers were the point
            self._unbilled = self._unbilled + self._usage(usage)
        except openai.APIStatusError as exc:
            headers = exc.response.headers
            # a key, model or endpoint refused: the first request says so itself, as an error
            failure = None if exc.status_code in _REFUSALS else f"HTTP {exc.status_code}"
            asked = _retry_after(exc, self.max_retry_after) if _is_rate_limited(exc) else None
            if asked:
                self.rate_budget.pause(asked)
        except (openai.OpenAIError, MalformedAnswer, TimeoutError) as exc:
            failure = "timed out" if isinstance(exc, TimeoutError) else type(exc).__name__
        finally:
            # answered without limits: none to learn (a local server), nothing to hold for
            self.rate_budget.observe(headers, ticket, opens=answered)
        if failure and not self.rate_budget.known:
            self._note_once(
                "probe",
                f"briefer: the rate-limit probe failed ({failure}); the first request goes "
                "alone until the server's limits are known",
            )

    def _note_once(self, key: str, message: str) -> None:
        if self._notify is not None and key not in self._noted:
            self._noted.add(key)
            self._notify(message)

    def _wait(self, clock: _RetryClock, state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        said = _asked_wait(exc) if exc else None
        if said is not None and said > self.max_retry_after:
            self._note_once(
                "retry-after",
                f"briefer: the model server asked to wait {said:.0f} s before trying again "
                f"(Retry-After); briefer waits {self.max_retry_after:g} s at most, then asks "
                "again",
            )
        asked = None if said is None else min(said, self.max_retry_after)
        if asked is not None:
            wait = asked
            if _is_rate_limited(exc):
                # every worker holds back for the asked time (at the budget's gate), and
                # the ones refused add jitter so their retries do not arrive all at once
                self.rate_budget.pause(asked)
                wait = asked + random.uniform(0, max(min(asked * 0.25, 2.0), 0.05))
        else:
            backoff = tenacity.wait_random_exponential(
                multiplier=self.backoff, max=self.max_backoff
            )
            wait = min(backoff(state), max(clock.left(), 0.0))
        clock.waited += wait
        return wait

    def _stop(self, clock: _RetryClock, state: tenacity.RetryCallState) -> bool:
        exc = state.outcome.exception() if state.outcome else None
        asked = _retry_after(exc, self.max_retry_after) if exc else None
        # spent, or waiting as asked would spend it before the next attempt
        if clock.left() <= 0 or (asked is not None and asked >= clock.left()):
            clock.exhausted = True
            return True
        if exc is not None and _is_rate_limited(exc):
            return False  # waiting out a rate limit is bounded by time, not by a count
        return state.attempt_number >= self.max_attempts

    async def complete(self, request: ExtractRequest | Pack) -> Answer:
        """One chat completion for the chunk (or pack), with retries within one time
        budget; the raw answer, parsed."""
        body = self.request_body(request)
        clock = _RetryClock(self.retry_budget)
        answer = await self._complete(request, body, clock)
        if self._unbilled.calls:  # the probe's tokens, billed with the first answer after it
            answer.usage, self._unbilled = self._unbilled + answer.usage, Usage()
        budget = body.get("max_completion_tokens")
        if (
            answer.finish_reason == "length"
            and answer.data is None
            and budget
            and self.max_output_tokens
            and budget < self.max_output_tokens
        ):
            # cut off under the sized budget: once more at the cap before anyone splits
            retry = await self._complete(
                request, self.request_body(request, self.max_output_tokens), clock
            )
            retry.usage = answer.usage + retry.usage
            return retry
        return answer

    async def _complete(
        self, request: ExtractRequest | Pack, body: dict, clock: _RetryClock
    ) -> Answer:
        retrying = tenacity.AsyncRetrying(
            retry=tenacity.retry_if_exception(_is_transient),
            stop=functools.partial(self._stop, clock),
            wait=functools.partial(self._wait, clock),
            sleep=self._sleep,
            reraise=True,
        )
        attempts = 0

        async def attempt() -> Any:
            nonlocal attempts
            attempts += 1
            return well_formed(await _body_checked(self._create(body, clock)))

        try:
            completion = await retrying(attempt)
        except CassetteMiss as exc:
            chunks = ", ".join(part.chunk.id for part in parts_of(request))
            raise CassetteMiss(f"chunk {chunks}: {exc.message}", **exc.context) from None
        except (MalformedAnswer, _AttemptTimeout) as exc:
            last = "timed out" if isinstance(exc, _AttemptTimeout) else str(exc)
            raise ModelError(
                f"model call to {redact_url(self.base_url) or 'https://api.openai.com/v1'} "
                f"failed after {self._attempts(attempts, clock)}; last error: {last}"
            ) from None
        except openai.OpenAIError as exc:
            raise self._domain_error(exc, self._attempts(attempts, clock)) from None
        return self.answer_from(completion)

    @staticmethod
    def _attempts(attempts: int, clock: _RetryClock) -> str:
        """'3 attempts', and when the time budget ended them, how long they took."""
        said = f"{attempts} attempt{'s' if attempts != 1 else ''}"
        if clock.exhausted:
            said += f" in {clock.spent():.3g} s (its model_retry_budget of {clock.budget:g} s)"
        return said

    def answer_from(self, completion: Any, *, batch: bool = False) -> Answer:
        """The `Answer` in a chat completion (live, or one line of a batch's results)."""
        if not completion.choices:
            raise ModelError(f"the server returned no choices for model {self.model}")
        choice = completion.choices[0]
        message = choice.message
        raw = message.content or ""
        finish = choice.finish_reason or "stop"
        refusal = getattr(message, "refusal", None)
        if refusal:
            finish = "refusal"
        elif finish == "content_filter":
            refusal = "the provider's content filter stopped the answer"
        return Answer(
            data=parse_json_object(raw) if finish in ("stop", "length") else None,
            raw=raw,
            finish_reason=finish,
            refusal=refusal,
            usage=self._usage(completion.usage, batch=batch),
        )

    def _usage(self, usage: Any, *, batch: bool = False) -> Usage:
        if usage is None:
            return Usage(calls=1)
        details = getattr(usage, "prompt_tokens_details", None)
        cached = getattr(details, "cached_tokens", None) or 0
        thinking = getattr(usage, "completion_tokens_details", None)
        tally = Usage(
            calls=1,
            input_tokens=usage.prompt_tokens or 0,
            cached_input_tokens=cached,
            output_tokens=usage.completion_tokens or 0,
            reasoning_tokens=getattr(thinking, "reasoning_tokens", None) or 0,
        )
        tally.cost_usd = cost_of(self.model, tally, self.prices, batch=batch)
        return tally

    def _redact(self, text: str) -> str:
        if self._api_key:
            text = text.replace(self._api_key, "***")
        return _SECRETS.sub("***", text)[:300]

    def _domain_error(self, exc: openai.OpenAIError, attempts: str) -> BrieferError:
        where = redact_url(self.base_url) or "https://api.openai.com/v1"
        if isinstance(exc, openai.AuthenticationError):
            return ConfigError(
                f"the server at {where} rejected the API key (HTTP 401): check OPENAI_API_KEY"
                + (" and OPENAI_BASE_URL" if self.base_url else "")
            )
        if isinstance(exc, openai.PermissionDeniedError):
            return ConfigError(
                f"the API key may not use model {self.model!r} at {where} (HTTP 403): "
                f"{self._redact(_server_message(exc))}"
            )
        if isinstance(exc, openai.NotFoundError):
            return ConfigError(
                f"model {self.model!r} or its endpoint was not found at {where} (HTTP 404): "
                "check --model and OPENAI_BASE_URL"
            )
        message = self._redact(_server_message(exc))
        if isinstance(exc, openai.BadRequestError):
            if re.search(r"response_format|json_schema|structured", message, re.I):
                return ConfigError(
                    f"the server at {where} does not accept this response_format (HTTP 400: "
                    f"{message}); try --structured-mode json_object"
                )
            return ModelError(f"the server rejected the request (HTTP 400): {message}")
        if _is_transient(exc):
            if isinstance(exc, openai.APITimeoutError):
                last = "timed out"
            elif isinstance(exc, openai.APIConnectionError):
                cause = exc.__cause__
                last = f"connection error ({type(cause).__name__ if cause else 'unknown'})"
            else:
                last = f"HTTP {getattr(exc, 'status_code', '?')}: {message}"
            return ModelError(f"model call to {where} failed after {attempts}; last error: {last}")
        if isinstance(exc, openai.APIStatusError):
            return ModelError(f"the server answered HTTP {exc.status_code}: {message}")
        return ModelError(f"model call failed: {type(exc).__name__}: {message}")

    async def aclose(self) -> None:
        self.rate_budget.remember()
        await self._client.close()


def _server_message(exc: openai.OpenAIError) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return error["message"]
    return str(getattr(exc, "message", exc))
