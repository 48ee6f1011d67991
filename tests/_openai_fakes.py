"""Fakes shared by the extract and cassette tests: a scripted API under the real SDK.

`make_cassettes` (the fixture generator, with `chat_completion` and the loopback
`FakeOpenAIServer`) and `fake_batch_api` are loaded here once, since `tests/fixtures` is
not a package.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import re
import sys
from pathlib import Path
from typing import Any

import httpx2

from briefer.chunk import count_tokens
from briefer.data import Chunk, stable_id
from briefer.extract import ExtractRequest, extract_chunks
from briefer.extract.numbered import cite_sentences, sentences_in_request
from briefer.extract.openai_backend import OpenAIBackend
from briefer.extract.ratelimit import RateBudget

FIXTURES = Path(__file__).parent / "fixtures"


def _load(name: str):
    """A module of tests/fixtures, registered under its own name (they import each other)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, FIXTURES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


make_cassettes = _load("make_cassettes")
fake_batch_api = _load("fake_batch_api")  # the Files and Batches endpoints, on loopback

MODEL = "gpt-4.1-mini"
EMPTY_ANSWER = make_cassettes.EMPTY_ANSWER


def make_request(
    text: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    story_id: str = "s",
    document_id: str = "d",
) -> ExtractRequest:
    """A request for one chunk holding `text`, as the pipeline builds it."""
    chunk = Chunk(
        id=stable_id(text),
        story_id=story_id,
        document_id=document_id,
        index=0,
        text=text,
        tokens=count_tokens(text, MODEL),
    )
    return ExtractRequest(chunk=chunk, title=title, outlet=outlet, published=published)


def ok(
    answer: dict | str | None, headers: dict[str, str] | None = None, **usage
) -> httpx2.Response:
    """A 200 chat completion whose content is `answer` (JSON-encoded unless a string)."""
    content = answer if answer is None or isinstance(answer, str) else json.dumps(answer)
    body = make_cassettes.chat_completion(content, **usage)
    return httpx2.Response(200, json=body, headers=headers)


def cited(response: httpx2.Response, body: dict[str, Any]) -> httpx2.Response:
    """The scripted answer as a model gives it under the schema: the items' evidence
    quotes (how tests write them) become the numbers of the sentences they stand in."""
    if not isinstance(response, httpx2.Response) or response.status_code != 200:
        return response  # an async step's coroutine, or an error, goes as it is
    payload = json.loads(response.content)
    message = (payload.get("choices") or [{}])[0].get("message") or {}
    content = message.get("content") or ""
    fenced = _FENCE.match(content)
    try:
        answer = json.loads(fenced.group(1) if fenced else content)
    except ValueError:
        return response
    users = [m["content"] for m in body.get("messages", []) if m.get("role") == "user"]
    if not isinstance(answer, dict) or not users:
        return response
    content = json.dumps(cite_sentences(answer, sentences_in_request(users[0])))
    message["content"] = f"```json\n{content}\n```" if fenced else content
    return httpx2.Response(200, json=payload, headers=response.headers)


_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.S)


class FakeAPI:
    """A scripted server: each call takes the next step, the last one repeating.

    A step is a response, an exception to raise, or a callable given the request.
    """

    def __init__(self, *steps: Any):
        self.script = list(steps)
        self.bodies: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []

    def __call__(self, request: httpx2.Request):
        self.bodies.append(json.loads(request.content))
        self.headers.append(dict(request.headers))
        step = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if callable(step):
            step = step(request)
        if isinstance(step, Exception):
            raise step
        return cited(step, self.bodies[-1])

    @property
    def calls(self) -> int:
        return len(self.bodies)


class Sleeps(list):
    """An injected `sleep` that records how long it was asked to wait and moves a fake
    clock on by as much (`clock`, for the rate budget), without waiting."""

    def __init__(self) -> None:
        super().__init__()
        self.now = 1000.0

    def clock(self) -> float:
        return self.now

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)
        self.now += seconds


def openai_over(
    transport: httpx2.AsyncBaseTransport | FakeAPI,
    *,
    key: str = "sk-test-SECRET-0123456789",
    sleeps: Sleeps | None = None,
    **options: Any,
) -> OpenAIBackend:
    """The real openai backend whose HTTP goes to `transport` (a FakeAPI is mocked in)."""
    if isinstance(transport, FakeAPI):
        transport = httpx2.MockTransport(transport)
    sleeps = sleeps if sleeps is not None else Sleeps()
    options.setdefault("rate_budget", RateBudget(clock=sleeps.clock, sleep=sleeps))
    return OpenAIBackend(
        options.pop("model", MODEL),
        api_key=key,
        http_client=httpx2.AsyncClient(transport=transport),
        sleep=sleeps,
        **options,
    )


def run(requests: list[ExtractRequest], backend: Any, **options: Any):
    """`extract_chunks` to completion, closing the backend."""

    async def go():
        try:
            return await extract_chunks(requests, backend, **options)
        finally:
            await backend.aclose()

    return asyncio.run(go())
