"""The Batch API for scheduled runs: submit the day's requests early, collect them later.

`submit` writes one JSONL line per request (`{"custom_id", "method": "POST", "url":
"/v1/chat/completions", "body"}`, the body exactly what the live path would send),
uploads it as a file with purpose `batch` and creates the batch (24 h window). `fetch`
asks where the batch stands and, once it has ended, downloads its output and error files
(one line per request: `{"custom_id", "response": {"status_code", "body"}, "error"}`).

`BatchAnswers` is the backend a collecting run reads through: a request whose body is in
the results gets the batch's answer (billed at the batch rate), and the extract stage
validates it like any live answer; a re-ask, a split half, a failed or missing line goes
to the live backend. The custom id is a hash of the body, so a request finds its answer
whatever order the results come in, and a changed request never takes a stale one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import openai

from ..errors import ModelError
from .base import Answer, ExtractRequest, Pack
from .openai_backend import OpenAIBackend

__all__ = [
    "ENDED",
    "BatchAnswers",
    "BatchState",
    "batch_lines",
    "custom_id",
    "fetch",
    "parse_results",
    "submit",
]

ENDPOINT = "/v1/chat/completions"
WINDOW = "24h"
ENDED = ("completed", "expired", "cancelled", "failed")  # the batch will change no more


def custom_id(body: dict[str, Any]) -> str:
    """A stable id for a request body: 32 hex digits of its canonical JSON's sha256."""
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "briefer-" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def batch_lines(
    backend: OpenAIBackend, requests: list[ExtractRequest | Pack]
) -> list[dict[str, Any]]:
    """One Batch API input line per distinct request body (a chunk's, or a pack's)."""
    lines: dict[str, dict[str, Any]] = {}
    for request in requests:
        body = backend.request_body(request)
        lines.setdefault(
            custom_id(body),
            {"custom_id": custom_id(body), "method": "POST", "url": ENDPOINT, "body": body},
        )
    return list(lines.values())


def _api_error(what: str, exc: openai.OpenAIError) -> ModelError:
    status = getattr(exc, "status_code", None)
    return ModelError(
        f"the Batch API refused to {what}" + (f" (HTTP {status})" if status else "") + f": {exc}"
    )


async def upload(backend: OpenAIBackend, lines: list[dict[str, Any]]) -> str:
    """Upload the JSONL of `lines`; returns the file id."""
    data = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode("utf-8")
    try:
        uploaded = await backend.client.files.create(
            file=("briefer-batch.jsonl", data, "application/jsonl"), purpose="batch"
        )
    except openai.OpenAIError as exc:
        raise _api_error("take the requests file", exc) from None
    return uploaded.id


async def create(backend: OpenAIBackend, file_id: str, metadata: dict[str, str]) -> str:
    """Create the batch over an uploaded file; returns the batch id."""
    try:
        batch = await backend.client.batches.create(
            input_file_id=file_id,
            endpoint=ENDPOINT,  # type: ignore[arg-type]
            completion_window=WINDOW,  # type: ignore[arg-type]
            metadata=metadata,
        )
    except openai.OpenAIError as exc:
        raise _api_error("create the batch", exc) from None
    return batch.id


async def submit(
    backend: OpenAIBackend, lines: list[dict[str, Any]], metadata: dict[str, str]
) -> tuple[str, str]:
    """Upload the lines and create the batch: (file id, batch id)."""
    file_id = await upload(backend, lines)
    return file_id, await create(backend, file_id, metadata)


@dataclass
class BatchState:
    """Where a batch stands; once it has ended, its results by custom id."""

    status: str
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ended(self) -> bool:
        return self.status in ENDED


def parse_results(text: str) -> dict[str, dict[str, Any]]:
    """The lines of an output or error file by custom id (a line that is not JSON is skipped)."""
    results: dict[str, dict[str, Any]] = {}
    for line in text.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("custom_id"), str):
            results[entry["custom_id"]] = entry
    return results


async def _file_text(backend: OpenAIBackend, file_id: str | None) -> str:
    if not file_id:
        return ""
    try:
        content = await backend.client.files.content(file_id)
    except openai.OpenAIError as exc:
        raise _api_error(f"give the results file {file_id}", exc) from None
    return content.text


async def fetch(backend: OpenAIBackend, batch_id: str) -> BatchState:
    """The batch's status and, when it has ended, its results (output and error files)."""
    try:
        batch = await backend.client.batches.retrieve(batch_id)
    except openai.OpenAIError as exc:
        raise _api_error(f"say where batch {batch_id} stands", exc) from None
    counts = batch.request_counts.model_dump() if batch.request_counts else {}
    state = BatchState(status=batch.status, counts=counts)
    if state.ended:
        state.results = parse_results(await _file_text(backend, batch.error_file_id))
        state.results.update(parse_results(await _file_text(backend, batch.output_file_id)))
    return state


class BatchAnswers:
    """A backend that answers from a batch's results and asks the live backend otherwise.

    It presents the live backend's name, model and fingerprint, so the answer cache keys
    are the ones a live run uses: an answer collected from a batch is never paid twice.
    """

    def __init__(self, live: OpenAIBackend, results: dict[str, dict[str, Any]]):
        self.live = live
        self.results = results
        self.name = live.name
        self.model = live.model
        self.fingerprint = live.fingerprint
        self.cacheable = live.cacheable
        self.schema_checked = live.schema_checked
        self.from_batch = 0
        self.went_live = 0

    packs = True  # the live backend reads packs; so do the batch's answers

    def _answer(self, request: ExtractRequest | Pack) -> Answer | None:
        entry = self.results.get(custom_id(self.live.request_body(request)))
        response = (entry or {}).get("response") or {}
        if response.get("status_code") != 200 or not isinstance(response.get("body"), dict):
            return None
        from openai.types.chat import ChatCompletion

        try:
            completion = ChatCompletion.model_validate(response["body"])
        except ValueError:
            return None
        answer = self.live.answer_from(completion, batch=True)
        if answer.finish_reason == "length" and answer.data is None:
            return None  # cut off under its sized budget: the live path asks at the cap
        return answer

    async def complete(self, request: ExtractRequest | Pack) -> Answer:
        answer = None if request.feedback else self._answer(request)
        if answer is not None:
            self.from_batch += 1
            return answer
        self.went_live += 1
        return await self.live.complete(request)

    async def aclose(self) -> None:
        await self.live.aclose()
