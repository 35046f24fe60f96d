"""The consultant's own handout templates (`--templates DIR`, `templates:` in document.yaml): a folder put in
front of the built-in templates, which stay reachable as `builtin/NAME` so a custom template can extend or
include them. PowerShell templates are never taken from it: a script's quoting guarantees hold whatever the
folder holds. A custom template gets the same autoescaping, StrictUndefined and filters; its errors name the
template file and line (exit 2)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.errors import UserError

if TYPE_CHECKING:
    import jinja2

# Templates whose output runs as code: never overridable, whatever the folder holds.
SCRIPT_TEMPLATES = frozenset(
    {
        "connectors.ps1.j2",
        "onprem.ps1.j2",
        "diff.ps1.j2",
        "collect.ps1.j2",
        "dsc.ps1.j2",
        "_powershell.j2",
        "_backup.j2",
    }
)
HINT = (
    "a folder of .md.j2 or .html.j2 handout templates (templates/ in the project shows the built-in ones), "
    "or a Word reference document handout.docx"
)


def checked_folder(folder: Path) -> Path:
    """The folder, refused when it is none or holds a script template."""
    if not folder.is_dir():
        raise UserError(f"--templates {folder} is not a folder", HINT)
    scripts = sorted(
        p.name for p in folder.iterdir() if p.name in SCRIPT_TEMPLATES or p.name.endswith(".ps1.j2")
    )
    if scripts:
        raise UserError(
            f"{folder} holds {', '.join(scripts)}: PowerShell templates are never overridable, so that the "
            "scripts' quoting holds whatever a template folder holds",
            "keep only handout templates (.md.j2, .html.j2) in the folder",
        )
    return folder


def loader(folder: Path, builtin: Path) -> jinja2.BaseLoader:
    """The folder first (never for a script template), `builtin/NAME` for the built-ins, the built-ins."""
    import jinja2

    class HandoutsOnly(jinja2.FileSystemLoader):
        def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
            if template in SCRIPT_TEMPLATES or template.endswith(".ps1.j2"):
                raise jinja2.TemplateNotFound(template)
            return super().get_source(environment, template)

    builtins = jinja2.FileSystemLoader(str(builtin))
    return jinja2.ChoiceLoader(
        [HandoutsOnly(str(folder)), jinja2.PrefixLoader({"builtin": builtins}), builtins]
    )


def template_error(error: Exception, folder: Path) -> UserError:
    """A custom template's error as the user reads it: the template file and line, and what went wrong."""
    filename = getattr(error, "filename", None)
    line = getattr(error, "lineno", None)
    if filename is None:  # a render error: the deepest frame in a template of the folder
        tb = sys.exc_info()[2] or error.__traceback__
        while tb is not None:
            code = tb.tb_frame.f_code.co_filename
            if code.startswith(str(folder)):
                filename, line = code, tb.tb_lineno
            tb = tb.tb_next
    where = f"{filename}:{line}" if filename and line else (filename or str(folder))
    return UserError(
        f"{where}: {type(error).__name__}: {getattr(error, 'message', None) or error}",
        'fix the template; the README\'s section "Your own handout templates" lists what a template can use',
    )
