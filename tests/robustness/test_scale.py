"""Many partners: the indexes that keep planning linear give the same answers as comparing every pair.

Timing lives in benchmarks/many_partners.py (a script with a recorded baseline, not a timed test).
"""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.advice.scenarios.partner_tls import _Restricting
from advisor.errors import AnswersInvalid
from advisor.model.domains import domains_meet
from advisor.model.partners import _Addresses
from advisor.model.plan import Connector
from tests.conftest import answers, partner, plan_for

LABELS = st.sampled_from(["a", "b", "x", "contoso", "com"])
NAMES = st.builds(
    lambda labels, wild: ("*." if wild else "") + ".".join(labels),
    st.lists(LABELS, min_size=1, max_size=4),
    st.booleans(),
)


def pairwise_covers(a: str, b: str) -> bool:
    """The definition the index replaces (S28), the one audit uses too: `*.x` applies to any name under x."""
    return domains_meet(a, b)


def restricting(domains: list[str]) -> Connector:
    return Connector(
        scenario="partner-tls",
        direction="inbound",
        from_="Partner organization",
        to="Office 365",
        parameters={
            "Name": f"From {domains}",
            "SenderDomains": domains,
            "RestrictDomainsToIPAddresses": True,
        },
        reason="",
        source="S28",
    )


@given(st.lists(st.lists(NAMES, min_size=1, max_size=3), max_size=6), st.lists(NAMES, max_size=3))
def test_competing_connectors_match_the_pairwise_definition(
    restricting_domains: list[list[str]], allowing: list[str]
) -> None:
    index = _Restricting([restricting(d) for d in restricting_domains])
    expected = [
        i
        for i, domains in enumerate(restricting_domains)
        if any(pairwise_covers(a, r) for a in allowing for r in domains)
    ]
    assert index.competing(allowing) == expected


BLOCKS = st.builds(
    lambda second, third, fourth, prefix: f"20.{second}.{third}.{fourth}/{prefix}",
    st.integers(0, 1),
    st.integers(0, 2),
    st.integers(0, 255),
    st.integers(16, 32),  # wider than /24 is refused elsewhere but must still be compared
)


@given(st.lists(st.one_of(BLOCKS, st.just("not an address")), max_size=12))
def test_first_overlap_matches_comparing_every_earlier_address(written: list[str]) -> None:
    seen = _Addresses()
    earlier: list[tuple[str, int]] = []
    for owner, text in enumerate(written):
        expected = None
        if text != "not an address":
            net = ipaddress.ip_network(text, strict=False)
            expected = next(
                (
                    (other, o)
                    for other, o in earlier
                    if net.overlaps(ipaddress.ip_network(other, strict=False))
                ),
                None,
            )
            earlier.append((text, owner))
        assert seen.first_overlap(text) == expected
        seen.add(text, owner)


def many_partners(count: int) -> dict[str, object]:
    return answers(
        partners=[
            partner(
                name=f"Partner {i}",
                domains=[f"partner{i}.example"],
                direction="inbound",
                restrict_by="ip-addresses",
                ip_addresses=[f"20.{i // 256}.{i % 256}.1"],
            )
            for i in range(count)
        ]
    )


def test_two_thousand_partners_plan_every_connector() -> None:
    plan = plan_for(many_partners(2000))
    assert len(plan.connectors) == 2000
    assert "2000 partners" in plan.summary


def test_an_overlap_among_thousands_of_partners_is_still_found() -> None:
    data = many_partners(2000)
    data["partners"][1999]["ip_addresses"] = ["20.0.7.0/24"]  # type: ignore[index]
    with pytest.raises(AnswersInvalid) as caught:
        plan_for(data)
    [problem] = caught.value.problems
    assert problem.path == "partners[1999].ip_addresses[0]"
    assert "overlaps 20.0.7.1 of partners[7]" in problem.message
