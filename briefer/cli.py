"""The `briefer` command: parses options into Settings and calls briefer.pipeline.

No prompt, HTTP, retry or schema logic lives here. Errors from the library are mapped to
exit codes in `_errors` and printed as one `Error: …` line (a traceback only with --debug).
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__
from .errors import BatchPending, BrieferError
from .redact import redact

__all__ = ["app", "main"]

app = typer.Typer(
    name="briefer",
    help="Turn a day's news about a war and its peace talks into a cited morning briefing.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
)
config_app = typer.Typer(help="Inspect the effective configuration.", no_args_is_help=True)
app.add_typer(config_app, name="config")
batch_app = typer.Typer(
    help="Scheduled runs through the Batch API: collect what `brief --batch` submitted.",
    no_args_is_help=True,
)
app.add_typer(batch_app, name="batch")

# `briefer batch collect` when a batch has not ended yet, or `brief` whose briefing waits
# for one: try again later (sysexits.h)
EXIT_NOT_READY = BatchPending.exit_code

_state = {"debug": False, "quiet": False}


@contextlib.contextmanager
def _errors() -> Iterator[None]:
    """Map briefer's errors to exit codes and one `Error:` line on stderr."""
    try:
        yield
    except BrieferError as exc:
        if _state["debug"]:
            raise
        typer.echo(f"Error: {redact(str(exc))}", err=True)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        typer.echo("Error: interrupted", err=True)
        raise typer.Exit(130) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:  # a bug: still one line for cron, the traceback on --debug
        if _state["debug"]:
            raise
        typer.echo(
            f"Error: internal error {type(exc).__name__}: {redact(str(exc))[:300]} "
            "(a bug in briefer; `briefer --debug ...` shows the traceback)",
            err=True,
        )
        raise typer.Exit(1) from None


def _notify(message: str) -> None:
    if not _state["quiet"]:
        typer.echo(redact(message), err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefer {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show the version and exit.",
            metavar="",
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help="Show tracebacks for errors.", envvar="BRIEFER_DEBUG", metavar=""
        ),
    ] = False,
) -> None:
    _state["debug"] = debug


def _settings(flags: dict[str, Any], config: Path | None):
    from .config import load_settings

    return load_settings(
        {k: v for k, v in flags.items() if v not in (None, [], ())}, config_file=config
    )


ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="TOML config file (default: the user config dir).")
]
DateOption = Annotated[
    str | None, typer.Option("--date", help="Briefing date, YYYY-MM-DD (default: today in Kyiv).")
]
SinceOption = Annotated[
    str | None, typer.Option("--since", help="News window before the briefing date: 48h, 3d.")
]
FormatOption = Annotated[str | None, typer.Option("--format", "-f", help="markdown or json.")]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the briefing here (default: stdout).")
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Only errors on stderr: no progress.", metavar="")
]
MaxWordsOption = Annotated[
    int | None,
    typer.Option(
        "--max-words",
        help="Most words outside Sources (default 1000; 0: a third of the input, no cap).",
    ),
]


@app.command()
def brief(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(help="Files, folders, globs, URLs, or - for stdin.", show_default=False),
    ] = None,
    date_: DateOption = None,
    since: SinceOption = None,
    published: Annotated[
        list[str] | None,
        typer.Option(
            "--published",
            help="Date for undated inputs: DATE, or NAME=DATE for one file. Repeatable.",
        ),
    ] = None,
    feed: Annotated[
        list[str] | None, typer.Option("--feed", help="RSS/Atom feed URL. Repeatable.")
    ] = None,
    backend: Annotated[
        str | None,
        typer.Option("--backend", help="auto (default), openai or offline."),
    ] = None,
    model: Annotated[str | None, typer.Option("--model", "-m", help="Model name.")] = None,
    structured_mode: Annotated[
        str | None,
        typer.Option("--structured-mode", help="json_schema (default) or json_object."),
    ] = None,
    reasoning_effort: Annotated[
        str | None,
        typer.Option(
            "--reasoning-effort",
            help="Reasoning models only: none, minimal, low (default), medium, high, xhigh.",
        ),
    ] = None,
    chunk_tokens: Annotated[
        int | None,
        typer.Option(
            "--chunk-tokens", help="Article tokens per request (stories packed; longer ones split)."
        ),
    ] = None,
    concurrency: Annotated[
        int | None, typer.Option("--concurrency", help="Chunks read at once.")
    ] = None,
    replay: Annotated[
        Path | None, typer.Option("--replay", help="Serve model answers from recorded exchanges.")
    ] = None,
    record: Annotated[
        Path | None, typer.Option("--record", help="Record model exchanges into this folder.")
    ] = None,
    save_extractions: Annotated[
        Path | None,
        typer.Option("--save-extractions", help="Write per-chunk answers for `briefer merge`."),
    ] = None,
    max_words: MaxWordsOption = None,
    format_: FormatOption = None,
    output: OutputOption = None,
    email_to: Annotated[
        list[str] | None, typer.Option("--email-to", help="E-mail the briefing. Repeatable.")
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Send again even if today's briefing was sent.", metavar=""),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Write the e-mail as an .eml file instead of sending.", metavar=""
        ),
    ] = False,
    batch: Annotated[
        bool,
        typer.Option(
            "--batch",
            help="Submit the model requests to the Batch API (half price, within 24 h) and "
            "stop; `briefer batch collect` builds the briefing.",
        ),
    ] = False,
    estimate: Annotated[
        bool,
        typer.Option(
            "--estimate", help="Print the tokens and dollars the run would cost; call nothing."
        ),
    ] = False,
    batch_wait: Annotated[
        float | None,
        typer.Option(
            "--batch-wait",
            help="Seconds to wait for a submitted batch, still running, that covers some of "
            "the chunks (default 0: read the rest, exit 75 without a briefing).",
        ),
    ] = None,
    config: ConfigOption = None,
    quiet: QuietOption = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Say more on stderr.", metavar="")
    ] = False,
) -> None:
    """Build a briefing from articles and print or write it."""
    from .pipeline import publish, run_brief
    from .progress import Progress

    _state["quiet"] = quiet
    with _errors():
        settings = _settings(
            {
                "inputs": inputs,
                "date": date_,
                "since": since,
                "published": published,
                "feeds": feed,
                "backend": backend,
                "model": model,
                "structured_mode": structured_mode,
                "reasoning_effort": reasoning_effort,
                "chunk_tokens": chunk_tokens,
                "concurrency": concurrency,
                "replay": replay,
                "record": record,
                "save_extractions": save_extractions,
                "max_words": max_words,
                "format": format_,
                "output": output,
                "email_to": email_to,
                "force": force or None,
                "dry_run": dry_run or None,
                "batch_wait": batch_wait,
            },
            config,
        )
        if estimate:
            from .scheduled import estimate_run

            typer.echo(estimate_run(settings, _notify).describe())
            raise typer.Exit(0)
        ledger = _ledger(settings)
        if batch:
            from .scheduled import submit_batch

            with ledger.lock():
                done = submit_batch(settings, ledger, _notify)
            what = f"batch {done.batch_id}" if done.batch_id else "nothing (every answer is cached)"
            if not done.batch_id and done.left:
                what = "nothing (every chunk is cached or in an earlier batch)"
            left = f", left to an earlier batch {done.left}" if done.left else ""
            _notify(
                f"briefer: submitted {what}: requests {done.requests}, chunks cached "
                f"{done.cached}{left}, about ${done.estimate.batch_usd:.4f} at the batch "
                "rate; `briefer batch collect` builds the briefing"
            )
            raise typer.Exit(0)
        with ledger.lock(), Progress(quiet=quiet, interval=settings.progress_interval) as progress:
            try:
                result = run_brief(settings, notify=_notify, ledger=ledger, progress=progress)
            except BatchPending as pending:  # not an error: the same command later finishes
                progress.close()
                _notify(f"briefer: {pending}")
                raise typer.Exit(EXIT_NOT_READY) from None
            progress.close()  # the live display ends before the summary lines
            if verbose:
                for line in result.chunk_report():
                    _notify(line)
            _notify(result.summary())
            publish(result, settings, ledger, notify=_notify)
        raise typer.Exit(result.exit_code)


@app.command("merge")
def merge_(
    directory: Annotated[Path, typer.Argument(help="A folder written by --save-extractions.")],
    date_: DateOption = None,
    since: SinceOption = None,
    max_words: MaxWordsOption = None,
    format_: FormatOption = None,
    output: OutputOption = None,
    config: ConfigOption = None,
    quiet: QuietOption = False,
) -> None:
    """Rebuild a briefing from saved extractions, with no model call."""
    from .deliver import write_output
    from .pipeline import output_path, run_merge

    _state["quiet"] = quiet
    with _errors():
        settings = _settings(
            {
                "date": date_,
                "since": since,
                "max_words": max_words,
                "format": format_,
                "output": output,
            },
            config,
        )
        result = run_merge(settings, directory)
        write_output(result.text, output_path(settings, date.fromisoformat(result.briefing.date)))
        _notify(result.summary())
        raise typer.Exit(result.exit_code)


@app.command("eval")
def eval_(
    briefing: Annotated[Path, typer.Argument(help="A markdown briefing.")],
    gold: Annotated[Path, typer.Argument(help="A gold facts file (JSON).")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON.", metavar="")
    ] = False,
) -> None:
    """Score a briefing against gold facts: coverage, stale items, boilerplate, citations."""
    from .evaluate import evaluate, format_report, load_gold
    from .ingest import read_text_file

    with _errors():
        text = read_text_file(briefing, "briefing")
        read_text_file(gold, "gold file", utf8_only=True)  # one line, not a traceback
        report = evaluate(text, load_gold(gold))
        typer.echo(json.dumps(report.to_dict(), indent=2) if as_json else format_report(report))


@app.command()
def send(
    briefing: Annotated[Path, typer.Argument(help="A markdown briefing to e-mail.")],
    to: Annotated[list[str], typer.Option("--to", help="Recipient. Repeatable.")],
    date_: DateOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Send even if already sent.", metavar="")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write an .eml instead.", metavar="")
    ] = False,
    config: ConfigOption = None,
) -> None:
    """E-mail an existing markdown briefing."""
    from .ingest import read_text_file
    from .mail import briefing_date as date_in_title
    from .pipeline import send_briefing

    with _errors():
        settings = _settings(
            {"email_to": to, "date": date_, "force": force or None, "dry_run": dry_run or None},
            config,
        )
        markdown = read_text_file(briefing, "briefing")
        briefing_date = settings.date or date_in_title(markdown) or date.today()
        ledger = _ledger(settings)
        with ledger.lock():
            _notify(f"briefer: {send_briefing(markdown, settings, ledger, briefing_date)}")


@batch_app.command("collect")
def batch_collect(
    wait: Annotated[
        float,
        typer.Option("--wait", help="Seconds to wait for a batch still running (default 0)."),
    ] = 0.0,
    poll: Annotated[
        float, typer.Option("--poll", help="Seconds between asks while waiting.")
    ] = 60.0,
    format_: FormatOption = None,
    output: OutputOption = None,
    email_to: Annotated[
        list[str] | None, typer.Option("--email-to", help="E-mail the briefing. Repeatable.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write the e-mail as an .eml file instead of sending.")
    ] = False,
    config: ConfigOption = None,
    quiet: QuietOption = False,
) -> None:
    """Fetch the results of submitted batches and build their briefings.

    Exit 75 when a batch has not ended yet (run it again later), else as `brief`.
    """
    from .pipeline import publish
    from .scheduled import collect_batches

    _state["quiet"] = quiet
    with _errors():
        settings = _settings(
            {
                "format": format_,
                "output": output,
                "email_to": email_to,
                "dry_run": dry_run or None,
            },
            config,
        )
        ledger = _ledger(settings)
        code = 0
        with ledger.lock():
            for done in collect_batches(settings, ledger, _notify, wait=wait, poll=poll):
                name = done.record.batch_id or f"#{done.record.id}"
                if done.result is None:
                    _notify(f"briefer: batch {name} ({done.record.date}) is {done.status}")
                    code = max(code, EXIT_NOT_READY)
                    continue
                for warning in done.result.warnings:
                    _notify(f"warning: {warning}")
                _notify(
                    f"briefer: batch {name} {done.status}: requests answered by the batch "
                    f"{done.from_batch}, read live {done.went_live}"
                )
                _notify(done.result.summary())
                publish(done.result, settings, ledger, notify=_notify)
                ledger.set_batch_status(done.record.id, "collected")
                if code != EXIT_NOT_READY:
                    code = max(code, done.result.exit_code)
        raise typer.Exit(code)


@batch_app.command("status")
def batch_status(config: ConfigOption = None) -> None:
    """List the batches in the ledger and how far each got."""
    with _errors():
        ledger = _ledger(_settings({}, config))
        records = ledger.batches()
        if not records:
            typer.echo("no batches recorded")
        for r in records:
            typer.echo(
                f"#{r.id} {r.date} {r.batch_id or '(not created)'} {r.requests} requests "
                f"{r.status} since {r.created}"
                + (f", collected {r.collected}" if r.collected else "")
            )


@config_app.command("show")
def config_show(config: ConfigOption = None) -> None:
    """Print the effective settings and where each came from (secrets masked)."""
    from .config import settings_report

    with _errors():
        typer.echo(settings_report(_settings({}, config)))


def _ledger(settings):
    from .ledger import Ledger

    return Ledger(Path(settings.data_dir))


def main() -> None:
    """Entry point of the `briefer` command."""
    app(prog_name="briefer")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
