"""Deliver the briefing: to a file or stdout, and by e-mail at most once per date.

`deliver()` consults the run ledger before sending, so a re-run of a scheduled job for a
date already e-mailed to the same recipients sends nothing (unless forced). The send is
recorded before the message goes to the server and confirmed once it is accepted; a run
that died in between leaves an unconfirmed record, and the next run refuses to guess.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import tenacity

from .config import Settings
from .errors import BrieferError, ConfigError, DeliveryError
from .ledger import Ledger
from .mail import DEFAULT_ATTEMPTS, build_message, send_message

__all__ = ["DeliveryResult", "atomic_write", "deliver", "eml_path", "write_eml", "write_output"]

log = logging.getLogger(__name__)

DRY_RUN_SENDER = "briefer@localhost"


@dataclass
class DeliveryResult:
    """What `deliver()` did: "sent", "already-sent" (nothing sent) or "dry-run" (.eml written)."""

    status: str
    message_id: str | None
    recipients: list[str] = field(default_factory=list)
    path: Path | None = None

    def __str__(self) -> str:
        to = ", ".join(self.recipients)
        if self.status == "dry-run":
            return f"dry run: wrote {self.path} (not sent)"
        if self.status == "already-sent":
            return f"already sent to {to} ({self.message_id}); not sent again (use --force)"
        return f"sent to {to} ({self.message_id})"


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename: never a half file."""
    path = Path(path).expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise DeliveryError(f"cannot write {path}: {exc.strerror or exc}") from exc


def write_output(text: str, path: Path | str | None) -> None:
    """Write the briefing to `path` atomically, or to stdout when `path` is None or "-"."""
    if path is None or str(path) == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
        return
    atomic_write(Path(path), text.encode("utf-8"))


def write_eml(msg: EmailMessage, path: Path) -> Path:
    """Write the message as an .eml file (RFC 5322 bytes) atomically; returns the path."""
    atomic_write(Path(path), msg.as_bytes())
    return Path(path)


def eml_path(settings: Settings, date: dt.date | str) -> Path:
    """Where a dry run puts the message: output_dir (or the cwd)/briefing-YYYY-MM-DD.eml."""
    day = date if isinstance(date, str) else date.isoformat()
    return (settings.output_dir or Path.cwd()) / f"briefing-{day}.eml"


def deliver(
    markdown: str,
    settings: Settings,
    *,
    date: dt.date | str,
    subject_point: str | None,
    ledger: Ledger | None,
    recipients: Sequence[str],
    force: bool = False,
    dry_run: bool = False,
    attempts: int = DEFAULT_ATTEMPTS,
    wait: tenacity.wait.wait_base | None = None,
) -> DeliveryResult:
    """E-mail the briefing for `date` to `recipients`, once.

    Unless `force`: skips the send (status "already-sent") when the ledger shows this date
    went to these recipients, and raises DeliveryError when an earlier run died between
    handing the message to the server and recording that it was accepted. With `dry_run`,
    writes briefing-YYYY-MM-DD.eml into `settings.output_dir` (or the cwd) instead of
    sending. `settings.force` and `settings.dry_run` count as well as the arguments.
    """
    recipients = [r.strip() for r in (recipients or settings.email_to) if r.strip()]
    if not recipients:
        raise ConfigError("no recipients: use --email-to ADDR or set BRIEFER_EMAIL_TO")
    force = force or settings.force

    def message(sender: str) -> EmailMessage:
        return build_message(
            markdown, date=date, subject_point=subject_point, sender=sender, recipients=recipients
        )

    if dry_run or settings.dry_run:
        msg = message(settings.mail_from or DRY_RUN_SENDER)
        path = write_eml(msg, eml_path(settings, date))
        log.info("dry run: wrote %s instead of sending", path)
        return DeliveryResult("dry-run", str(msg["Message-ID"]), recipients, path)

    last = ledger.last_email(date, recipients) if ledger is not None and not force else None
    if last and last.sent_at:
        log.info(
            "the briefing for %s already went to %s (%s); not sending again (use --force)",
            date,
            ", ".join(recipients),
            last.message_id,
        )
        return DeliveryResult("already-sent", last.message_id, recipients)
    if last:
        raise DeliveryError(
            f"a run at {last.started} was sending the briefing for {date} to {', '.join(recipients)} "
            f"(Message-ID {last.message_id}) and stopped before the server confirmed it; "
            "check the inbox for that message, and if it is not there run again with --force",
            message_id=last.message_id,
        )

    if not settings.mail_from:
        raise ConfigError(
            "no sender address: set BRIEFER_MAIL_FROM (or mail_from in the config file)"
        )
    msg = message(settings.mail_from)
    message_id = str(msg["Message-ID"])
    if ledger is not None:
        ledger.record_sending(date, recipients, message_id)
    try:
        send_message(msg, settings, attempts=attempts, wait=wait)
    except BrieferError:
        if ledger is not None:  # a classified failure: the server did not take it
            ledger.forget_sending(message_id)
        raise
    if ledger is not None:
        ledger.record_sent(message_id)
    log.info("sent the briefing for %s to %s (%s)", date, ", ".join(recipients), message_id)
    return DeliveryResult("sent", message_id, recipients)
