"""Command line: argument handling only; the work happens in batch, export and themes."""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

import click

from .config import PatternError, check_folder, codebook_rows
from .config.patterns import patterns_for
from .errors import ReportMinerError
from .output.export import csv_text, schema_json, write_atomic
from .output.folder import OutputFolderError
from .output.formats import DEFAULT_FORMATS, parse_formats
from .paths import default_patterns_dir
from .reader.pdf import ENGINES
from .run.batch_run import RunOptions, Terminated, extract_to_folder
from .run.cache import fingerprint
from .run.discover import find_pdfs
from .run.executors import START_METHODS, WarmUpHang, default_start_method
from .run.executors import default_workers as pool_default_workers
from .run.limits import DEFAULT_MAX_MEMORY, check_pattern_files, format_size, parse_size
from .run.work import DEFAULT_TIMEOUT, Settings

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
    gc.freeze()  # what the command line loaded lives as long as the process: never rescan it
    gc.enable()  # off while the command line loaded (console.py)
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")


PATTERN_ERROR_EXIT = 2  # a broken pattern file; 1 stays for --strict


def _dictionary_errors(patterns_dir: Path | None) -> list[str]:
    """Problems of the metric dictionary of the folder (a metric without a definition, ...)."""
    try:
        patterns_for(patterns_dir).dictionary  # noqa: B018  (loading it is the check)
    except PatternError as exc:
        return list(exc.errors)
    return []


def exit_on_pattern_errors(patterns_dir: Path | None) -> None:
    """Check the bundled and the user's pattern files; print one line per problem and exit 2."""
    errors = check_folder(default_patterns_dir())
    if patterns_dir is not None and patterns_dir.resolve() != default_patterns_dir().resolve():
        errors += check_folder(patterns_dir)
    if not errors:
        errors = _dictionary_errors(patterns_dir)
    if errors:
        for line in errors:
            click.echo(line, err=True)
        sys.exit(PATTERN_ERROR_EXIT)


@main.command()
@click.argument("pdf_dir", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output folder for the CSV files (created if missing).")
@click.option("--workers", "-w", type=click.IntRange(1, 64), default=None,
              help="Parallel worker processes (default: CPU count).")
@click.option("--timeout", type=click.FloatRange(1, None), default=DEFAULT_TIMEOUT, show_default=True,
              help="Per-file time limit in seconds; a file over it becomes an error row.")
@click.option("--strict", is_flag=True, help="Exit with status 1 when any file is not ok.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
@click.option("--engine", type=click.Choice(ENGINES), default="pdfium", show_default=True,
              help="PDF reader: pdfium (fast) or pdfplumber (slower, a second opinion on a difficult file).")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep each file's result here; reuse it while file, patterns and code are unchanged.")
@click.option("--max-memory", "max_memory", default=format_size(DEFAULT_MAX_MEMORY).replace(" ", ""),
              show_default=True,
              help="Memory a worker may use for one file beyond its warm pipeline (e.g. 4GiB); a file over "
                   "it becomes an error row.")
@click.option("--start-method", type=click.Choice([*START_METHODS, "serial"]), default=default_start_method(),
              show_default=True,
              help="How worker processes start (default fork on Linux, spawn elsewhere; serial: in this "
                   "process, no isolation).")
@click.option("--dask", "dask_address", default=None, metavar="ADDRESS",
              help="Run on a Dask cluster: tcp://scheduler:8786, or 'local' for a LocalCluster "
                   "(needs report-miner[dask]).")
@click.option("--overwrite", is_flag=True,
              help="Replace an output folder that holds files other than a previous report-miner output.")
@click.option("--format", "format_spec", default=",".join(DEFAULT_FORMATS), show_default=True,
              help="Outputs to write besides the CSV files: any of csv,xlsx,parquet,html, comma-separated.")
@PATTERNS_OPTION
def extract(pdf_dir: Path, out_dir: Path, workers: int | None, timeout: float, strict: bool, quiet: bool,
            engine: str, cache_dir: Path | None, max_memory: str, start_method: str,
            dask_address: str | None, overwrite: bool, format_spec: str, patterns_dir: Path | None) -> None:
    """Extract every PDF under PDF_DIR (recursively) into the CSV files of the output contract."""
    started = time.perf_counter()
    try:
        formats = parse_formats(format_spec)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--format") from None
    _check_patterns(patterns_dir)
    try:
        memory = parse_size(max_memory)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--max-memory") from None
    settings = Settings(patterns_dir=patterns_dir, engine=engine, cache_dir=cache_dir,
                        cache_key=fingerprint(patterns_for(patterns_dir), engine) if cache_dir else "",
                        max_memory=memory, timeout=timeout)
    options = RunOptions(workers=workers or pool_default_workers(), start_method=start_method,
                         dask=dask_address)
    summary = _run(pdf_dir, out_dir, settings, options, overwrite, quiet, formats)
    statuses = summary.statuses
    seconds = time.perf_counter() - started
    if not quiet:
        click.echo(
            f"{summary.documents} documents: {statuses['ok']} ok, {statuses['no_text']} no_text, "
            f"{statuses['error']} error"
            + (f", {statuses['duplicate']} duplicate" if statuses["duplicate"] else "")
            + f"; {summary.pages} pages; {seconds:.1f} s -> {out_dir}", err=True)
    if strict and (statuses["error"] or statuses["no_text"] or not summary.documents):
        sys.exit(1)


def _check_patterns(patterns_dir: Path | None) -> None:
    problem = check_pattern_files(patterns_dir)
    if problem:
        click.echo(f"Error: {problem}", err=True)
        sys.exit(2)
    exit_on_pattern_errors(patterns_dir)


def _short_name(name: str | None) -> str | None:
    return None if name is None else name[-40:]


def _run(pdf_dir: Path, out_dir: Path, settings: Settings, options: RunOptions, overwrite: bool,
         quiet: bool, formats: tuple[str, ...]) -> Any:
    """The batch with a progress bar; interruptions and folder problems end it with their status."""
    show_bar = not quiet and sys.stderr.isatty()
    bar: Any = click.progressbar(  # the file just finished is shown beside the bar
        length=len(find_pdfs(pdf_dir)) if show_bar and pdf_dir.is_dir() else 0, label="Extracting",
        file=sys.stderr, show_pos=True, item_show_func=_short_name) if show_bar else None
    try:
        if bar is not None:
            bar.__enter__()
        return extract_to_folder(pdf_dir, out_dir, settings, options, overwrite,
                                 on_file=(lambda file: bar.update(1, file)) if bar is not None else None,
                                 formats=formats)
    except (OutputFolderError, WarmUpHang) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("Interrupted: output folder left as it was; finished files are in the cache.", err=True)
        sys.exit(130)
    except Terminated:
        click.echo("Terminated: workers stopped, output folder left as it was.", err=True)
        sys.exit(143)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


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
        codebook, _ = patterns_for(patterns_dir).codebook
        rows = codebook_rows(codebook)
        write_atomic(export_file, csv_text(["theme", "description", "kind", "pattern"], rows))
        click.echo(f"{len(codebook.get('themes') or {})} themes, {len(rows)} patterns -> {export_file}")
        return
    try:
        tagger = patterns_for(patterns_dir).tagger()
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
@PATTERNS_OPTION
@click.option("-o", "--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the dictionary to this CSV file (every run writes metrics.csv too).")
def metrics(patterns_dir: Path | None, out_file: Path | None) -> None:
    """Print the metric dictionary: definition, unit, stock or flow, DfE counterpart."""
    from .output.export import metrics_csv

    exit_on_pattern_errors(patterns_dir)
    try:
        rows = patterns_for(patterns_dir).dictionary.rows()
    except PatternError as exc:
        for line in exc.errors:
            click.echo(line, err=True)
        sys.exit(PATTERN_ERROR_EXIT)
    if out_file is not None:
        write_atomic(out_file, metrics_csv(rows))
    for m in rows:
        click.echo(f"{m.metric:<26} {m.unit:<13} {m.kind:<6} {m.definition}")
        if m.denominator:
            click.echo(f"{'':<26} base: {m.denominator}")
        if m.dfe_counterpart:
            click.echo(f"{'':<26} DfE: {m.dfe_counterpart}")


@main.command()
@click.argument("coded", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--outputs", "outputs", type=click.Path(exists=True, file_okay=False, path_type=Path),
              required=True, help="The output folder of the extract run the coding is about.")
@click.option("-o", "--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write agreement.csv (default: beside CODED).")
def agreement(coded: Path, outputs: Path, out_file: Path | None) -> None:
    """Compare the tagger with your coding: mention verdicts or document x theme codes."""
    from .agreement import agreement as compute
    from .agreement import format_table
    from .models import AgreementRow

    rows = compute(coded, outputs)
    target = out_file or coded.parent / "agreement.csv"
    write_atomic(target, csv_text(list(AgreementRow.model_fields), (r.model_dump() for r in rows)))
    click.echo(format_table(rows))
    click.echo(f"-> {target}", err=True)


def _page_set(spec: str | None) -> set[int] | None:
    if not spec:
        return None
    pages: set[int] = set()
    try:
        for part in spec.split(","):
            first, _, last = part.partition("-")
            pages.update(range(int(first), int(last or first) + 1))
    except ValueError:
        raise click.BadParameter(f"{spec!r}: expected pages such as 3, 3-5 or 1,4-6",
                                 param_hint="--pages") from None
    return pages


@main.command()
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--pages", "pages_spec", default=None, help="Pages to print, e.g. 3-5 or 1,4-6 (default all).")
@click.option("--engine", type=click.Choice(ENGINES), default="pdfium", show_default=True)
def text(pdf: Path, pages_spec: str | None, engine: str) -> None:
    """Print what report-miner reads from PDF: body text in reading order, tables tab-separated."""
    from .reader.pdf import PdfReadError, read_pdf
    from .reader.textview import document_text

    pages = _page_set(pages_spec)
    try:
        doc = read_pdf(pdf, engine=engine)
    except PdfReadError as exc:
        click.echo(f"report-miner: error: {pdf}: {exc}", err=True)
        sys.exit(1)
    for chunk in document_text(doc, pages):
        click.echo(chunk)


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


def run() -> None:
    """The console entry point: the command, then a quick exit.

    Everything is written, closed and swapped into place when a command returns, so the process
    ends without tearing down the loaded pipeline object by object (a tenth of a second a run).
    """
    try:
        main()
        code: int = 0
    except SystemExit as exc:
        if isinstance(exc.code, str):
            sys.stderr.write(exc.code + "\n")
        code = exc.code if isinstance(exc.code, int) else (1 if exc.code else 0)
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)


if __name__ == "__main__":
    run()
