"""The `devices` section: printers, scanners and applications that send mail, and what they can do."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from advisor.errors import Problem
from advisor.model import organization, raw, validators
from advisor.model.facts import Lookup
from advisor.model.fields import Option, choice, flag, items, text
from advisor.model.vocabulary import SenderIdentity
from advisor.record import record

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

DevicePorts = Literal["not-sure", "587-and-25", "587-only", "25-only", "465-only"]
DEVICE_PORTS = {
    "not-sure": Option(
        "Not sure", "Look in the device's SMTP settings or data sheet: the port, and STARTTLS."
    ),
    "587-and-25": Option("587 and 25", "Both, with STARTTLS."),
    "587-only": Option(
        "Only 587", "Signing in (SMTP AUTH, High Volume Email) only: relay and direct send use 25."
    ),
    "25-only": Option("Only 25", "SMTP relay, direct send, or SMTP AUTH on 25 (not High Volume Email)."),
    "465-only": Option(
        "Only 465 (SSL/TLS from the start)",
        "Microsoft 365 offers no option on 465: the device needs another port.",
    ),
}
DeviceVolume = Literal["not-sure", "within-limits", "high"]
DEVICE_VOLUME = {
    "not-sure": Option("Not sure", "Check the application's send logs or ask its vendor."),
    "within-limits": Option(
        "Within SMTP AUTH's limits", "At most 10,000 recipients a day and 30 messages a minute per mailbox."
    ),
    "high": Option("More than that", "Bulk or high-volume sending: not SMTP AUTH."),
}
# Which ports each method needs (S4, S45; facts 2.4, 7.6): signing in on 587 (or 25), relay and direct
# send on 25.
PORTS_FOR_METHOD: dict[str, tuple[str, ...]] = {
    "smtp-auth": ("587-and-25", "587-only", "25-only"),
    "high-volume-email": ("587-and-25", "587-only"),
    "smtp-relay": ("587-and-25", "25-only"),
    "direct-send": ("587-and-25", "25-only"),
}


def ports_needed(method: str) -> str:
    """The ports a method needs, in words, read from PORTS_FOR_METHOD: 587, 25, or 587 or 25."""
    allowed = PORTS_FOR_METHOD[method]
    return " or ".join(port for port in ("587", "25") if f"{port}-only" in allowed)


def signs_in_with_oauth(smtp_auth: object, oauth: object, tls12: object, ports: str) -> bool:
    """Whether devices with these answers can sign in with SMTP AUTH and OAuth (TLS 1.2 not ruled out, a port
    that takes sign-ins): the option S4 prefers. The advice and the wizard's skipped questions both ask it."""
    return smtp_auth is True and oauth is True and tls12 is not False and port_allows(ports, "smtp-auth")


def port_allows(ports: str, method: str) -> bool:
    """Whether devices that use `ports` can send by `method` ("not sure" allows every method)."""
    return ports == "not-sure" or ports in PORTS_FOR_METHOD.get(method, (ports,))


DEVICE_IDENTITY = {
    "ip-addresses": Option(
        "By the static public IP address", "The address their mail leaves your network from, not shared."
    ),
    "certificate": Option(
        "By a TLS certificate",
        "A certificate the device or application presents, named in one of your domains.",
    ),
}


@record(kw_only=True)
class Devices:
    """The `devices` section: printers, scanners and applications that send mail."""

    present: bool = flag("Printers, scanners or applications send mail.", default=False)
    method: DeviceMethod = choice("How the devices send.", choices=DEVICE_METHOD, default="auto")
    external_recipients: bool = flag("They must reach recipients outside your organization.", default=True)
    supports_smtp_auth: bool | None = flag(
        "They can sign in to a licensed mailbox (SMTP AUTH, port 587, TLS 1.2); not-sure: the plan assumes "
        "they cannot and says where to look.",
        default=False,
        unsure=True,
    )
    supports_oauth: bool | None = flag(
        "Optional: their SMTP AUTH supports OAuth (modern authentication), not only Basic; not-sure: the "
        "plan assumes Basic only.",
        default=False,
        unsure=True,
    )
    supports_tls12: bool | None = flag(
        "Optional: they can use TLS 1.2 (needed to sign in on port 587); leave out, or not-sure, when not "
        "sure.",
        default=None,
        unsure=True,
    )
    third_party_hosted: bool = flag(
        "Optional: they run in a third-party hosted service (for example Azure), not on your network.",
        default=False,
    )
    ports: DevicePorts = choice(
        "The SMTP ports the devices can use (STARTTLS on 587 or 25; 465 is not offered).",
        choices=DEVICE_PORTS,
        default="not-sure",
    )
    volume: DeviceVolume = choice(
        "How much they send, against SMTP AUTH's limits (10,000 recipients a day, 30 messages a minute).",
        choices=DEVICE_VOLUME,
        default="not-sure",
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

    @property
    def sign_in_unsure(self) -> bool:
        """Whether the admin was not sure the devices can sign in (SMTP AUTH, or OAuth where they can sign
        in): the plan assumes they cannot, and says to find out first."""
        return self.supports_smtp_auth is None or (
            bool(self.supports_smtp_auth) and self.supports_oauth is None
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
    yield from _port_problems(devices, method)
    yield from raw.duplicates(devices, "devices.", "ip_addresses")


def _port_problems(devices: raw.Raw, method: object) -> Iterator[Problem]:
    """A method the devices' ports do not allow (S4, S45)."""
    ports = raw.value(devices, Devices, "ports")
    if isinstance(ports, str) and isinstance(method, str) and not port_allows(ports, method):
        yield Problem(
            "devices.ports",
            f"method {method} needs port {ports_needed(method)}",
            ports,
            "another method, or ports the method uses",
        )
