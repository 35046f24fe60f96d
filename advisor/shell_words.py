"""Words of a command line the tool suggests (`resume with ...`), quoted so that they paste back as typed.

A path with a space, a `$(...)` or a quote in it would otherwise split into several words, or run a command,
when the user pastes the suggestion into a shell. POSIX shells get `shlex.quote`'s single quotes; on Windows
the commands are meant for PowerShell, whose single-quoted strings take every character as it is except the
single quotes, which are doubled (U+2018 to U+201B count as single quotes there too).
"""

from __future__ import annotations

import os

from advisor.lazy_pattern import LazyPattern

# PowerShell treats U+2018..U+201B exactly like ' inside single-quoted strings, so they are doubled too.
PS_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b"
_PS_DOUBLE = str.maketrans({q: q + q for q in PS_SINGLE_QUOTES})
_PS_ANY_QUOTE = LazyPattern(f"[{PS_SINGLE_QUOTES}]")


def ps_quotes_doubled(text: str) -> str:
    """`text` for the inside of a PowerShell single-quoted string: its single quotes doubled (a search first:
    translating with a table is slow, and most text has none). The generated scripts' `ps_quote` and the
    commands suggested on Windows both quote with it."""
    return text.translate(_PS_DOUBLE) if _PS_ANY_QUOTE.search(text) else text


# Characters no shell reads specially in an argument: shlex's safe set for POSIX shells; for PowerShell the
# same with the backslash of Windows paths, without the comma (it makes an array) and the at sign (a word
# that starts with it is splatting).
_LETTERS_AND_DIGITS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_PLAIN = frozenset(_LETTERS_AND_DIGITS + "@%+=:,./-_")
_PLAIN_ON_WINDOWS = frozenset(_LETTERS_AND_DIGITS + "%+=:./-_\\")


def shell_word(word: str, *, windows: bool | None = None, always: bool = False) -> str:
    """`word` as one word of a command line: as it is when it has nothing a shell reads, else quoted."""
    on_windows = os.name == "nt" if windows is None else windows
    if not always and word and set(word) <= (_PLAIN_ON_WINDOWS if on_windows else _PLAIN):
        return word
    if on_windows:
        return "'" + ps_quotes_doubled(word) + "'"
    return "'" + word.replace("'", "'\"'\"'") + "'"


def backslashed(word: str) -> str:
    """`word` for a POSIX shell with each character it reads specially escaped by a backslash, as bash's
    completion inserts a candidate (`my\\ answers.yaml`); a ~ stays, so that ~/ still means home."""
    return "".join(c if c in _PLAIN or c == "~" else "\\" + c for c in word)


def program_words(path: str, *, windows: bool | None = None) -> str:
    """A program's path as the start of a command line: quoted when it must be, and in PowerShell then run
    with the call operator (`& 'C:\\My Tools\\connector-advisor.exe'`): a quoted string alone is not run."""
    on_windows = os.name == "nt" if windows is None else windows
    quoted = shell_word(path, windows=on_windows)
    if quoted == path and "=" in path:  # first on a line, `name=value` is an assignment, not a program
        quoted = shell_word(path, windows=on_windows, always=True)
    return f"& {quoted}" if on_windows and quoted != path else quoted
