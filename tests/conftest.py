"""Shared test set-up: no test reaches the network, and no test touches the user's dirs."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_local(address: object) -> bool:
    if isinstance(address, str):  # AF_UNIX path
        return True
    if isinstance(address, tuple) and address:
        host = address[0]
        if host in ("localhost", ""):
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False
    return False


def _guarded(real):
    def connect(self, address):
        if not _is_local(address):
            raise RuntimeError(f"test tried to reach the network: {address!r}")
        return real(self, address)

    return connect


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Fail any outbound connection that is not to loopback."""
    monkeypatch.setattr(socket.socket, "connect", _guarded(_real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded(_real_connect_ex))

    def no_dns(host, *args, **kwargs):
        if host not in ("localhost", "127.0.0.1", "::1", None) and not str(host).startswith("127."):
            raise RuntimeError(f"test tried to resolve a network name: {host!r}")
        return _real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)


_real_getaddrinfo = socket.getaddrinfo


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory, monkeypatch):
    """Every test gets its own cache, data and config dirs and no model credentials."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("BRIEFER_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("BRIEFER_CONFIG_DIR", str(home / "config"))
    for name in list(os.environ):
        if name.startswith(("OPENAI_", "BRIEFER_SMTP_")) or name == "BRIEFER_MAIL_FROM":
            monkeypatch.delenv(name, raising=False)
    if "TIKTOKEN_CACHE_DIR" not in os.environ:
        shared = ROOT.parent / "shared" / "tiktoken"
        if shared.is_dir():
            monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(shared))
    yield home


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
