"""The command-line setup the staff scripts share (``site.py``, ``bench.py``).

Each script's commands hang off one click group made by ``staff_group``: ``-h``/``--help``,
``--root`` (the repository by default) handed to every command, and no traceback for a bug:
one line naming the file being processed, with the details in a log file. A full disk or a
missing permission is one line too (not a bug); a closed pipe (``check | head``) ends the
command quietly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from policysite.content.crash import environment_problem, report_crash

REPO_ROOT = Path(__file__).resolve().parent.parent


class Guarded(click.Group):
    """Staff never see a traceback: a bug is one line naming the file being processed, with
    the details in a log file."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:
            raise  # the reader stopped reading (`check | head`): click ends quietly
        except Exception as error:
            problem = environment_problem(error)
            if problem:
                click.echo(f"error: {problem}", err=True)
                ctx.exit(1)
            root = ctx.obj if isinstance(ctx.obj, Path) else Path.cwd()
            action = f"running '{ctx.invoked_subcommand}'" if ctx.invoked_subcommand else "starting"
            click.echo(f"error: {report_crash(error, root, action)}", err=True)
            ctx.exit(2)


def staff_group(root_help: str) -> Callable[[Callable[[], None]], click.Group]:
    """A decorator: the function's name and docstring become a guarded click group whose
    ``--root`` (described by ``root_help``) is every command's context object."""

    def decorate(function: Callable[[], None]) -> click.Group:
        @click.group(
            name=function.__name__,
            cls=Guarded,
            help=function.__doc__,
            context_settings={"help_option_names": ["-h", "--help"]},
        )
        @click.option(
            "--root",
            type=click.Path(file_okay=False, exists=True, path_type=Path),
            default=REPO_ROOT,
            show_default="the repository",
            help=root_help,
        )
        @click.pass_context
        def group(context: click.Context, root: Path) -> None:
            context.obj = root

        return group

    return decorate
