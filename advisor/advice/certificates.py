"""The certificate name an OnPremises connector checks (shared by the on-premises and device scenarios)."""

from __future__ import annotations

from advisor.advice import catalogue
from advisor.model.plan import PlanWarning


def connector_certificate(path: str, name: str, domains: tuple[str, ...]) -> tuple[str, list[PlanWarning]]:
    """The name an OnPremises connector checks for this certificate: a registered domain (S20), and why.

    A host under an accepted domain (mail.contoso.com) becomes *.contoso.com; a name outside every
    accepted domain is kept and flagged, because mail attribution by certificate will fail.
    """
    bare = name[2:] if name.startswith("*.") else name
    if bare in domains:
        return name, []
    parents = [d for d in domains if bare.endswith("." + d)]
    if not parents:
        return name, [
            catalogue.warning(
                "certificate-not-accepted-domain",
                path=path,
                certificate=name,
                domains=", ".join(domains),
                first_domain=domains[0],
            )
        ]
    wildcard = "*." + max(parents, key=len)
    if name == wildcard:
        return name, []
    return wildcard, [
        catalogue.warning("certificate-host-name", path=path, certificate=name, connector_name=wildcard)
    ]
