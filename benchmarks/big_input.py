"""Big inputs are bounded: time and peak memory of `briefer brief` as one input grows, and
an input over the size cap refused at once. Not a test: run it by hand,

    python benchmarks/big_input.py [--sizes 0.25,0.5,1,2] [--huge 100]

Each size is one text file made of the bundled examples (numbers varied), briefed offline
in its own process; `os.wait4` gives that process's peak RSS. The huge file (default
100 MB) is made as a sparse-free file of repeated text and must be refused by the
10 MB cap (`max_input_mb`) with a clear message, in about the time of an empty run and
without reading it. Prints seconds and MB of peak RSS per size, the ratios between the
largest and smallest size, and the huge file's refusal.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _article_text() -> str:
    parts = []
    for path in sorted((ROOT / "examples").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        parts.append(text.split("\n\n", 1)[-1])
    return "\n\n".join(parts)


def _make(path: Path, megabytes: float) -> None:
    body = _article_text()
    target = int(megabytes * 1_000_000)
    with path.open("w", encoding="utf-8") as out:
        out.write("Title: A long day\nPublished: 2026-03-11\n\n")
        written, n = 0, 0
        while written < target:
            piece = body.replace("2026", str(2026)).replace("30", str(30 + n % 50)) + "\n\n"
            out.write(piece)
            written += len(piece.encode())
            n += 1


def _run(path: Path, env: dict[str, str]) -> tuple[float, float, int, str]:
    """(seconds, peak RSS in MB, exit code, last stderr line) of one briefing."""
    args = [sys.executable, "-m", "briefer", "brief", str(path), "--date", "2026-03-11"]
    args += ["--since", "48h", "--backend", "offline", "-o", os.devnull]
    started = time.monotonic()
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - started
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    code = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, code, lines[-1] if lines else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="0.25,0.5,1,2", help="input sizes in MB")
    parser.add_argument("--huge", type=float, default=100.0, help="MB of the refused input")
    options = parser.parse_args()
    sizes = [float(s) for s in options.sizes.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "BRIEFER_DATA_DIR": folder, "BRIEFER_CACHE_DIR": folder}
        env["BRIEFER_CONFIG_DIR"] = folder
        rows = []
        for size in sizes:
            path = Path(folder) / f"input-{size:g}MB.txt"
            _make(path, size)
            seconds, rss, code, last = _run(path, env)
            rows.append((size, seconds, rss))
            print(f"{size:6g} MB: {seconds:7.1f} s, peak RSS {rss:7.1f} MB, exit {code}")
            path.unlink()
        (small, t0, m0), (large, t1, m1) = rows[0], rows[-1]
        print(
            f"{large / small:g}x the input: {t1 / t0:.2f}x the time, {m1 / m0:.2f}x the peak RSS "
            f"({(m1 - m0) / (large - small):.0f} MB of RSS per MB of input)"
        )
        huge = Path(folder) / "huge.txt"
        _make(huge, options.huge)
        seconds, rss, code, last = _run(huge, env)
        print(f"{options.huge:g} MB input: exit {code} in {seconds:.1f} s, peak RSS {rss:.1f} MB")
        print(f"  {last}")


if __name__ == "__main__":
    main()
