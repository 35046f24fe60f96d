"""The consultant's logo for the handouts, read as the image it claims to be.

A logo is embedded in every handout a client receives, so it is checked before a byte of it is read: the link
it may be must stay in the folder that names it (the settings file's, or the current one for `--logo`), the
file must be a regular file of at most MAX_LOGO_BYTES (checked by its size, so a huge file is never read), and
its content must be the image its suffix says: PNG, JPEG, GIF and WebP by their signatures; SVG parsed
without a DTD or entities, with scripts, event handlers and external references removed.
"""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}
MAX_LOGO_BYTES = 512 * 1024
ACCEPTED = f"the path of a {', '.join(sorted(LOGO_TYPES))} file of at most {MAX_LOGO_BYTES // 1024} KB"

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
# Elements that run code or pull in other documents: removed with everything inside them.
SVG_REMOVED = {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"}


class LogoRefused(ValueError):
    """Why the logo is refused, as the user reads it after `logo:`."""


def logo_data_uri(value: str, base: Path) -> str:
    """The logo at `value` (relative to `base`) as a data: URI, or LogoRefused saying why not."""
    named = Path(os.path.abspath(base / Path(value).expanduser()))
    kind = LOGO_TYPES.get(named.suffix.lower())
    if kind is None:
        raise LogoRefused("not an image file name")
    target = Path(os.path.realpath(named))
    folder = Path(os.path.abspath(base))
    if named.is_relative_to(folder):  # through links inside the folder: the image must be in it too
        outside = not target.is_relative_to(os.path.realpath(folder))
    else:  # a path the user gave outside the folder: the file itself must not be a link
        outside = named.is_symlink()
    if outside:
        raise LogoRefused(f"a link to {target}, outside {folder}: name the image itself")
    try:
        found = os.stat(target)
    except OSError as exc:
        raise LogoRefused(f"cannot read it ({exc.strerror or exc})") from None
    if not stat.S_ISREG(found.st_mode):
        raise LogoRefused("not a regular file")
    if found.st_size > MAX_LOGO_BYTES:
        raise LogoRefused(f"{found.st_size:,} bytes; at most {MAX_LOGO_BYTES // 1024} KB")
    try:
        with open(target, "rb") as handle:
            data = handle.read(MAX_LOGO_BYTES + 1)
    except OSError as exc:
        raise LogoRefused(f"cannot read it ({exc.strerror or exc})") from None
    if len(data) > MAX_LOGO_BYTES:
        raise LogoRefused(f"over {MAX_LOGO_BYTES // 1024} KB")
    data = _checked(kind, data)
    return f"data:{kind};base64," + base64.b64encode(data).decode("ascii")


def _checked(kind: str, data: bytes) -> bytes:
    """The image's bytes if they are what `kind` says (an SVG cleaned), else LogoRefused."""
    signatures = {
        "image/png": (b"\x89PNG\r\n\x1a\n",),
        "image/jpeg": (b"\xff\xd8\xff",),
        "image/gif": (b"GIF87a", b"GIF89a"),
    }
    if kind == "image/webp":
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return data
    elif kind == "image/svg+xml":
        return clean_svg(data)
    elif data.startswith(signatures[kind]):
        return data
    raise LogoRefused(f"its content is not a {kind.split('/')[1].upper()} image")


def clean_svg(data: bytes) -> bytes:
    """An SVG without a DTD, entities or processing instructions (refused), and without scripts, event
    handlers and references to anything outside itself (removed)."""
    import xml.parsers.expat
    from xml.etree import ElementTree

    def refuse(*_args: object) -> None:
        raise LogoRefused("an SVG with a DOCTYPE or entities; save it without them")

    probe = xml.parsers.expat.ParserCreate()
    probe.StartDoctypeDeclHandler = refuse
    probe.EntityDeclHandler = refuse
    probe.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    try:
        probe.Parse(data, True)
        root = ElementTree.fromstring(data)
    except xml.parsers.expat.ExpatError as exc:
        raise LogoRefused(f"not a well-formed SVG ({exc})") from None
    except ElementTree.ParseError as exc:
        raise LogoRefused(f"not a well-formed SVG ({exc})") from None
    if _local(root.tag) != "svg":
        raise LogoRefused("its content is not an SVG image")
    _strip(root)
    ElementTree.register_namespace("", SVG)
    ElementTree.register_namespace("xlink", XLINK)
    cleaned: bytes = ElementTree.tostring(root, encoding="utf-8")
    return cleaned


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _strip(element: object) -> None:
    from xml.etree.ElementTree import Element

    assert isinstance(element, Element)
    for child in list(element):
        if _local(child.tag) in SVG_REMOVED or (_local(child.tag) == "style" and _external(child.text or "")):
            element.remove(child)
        else:
            _strip(child)
    for name, value in list(element.attrib.items()):
        local = _local(name).lower()
        fetches = local == "href" and not value.strip().startswith("#")
        if local.startswith("on") or fetches or _external(value):
            del element.attrib[name]


def _external(text: str) -> bool:
    """CSS or an attribute that fetches something: url(...) other than a fragment, @import, javascript:."""
    lowered = "".join(text.lower().split())
    if "@import" in lowered or "javascript:" in lowered:
        return True
    return any(not part.lstrip("'\"").startswith("#") for part in lowered.split("url(")[1:])
