"""Random input of every shape: only exit 0 or 2, never a traceback, and each run within a time bound.

The bound is generous (a run takes milliseconds); it catches hangs and blow-ups such as the YAML alias bomb,
not slowness (benchmarks/ measures that)."""

from __future__ import annotations

import io
import json
import time

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.cli.app import run
from advisor.environment import Environment
from advisor.inputs.examples import example_text, examples

TIME_BOUND = 5.0  # seconds for one run
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def plan_bytes(data: bytes, output_format: str = "json") -> tuple[int, str]:
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdin=stdin, stdout=out, stderr=err, variables={})
    start = time.perf_counter()
    code = run(["plan", "-", "--format", output_format], env)
    assert time.perf_counter() - start < TIME_BOUND
    return code, err.getvalue()


def assert_clean(code: int, err: str) -> None:
    assert code in (0, 2), err
    assert "Traceback" not in err
    assert "internal error" not in err


SEEDS = [example_text(name).encode() for name in examples()]


@SETTINGS
@given(st.binary(max_size=3000))
def test_any_bytes(data: bytes) -> None:
    assert_clean(*plan_bytes(data))


@SETTINGS
@given(st.sampled_from(SEEDS), st.integers(0, 4000), st.binary(min_size=1, max_size=40))
def test_an_example_with_bytes_spliced_in(seed: bytes, at: int, splice: bytes) -> None:
    at = at % len(seed)
    assert_clean(*plan_bytes(seed[:at] + splice + seed[at + len(splice) :]))


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(["exchange-online", "eop-standalone", "both", "none", "203.0.113.10", "contoso.com"])
)
KEYS = st.sampled_from(
    [
        "version",
        "organization",
        "name",
        "domains",
        "subscription",
        "on_premises",
        "server",
        "devices",
        "partners",
        "ip_addresses",
        "filtering_service",
        "direction",
        "restrict_by",
        "present",
        "mx",
    ]
) | st.text(max_size=10)
NESTED = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=40,
)


@SETTINGS
@given(NESTED)
def test_any_nested_structure_as_json(value: object) -> None:
    assert_clean(*plan_bytes(json.dumps(value).encode()))


@SETTINGS
@given(st.dictionaries(KEYS, NESTED, max_size=6))
def test_any_mapping_as_yaml_in_every_format(value: dict[str, object]) -> None:
    text = yaml.safe_dump({"version": 1, **value}, allow_unicode=True).encode("utf-8", "surrogatepass")
    for output_format in ("json", "markdown", "powershell"):
        assert_clean(*plan_bytes(text, output_format))
