"""Settings with one precedence: flag > environment > config file > default.

Everything is read when `load_settings()` is called, never at import. The config file is
TOML (keys are the `Settings` field names) in the user config dir, or the file given with
`--config`. Secrets (the model API key, the SMTP password) come only from the environment
or from a file readable by its owner alone; a config file that holds one is refused.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import stat
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import platformdirs

from .errors import ConfigError

__all__ = [
    "BACKENDS",
    "FORMATS",
    "SECRET_FIELDS",
    "SMTP_SECURITY",
    "REASONING_EFFORTS",
    "STRUCTURED_MODES",
    "Settings",
    "config_file_path",
    "load_settings",
    "settings_report",
]

APP = "briefer"
BACKENDS = ("auto", "openai", "offline")
STRUCTURED_MODES = ("json_schema", "json_object")
REASONING_EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh")
FORMATS = ("markdown", "json")
SMTP_SECURITY = ("none", "starttls", "ssl")
SECRET_FIELDS = frozenset({"api_key", "smtp_password"})
MASK = "****"


def _default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP))


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP))


@dataclass(repr=False)
class Settings:
    """The effective settings of one run; `sources` says where each value came from.

    Its repr masks the secrets (and credentials in `base_url`), so it is safe to log.
    """

    inputs: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)
    date: dt.date | None = None
    since: str = "48h"
    backend: str = "auto"
    model: str = "gpt-5.4-mini"
    reasoning_effort: str = "low"  # sent to reasoning models only (see briefer/prices.json)
    base_url: str | None = None
    api_key: str | None = None
    structured_mode: str = "json_schema"
    chunk_tokens: int = 3000  # article tokens per request; a longer story is split
    max_words: int = 1000  # the briefing's length cap outside Sources; 0: a third of the input
    concurrency: int = 8
    format: str = "markdown"
    output: Path | None = None
    output_dir: Path | None = None
    save_extractions: Path | None = None
    record: Path | None = None
    replay: Path | None = None
    email_to: list[str] = field(default_factory=list)
    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_security: str = "starttls"
    smtp_ca_file: Path | None = None
    mail_from: str | None = None
    cache_dir: Path = field(default_factory=_default_cache_dir)
    data_dir: Path = field(default_factory=_default_data_dir)
    prices: Path | None = None
    force: bool = False
    dry_run: bool = False
    timeout: float = 60.0  # seconds per model call attempt (and per SMTP operation)
    # seconds one model request may spend in all: every attempt, timeout and wait
    model_retry_budget: float = 180.0
    # seconds a plain `brief` waits for a running batch that covers some of its chunks
    batch_wait: float = 0.0
    # a run whose failed chunks are over this share is written but neither e-mailed nor
    # recorded as the day's briefing
    max_failed_share: float = 0.5
    max_input_mb: float = 10.0  # the size cap per input file
    progress_interval: float = 10.0  # seconds between progress lines when not on a terminal
    # Bookkeeping, not settings: where each value came from and which file was looked at.
    sources: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    config_path: Path | None = field(default=None, repr=False, compare=False)

    def __repr__(self) -> str:
        shown = (f"{name}={_masked(name, getattr(self, name))!r}" for name in _setting_names())
        return f"Settings({', '.join(shown)})"


_BOOKKEEPING = frozenset({"sources", "config_path"})


def _setting_names() -> list[str]:
    return [f.name for f in dataclasses.fields(Settings) if f.name not in _BOOKKEEPING]


# Environment variables for each setting, first match wins; BRIEFER_<NAME> otherwise.
_ENV_NAMES: dict[str, tuple[str, ...]] = {
    "base_url": ("BRIEFER_BASE_URL", "OPENAI_BASE_URL"),
    "api_key": ("OPENAI_API_KEY",),
    "smtp_password": ("BRIEFER_SMTP_PASSWORD",),
}
# Secrets may also be read from a file named by this variable (mode 0600 or stricter).
_SECRET_FILE_ENV = {
    "api_key": "BRIEFER_API_KEY_FILE",
    "smtp_password": "BRIEFER_SMTP_PASSWORD_FILE",
}


def _env_names(name: str) -> tuple[str, ...]:
    return _ENV_NAMES.get(name, (f"BRIEFER_{name.upper()}",))


# ---- value parsing -------------------------------------------------------------------


class _Bad(ValueError):
    """A value that does not parse; the message says what was expected."""


def _as_str(value: Any) -> str:
    if not isinstance(value, str):
        raise _Bad("expected a string")
    return value.strip()


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list | tuple):
        items = value
    else:
        raise _Bad("expected a list of strings or a comma-separated string")
    out = []
    for item in items:
        if not isinstance(item, str | os.PathLike):
            raise _Bad("expected a list of strings")
        text = os.fspath(item).strip()
        if text:
            out.append(text)
    return out


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        day = dt.date.fromisoformat(_as_str(value))
    except ValueError:
        raise _Bad("expected a date as YYYY-MM-DD") from None
    from .dates import FIRST_DAY, LAST_DAY

    if not FIRST_DAY <= day <= LAST_DAY:
        raise _Bad(f"expected a date from {FIRST_DAY} to {LAST_DAY}")
    return day


def _as_number(value: Any, kind: type[int] | type[float], expected: str) -> Any:
    # int() and float() ignore surrounding whitespace; a TOML true is not a number.
    if isinstance(value, bool):
        raise _Bad(expected)
    try:
        return kind(value)
    except (TypeError, ValueError):
        raise _Bad(expected) from None


def _as_int(low: int, high: int | None = None) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        number = _as_number(value, int, "expected an integer")
        if number < low or (high is not None and number > high):
            raise _Bad(
                f"expected an integer >= {low}"
                if high is None
                else f"expected an integer from {low} to {high}"
            )
        return number

    return parse


def _as_positive_float(value: Any) -> float:
    number = _as_number(value, float, "expected a number")
    if not number > 0:
        raise _Bad("expected a number greater than 0")
    return number


def _as_seconds(value: Any) -> float:
    number = _as_number(value, float, "expected a number of seconds")
    if not 0 <= number < 10**7:
        raise _Bad("expected a number of seconds from 0")
    return number


def _as_share(value: Any) -> float:
    number = _as_number(value, float, "expected a share from 0 to 1")
    if not 0 <= number <= 1:
        raise _Bad("expected a share from 0 to 1 (0.5 is half)")
    return number


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise _Bad("expected true or false (1/0, yes/no, on/off)")


def _as_path(value: Any) -> Path:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise _Bad("expected a path")
    elif not isinstance(value, os.PathLike):
        raise _Bad("expected a path")
    return Path(value).expanduser()


def _as_choice(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = _as_str(value).lower()
        if text not in choices:
            raise _Bad(f"expected one of {', '.join(choices)}")
        return text

    return parse


_SINCE = re.compile(r"^(?:\d+(?:m|h|d|w))+$")


def _as_since(value: Any) -> str:
    text = re.sub(r"\s+", "", _as_str(value).lower())
    if not _SINCE.match(text):
        raise _Bad("expected a duration such as 48h, 3d, 90m or 1w")
    from .dates import MAX_SINCE, parse_since

    try:
        parse_since(text)
    except ConfigError:
        raise _Bad(f"expected a duration of at most {MAX_SINCE.days}d") from None
    return text


def _as_address(value: Any) -> str:
    text = _as_str(value)
    if "@" not in text or any(c in text for c in "\r\n"):
        raise _Bad("expected an e-mail address")
    return text


def _as_addresses(value: Any) -> list[str]:
    return [_as_address(item) for item in _as_list(value)]


def _as_url(value: Any) -> str:
    text = _as_str(value)
    if urlsplit(text).scheme not in ("http", "https"):
        raise _Bad("expected an http:// or https:// URL")
    return text


def _as_nonempty_str(value: Any) -> str:
    text = _as_str(value)
    if not text:
        raise _Bad("expected a non-empty string")
    return text


_PATH_FIELDS = frozenset(
    {
        "output",
        "output_dir",
        "save_extractions",
        "record",
        "replay",
        "cache_dir",
        "data_dir",
        "prices",
        "smtp_ca_file",
    }
)

_PARSERS: dict[str, Callable[[Any], Any]] = {
    "inputs": _as_list,
    "feeds": _as_list,
    "published": _as_list,
    "date": _as_date,
    "since": _as_since,
    "backend": _as_choice(BACKENDS),
    "model": _as_nonempty_str,
    "base_url": _as_url,
    "api_key": _as_nonempty_str,
    "structured_mode": _as_choice(STRUCTURED_MODES),
    "reasoning_effort": _as_choice(REASONING_EFFORTS),
    "chunk_tokens": _as_int(50),
    "max_words": _as_int(0),
    "concurrency": _as_int(1, 256),
    "format": _as_choice(FORMATS),
    "email_to": _as_addresses,
    "smtp_host": _as_nonempty_str,
    "smtp_port": _as_int(1, 65535),
    "smtp_user": _as_nonempty_str,
    "smtp_password": _as_nonempty_str,
    "smtp_security": _as_choice(SMTP_SECURITY),
    "mail_from": _as_address,
    "force": _as_bool,
    "dry_run": _as_bool,
    "timeout": _as_positive_float,
    "model_retry_budget": _as_positive_float,
    "batch_wait": _as_seconds,
    "max_failed_share": _as_share,
    "max_input_mb": _as_positive_float,
    "progress_interval": _as_positive_float,
    **{name: _as_path for name in _PATH_FIELDS},
}


# ---- sources -------------------------------------------------------------------------


def config_file_path(environ: Mapping[str, str] | None = None) -> Path:
    """Where the config file is looked for: $BRIEFER_CONFIG_DIR or the user config dir."""
    env = os.environ if environ is None else environ
    base = env.get("BRIEFER_CONFIG_DIR")
    folder = Path(base).expanduser() if base else Path(platformdirs.user_config_dir(APP))
    return folder / "config.toml"


def _read_config_file(path: Path, explicit: bool) -> dict[str, Any]:
    if not path.exists():
        if explicit:
            raise ConfigError(f"config file {path} does not exist")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
    secrets = sorted(SECRET_FIELDS & data.keys())
    if secrets:
        where = " or ".join(f"{_env_names(n)[0]} / {_SECRET_FILE_ENV[n]}" for n in secrets)
        raise ConfigError(
            f"config file {path} holds a secret ({', '.join(secrets)}); remove it and set {where} instead"
        )
    known = set(_setting_names())
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(
            f"config file {path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known - SECRET_FIELDS))}"
        )
    return data


def _read_secret_file(variable: str, value: str) -> str:
    path = Path(value).expanduser()
    try:
        info = path.stat()
    except OSError as exc:
        raise ConfigError(
            f"{variable} names {path}, which cannot be read: {exc.strerror}"
        ) from None
    if os.name == "posix" and info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"{variable} names {path}, which others can read (mode {stat.S_IMODE(info.st_mode):04o}); "
            f"run: chmod 600 {path}"
        )
    try:
        secret = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{variable} names {path}, which cannot be read: {exc}") from None
    if not secret:
        raise ConfigError(f"{variable} names {path}, which is empty")
    return secret


def _parse(name: str, raw: Any, source: str) -> Any:
    try:
        return _PARSERS.get(name, _as_str)(raw)
    except _Bad as exc:
        shown = "(hidden)" if name in SECRET_FIELDS else repr(raw)
        raise ConfigError(f"invalid {name} {shown} from {source}: {exc}") from None


def _relative_to(base: Path, name: str, value: Any) -> Any:
    """Relative paths in the config file are relative to the file, not to the cwd."""
    if name in _PATH_FIELDS and isinstance(value, Path) and not value.is_absolute():
        return base / value
    if name == "inputs":
        return [
            item if item == "-" or "://" in item or Path(item).is_absolute() else str(base / item)
            for item in map(os.path.expanduser, value)
        ]
    return value


def _lookup(
    name: str,
    flags: Mapping[str, Any],
    env: Mapping[str, str],
    file_values: Mapping[str, Any],
    path: Path,
) -> tuple[Any, str] | None:
    """The value of one setting and where it came from, by precedence; None: the default."""
    flag = flags.get(name)
    if flag is not None and not (isinstance(flag, list | tuple) and not flag):
        return _parse(name, flag, f"flag --{name.replace('_', '-')}"), "flag"
    for variable in _env_names(name):
        raw = env.get(variable, "")
        if raw.strip():
            return _parse(name, raw, f"env {variable}"), f"env {variable}"
    variable = _SECRET_FILE_ENV.get(name, "")
    raw = env.get(variable, "").strip() if variable else ""
    if raw:
        return _read_secret_file(variable, raw), f"env {variable}"
    if name in file_values:
        parsed = _parse(name, file_values[name], f"config file {path} (key {name})")
        return _relative_to(path.parent, name, parsed), f"file {path}"
    return None


def load_settings(
    flags: Mapping[str, Any],
    *,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """The effective settings: flag > BRIEFER_* env > config file > default.

    `flags` holds what the user set on the command line, keyed by field name; None (and an
    empty list) means "not set". `environ` defaults to `os.environ`.
    """
    env = os.environ if environ is None else environ
    flags = dict(flags)
    if config_file is None and flags.get("config") is not None:
        config_file = Path(flags["config"])
    flags.pop("config", None)
    for name in SECRET_FIELDS & flags.keys():
        if flags[name] is not None:
            raise ConfigError(
                f"{name} cannot be given as a flag (it would show in the process list); "
                f"set {_env_names(name)[0]} or {_SECRET_FILE_ENV[name]}"
            )
    unknown = sorted(set(flags) - set(_setting_names()))
    if unknown:
        raise ConfigError(f"unknown setting(s) {', '.join(unknown)}")

    explicit = config_file is not None
    path = (Path(config_file).expanduser() if explicit else config_file_path(env)).absolute()
    file_values = _read_config_file(path, explicit)

    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for name in _setting_names():
        found = _lookup(name, flags, env, file_values, path)
        if found is None:
            sources[name] = "default"
        else:
            values[name], sources[name] = found
    from .redact import remember_secret

    for name in SECRET_FIELDS:
        remember_secret(values.get(name))
    if values.get("base_url"):
        remember_secret(urlsplit(values["base_url"]).password)
    return Settings(**values, sources=sources, config_path=path)


# ---- report --------------------------------------------------------------------------


def _mask_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:{MASK}@{host}"))


def _masked(name: str, value: Any) -> Any:
    """`value` with secrets (and credentials in `base_url`) replaced by the mask."""
    if value is None:
        return None
    if name in SECRET_FIELDS:
        return MASK
    if name == "base_url":
        return _mask_url(value)
    return value


def _show(name: str, value: Any) -> str:
    value = _masked(name, value)
    if value is None:
        return "(unset)"
    if isinstance(value, list):
        return ", ".join(value) if value else "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def settings_report(settings: Settings) -> str:
    """The effective settings for `briefer config show`, with sources and secrets masked."""
    names = _setting_names()
    width = max(len(n) for n in names)
    path = settings.config_path
    config = "(none)" if path is None else f"{path}{'' if path.exists() else ' (not found)'}"
    lines = [f"config file: {config}"]
    for name in names:
        source = settings.sources.get(name, "default")
        lines.append(f"{name:<{width}}  {_show(name, getattr(settings, name))}  [{source}]")
    return "\n".join(lines)
