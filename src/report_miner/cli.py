"""Command line: argument handling only; the work happens in batch, export and themes."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import click

from .api import load_tagger
from .config import PatternError, check_folder, codebook_rows, load_codebook
from .output.export import csv_text, schema_json, write_atomic, write_outputs
from .paths import default_patterns_dir, use_patterns_dir
from .reader.pdf import ENGINES
from .run.batch import DEFAULT_TIMEOUT, default_workers, find_pdfs, run_batch
from .run.cache import ResultCache, fingerprint
from .run.pipeline import warm_up

PATTERNS_OPTION = click.option(
    "--patterns", "patterns_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder with your own codebook/vocabularies (files missing there come from the bundled ones).")


@click.group()
@click.version_option(package_name="report-miner")
def main() -> None:
    """Turn safeguarding-board reports (PDF) into comparable, traceable tables."""


PATTERN_ERROR_EXIT = 2  # a broken pattern file; 1 stays for --strict


def exit_on_pattern_errors(patterns_dir: Path | None) -> None:
    """Check the bundled and the user's pattern files; print one line per problem and exit 2."""
    errors = check_folder(default_patterns_dir())
    if patterns_dir is not None and patterns_dir.resolve() != default_patterns_dir().resolve():
        errors += check_folder(patterns_dir)
    if errors:
        for line in errors:
            click.echo(line, err=True)
        sys.exit(PATTERN_ERROR_EXIT)


@main.command()
@click.argument("pdf_dir", type=click.Path(exists=True, path_type=Path))
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
    """Extract every PDF under PDF_DIR (recursively, or PDF_DIR itself when it is one PDF file)
    into the CSV files of the output contract."""
    started = time.perf_counter()
    exit_on_pattern_errors(patterns_dir)
    use_patterns_dir(patterns_dir)
    warm_up()
    total = len(find_pdfs(pdf_dir))
    cache = ResultCache(cache_dir, fingerprint(patterns_dir, engine)) if cache_dir else None
    show_bar = not quiet and sys.stderr.isatty() and total > 0
    bar = (click.progressbar(length=total, label="Extracting", file=sys.stderr, show_pos=True,
                             item_show_func=lambda r: r.document.file if r is not None else None)
           if show_bar else None)
    if bar is not None:
        bar.__enter__()
    try:
        reports = run_batch(pdf_dir, lambda: load_tagger(patterns_dir), workers=workers or default_workers(),
                            timeout=timeout, engine=engine, cache=cache,
                            on_done=(lambda r: bar.update(1, r)) if bar is not None else None)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    write_outputs(out_dir, reports, load_tagger(patterns_dir).theme_ids())
    statuses = Counter(r.document.status for r in reports)
    pages = sum(r.document.pages or 0 for r in reports)
    seconds = time.perf_counter() - started
    if not quiet:
        click.echo(
            f"{len(reports)} documents: {statuses['ok']} ok, {statuses['no_text']} no_text, "
            f"{statuses['error']} error; {pages} pages; {seconds:.1f} s -> {out_dir}", err=True)
    if strict and not reports:
        click.echo(f"no PDF files found under {pdf_dir}", err=True)
        sys.exit(1)
    if strict and (statuses["error"] or statuses["no_text"]):
        sys.exit(1)


@main.command()
@PATTERNS_OPTION
@click.option("--check", "check_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Validate the pattern files of this folder and exit (2 when broken).")
@click.option("--export", "export_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the full codebook in use (every pattern and exclusion) to this CSV file.")
def themes(patterns_dir: Path | None, check_dir: Path | None, export_file: Path | None) -> None:
    """Print the theme codebook: theme, description and example patterns."""
    if check_dir is not None:
        exit_on_pattern_errors(check_dir)
        click.echo(f"{check_dir}: pattern files are valid")
        return
    exit_on_pattern_errors(patterns_dir)
    if export_file is not None:
        codebook, _ = load_codebook(patterns_dir)
        rows = codebook_rows(codebook)
        write_atomic(export_file, csv_text(["theme", "description", "kind", "pattern"], rows))
        click.echo(f"{len(codebook.get('themes') or {})} themes, {len(rows)} patterns -> {export_file}")
        return
    try:
        tagger = load_tagger(patterns_dir)
    except PatternError as exc:
        for line in exc.errors:
            click.echo(line, err=True)
        sys.exit(PATTERN_ERROR_EXIT)
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
