"""Patterns compiled at first use, and the ASCII shortcuts that spare a run compiling them at all."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from advisor.lazy_pattern import LazyPattern
from advisor.model import validators
from advisor.model.validators import CONTROL_CHARACTERS, has_control_characters
from advisor.outputs.engine.quoting import json_text

# ASCII, the control ranges and their neighbours, line separators, surrogates and invisible characters
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(max_codepoint=0xA0),
        st.sampled_from("\u2028\u2029\u200b\u00ad\ufeff\ud800\udfff\u00e9"),
        st.characters(),
    )
)


def test_a_pattern_is_compiled_at_its_first_use_only() -> None:
    pattern = LazyPattern(r"(?P<host>[a-z]+):(?P<port>\d+)", re.IGNORECASE)
    assert pattern._compiled is None
    assert pattern.fullmatch("MX:25")["port"] == "25"  # type: ignore[index]
    compiled = pattern._compiled
    assert compiled is not None
    assert compiled.flags & re.IGNORECASE
    assert pattern.search("at mx:587")["host"] == "mx"  # type: ignore[index]
    assert pattern._compiled is compiled
    assert pattern.match("mx") is None
    assert [m.group() for m in pattern.finditer("a:1 b:2")] == ["a:1", "b:2"]
    assert pattern.sub("x", "a:1 b") == "x b"
    assert pattern.sub(lambda m: m["port"], "a:1 b:2") == "1 2"


def test_importing_the_validators_and_quoting_compiles_none_of_their_patterns() -> None:
    program = (
        "import re, sys\n"
        "compiled = []\n"
        "real = re._compile\n"
        "def watched(pattern, flags):\n"
        "    frame = sys._getframe(1)\n"
        "    while frame.f_code.co_filename.endswith(('re/__init__.py', 'lazy_pattern.py')):\n"
        "        frame = frame.f_back\n"
        "    if '/advisor/' in frame.f_code.co_filename: compiled.append(pattern)\n"
        "    return real(pattern, flags)\n"
        "re._compile = watched\n"
        "from advisor.lazy_pattern import LazyPattern\n"
        "from advisor.model import mail_validators, validators\n"
        "from advisor.outputs.engine import quoting\n"
        "lazy = [v for m in (validators, mail_validators, quoting) for v in vars(m).values()\n"
        "        if isinstance(v, LazyPattern)]\n"
        "print(len(lazy), len(compiled))\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    patterns, compiled = map(int, done.stdout.split())
    assert patterns >= 14
    assert compiled == 0


@given(TEXT)
def test_the_control_character_shortcut_agrees_with_the_pattern(text: str) -> None:
    assert has_control_characters(text) == (re.search(CONTROL_CHARACTERS.pattern, text) is not None)


@given(st.recursive(TEXT | st.integers() | st.booleans(), lambda inner: st.lists(inner, max_size=3)))
def test_json_text_escapes_every_control_character_with_or_without_the_shortcut(data: object) -> None:
    written = json_text(data)
    assert json.loads(written) == data
    assert not has_control_characters(written[:-1].replace("\n", ""))


@given(TEXT)
def test_surrogates_and_invisible_characters_are_refused_whatever_the_shortcut(text: str) -> None:
    outcome: object
    try:
        outcome = validators.domain(text)
    except ValueError as problem:
        outcome = problem
    if re.search(r"[\ud800-\udfff]", text) or re.search(validators._INVISIBLE.pattern, text.strip()):
        assert isinstance(outcome, ValueError)
