"""Command line: argument handling only; the work happens in batch, export and themes."""

from __future__ import annotations

import logging
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import click

from .api import load_tagger
from .errors import OutputError, ReportMinerError
from .models import Report
from .output.export import schema_json, write_atomic, write_outputs
from .paths import use_patterns_dir
from .reader.pdf import ENGINES
from .run.batch import DEFAULT_TIMEOUT, default_workers, find_pdfs, run_batch
from .run.cache import ResultCache, fingerprint
from .run.pipeline import warm_up

PATTERNS_OPTION = click.option(
    "--patterns", "patterns_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder with your own codebook/vocabularies (files missing there come from the bundled ones).")


class _Commands(click.Group):
    """Commands whose deliberate errors end the run with one line and the error's exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ReportMinerError as exc:
            logging.getLogger(__name__).debug("run stopped", exc_info=True)
            click.echo(f"report-miner: error: {exc}", err=True)
            ctx.exit(exc.exit_status)


@click.group(cls=_Commands)
@click.version_option(package_name="report-miner")
@click.option("--verbose", "-v", is_flag=True, help="Log what each stage does (to standard error).")
def main(verbose: bool) -> None:
    """Turn safeguarding-board reports (PDF) into comparable, traceable tables."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.argument("pdf_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output folder for the CSV files (created if missing).")
@click.option("--workers", "-w", type=click.IntRange(1, 64), default=None,
              help="Parallel worker processes (default: CPU count, at most 4).")
@click.option("--timeout", type=click.FloatRange(1, None), default=DEFAULT_TIMEOUT, show_default=True,
              help="Per-file time limit in seconds; a file over it becomes an error row.")
@click.option("--strict", is_flag=True, help="Exit with status 1 when any file is not ok.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
@click.option("--engine", type=click.Choice(ENGINES), default="pdfium", show_default=True,
              help="PDF reader: pdfium (fast) or pdfplumber (slower, a second opinion on a difficult file).")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep each file's result here; reuse it while file, patterns and code are unchanged.")
@PATTERNS_OPTION
def extract(pdf_dir: Path, out_dir: Path, workers: int | None, timeout: float, strict: bool, quiet: bool,
            engine: str, cache_dir: Path | None, patterns_dir: Path | None) -> None:
    """Extract every PDF under PDF_DIR (recursively) into the CSV files of the output contract."""
    started = time.perf_counter()
    use_patterns_dir(patterns_dir)
    warm_up()
    total = len(find_pdfs(pdf_dir))
    cache = ResultCache(cache_dir, fingerprint(patterns_dir, engine)) if cache_dir else None
    show_bar = not quiet and sys.stderr.isatty() and total > 0
    bar = (click.progressbar(length=total, label="Extracting", file=sys.stderr, show_pos=True)
           if show_bar else None)
    if bar is not None:
        bar.__enter__()
    try:
        reports = run_batch(pdf_dir, lambda: load_tagger(patterns_dir), workers=workers or default_workers(),
                            timeout=timeout, engine=engine, cache=cache,
                            on_done=(lambda _r: bar.update(1)) if bar is not None else None)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    _write(out_dir, reports, patterns_dir)
    statuses: Counter[str] = Counter(r.document.status for r in reports)
    if not quiet:
        _summary(reports, statuses, time.perf_counter() - started, out_dir)
    if strict and (statuses["error"] or statuses["no_text"]):
        sys.exit(1)


def _write(out_dir: Path, reports: list[Report], patterns_dir: Path | None) -> None:
    try:
        write_outputs(out_dir, reports, load_tagger(patterns_dir).theme_ids())
    except OSError as exc:
        raise OutputError(f"cannot write the outputs to {out_dir}: {exc.strerror or exc}") from exc


def _summary(reports: list[Report], statuses: Counter[str], seconds: float, out_dir: Path) -> None:
    pages = sum(r.document.pages or 0 for r in reports)
    click.echo(
        f"{len(reports)} documents: {statuses['ok']} ok, {statuses['no_text']} no_text, "
        f"{statuses['error']} error; {pages} pages; {seconds:.1f} s -> {out_dir}", err=True)


@main.command()
@PATTERNS_OPTION
def themes(patterns_dir: Path | None) -> None:
    """Print the theme codebook: theme, description and example patterns."""
    tagger = load_tagger(patterns_dir)
    for entry in tagger.describe():
        examples = ", ".join(str(e) for e in entry.get("examples", [])[:6])
        click.echo(f"{entry['theme']:<28} {entry.get('description', '')}")
        if examples:
            click.echo(f"{'':<28} e.g. {examples}")


@main.command()
@click.option("-o", "--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the JSON schema here instead of standard output.")
def schema(out_file: Path | None) -> None:
    """Print the JSON schema of every record kind."""
    text = schema_json()
    if out_file:
        write_atomic(out_file, text)
    else:
        click.echo(text, nl=False)


if __name__ == "__main__":
    main()
