"""The recovery file: the answers typed so far, kept whenever the wizard ends before they are saved (Ctrl-C, a
closed terminal, an internal error, a failed save), with the command that resumes them."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from advisor.environment import Environment
from advisor.errors import UserError
from advisor.shell_words import shell_word

# The first line of every recovery file. A recovery file can validate as an answers file (every key it lacks
# has a default), but it is not one: resuming from it asks every question not yet answered, where a complete
# answers file goes straight to the review.
RECOVERY_MARKER = "# connector-advisor recovery file: the answers typed so far"
RECOVERY_LINES = (
    f"{RECOVERY_MARKER} (questions not answered yet are asked\n"
    "# again when you resume it with `connector-advisor wizard --answers FILE`).\n"
)


def is_recovery(text: str) -> bool:
    """Whether `text` is a recovery file (its first line says so)."""
    return text.lstrip("\ufeff").startswith(RECOVERY_MARKER)


def recovery_dir(env: Environment) -> Path:
    """Where recovery files go: the platform's state folder (XDG on Linux, where a relative
    XDG_STATE_HOME is ignored as the specification says; platformdirs' choice on Windows and macOS)."""
    if sys.platform.startswith(("win", "darwin")):
        import platformdirs

        return Path(platformdirs.user_state_dir("connector-advisor", appauthor=False))
    base = env.variables.get("XDG_STATE_HOME", "")
    if not base or not Path(base).is_absolute():
        base = str(Path.home() / ".local" / "state")
    return Path(base) / "connector-advisor"


def save_recovery(data: dict[str, Any], env: Environment) -> Path | None:
    """Keep the answers so far: in the state folder, or, when it cannot be written (read-only, full, not a
    folder), in a new private temporary folder. If neither can be written the answers are printed to
    standard error and None is returned: nothing typed is lost."""
    from advisor.outputs.views.answers_file import render_answers

    text = RECOVERY_LINES + render_answers(data)
    for folder in (recovery_dir(env), None):
        try:
            return _write_recovery(text, folder)
        except (OSError, UserError):
            continue
    env.stderr.write("Your answers could not be written to any folder; here they are:\n" + text)
    return None


def _write_recovery(text: str, folder: Path | None) -> Path:
    import tempfile

    from advisor.outputs.writing.files import write_atomic

    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="connector-advisor-"))  # private (0700), never shared /tmp
    else:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)  # answers hold domains and addresses
    path = folder / f"recovery-{time.strftime('%Y%m%d-%H%M%S')}.yaml"
    counter = 2
    while path.exists():
        path = folder / f"recovery-{time.strftime('%Y%m%d-%H%M%S')}-{counter}.yaml"
        counter += 1
    write_atomic(path, text, mode=0o600)
    return path


def kept_in(path: Path | None) -> str:
    """Where the answers were kept, for a message."""
    return str(path) if path is not None else "the answers printed above"


def resume_hint(env: Environment, path: Path | None, save: bool = False) -> str:
    """The command that picks the kept answers up again."""
    where = shell_word(str(path)) if path is not None else "FILE-WITH-THOSE-LINES"
    return env.command(f"wizard --answers {where}" + (" --save FILE" if save else ""))
