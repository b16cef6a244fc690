"""Staff tools for the report site: one command-line interface, each command wired to the core.

    python scripts/site.py check            # check all content, print problems with file:line
    python scripts/site.py stamp FILE...    # record which Chinese each English translates
    python scripts/site.py import FILE --id 2025 --year 2025   # a new report (PDF, Word, web, text)
    python scripts/site.py translate        # machine drafts for missing or stale English
    python scripts/site.py share-font       # the share cards' fonts, after titles change

Run any command with --help for details.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click
from commandline import staff_group
from policysite.checks.coverage import draft_gaps, format_coverage
from policysite.checks.ids import report_id_problem
from policysite.checks.loader import SCHEMA_DIR, load_site
from policysite.checks.topics import topic_proposals
from policysite.content.crash import note_processing
from policysite.content.problems import ContentError, Problem, format_report
from policysite.content.rawtext import MAX_CONTENT_BYTES
from policysite.content.yamlio import relative_name
from policysite.render.pages import indicator_cards, render_site
from policysite.render.share import SYSTEM_FONT, write_font_subsets
from policysite.tools import providers
from policysite.tools.stamp import line_problems, stamp_file
from policysite.tools.translate import (
    Drafter,
    Plan,
    TranslationRun,
    content_files,
    plan_translation,
    readable_text,
)
from tqdm import tqdm


@staff_group("Repository folder holding content/.")
def cli() -> None:
    """Tools for editing and checking the report site's content."""


@cli.command("share-font")
@click.option(
    "--source",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=SYSTEM_FONT,
    show_default=True,
    help="Noto Sans CJK Bold collection (Debian: apt-get install fonts-noto-cjk).",
)
@click.pass_obj
def share_font(root: Path, source: Path) -> None:
    """Make the share cards' fonts again with every character today's titles need.

    Run it when a build warns that a card's font lacks a character (a new report, a new
    chapter title), then commit the two files in hooks/policysite/render/fonts/."""
    try:
        result = load_site(root, drafts=True)
    except ContentError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    cards = [
        page.share
        for lang in ("zh", "zh-Hant", "en")
        for page in render_site(result.site, lang, None)[0]
        if page.share is not None
    ]
    cards += indicator_cards(result.site)
    for name, size in write_font_subsets(cards, source).items():
        click.echo(f"wrote {name} ({size / 1024:.0f} KiB)")


@cli.command()
@click.pass_obj
def check(root: Path) -> None:
    """Check all content without building; same messages as the build. Exit 1 on errors.

    Then shows how much of the English is approved, edited, machine-drafted, out of date
    (stale) or missing, chapter by chapter."""
    try:
        result = load_site(root)
    except ContentError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    click.echo(format_report(result.warnings))
    proposals = topic_proposals(result.site.topics, result.site.reports)
    if proposals:
        click.echo(f"Topics to review ({len(proposals)} proposals, not problems):")
        for line in proposals:
            click.echo(line)
    for report in result.site.reports:
        for line in draft_gaps(report):
            click.echo(line)
    click.echo(format_coverage(result.site.reports))


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--line",
    "lines",
    type=int,
    multiple=True,
    help="Also mark the text whose 'zh' is on this line as up to date (after revising its "
    "English). Repeatable.",
)
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.pass_obj
def stamp(root: Path, files: tuple[Path, ...], lines: tuple[int, ...], dry_run: bool) -> None:
    """Fill in missing zh_hash values (and refresh those on --line) in FILES.

    Use it after writing a new English text, or after revising an English text whose Chinese
    had changed. Comments and formatting are kept.
    """
    unsafe = [p for p in (readable_text(path, root) for path in files) if isinstance(p, Problem)]
    if unsafe:
        click.echo(format_report(unsafe), err=True)
        click.echo("nothing stamped: fix these files first")
        sys.exit(1)
    misplaced = line_problems([(path, relative_name(path, root)) for path in files], lines)
    if misplaced:
        click.echo(format_report(misplaced), err=True)
        click.echo("nothing stamped")
        sys.exit(1)
    changed_any = False
    for path in files:
        note_processing(relative_name(path, root))
        stamped = stamp_file(path, lines=set(lines) if lines else None, dry_run=dry_run)
        for line in stamped:
            changed_any = True
            verb = "would stamp" if dry_run else "stamped"
            click.echo(f"{path}:{line}: {verb} zh_hash")
    if not changed_any:
        click.echo("nothing to stamp")
    if dry_run and changed_any:
        sys.exit(1)


def _iso_date(context: click.Context, param: click.Parameter, value: str | None) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat() if value else dt.date.today().isoformat()
    except ValueError:
        raise click.BadParameter("write the date as YYYY-MM-DD, such as 2024-05-01") from None


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--provider",
    type=click.Choice(sorted(providers.PROVIDERS)),
    default="baidu",
    envvar="SITE_TRANSLATE_PROVIDER",
    show_default=True,
    help="Translation service (keys come from environment variables, see the README).",
)
@click.option("--date", "draft_date", callback=_iso_date, help="Date to record (default: today).")
@click.option("--timeout", type=float, default=10.0, show_default=True, help="Seconds per call.")
@click.option("--retries", type=int, default=3, show_default=True, help="Retries per text.")
@click.option(
    "--interval", type=float, default=1.0, show_default=True, help="Minimum seconds between calls."
)
@click.option("--dry-run", is_flag=True, help="List what would be filled; write nothing.")
@click.pass_obj
def translate(
    root: Path,
    files: tuple[Path, ...],
    provider: str,
    draft_date: str,
    timeout: float,
    retries: int,
    interval: float,
    dry_run: bool,
) -> None:
    """Fill missing English, and machine drafts whose Chinese changed, with machine drafts.

    FILES default to every content file. Edited and approved English is never touched; when
    its Chinese changed it is listed as needing a human. Each draft is saved at once, so an
    interrupted run loses nothing: run the command again to continue. Exit 1 if anything was
    left undone (or, with --dry-run, if anything would be filled).
    """
    plan = plan_translation(list(files) or content_files(root), root)
    if plan.problems:
        click.echo(format_report(plan.problems), err=True)
        click.echo("nothing translated: fix these files first (python scripts/site.py check)")
        sys.exit(1)
    if dry_run or not plan.jobs:
        _print_plan(plan, dry_run)
        sys.exit(1 if dry_run and plan.jobs else 0)
    policy = providers.CallPolicy(timeout=timeout, retries=retries, min_interval=interval)
    drafter = _make_drafter(root, provider, policy)
    label = providers.PROVIDERS[provider].label
    run = TranslationRun(plan, drafter, provider=label, date=draft_date)
    with tqdm(total=plan.jobs, unit="text", desc="translate", disable=None) as bar:
        run.progress = bar
        run.report = tqdm.write  # each outcome at once, above the progress bar
        try:
            run.run()
        except KeyboardInterrupt:
            run.summary.stopped = "interrupted"
    lines = run.summary.lines(filled_told=True)
    if run.summary.skipped or run.summary.failed:
        lines.insert(0, "not written:")
    click.echo("\n".join(lines))
    sys.exit(0 if run.summary.complete else 1)


def _print_plan(plan: Plan, dry_run: bool) -> None:
    for line in [*plan.dry_run_lines(), *plan.needs_human]:
        click.echo(line)
    verb = "would be filled" if dry_run else "to fill"
    click.echo(f"{plan.jobs} text(s) {verb}, {len(plan.needs_human)} need a human")


def _make_drafter(root: Path, provider: str, policy: providers.CallPolicy) -> Drafter:
    """The provider behind timeout, retries and rate limit, with the glossary for masking."""
    try:
        translator = providers.make_translator(provider)
        terms = load_site(root).terms
    except providers.ProviderError as error:
        raise click.ClickException(str(error)) from None
    except ContentError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    guarded = providers.GuardedTranslator(translator, policy)
    matcher = terms.matcher if terms is not None else None
    return Drafter(guarded, matcher, providers.PROVIDERS[provider].limit)


@cli.command("import")
@click.argument("source", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--id", "report_id", required=True, help="The new report's ID, normally its year.")
@click.option("--year", type=int, required=True, help="The year the report's work plan is for.")
@click.option("--force", is_flag=True, help="Replace an existing report (it is backed up first).")
@click.pass_obj
def import_command(root: Path, source: Path, report_id: str, year: int, force: bool) -> None:
    """Create the draft report content/reports/<ID>/ from a report: a PDF, a Word document
    (.docx), a saved web page (.html) or plain text (UTF-8 or GBK).

    Paragraphs are kept as the text has them, headings keep their numbers, and IDs come from
    the headings; the Chinese is filled in and the English is marked missing. The title, date
    and speaker lines fill report.yml. Page numbers, running titles and a web page's furniture
    are left out and listed, with why, in import-report.txt. Preview the draft at once with
    mkdocs serve; then fill in report.yml (check lists what is missing), review candidates.yml
    (not_terms and targets ready to paste), draft the English with translate, and set status:
    published."""
    # Imported here: the importer brings pypinyin, whose tables were a fifth of every other
    # command's start (`check`: 1.0 s).
    from policysite.tools.importer import ImportRefused, import_report, import_report_lines

    bad_id = report_id_problem(report_id, root)  # before anything is read or written
    if bad_id is not None:
        click.echo(f"error: --id: {bad_id}", err=True)
        sys.exit(1)
    refusal = _year_refusal(root, year) or _size_refusal(source)
    if refusal:
        click.echo(f"error: {refusal}", err=True)
        sys.exit(1)
    glossary = None
    try:
        glossary = load_site(root).site.glossary
    except ContentError:
        click.echo("note: the existing content has errors; glossary candidates are unfiltered")
    try:
        result = import_report(source, root, report_id, year, force=force, glossary=glossary)
    except ImportRefused as refusal:
        click.echo(f"error: {refusal}", err=True)
        sys.exit(1)
    outline = result.outline
    sections = sum(len(c.sections) for c in outline.chapters)
    folder = result.report_dir.relative_to(root)
    click.echo(
        f"{folder}: a draft with {len(outline.chapters)} chapters, {sections} sections, "
        f"{outline.paragraph_count()} paragraphs, {len(outline.opening)} of them the opening "
        f"(read as {result.encoding}, "
        f"{'numbered headings' if outline.numbered else 'plain layout'})"
    )
    dropped = result.document.dropped if result.document is not None else []
    as_read = source if result.encoding in ("utf-8-sig", "gb18030") and not dropped else None
    for line, text in outline.front:  # lines of the input, else of the source.txt written
        click.echo(
            f"{as_read or folder / 'source.txt'}:{line}: front matter, kept in report.yml: {text}"
        )
    for dropped_line in import_report_lines(result, str(source))[1 + len(outline.front) :]:
        click.echo(dropped_line)
    click.echo(f"{folder}/import-report.txt: {len(dropped)} input lines left out, each with why")
    click.echo(
        f"{folder}/candidates.yml: {len(result.not_terms)} quoted phrases for not_terms, "
        f"{len(result.glossary_candidates)} possible glossary terms, "
        f"{len(result.target_candidates)} possible targets"
    )
    _print_topic_proposals(root, report_id)
    if result.backup is not None:
        click.echo(f"the previous report was moved to {result.backup.relative_to(root)}")
    click.echo(
        "next: preview it with mkdocs serve; then fill in "
        f"{folder}/report.yml (python scripts/site.py check lists the gaps)"
    )


def _print_topic_proposals(root: Path, report_id: str) -> None:
    """The topics proposed for the new report's paragraphs, in the lines check prints: a
    proposal for staff to decide in content/topics.yml, never written as tags."""
    try:
        loaded = load_site(root)
    except ContentError:
        click.echo("topics: none proposed, as the content has errors (check proposes them)")
        return
    report = next(r for r in loaded.site.reports if r.id == report_id)
    proposals = topic_proposals(loaded.site.topics, [report])
    click.echo(
        f"topics proposed from their signal words for {len(proposals)} paragraphs "
        "(proposals only: nothing is tagged until you list it in content/topics.yml):"
    )
    for line in proposals:
        click.echo(line)


def _year_refusal(root: Path, year: int) -> str | None:
    """Why ``year`` cannot be a report's: outside the range report.yml's schema allows."""
    schema = json.loads((root / SCHEMA_DIR / "report.schema.json").read_text(encoding="utf-8"))
    low, high = (schema["properties"]["year"][key] for key in ("minimum", "maximum"))
    if low <= year <= high:
        return None
    return f"--year: expected a year from {low} to {high}, found {year}"


def _size_refusal(source: Path) -> str | None:
    """Why ``source`` is too large to import: over the limit every content file has (the
    report's text is kept as its source.txt). Read in blocks, so even an endless file (a
    device) is refused after the limit, before anything is written."""
    size = 0
    with source.open("rb") as stream:
        while block := stream.read(1 << 20):
            size += len(block)
            if size > MAX_CONTENT_BYTES:
                return (
                    f"{source}: the file is over {MAX_CONTENT_BYTES // 1_000_000} MB, more than "
                    "an import takes (a year's report is well under 1 MB): check that this is the "
                    "right file; nothing was written"
                )
    return None


if __name__ == "__main__":
    cli()
