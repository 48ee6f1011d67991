"""The one error hierarchy of briefer.

    BrieferError
    ├── ConfigError      bad flags, settings or environment (exit code 2)
    ├── InputError       unreadable or unusable input (exit code 2)
    │   └── NetworkError an input could not be fetched for a reason that may pass (exit 1)
    ├── ModelError       the model call failed after its retries, or refused
    ├── SchemaError      an answer or a briefing does not match its JSON Schema
    ├── DeliveryError    writing or e-mailing the briefing failed
    └── BatchPending     the briefing waits for a Batch API batch still running (exit 75)

Every error carries the context a user needs to act on it, and never a secret.
"""

from __future__ import annotations

__all__ = [
    "BatchPending",
    "BrieferError",
    "ConfigError",
    "DeliveryError",
    "InputError",
    "ModelError",
    "NetworkError",
    "SchemaError",
]


class BrieferError(Exception):
    """Base class: one line of message, plus optional context for --debug."""

    exit_code = 1

    def __init__(self, message: str, **context: object) -> None:
        super().__init__(message)
        self.message = message
        self.context = context

    def __str__(self) -> str:
        return self.message


class ConfigError(BrieferError):
    """A flag, setting, environment variable or local resource is wrong or missing."""

    exit_code = 2


class InputError(BrieferError):
    """An input cannot be read or understood."""

    exit_code = 2


class NetworkError(InputError):
    """An input could not be fetched for a reason that may pass: a timeout, a dropped
    connection, a 5xx. Exit code 1, not 2: the same command may work later."""

    exit_code = 1


class ModelError(BrieferError):
    """The model could not give a usable answer (after retries, on refusal, on replay miss)."""

    exit_code = 3


class SchemaError(BrieferError):
    """A document does not validate; `errors` holds (json_path, message) pairs."""

    exit_code = 3

    def __init__(
        self, message: str, errors: list[tuple[str, str]] | None = None, **context: object
    ):
        super().__init__(message, **context)
        self.errors = errors or []


class DeliveryError(BrieferError):
    """Writing or sending the briefing failed."""

    exit_code = 1


class BatchPending(BrieferError):
    """A batch submitted earlier covers some of the run's chunks and has not ended: the
    run read the rest and stops before its briefing, so nothing is paid twice. Exit 75
    (sysexits' "try again later"), as `briefer batch collect` on a batch still running."""

    exit_code = 75
