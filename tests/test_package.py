"""The built wheel carries prompts/ and schemas/ and runs as `briefer` from a fresh venv."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_installs_and_runs_from_a_fresh_venv(tmp_path, monkeypatch):
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("briefer-*.whl"))

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    bindir = env_dir / "bin"
    python = bindir / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # Dependencies come from this environment (no network in tests); briefer itself
    # only from the wheel, which lands first on the fresh venv's path.
    (site / "_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )

    # the run happens elsewhere: a relative TIKTOKEN_CACHE_DIR (as the README exports it)
    # must still name the same folder there
    env = dict(os.environ)
    if env.get("TIKTOKEN_CACHE_DIR"):
        env["TIKTOKEN_CACHE_DIR"] = str(Path(env["TIKTOKEN_CACHE_DIR"]).resolve())
    run = subprocess.run(
        [
            bindir / "briefer",
            "brief",
            str(ROOT / "examples"),
            "--date",
            "2026-03-12",
            "--since",
            "72h",
            "--backend",
            "offline",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "# Morning briefing — 2026-03-12" in run.stdout
    assert "## Attacks" in run.stdout
    located = subprocess.run(
        [python, "-c", "import briefer.resources as r; print(r.resource_dir('schemas'))"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "_resources" in located and str(ROOT) not in located
