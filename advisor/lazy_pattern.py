"""Regular expressions compiled when first used, not when their module is imported.

Compiling a character class over wide Unicode ranges (control characters, invisible characters) takes
0.4 to 0.8 ms; a dozen such patterns at import cost a `plan` run 6 ms whether or not it met a value they
check. A `LazyPattern` keeps the source and compiles on its first search (`re` keeps the compiled pattern).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator


class LazyPattern:
    """The methods of `re.Pattern` this project uses, on a pattern compiled at first use."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    def match(self, text: str) -> re.Match[str] | None:
        return self.compiled.match(text)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)

    def sub(self, replacement: str | Callable[[re.Match[str]], str], text: str) -> str:
        return self.compiled.sub(replacement, text)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"
