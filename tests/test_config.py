"""Settings: one precedence (flag > env > file > default), validation that names the source,
secrets only from the environment and never shown."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from briefer.config import config_file_path, load_settings, settings_report
from briefer.errors import ConfigError


def write_config(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def config_env(tmp_path: Path, toml: str, **env: str) -> dict[str, str]:
    """An environment whose config dir holds a config.toml with `toml`, plus `env`."""
    config_dir = tmp_path / "cfg"
    write_config(config_dir, toml)
    return {"BRIEFER_CONFIG_DIR": str(config_dir), **env}


def test_defaults_without_env_or_file(tmp_path):
    settings = load_settings({}, environ={"BRIEFER_CONFIG_DIR": str(tmp_path / "nothing")})
    assert settings.backend == "auto"
    assert settings.model == "gpt-5.4-mini"
    assert settings.since == "48h"
    assert settings.smtp_security == "starttls"
    assert settings.inputs == [] and settings.email_to == []
    assert settings.api_key is None and settings.smtp_password is None
    assert (
        settings.cache_dir.name.lower() == "briefer" or "briefer" in str(settings.cache_dir).lower()
    )
    assert settings.sources["model"] == "default"


def test_precedence_flag_over_env_over_file_over_default(tmp_path):
    env = config_env(
        tmp_path,
        'model = "from-file"\nsince = "72h"\nconcurrency = 3\nchunk_tokens = 900\n',
        BRIEFER_MODEL="from-env",
        BRIEFER_SINCE="24h",
    )

    settings = load_settings({"model": "from-flag", "concurrency": None}, environ=env)

    assert settings.model == "from-flag"  # flag beats env and file
    assert settings.since == "24h"  # env beats file
    assert settings.concurrency == 3  # file beats default; a None flag is "unset"
    assert settings.timeout == 60.0  # default
    assert settings.sources["model"] == "flag"
    assert settings.sources["since"] == "env BRIEFER_SINCE"
    assert settings.sources["concurrency"].startswith("file ")
    assert settings.sources["timeout"] == "default"


def test_settings_are_read_when_called_not_at_import(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFER_CONFIG_DIR", str(tmp_path))  # not the user's own config file
    monkeypatch.setenv("BRIEFER_MODEL", "first")
    assert load_settings({}).model == "first"
    monkeypatch.setenv("BRIEFER_MODEL", "second")
    assert load_settings({}).model == "second"


def test_lists_from_env_are_comma_separated_and_from_toml_are_lists(tmp_path):
    env = config_env(
        tmp_path,
        'feeds = ["https://a.example/rss", "https://b.example/rss"]\n',
        BRIEFER_EMAIL_TO="ana@example.org, ben@example.org",
    )
    settings = load_settings({}, environ=env)
    assert settings.email_to == ["ana@example.org", "ben@example.org"]
    assert settings.feeds == ["https://a.example/rss", "https://b.example/rss"]


def test_explicit_config_file_and_relative_paths(tmp_path):
    path = write_config(
        tmp_path / "elsewhere",
        'inputs = ["news/*.txt", "/abs/a.txt", "-", "https://example.org/x"]\n'
        'output_dir = "out"\ndate = 2026-03-12\nemail_to = "desk@example.org"\n',
    )
    settings = load_settings({}, config_file=path, environ={})
    base = path.parent
    assert settings.inputs == [str(base / "news/*.txt"), "/abs/a.txt", "-", "https://example.org/x"]
    assert settings.output_dir == base / "out"
    assert settings.date == dt.date(2026, 3, 12)
    assert settings.email_to == ["desk@example.org"]
    assert settings.config_path == path


def test_missing_explicit_config_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings({}, config_file=tmp_path / "nope.toml", environ={})


def test_default_config_location_follows_briefer_config_dir(tmp_path):
    assert config_file_path({"BRIEFER_CONFIG_DIR": str(tmp_path)}) == tmp_path / "config.toml"


@pytest.mark.parametrize(
    ("key", "variables"),
    [
        ("api_key", ["OPENAI_API_KEY", "BRIEFER_API_KEY_FILE"]),
        ("smtp_password", ["BRIEFER_SMTP_PASSWORD", "BRIEFER_SMTP_PASSWORD_FILE"]),
    ],
)
def test_secret_in_config_file_is_refused(tmp_path, key, variables):
    with pytest.raises(ConfigError) as info:
        load_settings({}, environ=config_env(tmp_path, f'{key} = "hunter2-in-file"\n'))
    message = str(info.value)
    assert key in message and "hunter2-in-file" not in message
    assert all(variable in message for variable in variables)
    assert info.value.exit_code == 2


def test_unknown_toml_key_is_named(tmp_path):
    env = config_env(tmp_path, 'modle = "typo"\n')
    with pytest.raises(ConfigError, match="modle") as info:
        load_settings({}, environ=env)
    assert str(Path(env["BRIEFER_CONFIG_DIR"]) / "config.toml") in str(info.value)


def test_invalid_toml_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings({}, environ=config_env(tmp_path, "model = \n"))


@pytest.mark.parametrize(
    ("flags", "env", "toml", "names"),
    [
        (
            {},
            {"BRIEFER_BACKEND": "gemini"},
            "",
            ["backend", "env BRIEFER_BACKEND", "auto, openai, offline"],
        ),
        ({"smtp_port": "smtp"}, {}, "", ["smtp_port", "flag --smtp-port"]),
        ({}, {"BRIEFER_SMTP_PORT": "70000"}, "", ["smtp_port", "env BRIEFER_SMTP_PORT", "65535"]),
        (
            {},
            {},
            'smtp_security = "tls"\n',
            ["smtp_security", "config file", "none, starttls, ssl"],
        ),
        ({"date": "12/03/2026"}, {}, "", ["date", "flag --date", "YYYY-MM-DD"]),
        ({}, {"BRIEFER_SINCE": "two days"}, "", ["since", "env BRIEFER_SINCE"]),
        ({}, {"BRIEFER_FORCE": "maybe"}, "", ["force", "env BRIEFER_FORCE"]),
        ({}, {}, "concurrency = 0\n", ["concurrency", "config file"]),
        ({}, {"OPENAI_BASE_URL": "localhost:8000"}, "", ["base_url", "env OPENAI_BASE_URL"]),
        ({"email_to": ["not-an-address"]}, {}, "", ["email_to", "flag --email-to"]),
    ],
)
def test_bad_values_name_the_setting_and_its_source(tmp_path, flags, env, toml, names):
    with pytest.raises(ConfigError) as info:
        load_settings(flags, environ=config_env(tmp_path, toml, **env))
    for name in names:
        assert name in str(info.value)


def test_typed_values_from_env(tmp_path):
    env = {
        "BRIEFER_CONFIG_DIR": str(tmp_path),
        "BRIEFER_SMTP_PORT": "2525",
        "BRIEFER_TIMEOUT": "12.5",
        "BRIEFER_DRY_RUN": "yes",
        "BRIEFER_DATE": "2026-03-12",
        "BRIEFER_OUTPUT_DIR": "~/briefings",
        "BRIEFER_SMTP_SECURITY": "SSL",
    }
    settings = load_settings({}, environ=env)
    assert settings.smtp_port == 2525
    assert settings.timeout == 12.5
    assert settings.dry_run is True
    assert settings.date == dt.date(2026, 3, 12)
    assert settings.output_dir == Path("~/briefings").expanduser()
    assert settings.smtp_security == "ssl"


def test_base_url_from_openai_env_and_briefer_env_wins(tmp_path):
    env = {"BRIEFER_CONFIG_DIR": str(tmp_path), "OPENAI_BASE_URL": "http://127.0.0.1:8000/v1"}
    assert load_settings({}, environ=env).base_url == "http://127.0.0.1:8000/v1"
    env["BRIEFER_BASE_URL"] = "http://127.0.0.1:9000/v1"
    assert load_settings({}, environ=env).base_url == "http://127.0.0.1:9000/v1"


def test_api_key_only_from_environment(tmp_path):
    env = {"BRIEFER_CONFIG_DIR": str(tmp_path), "OPENAI_API_KEY": "sk-test-123"}
    settings = load_settings({}, environ=env)
    assert settings.api_key == "sk-test-123"
    assert settings.sources["api_key"] == "env OPENAI_API_KEY"
    with pytest.raises(ConfigError, match="cannot be given as a flag"):
        load_settings({"api_key": "sk-flag"}, environ=env)


def test_secret_files_must_be_private(tmp_path):
    secret = tmp_path / "smtp-password"
    secret.write_text("s3cret-from-file\n")
    os.chmod(secret, 0o600)
    env = {"BRIEFER_CONFIG_DIR": str(tmp_path), "BRIEFER_SMTP_PASSWORD_FILE": str(secret)}
    assert load_settings({}, environ=env).smtp_password == "s3cret-from-file"

    os.chmod(secret, 0o644)
    with pytest.raises(ConfigError, match="chmod 600") as info:
        load_settings({}, environ=env)
    assert "s3cret" not in str(info.value)

    key = tmp_path / "key"
    key.write_text("sk-from-file")
    os.chmod(key, 0o600)
    env = {"BRIEFER_CONFIG_DIR": str(tmp_path), "BRIEFER_API_KEY_FILE": str(key)}
    assert load_settings({}, environ=env).api_key == "sk-from-file"


def test_report_masks_secrets_and_shows_sources(tmp_path):
    env = config_env(
        tmp_path,
        'model = "from-file"\n',
        OPENAI_API_KEY="sk-live-abcdef",
        BRIEFER_SMTP_PASSWORD="pa55word",
        BRIEFER_SMTP_HOST="mail.example.org",
        BRIEFER_BASE_URL="https://user:urlsecret@llm.example.org/v1",
    )
    settings = load_settings({"backend": "offline"}, environ=env)
    report = settings_report(settings)
    for secret in ("sk-live-abcdef", "pa55word", "urlsecret"):
        assert secret not in report
        assert secret not in repr(settings)
    lines = {line.split()[0]: line for line in report.splitlines()[1:]}
    assert "****" in lines["api_key"] and "env OPENAI_API_KEY" in lines["api_key"]
    assert "****" in lines["smtp_password"]
    assert (
        "mail.example.org" in lines["smtp_host"] and "env BRIEFER_SMTP_HOST" in lines["smtp_host"]
    )
    assert "from-file" in lines["model"] and "file " in lines["model"]
    assert "offline" in lines["backend"] and "[flag]" in lines["backend"]
    assert "[default]" in lines["timeout"]
    assert str(Path(env["BRIEFER_CONFIG_DIR"]) / "config.toml") in report.splitlines()[0]
