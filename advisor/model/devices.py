"""The `devices` section: printers, scanners and applications that send mail, and what they can do."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from advisor.errors import Problem
from advisor.model import organization, raw, validators
from advisor.model.facts import Lookup
from advisor.model.fields import Option, choice, flag, items, text
from advisor.model.vocabulary import SenderIdentity

DeviceMethod = Literal["auto", "smtp-relay", "direct-send", "smtp-auth", "high-volume-email"]
# what "auto" resolves to
ChosenDeviceMethod = Literal["smtp-relay", "direct-send", "smtp-auth", "high-volume-email"]

DEVICE_METHOD = {
    "auto": Option(
        "Let the advisor choose", "Chosen from what the devices can do (the questions you answered)."
    ),
    "smtp-relay": Option(
        "SMTP relay through a connector",
        "A connector from Your organization's email server; any sender in your domains, any recipient.",
    ),
    "direct-send": Option(
        "Direct send", "Straight to your MX endpoint, no connector and no mailbox; internal recipients only."
    ),
    "smtp-auth": Option(
        "SMTP AUTH client submission", "The device signs in to a licensed mailbox on smtp.office365.com:587."
    ),
    "high-volume-email": Option(
        "High Volume Email (internal recipients only)",
        "The device signs in to an HVE account on port 587 with TLS; no licence, no connector.",
    ),
}

DEVICE_IDENTITY = {
    "ip-addresses": Option(
        "By the static public IP address", "The address their mail leaves your network from, not shared."
    ),
    "certificate": Option(
        "By a TLS certificate",
        "A certificate the device or application presents, named in one of your domains.",
    ),
}


@dataclass(frozen=True, kw_only=True)
class Devices:
    """The `devices` section: printers, scanners and applications that send mail."""

    present: bool = flag("Printers, scanners or applications send mail.", default=False)
    method: DeviceMethod = choice("How the devices send.", choices=DEVICE_METHOD, default="auto")
    external_recipients: bool = flag("They must reach recipients outside your organization.", default=True)
    supports_smtp_auth: bool = flag(
        "They can sign in to a licensed mailbox (SMTP AUTH, port 587, TLS 1.2).", default=False
    )
    supports_oauth: bool = flag(
        "Optional: their SMTP AUTH supports OAuth (modern authentication), not only Basic.", default=False
    )
    supports_tls12: bool | None = flag(
        "Optional: they can use TLS 1.2 (needed to sign in on port 587); leave out when not sure.",
        default=None,
    )
    third_party_hosted: bool = flag(
        "Optional: they run in a third-party hosted service (for example Azure), not on your network.",
        default=False,
    )
    identify_by: SenderIdentity = choice(
        "How an SMTP relay connector recognises them.", choices=DEVICE_IDENTITY, default="ip-addresses"
    )
    ip_addresses: tuple[str, ...] = items(
        "Static public IPv4 addresses their mail leaves your network from.",
        check=validators.SENDER_IP,
        example=("198.51.100.25",),
        label="the devices' sending addresses",
    )
    certificate_name: str | None = text(
        "Certificate name they present, in one of your domains.",
        check=validators.CERTIFICATE_NAME,
        example="relay.contoso.com",
    )

    @staticmethod
    def problems(data: raw.Raw, get: Lookup) -> Iterator[Problem]:
        """Rules across this section's keys (companions and contradictions), on raw answers."""
        return _problems(data, get)


def _problems(data: raw.Raw, _get: Lookup) -> Iterator[Problem]:
    """Companions and contradictions of the device answers."""
    devices = data.get("devices")
    if not isinstance(devices, dict) or devices.get("present") is not True:
        return
    method = raw.value(devices, Devices, "method")
    if method == "smtp-relay":
        identify = raw.value(devices, Devices, "identify_by")
        if identify == "ip-addresses":
            yield from raw.needs(
                devices,
                "devices",
                "ip_addresses",
                "for SMTP relay identified by IP address",
                validators.ACCEPTED_SENDER_IP,
            )
        elif identify == "certificate":
            yield from raw.needs(
                devices,
                "devices",
                "certificate_name",
                "for SMTP relay identified by certificate",
                validators.ACCEPTED_CERTIFICATE,
            )
    if method in ("smtp-relay", "auto") and raw.value(devices, Devices, "identify_by") == "certificate":
        refused = organization.on_premises_certificate_problem(
            data, "devices.certificate_name", devices.get("certificate_name")
        )
        if refused is not None:
            yield refused
    supports = raw.value(devices, Devices, "supports_smtp_auth")
    if method in ("smtp-auth", "high-volume-email") and supports is False:
        yield Problem(
            "devices.supports_smtp_auth",
            f"method {method} needs devices that can sign in with SMTP AUTH",
            supports,
            "true, or another method",
        )
    if method in ("smtp-auth", "high-volume-email") and devices.get("supports_tls12") is False:
        yield Problem(
            "devices.supports_tls12",
            f"method {method} signs in on port 587, which needs TLS 1.2",
            False,
            "true (or leave it out when not sure), or another method",
        )
    if method == "high-volume-email" and raw.value(devices, Devices, "external_recipients") is True:
        yield Problem(
            "devices.external_recipients",
            "High Volume Email delivers to recipients in your organization only",
            True,
            "false, or another method",
        )
    yield from raw.duplicates(devices, "devices.", "ip_addresses")
