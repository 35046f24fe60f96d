"""How an OnPremises inbound connector recognises its sender (the on-premises server, devices)."""

from __future__ import annotations

from dataclasses import field
from typing import Protocol

from advisor.advice import catalogue
from advisor.model.domains import under, without_wildcard
from advisor.model.plan import ParameterValue, PlanWarning
from advisor.record import record


class IdentifiedSender(Protocol):
    """A section that says how its sender is recognised (the on-premises server, devices)."""

    @property
    def identify_by(self) -> str: ...
    @property
    def certificate_name(self) -> str | None: ...
    @property
    def ip_addresses(self) -> tuple[str, ...]: ...


@record
class Identity:
    """The connector parameters that recognise a sender, and what the plan must say about them."""

    parameters: dict[str, ParameterValue]
    checked: str | None  # the certificate name the connector checks; None when identified by IP
    warnings: list[PlanWarning] = field(default_factory=list)


def identify(
    sender: IdentifiedSender, domains: tuple[str, ...], connector_is: str, certificate_is: str
) -> Identity:
    """SenderDomains * plus the certificate (RequireTls) or the IP addresses of `sender` (S2, S4, S20, S23).

    `connector_is` and `certificate_is` name the connector and the certificate in the warnings.
    """
    base: dict[str, ParameterValue] = {"ConnectorType": "OnPremises", "SenderDomains": ["*"]}
    if sender.identify_by == "certificate":
        assert sender.certificate_name is not None  # guaranteed by validation
        checked, warnings = connector_certificate(certificate_is, sender.certificate_name, domains)
        return Identity({**base, "RequireTls": True, "TlsSenderCertificateName": checked}, checked, warnings)
    addresses = ", ".join(sender.ip_addresses)
    shared = catalogue.warning("ip-identification-shared", what=connector_is, addresses=addresses)
    return Identity({**base, "SenderIPAddresses": list(sender.ip_addresses)}, None, [shared])


def connector_certificate(whose: str, name: str, domains: tuple[str, ...]) -> tuple[str, list[PlanWarning]]:
    """The name an OnPremises connector checks for this certificate: a registered domain (S20), and why.

    A host under an accepted domain (mail.contoso.com) becomes *.contoso.com. A name outside every accepted
    domain never gets this far: validation refuses it (MC1226222), so no connector is built on it.
    """
    bare = without_wildcard(name)
    if bare in domains:
        return name, []
    parents = [d for d in domains if bare != d and under(bare, d)]
    assert parents, "validation refuses certificate names outside the accepted domains"
    wildcard = "*." + max(parents, key=len)
    if name == wildcard:
        return name, []
    return wildcard, [
        catalogue.warning("certificate-host-name", what=whose, certificate=name, connector_name=wildcard)
    ]
