"""The openai backend: one chat completion per chunk, schema-constrained, retried by tenacity.

The SDK's own retries are off (`max_retries=0`); transient failures (429, 408, 409, 5xx,
timeouts, connection errors) are retried here with bounded attempts, honouring the
server's `Retry-After` / `retry-after-ms` (capped) and otherwise backing off exponentially
with jitter. Exhaustion becomes a `ModelError` naming the attempts and the last failure.
A rejected key, a forbidden or missing model are `ConfigError`s: they abort the run.
"""

from __future__ import annotations

import asyncio
import functools
import json
import re
from collections.abc import Awaitable, Callable
from typing import Any, Literal

import httpx2
import openai
import tenacity

from ..data import Usage
from ..errors import BrieferError, ConfigError, ModelError
from ..fetch import retry_after_seconds
from ..redact import redact_url
from ..resources import load_prompt, load_schema, render_prompt
from .base import Answer, ExtractRequest, Pack, parts_of
from .cache import cache_key
from .cassette import CassetteMiss
from .cost import cost_of
from .numbered import render_articles

__all__ = ["OpenAIBackend", "build_messages", "response_schema"]

StructuredMode = Literal["json_schema", "json_object"]
STRUCTURED_MODES = ("json_schema", "json_object")
_TRANSIENT_STATUS = {408, 409, 429}
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


def _retry_after(exc: BaseException, cap: float) -> float | None:
    """Seconds the server asked us to wait (retry-after-ms, Retry-After), capped."""
    response = getattr(exc, "response", None)
    if not isinstance(response, httpx2.Response):
        return None
    headers = response.headers
    if "retry-after-ms" in headers:
        try:
            return min(max(float(headers["retry-after-ms"]) / 1000, 0.0), cap)
        except ValueError:
            return None
    seconds = retry_after_seconds(headers.get("retry-after"))
    return None if seconds is None else min(seconds, cap)


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


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, MalformedAnswer):
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
        max_attempts: int = 5,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
        max_retry_after: float = 60.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        cacheable: bool = True,
        prices: str | None = None,
    ) -> None:
        if structured_mode not in STRUCTURED_MODES:
            raise ConfigError(
                f"--structured-mode must be one of {', '.join(STRUCTURED_MODES)}, not {structured_mode!r}"
            )
        if not api_key:
            raise ConfigError("no API key: set OPENAI_API_KEY (or use --replay DIR)")
        if max_attempts < 1:
            raise ConfigError("max_attempts must be at least 1")
        self.model = model
        self.base_url = base_url
        self.structured_mode: StructuredMode = structured_mode
        self.max_output_tokens = max_output_tokens
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.cacheable = cacheable
        self.schema_checked = True
        self.prices = prices
        self._sleep = sleep
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
        self.fingerprint = "\x1f".join(
            [
                structured_mode,
                str(max_output_tokens),
                system_prompt(structured_mode),
                load_prompt("extract_user"),
                load_prompt("extract_article"),
                load_prompt("reask"),
            ]
        )
        self._client = openai.AsyncOpenAI(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout if timeout else 120.0,  # None would mean wait forever
            max_retries=0,
            http_client=http_client,
        )

    async def _create(self, messages: list[dict]) -> Any:
        kwargs: dict[str, Any] = {}
        if self.prompt_cache_key:
            kwargs["prompt_cache_key"] = self.prompt_cache_key
        if self.max_output_tokens:
            kwargs["max_completion_tokens"] = self.max_output_tokens
        return await self._client.chat.completions.create(
            model=self.model,
            messages=messages,  # type: ignore[arg-type]
            response_format=self._response_format,  # type: ignore[arg-type]
            **kwargs,
        )

    def _wait(self, state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = _retry_after(exc, self.max_retry_after) if exc else None
        if asked is not None:
            return asked
        jitter = tenacity.wait_random_exponential(multiplier=self.backoff, max=self.max_backoff)
        return jitter(state)

    async def complete(self, request: ExtractRequest | Pack) -> Answer:
        """One chat completion for the chunk (or pack), with retries; the raw answer, parsed."""
        messages = build_messages(request, self.structured_mode)
        retrying = tenacity.AsyncRetrying(
            retry=tenacity.retry_if_exception(_is_transient),
            stop=tenacity.stop_after_attempt(self.max_attempts),
            wait=self._wait,
            sleep=self._sleep,
            reraise=True,
        )
        attempts = 0

        async def attempt() -> Any:
            nonlocal attempts
            attempts += 1
            return well_formed(await _body_checked(self._create(messages)))

        try:
            completion = await retrying(attempt)
        except CassetteMiss as exc:
            chunks = ", ".join(part.chunk.id for part in parts_of(request))
            raise CassetteMiss(f"chunk {chunks}: {exc.message}", **exc.context) from None
        except MalformedAnswer as exc:
            plural = "s" if attempts != 1 else ""
            raise ModelError(
                f"model call to {redact_url(self.base_url) or 'https://api.openai.com/v1'} "
                f"failed after {attempts} attempt{plural}; last error: {exc}"
            ) from None
        except openai.OpenAIError as exc:
            raise self._domain_error(exc, attempts) from None
        return self._answer(completion)

    def _answer(self, completion: Any) -> Answer:
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
            usage=self._usage(completion.usage),
        )

    def _usage(self, usage: Any) -> Usage:
        if usage is None:
            return Usage(calls=1)
        details = getattr(usage, "prompt_tokens_details", None)
        cached = getattr(details, "cached_tokens", None) or 0
        tally = Usage(
            calls=1,
            input_tokens=usage.prompt_tokens or 0,
            cached_input_tokens=cached,
            output_tokens=usage.completion_tokens or 0,
        )
        tally.cost_usd = cost_of(self.model, tally, self.prices)
        return tally

    def _redact(self, text: str) -> str:
        if self._api_key:
            text = text.replace(self._api_key, "***")
        return _SECRETS.sub("***", text)[:300]

    def _domain_error(self, exc: openai.OpenAIError, attempts: int) -> BrieferError:
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
            plural = "s" if attempts != 1 else ""
            return ModelError(
                f"model call to {where} failed after {attempts} attempt{plural}; last error: {last}"
            )
        if isinstance(exc, openai.APIStatusError):
            return ModelError(f"the server answered HTTP {exc.status_code}: {message}")
        return ModelError(f"model call failed: {type(exc).__name__}: {message}")

    async def aclose(self) -> None:
        await self._client.close()


def _server_message(exc: openai.OpenAIError) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return error["message"]
    return str(getattr(exc, "message", exc))
