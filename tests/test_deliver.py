"""E-mail delivery against a real SMTP server on loopback (aiosmtpd), with AUTH over
STARTTLS or implicit TLS on a certificate made for the test; plus dry runs and file output."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ipaddress
import logging
import os
import socket
import ssl
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import tenacity
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from briefer.config import Settings, load_settings
from briefer.deliver import deliver, write_output
from briefer.errors import ConfigError, DeliveryError
from briefer.ledger import Ledger
from briefer.mail import build_message, send_message

pytestmark = [
    pytest.mark.slow,
    # the implicit-TLS server requires AUTH without STARTTLS (see smtp_server)
    pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS"),
]

USER, PASSWORD = "briefer", "c0rrect-h0rse-battery"
DAY = dt.date(2026, 3, 12)
NO_WAIT = tenacity.wait_none()

BRIEFING = """\
# Morning briefing — 2026-03-12
Window 72h · 3 articles

## Key points
- Talks resume in Istanbul for a second day [1][2]
- Port official quoted: <script>alert('pwned')</script> & "more" [3]

## Sources
1. Talks resume — Harbor Post, 2026-03-11. https://example.org/harbor/talks
"""


# ---- a certificate and an SMTP server made for the test ------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1/localhost: (cert.pem, key.pem)."""
    folder = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "briefer test SMTP")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=True,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@dataclass
class Mailbox:
    """The aiosmtpd handler: keeps what arrives, can answer 4xx/5xx for a while first."""

    messages: list[email.message.EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str], bool]] = field(default_factory=list)
    fail_with: str | None = None
    failures_left: int = 0
    attempts: int = 0

    async def handle_DATA(self, server, session, envelope):
        self.attempts += 1
        if self.failures_left:
            self.failures_left -= 1
            return self.fail_with
        self.envelopes.append(
            (envelope.mail_from, list(envelope.rcpt_tos), bool(session.authenticated))
        )
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 2.0.0 queued"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(certificate):
    """Start a loopback SMTP server: mode "starttls" (required) or "ssl", AUTH required."""
    started: list[Controller] = []

    def start(mode: str = "starttls") -> tuple[Controller, Mailbox]:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*certificate)
        mailbox = Mailbox()
        options = dict(
            hostname="127.0.0.1",
            port=free_port(),
            server_hostname="localhost",
            authenticator=authenticator,
            auth_required=True,
            # aiosmtpd only counts STARTTLS as TLS; with implicit TLS the link is encrypted anyway
            auth_require_tls=mode != "ssl",
        )
        if mode == "ssl":
            controller = Controller(mailbox, ssl_context=context, **options)
        else:
            controller = Controller(mailbox, tls_context=context, require_starttls=True, **options)
        controller.start()
        started.append(controller)
        return controller, mailbox

    yield start
    for controller in started:
        controller.stop()


def settings_for(controller: Controller, certificate, tmp_path: Path, **overrides) -> Settings:
    values = dict(
        smtp_host="127.0.0.1",
        smtp_port=controller.port,
        smtp_user=USER,
        smtp_password=PASSWORD,
        smtp_security="starttls",
        smtp_ca_file=certificate[0],
        mail_from="Briefer <briefer@desk.example.org>",
        output_dir=tmp_path / "out",
        timeout=10.0,
    )
    values.update(overrides)
    return Settings(**values)


def send(settings, ledger=None, **kwargs):
    kwargs.setdefault("recipients", ["ana@example.org"])
    kwargs.setdefault("date", DAY)
    kwargs.setdefault("subject_point", None)
    return deliver(BRIEFING, settings, ledger=ledger, wait=NO_WAIT, **kwargs)


# ---- the tests -----------------------------------------------------------------------


def test_briefing_arrives_over_starttls_with_both_parts_and_headers(
    smtp_server, certificate, tmp_path
):
    controller, mailbox = smtp_server("starttls")
    ledger = Ledger(tmp_path / "data")
    result = send(
        settings_for(controller, certificate, tmp_path),
        ledger,
        recipients=["ana@example.org", "ben@example.org"],
    )

    assert result.status == "sent"
    assert len(mailbox.messages) == 1
    mail_from, rcpt_tos, authenticated = mailbox.envelopes[0]
    assert mail_from == "briefer@desk.example.org"
    assert rcpt_tos == ["ana@example.org", "ben@example.org"]
    assert authenticated

    msg = mailbox.messages[0]
    assert msg.get_content_type() == "multipart/alternative"
    # a long Subject is folded onto its own line; clients unfold it
    subject = " ".join(msg["Subject"].split())
    assert subject == "Morning briefing 2026-03-12: Talks resume in Istanbul for a second day"
    assert msg["Message-ID"] == result.message_id and result.message_id.endswith(
        "@desk.example.org>"
    )
    assert email.utils.parsedate_to_datetime(msg["Date"]).tzinfo is not None
    plain = msg.get_body(("plain",)).get_content()
    html_part = msg.get_body(("html",)).get_content()
    assert "<script>alert('pwned')</script>" in plain  # the markdown as written
    assert "<script>" not in html_part
    assert "&lt;script&gt;alert('pwned')&lt;/script&gt; &amp; &quot;more&quot;" in html_part
    assert ledger.already_sent(DAY, ["ben@example.org", "ana@example.org"]) == result.message_id


def test_briefing_arrives_over_implicit_tls(smtp_server, certificate, tmp_path):
    controller, mailbox = smtp_server("ssl")
    result = send(settings_for(controller, certificate, tmp_path, smtp_security="ssl"))
    assert result.status == "sent" and len(mailbox.messages) == 1


def test_settings_from_environment_and_password_file_reach_the_server(
    smtp_server, certificate, tmp_path
):
    controller, mailbox = smtp_server("starttls")
    secret = tmp_path / "smtp-password"
    secret.write_text(PASSWORD + "\n")
    os.chmod(secret, 0o600)
    settings = load_settings(
        {"email_to": ["desk@example.org"]},
        environ={
            "BRIEFER_CONFIG_DIR": str(tmp_path / "cfg"),
            "BRIEFER_SMTP_HOST": "127.0.0.1",
            "BRIEFER_SMTP_PORT": str(controller.port),
            "BRIEFER_SMTP_USER": USER,
            "BRIEFER_SMTP_PASSWORD_FILE": str(secret),
            "BRIEFER_SMTP_SECURITY": "starttls",
            "BRIEFER_SMTP_CA_FILE": str(certificate[0]),
            "BRIEFER_MAIL_FROM": "briefer@desk.example.org",
        },
    )
    result = deliver(
        BRIEFING, settings, date=DAY, subject_point=None, ledger=None, recipients=[], wait=NO_WAIT
    )
    assert result.status == "sent"
    assert mailbox.envelopes[0][1] == ["desk@example.org"]


def test_transient_4xx_is_retried(smtp_server, certificate, tmp_path, caplog):
    controller, mailbox = smtp_server("starttls")
    mailbox.fail_with, mailbox.failures_left = "451 4.3.0 try again later", 1
    with caplog.at_level(logging.WARNING, logger="briefer.mail"):
        result = send(settings_for(controller, certificate, tmp_path))
    assert result.status == "sent"
    assert mailbox.attempts == 2 and len(mailbox.messages) == 1
    assert "451" in caplog.text and "retrying" in caplog.text
    assert PASSWORD not in caplog.text


def test_retries_are_bounded(smtp_server, certificate, tmp_path):
    controller, mailbox = smtp_server("starttls")
    mailbox.fail_with, mailbox.failures_left = "421 4.7.0 busy", 99
    with pytest.raises(DeliveryError, match="after 3 attempt") as info:
        send(settings_for(controller, certificate, tmp_path), attempts=3)
    assert mailbox.attempts == 3 and "421" in str(info.value)


def test_permanent_5xx_is_not_retried(smtp_server, certificate, tmp_path):
    controller, mailbox = smtp_server("starttls")
    mailbox.fail_with, mailbox.failures_left = "554 5.6.0 message rejected", 99
    ledger = Ledger(tmp_path / "data")
    with pytest.raises(DeliveryError, match="554") as info:
        send(settings_for(controller, certificate, tmp_path), ledger)
    assert mailbox.attempts == 1 and info.value.exit_code == 1
    assert ledger.last_email(DAY, ["ana@example.org"]) is None
    mailbox.failures_left = 0  # a refused send leaves nothing that blocks the next run
    assert send(settings_for(controller, certificate, tmp_path), ledger).status == "sent"


def test_no_second_send_for_the_same_date_unless_forced(smtp_server, certificate, tmp_path):
    controller, mailbox = smtp_server("starttls")
    settings = settings_for(controller, certificate, tmp_path)
    first = send(settings, Ledger(tmp_path / "data"))
    again = send(settings, Ledger(tmp_path / "data"))  # a re-run: a new process, the same ledger
    assert again.status == "already-sent" and again.message_id == first.message_id
    assert "not sent again" in str(again) and "--force" in str(again)
    assert len(mailbox.messages) == 1

    other = send(settings, Ledger(tmp_path / "data"), recipients=["ben@example.org"])
    assert other.status == "sent" and len(mailbox.messages) == 2

    forced = send(settings, Ledger(tmp_path / "data"), force=True)
    assert forced.status == "sent" and forced.message_id != first.message_id
    assert len(mailbox.messages) == 3
    assert Ledger(tmp_path / "data").already_sent(DAY, ["ana@example.org"]) == forced.message_id


def test_crash_after_the_server_accepted_is_not_resent_silently(
    smtp_server, certificate, tmp_path, monkeypatch
):
    controller, mailbox = smtp_server("starttls")
    settings = settings_for(controller, certificate, tmp_path)

    def die(self, message_id, **kwargs):
        raise SystemExit("killed")  # the run dies before the ledger hears of the acceptance

    with monkeypatch.context() as patch:
        patch.setattr(Ledger, "record_sent", die)
        with pytest.raises(SystemExit):
            send(settings, Ledger(tmp_path / "data"))
    assert len(mailbox.messages) == 1
    delivered = mailbox.messages[0]["Message-ID"]

    with pytest.raises(DeliveryError) as info:
        send(settings, Ledger(tmp_path / "data"))  # the re-run
    message = str(info.value)
    assert delivered in message and "check the inbox" in message and "--force" in message
    assert info.value.exit_code == 1
    assert len(mailbox.messages) == 1

    forced = send(settings, Ledger(tmp_path / "data"), force=True)
    assert forced.status == "sent" and len(mailbox.messages) == 2
    again = send(settings, Ledger(tmp_path / "data"))
    assert again.status == "already-sent" and again.message_id == forced.message_id


def test_refused_login_is_a_config_error_without_the_password(
    smtp_server, certificate, tmp_path, caplog
):
    controller, mailbox = smtp_server("starttls")
    wrong = "Wr0ng-pa55word-xyz"
    settings = settings_for(controller, certificate, tmp_path, smtp_password=wrong)
    with caplog.at_level(logging.DEBUG), pytest.raises(ConfigError) as info:
        send(settings, Ledger(tmp_path / "data"))
    error = info.value
    assert error.exit_code == 2
    assert "BRIEFER_SMTP_PASSWORD" in str(error) and "535" in str(error)
    assert wrong not in str(error) and wrong not in repr(error.context) and wrong not in caplog.text
    assert error.__cause__ is None and error.__suppress_context__
    assert mailbox.messages == []


def test_untrusted_certificate_names_the_ca_setting(smtp_server, certificate, tmp_path):
    controller, _ = smtp_server("starttls")
    settings = settings_for(controller, certificate, tmp_path, smtp_ca_file=None)
    with pytest.raises(ConfigError, match="BRIEFER_SMTP_CA_FILE"):
        send(settings)


def test_missing_server_or_sender_names_the_variables(tmp_path):
    with pytest.raises(ConfigError, match="BRIEFER_SMTP_HOST"):
        send(Settings(mail_from="b@example.org"))
    with pytest.raises(ConfigError, match="BRIEFER_MAIL_FROM"):
        send(Settings(smtp_host="127.0.0.1"))
    with pytest.raises(ConfigError, match="BRIEFER_EMAIL_TO"):
        send(Settings(smtp_host="127.0.0.1", mail_from="b@example.org"), recipients=[])


def test_unreachable_server_is_retried_then_a_delivery_error(tmp_path):
    settings = Settings(
        smtp_host="127.0.0.1",
        smtp_port=free_port(),
        smtp_security="none",
        mail_from="b@example.org",
        timeout=2,
    )
    msg = build_message(
        BRIEFING, date=DAY, subject_point=None, sender="b@example.org", recipients=["a@example.org"]
    )
    with pytest.raises(DeliveryError, match="after 2 attempt"):
        send_message(msg, settings, attempts=2, wait=NO_WAIT)


def test_dry_run_writes_a_parseable_eml_and_sends_nothing(tmp_path):
    ledger = Ledger(tmp_path / "data")
    settings = Settings(output_dir=tmp_path / "out")  # no SMTP settings needed for a dry run
    result = send(settings, ledger, dry_run=True)
    assert result.status == "dry-run"
    assert result.path == tmp_path / "out" / "briefing-2026-03-12.eml"
    msg = email.message_from_bytes(result.path.read_bytes(), policy=email.policy.default)
    assert msg.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in msg.iter_parts()] == ["text/plain", "text/html"]
    assert msg["Subject"].strip().startswith("Morning briefing 2026-03-12: ")
    assert msg["Message-ID"] == result.message_id
    assert "&lt;script&gt;" in msg.get_body(("html",)).get_content()
    assert ledger.already_sent(DAY, ["ana@example.org"]) is None  # a dry run is not a send


def test_dry_run_defaults_to_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = send(Settings(dry_run=True))
    assert result.path == tmp_path / "briefing-2026-03-12.eml" and result.path.exists()


def test_write_output_is_atomic_or_stdout(tmp_path, capsys):
    target = tmp_path / "deep" / "briefing.md"
    write_output("# one\n", target)
    write_output("# two\n", target)
    assert target.read_text() == "# two\n"
    assert [p.name for p in target.parent.iterdir()] == ["briefing.md"]  # no temp files left
    write_output("# to stdout", None)
    assert capsys.readouterr().out == "# to stdout\n"
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DeliveryError, match="cannot write"):
        write_output("x", blocker / "sub" / "b.md")
