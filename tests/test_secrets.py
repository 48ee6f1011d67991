"""Secrets planted in every setting never reach a byte briefer writes.

The model key, the SMTP password, the password in `OPENAI_BASE_URL`, the userinfo of an
article URL and of a feed URL are set at once; a failing run and a successful one (with
--record, --save-extractions, -o, an .eml and the ledger and cache) are made; then stdout,
stderr and every file under the run's folders are searched for each secret.
"""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from _openai_fakes import EMPTY_ANSWER, make_cassettes
from typer.testing import CliRunner

from briefer.cli import app

SECRETS = {
    "OPENAI_API_KEY": "sk-planted-KEY-0123456789abcdef",
    "BRIEFER_SMTP_PASSWORD": "planted-smtp-pw-4242",
    "base_url password": "planted-base-pw-7777",
    "page password": "planted-page-pw-5151",
    "feed password": "planted-feed-pw-6161",
}
PAGE = (
    "<html><head><title>Drones strike Kharkiv</title>"
    '<meta property="article:published_time" content="2026-03-11T06:00:00+02:00"></head>'
    "<body><article><h1>Drones strike Kharkiv</h1><p>Russia launched 40 drones at Kharkiv "
    "overnight, Ukraine's air force said on Wednesday morning in a statement.</p>"
    "<p>Two people were injured in the city, the regional governor said.</p></article>"
    "</body></html>"
)


class Site(make_cassettes.LoopbackServer):
    """A loopback server for the model API (status `model_status`), an article and a feed."""

    def __init__(self, model_status: int) -> None:
        site = self
        self.model_status = model_status

        class Handler(BaseHTTPRequestHandler):
            def _send(self, status: int, body: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("content-type", kind)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802
                if self.path.startswith("/feed"):
                    link = f"http://127.0.0.1:{site.port}/article"
                    rss = (
                        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
                        f"<item><title>Drones strike Kharkiv</title><link>{link}</link>"
                        "<pubDate>Wed, 11 Mar 2026 04:00:00 GMT</pubDate></item></channel></rss>"
                    )
                    self._send(200, rss.encode(), "application/rss+xml")
                else:
                    self._send(200, PAGE.encode(), "text/html; charset=utf-8")

            def do_POST(self) -> None:  # noqa: N802
                self.rfile.read(int(self.headers.get("content-length") or 0))
                if site.model_status != 200:
                    body = {"error": {"message": "no", "type": "auth"}}
                else:
                    body = make_cassettes.chat_completion(json.dumps(EMPTY_ANSWER))
                self._send(site.model_status, json.dumps(body).encode(), "application/json")

            def log_message(self, *args: object) -> None:
                pass

        self._serve(Handler, poll=0.02)


def _plant(monkeypatch, site: Site, tmp_path: Path) -> list[str]:
    monkeypatch.setenv("OPENAI_API_KEY", SECRETS["OPENAI_API_KEY"])
    monkeypatch.setenv("BRIEFER_SMTP_PASSWORD", SECRETS["BRIEFER_SMTP_PASSWORD"])
    monkeypatch.setenv("BRIEFER_SMTP_USER", "desk")
    monkeypatch.setenv("BRIEFER_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("BRIEFER_MAIL_FROM", "briefer@example.org")
    monkeypatch.setenv(
        "OPENAI_BASE_URL", f"http://user:{SECRETS['base_url password']}@127.0.0.1:{site.port}/v1"
    )
    page = f"http://reader:{SECRETS['page password']}@127.0.0.1:{site.port}/article"
    feed = f"http://reader:{SECRETS['feed password']}@127.0.0.1:{site.port}/feed"
    return [page, "--feed", feed]


def _written(*folders: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for folder in folders for p in folder.rglob("*") if p.is_file()}


def _leaks(texts: dict[str, bytes]) -> list[tuple[str, str]]:
    return [
        (where, name)
        for where, data in texts.items()
        for name, secret in SECRETS.items()
        if secret.encode() in data
    ]


@pytest.mark.parametrize("model_status", [401, 500, 200])
def test_no_secret_reaches_any_output(model_status, tmp_path, monkeypatch, isolated_env):
    runs = tmp_path / "runs"
    runs.mkdir()
    monkeypatch.chdir(runs)
    from briefer.extract import openai_backend

    monkeypatch.setitem(openai_backend.OpenAIBackend.__init__.__kwdefaults__, "max_attempts", 2)
    monkeypatch.setitem(openai_backend.OpenAIBackend.__init__.__kwdefaults__, "backoff", 0.0)
    with Site(model_status) as site:
        inputs = _plant(monkeypatch, site, tmp_path)
        args = ["brief", *inputs, "--date", "2026-03-11", "--since", "48h"]
        args += ["-o", str(runs / "briefing.md"), "--save-extractions", str(runs / "saved")]
        args += ["--record", str(runs / "cassettes"), "--email-to", "desk@example.org"]
        args += ["--dry-run", "--verbose"]
        result = CliRunner().invoke(app, args)
        shown = CliRunner().invoke(app, ["config", "show"])
    assert result.exit_code == {401: 2, 500: 3, 200: 0}[model_status], result.stderr
    if model_status == 401:
        assert "rejected the API key" in result.stderr and "127.0.0.1" in result.stderr
    if model_status == 200:
        assert (runs / "briefing.md").is_file() and list(runs.glob("*.eml"))
    outputs = {
        "stdout": result.stdout.encode(),
        "stderr": result.stderr.encode(),
        "config show": shown.stdout.encode(),
        **{str(p): data for p, data in _written(runs, isolated_env).items()},
    }
    assert _leaks(outputs) == []
