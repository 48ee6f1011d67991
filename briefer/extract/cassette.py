"""Recorded fixtures at the HTTP level: an `httpx2` transport under the openai SDK.

In `record` mode every request goes to the real server through `inner`, and each
successful exchange is written to `<directory>/<key>.json`. In `replay` mode the file is
served and nothing leaves the process; a request with no file is a `CassetteMiss`.

The key is a hash of the normalized request: the method, the endpoint path with the
server's base removed (`/v1/chat/completions` and `/chat/completions` are the same
endpoint), the query, and the JSON body with sorted keys. Headers are not part of the key
and are never written, so a cassette holds no `Authorization` header, key, cookie or
organization id. A cassette file reads:

    {
      "key": "<32 hex digits>",
      "request":  {"method": "POST", "path": "/chat/completions", "body": {...}},
      "response": {"status": 200, "headers": {"content-type": "application/json"},
                   "json": {...}}            # or "text": "..." when not JSON
    }
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Literal

import httpx2

from ..errors import ConfigError, ModelError

__all__ = ["CassetteMiss", "CassetteTransport", "key_of", "make_http_client", "request_key"]

# Response headers worth keeping; everything else (cookies, org ids, request ids) is dropped.
SAFE_RESPONSE_HEADERS = ("content-type", "retry-after", "retry-after-ms")


class CassetteMiss(ModelError):
    """Replay found no recorded exchange for a request."""


def _endpoint(url: httpx2.URL) -> str:
    path = url.path
    marker = path.rfind("/v1/")
    if marker >= 0:
        path = path[marker + 3 :]
    query = url.params
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in sorted(query.multi_items()))
    return path


def _body(content: bytes) -> Any:
    if not content:
        return None
    try:
        return json.loads(content)
    except ValueError:
        return content.decode("utf-8", errors="replace")


# Routing hints that do not change the answer (OpenAI's own API is sent them, a compatible
# server is not), so a recording against either replays against both.
_ROUTING = ("prompt_cache_key",)


def normalized_request(request: httpx2.Request) -> dict[str, Any]:
    """The part of a request that identifies it: method, endpoint path, body."""
    body = _body(request.content)
    if isinstance(body, dict):
        body = {k: v for k, v in body.items() if k not in _ROUTING}
    return {"method": request.method.upper(), "path": _endpoint(request.url), "body": body}


def key_of(normalized: dict[str, Any]) -> str:
    """The cassette key of a normalized request (32 hex digits of a sha256)."""
    canonical = json.dumps(normalized, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def request_key(request: httpx2.Request) -> str:
    """The cassette key of a request."""
    return key_of(normalized_request(request))


def describe_request(body: Any) -> str:
    """'model gpt-4.1-mini, article "First words of the text…"' for error messages."""
    if not isinstance(body, dict):
        return "a non-JSON request"
    parts = [f"model {body.get('model', '?')}"]
    messages = body.get("messages") or []
    users = [m.get("content") for m in messages if isinstance(m, dict) and m.get("role") == "user"]
    text = next((u for u in users if isinstance(u, str)), "")
    from .numbered import sentences_in_request

    words = (" ".join(sentences_in_request(text)) or text).split()  # no numbers, no headers
    if words:
        parts.append('article "' + " ".join(words[:12]) + ('…"' if len(words) > 12 else '"'))
    return ", ".join(parts)


class CassetteTransport(httpx2.AsyncBaseTransport):
    """Serve (`replay`) or capture (`record`) API exchanges as one JSON file each."""

    def __init__(
        self,
        directory: Path | str,
        mode: Literal["replay", "record"] = "replay",
        inner: httpx2.AsyncBaseTransport | None = None,
    ) -> None:
        if mode not in ("replay", "record"):
            raise ConfigError(f"cassette mode must be 'replay' or 'record', not {mode!r}")
        self.directory = Path(directory)
        self.mode = mode
        if mode == "record":
            self.directory.mkdir(parents=True, exist_ok=True)
            self.inner = inner or httpx2.AsyncHTTPTransport()
        else:
            if not self.directory.is_dir():
                raise ConfigError(f"--replay: no cassette folder at {self.directory}")
            self.inner = inner
        self.hits = 0
        self.recorded = 0

    def path_for(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        await request.aread()
        key = request_key(request)
        if self.mode == "replay":
            return self._replay(request, key)
        return await self._record(request, key)

    def _replay(self, request: httpx2.Request, key: str) -> httpx2.Response:
        path = self.path_for(key)
        if not path.is_file():
            what = describe_request(_body(request.content))
            raise CassetteMiss(
                f"no recorded answer for this request ({what}; cassette {key}) in "
                f"{self.directory}. Record it once against a real server: set OPENAI_API_KEY "
                f"(and OPENAI_BASE_URL if needed) and run again with --record {self.directory} "
                "instead of --replay.",
                cassette=key,
            )
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            response = stored["response"]
            status = int(response["status"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"cassette {path} is unreadable: {exc}") from None
        if "json" in response:
            content = json.dumps(response["json"], ensure_ascii=False).encode("utf-8")
        else:
            content = str(response.get("text", "")).encode("utf-8")
        headers = {k: str(v) for k, v in (response.get("headers") or {}).items()}
        headers.setdefault("content-type", "application/json")
        self.hits += 1
        return httpx2.Response(status, headers=headers, content=content, request=request)

    async def _record(self, request: httpx2.Request, key: str) -> httpx2.Response:
        assert self.inner is not None
        upstream = await self.inner.handle_async_request(request)
        try:
            content = await upstream.aread()
        finally:
            await upstream.aclose()
        # The body above is already decoded, so drop the headers that describe the wire form.
        headers = [
            (k, v)
            for k, v in upstream.headers.multi_items()
            if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
        ]
        if 200 <= upstream.status_code < 300:
            self._write(request, key, upstream.status_code, upstream.headers, content)
        return httpx2.Response(
            upstream.status_code, headers=headers, content=content, request=request
        )

    def _write(
        self,
        request: httpx2.Request,
        key: str,
        status: int,
        headers: httpx2.Headers,
        content: bytes,
    ) -> None:
        response: dict[str, Any] = {
            "status": status,
            "headers": {k: headers[k] for k in SAFE_RESPONSE_HEADERS if k in headers},
        }
        body = _body(content)
        if isinstance(body, (dict, list)):
            response["json"] = body
        else:
            response["text"] = content.decode("utf-8", errors="replace")
        record = {"key": key, "request": normalized_request(request), "response": response}
        text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, self.path_for(key))
        self.recorded += 1

    async def aclose(self) -> None:
        if self.inner is not None:
            await self.inner.aclose()


def make_http_client(
    record_dir: Path | str | None = None,
    replay_dir: Path | str | None = None,
    *,
    inner: httpx2.AsyncBaseTransport | None = None,
) -> httpx2.AsyncClient | None:
    """An http client for the SDK that records or replays; None when neither is asked."""
    if record_dir and replay_dir:
        raise ConfigError("use either --record or --replay, not both")
    if not record_dir and not replay_dir:
        return None
    import openai

    if replay_dir:
        transport = CassetteTransport(replay_dir, "replay", inner=inner)
    else:
        transport = CassetteTransport(record_dir, "record", inner=inner)  # type: ignore[arg-type]
    return openai.DefaultAsyncHttpxClient(transport=transport)
