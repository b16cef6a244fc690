"""Staff tools for the report site: one command-line interface, each command wired to the core.

    python scripts/site.py check            # check all content, print problems with file:line
    python scripts/site.py stamp FILE...    # record which Chinese each English translates

Run any command with --help for details.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from policysite.loader import load_site
from policysite.problems import ContentError, format_report
from policysite.stamp import stamp_file

REPO_ROOT = Path(__file__).resolve().parent.parent


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=REPO_ROOT,
    show_default="the repository",
    help="Repository folder holding content/.",
)
@click.pass_context
def cli(context: click.Context, root: Path) -> None:
    """Tools for editing and checking the report site's content."""
    context.obj = root


@cli.command()
@click.pass_obj
def check(root: Path) -> None:
    """Check all content without building; same messages as the build. Exit 1 on errors."""
    try:
        result = load_site(root)
    except ContentError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    click.echo(format_report(result.warnings))


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
def stamp(files: tuple[Path, ...], lines: tuple[int, ...], dry_run: bool) -> None:
    """Fill in missing zh_hash values (and refresh those on --line) in FILES.

    Use it after writing a new English text, or after revising an English text whose Chinese
    had changed. Comments and formatting are kept.
    """
    changed_any = False
    for path in files:
        stamped = stamp_file(path, lines=set(lines) if lines else None, dry_run=dry_run)
        for line in stamped:
            changed_any = True
            verb = "would stamp" if dry_run else "stamped"
            click.echo(f"{path}:{line}: {verb} zh_hash")
    if not changed_any:
        click.echo("nothing to stamp")
    if dry_run and changed_any:
        sys.exit(1)


if __name__ == "__main__":
    cli()
