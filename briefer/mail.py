"""The briefing as an e-mail: HTML rendering, the MIME message, and SMTP sending.

The HTML part is rendered with markdown-it-py with raw HTML disabled, so any markup in
article text arrives escaped; inline styles because mail clients drop <style> blocks.
Sending retries transient failures (4xx replies, dropped connections, timeouts) with
tenacity; a refused login is a configuration error that never carries the password.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import logging
import re
import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

import tenacity
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .config import Settings
from .errors import ConfigError, DeliveryError

__all__ = [
    "DEFAULT_ATTEMPTS",
    "briefing_date",
    "build_message",
    "markdown_to_html",
    "send_message",
    "subject_for",
    "top_key_point",
]

log = logging.getLogger(__name__)

DEFAULT_ATTEMPTS = 5
DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}
SUBJECT_POINT_CHARS = 80

_FONT = "Helvetica, Arial, sans-serif"
_STYLES = {
    "h1": f"font-family:{_FONT};font-size:22px;line-height:1.3;color:#111111;margin:0 0 8px 0;",
    "h2": (
        f"font-family:{_FONT};font-size:17px;line-height:1.3;color:#111111;margin:22px 0 8px 0;"
        "padding-bottom:3px;border-bottom:1px solid #dddddd;"
    ),
    "h3": f"font-family:{_FONT};font-size:15px;color:#111111;margin:16px 0 6px 0;",
    "p": "margin:0 0 10px 0;line-height:1.5;",
    "ul": "margin:0 0 12px 0;padding-left:22px;",
    "ol": "margin:0 0 12px 0;padding-left:26px;",
    "li": "margin:0 0 6px 0;line-height:1.5;",
    "a": "color:#1a5fb4;text-decoration:underline;word-break:break-all;",
    "blockquote": "margin:0 0 10px 0;padding-left:10px;border-left:3px solid #cccccc;color:#555555;",
    "code": "font-family:Menlo,Consolas,monospace;font-size:13px;background:#f3f3f3;",
}
_BODY_STYLE = (
    f"margin:0;padding:16px;background:#ffffff;color:#222222;font-family:{_FONT};font-size:15px;"
)
_URL = re.compile(r"https?://[^\s<>\"'\]\[)]+")
_TRAILING = ".,;:!?'\""


def _linkify(md: MarkdownIt, tokens: list[Token]) -> None:
    """Turn bare http(s) URLs in text into links (linkify-it is an optional extra we skip)."""
    for block in tokens:
        if block.type != "inline" or not block.children:
            continue
        out: list[Token] = []
        in_link = 0
        for child in block.children:
            in_link += child.type == "link_open"
            in_link -= child.type == "link_close"
            if child.type != "text" or in_link or "://" not in child.content:
                out.append(child)
                continue
            text, pos = child.content, 0
            for match in _URL.finditer(text):
                url = match.group(0).rstrip(_TRAILING)
                start, end = match.start(), match.start() + len(url)
                if not md.validateLink(url):
                    continue
                if start > pos:
                    out.append(Token("text", "", 0, content=text[pos:start]))
                out.append(Token("link_open", "a", 1, attrs={"href": md.normalizeLink(url)}))
                out.append(Token("text", "", 0, content=url))
                out.append(Token("link_close", "a", -1))
                pos = end
            if pos < len(text):
                out.append(Token("text", "", 0, content=text[pos:]))
        block.children = out


def _style(tokens: list[Token]) -> None:
    for token in tokens:
        if token.nesting == 1 and token.tag in _STYLES:
            token.attrSet("style", _STYLES[token.tag])
        if token.type == "code_inline":
            token.attrSet("style", _STYLES["code"])
        if token.children:
            _style(token.children)


def markdown_to_html(md_text: str, *, title: str = "Morning briefing") -> str:
    """A minimal, self-contained HTML document for the markdown, styled inline for e-mail."""
    md = MarkdownIt("commonmark", {"html": False})
    tokens = md.parse(md_text)
    _linkify(md, tokens)
    _style(tokens)
    body = md.renderer.render(tokens, md.options, {})
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n"
        f'<body style="{_BODY_STYLE}">\n<div style="max-width:720px;margin:0 auto;">\n'
        f"{body}</div>\n</body>\n</html>\n"
    )


_CITATIONS = re.compile(r"\s*(?:\[\d+(?:\s*[,;]\s*\d+)*\])+")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


def _clean_point(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    text = _CITATIONS.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = " ".join(text.split())
    if len(text) > SUBJECT_POINT_CHARS:
        cut = text[: SUBJECT_POINT_CHARS - 1]
        if " " in cut[SUBJECT_POINT_CHARS // 2 :]:
            cut = cut.rsplit(" ", 1)[0]
        text = cut.rstrip(" ,;:.-—") + "…"
    return text


def top_key_point(markdown: str) -> str | None:
    """The first bullet under the "Key points" heading, as written (None if there is none)."""
    in_key_points = False
    for line in markdown.splitlines():
        if line.startswith("#"):
            in_key_points = line.lstrip("#").strip().lower() == "key points"
            continue
        if in_key_points:
            match = _BULLET.match(line)
            if match and match.group(1).strip():
                return match.group(1).strip()
    return None


def briefing_date(markdown: str) -> dt.date | None:
    """The date in the briefing's title line ("# Morning briefing — 2026-03-12"), if any."""
    for line in markdown.splitlines():
        if line.startswith("# "):
            match = _DATE.search(line)
            if match:
                try:
                    return dt.date.fromisoformat(match.group(1))
                except ValueError:
                    return None
            return None
    return None


def subject_for(date: dt.date | str, point: str | None) -> str:
    """The subject line: date and top point, citation markers removed, point ~80 chars."""
    day = date if isinstance(date, str) else date.isoformat()
    cleaned = _clean_point(point) if point else ""
    return f"Morning briefing {day}: {cleaned}" if cleaned else f"Morning briefing {day}"


def build_message(
    markdown: str,
    *,
    date: dt.date | str,
    subject_point: str | None,
    sender: str,
    recipients: Sequence[str],
) -> EmailMessage:
    """multipart/alternative: the markdown as text/plain, its HTML rendering as text/html.

    `subject_point` None means "take the first key point from the markdown".
    """
    if subject_point is None:
        subject_point = top_key_point(markdown)
    subject = subject_for(date, subject_point)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(idstring="briefer", domain=domain)
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation auto-replies
    msg.set_content(markdown)
    msg.add_alternative(markdown_to_html(markdown, title=subject), subtype="html")
    return msg


# ---- sending -------------------------------------------------------------------------


class _Transient(Exception):
    """Wraps a failure worth another attempt."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause


def _scrub(text: str, settings: Settings) -> str:
    secret = settings.smtp_password
    if not secret:
        return text
    user = settings.smtp_user or ""
    forms = {
        secret,
        base64.b64encode(secret.encode()).decode(),
        base64.b64encode(f"\0{user}\0{secret}".encode()).decode(),
    }
    for form in forms:
        text = text.replace(form, "****")
    return text


def _reply(exc: smtplib.SMTPResponseException) -> str:
    error = exc.smtp_error
    text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
    return f"{exc.smtp_code} {' '.join(text.split())}"


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reply(exc)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "recipients refused: " + ", ".join(
            f"{rcpt} ({code} {msg.decode('utf-8', 'replace') if isinstance(msg, bytes) else msg})"
            for rcpt, (code, msg) in exc.recipients.items()
        )
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _ssl_context(settings: Settings) -> ssl.SSLContext:
    try:
        return ssl.create_default_context(
            cafile=str(settings.smtp_ca_file) if settings.smtp_ca_file else None
        )
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(
            f"cannot load BRIEFER_SMTP_CA_FILE {settings.smtp_ca_file}: {exc}"
        ) from None


def _attempt(
    msg: EmailMessage, settings: Settings, context: ssl.SSLContext | None, port: int
) -> None:
    """One SMTP session; classifies failures as transient (_Transient) or final (domain errors)."""
    host, security = settings.smtp_host, settings.smtp_security
    where = f"{host}:{port}"
    try:
        if security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                host, port, timeout=settings.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(host, port, timeout=settings.timeout)
        with smtp:
            smtp.ehlo()
            if security == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            refused = smtp.send_message(msg)
        if refused:
            log.warning("the SMTP server refused some recipients: %s", ", ".join(refused))
    except smtplib.SMTPAuthenticationError as exc:
        if 400 <= exc.smtp_code < 500:
            raise _Transient(exc) from None
        raise ConfigError(
            f"SMTP login to {where} as {settings.smtp_user!r} was refused ({_scrub(_reply(exc), settings)}); "
            "check BRIEFER_SMTP_USER and BRIEFER_SMTP_PASSWORD",
        ) from None
    except smtplib.SMTPNotSupportedError as exc:
        raise ConfigError(
            f"{where} does not support what BRIEFER_SMTP_SECURITY={security} needs ({exc}); "
            "try BRIEFER_SMTP_SECURITY=ssl with port 465, or starttls with port 587"
        ) from None
    except ssl.SSLCertVerificationError as exc:
        raise ConfigError(
            f"the TLS certificate of {where} could not be verified ({exc.verify_message}); "
            "set BRIEFER_SMTP_CA_FILE to the CA that signed it"
        ) from None
    except ssl.SSLError as exc:
        if exc.reason in ("WRONG_VERSION_NUMBER", "UNKNOWN_PROTOCOL", "RECORD_LAYER_FAILURE"):
            raise ConfigError(
                f"TLS handshake with {where} failed ({exc.reason}); check BRIEFER_SMTP_SECURITY "
                "(ssl for port 465, starttls for 587) and BRIEFER_SMTP_PORT"
            ) from None
        raise _Transient(exc) from None
    except smtplib.SMTPRecipientsRefused as exc:
        if all(400 <= code < 500 for code, _ in exc.recipients.values()):
            raise _Transient(exc) from None
        raise DeliveryError(f"{where} refused the briefing: {_describe(exc)}") from None
    except smtplib.SMTPResponseException as exc:
        if 400 <= exc.smtp_code < 500 or exc.smtp_code < 0:
            raise _Transient(exc) from None
        raise DeliveryError(
            f"{where} refused the briefing: {_scrub(_reply(exc), settings)}"
        ) from None
    except smtplib.SMTPServerDisconnected as exc:
        raise _Transient(exc) from None
    except smtplib.SMTPException as exc:  # a subclass of OSError, so before it
        raise DeliveryError(
            f"sending via {where} failed: {_scrub(_describe(exc), settings)}"
        ) from None
    except OSError as exc:  # refused or dropped connections, timeouts, DNS failures
        raise _Transient(exc) from None


def send_message(
    msg: EmailMessage,
    settings: Settings,
    *,
    attempts: int = DEFAULT_ATTEMPTS,
    wait: tenacity.wait.wait_base | None = None,
) -> None:
    """Send `msg` through the configured SMTP server.

    Transient failures are retried up to `attempts` times with `wait` between them
    (exponential, 2 s to 60 s, by default). Raises ConfigError for settings that cannot
    work (missing host, refused login, TLS trouble) and DeliveryError otherwise.
    """
    if not settings.smtp_host:
        raise ConfigError(
            "no SMTP server configured: set BRIEFER_SMTP_HOST (and BRIEFER_SMTP_PORT)"
        )
    if not msg["From"]:
        raise ConfigError("no sender address: set BRIEFER_MAIL_FROM")
    if settings.smtp_user and not settings.smtp_password:
        raise ConfigError(
            "BRIEFER_SMTP_USER is set but no password: set BRIEFER_SMTP_PASSWORD or BRIEFER_SMTP_PASSWORD_FILE"
        )
    port = settings.smtp_port or DEFAULT_PORTS[settings.smtp_security]
    context = _ssl_context(settings) if settings.smtp_security != "none" else None
    if (
        settings.smtp_security == "none"
        and settings.smtp_user
        and settings.smtp_host not in ("localhost", "127.0.0.1", "::1")
    ):
        log.warning("logging in to %s without TLS (BRIEFER_SMTP_SECURITY=none)", settings.smtp_host)

    def before_sleep(state: tenacity.RetryCallState) -> None:
        # only _Transient is retried, so the outcome is one
        transient: _Transient = state.outcome.exception()  # type: ignore[union-attr,assignment]
        pause = state.next_action.sleep if state.next_action else 0
        log.warning(
            "sending via %s:%s failed (%s); attempt %d of %d, retrying in %.0fs",
            settings.smtp_host,
            port,
            _scrub(_describe(transient.cause), settings),
            state.attempt_number,
            attempts,
            pause,
        )

    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(max(1, attempts)),
        wait=wait if wait is not None else tenacity.wait_exponential(multiplier=2, min=2, max=60),
        retry=tenacity.retry_if_exception_type(_Transient),
        before_sleep=before_sleep,
        reraise=True,
    )
    try:
        retrying(_attempt, msg, settings, context, port)
    except _Transient as exc:
        raise DeliveryError(
            f"could not send the briefing via {settings.smtp_host}:{port} after {attempts} attempt(s): "
            f"{_scrub(_describe(exc.cause), settings)}"
        ) from None
