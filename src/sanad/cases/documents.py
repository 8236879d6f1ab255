"""Checks a file before it becomes part of a case: the name, the size, and the type by content
(not by extension), then the scanning hook. Nothing here writes to the database."""

import hashlib
import re
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from sanad.core.errors import ValidationFailed

# What each accepted format is, by content.
FORMAT_MIME = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}
DEFAULT_FORMATS = ("pdf", "jpg", "png")
DEFAULT_MAX_KB = 5120
_SAFE_NAME = re.compile(r"[^\w.\- ]", re.UNICODE)


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    extension: str
    size: int
    sha256: str


def _fail(message: str) -> ValidationFailed:
    return ValidationFailed(message, errors={"file": [message]})


def clean_file_name(name: str) -> str:
    """Refuse names that try to leave the folder; keep a readable, safe display name."""
    raw = str(name or "")
    if not raw.strip():
        raise _fail(_("The file has no name."))
    if "/" in raw or "\\" in raw or ".." in raw or "\x00" in raw or raw.startswith("."):
        raise _fail(_("The file name is not allowed: it must not contain folders or “..”."))
    cleaned = _SAFE_NAME.sub("_", raw).strip()[:150]
    return cleaned or "document"


def scan_none(*, name: str, content: bytes) -> None:
    """The default scanning hook: accepts everything. A deployment points SANAD_DOCUMENT_SCANNER at
    an antivirus adapter that raises ValidationFailed for an infected file."""


def check_upload(
    uploaded, *, formats=DEFAULT_FORMATS, max_size_kb: int = DEFAULT_MAX_KB
) -> tuple[CheckedFile, bytes]:
    name = clean_file_name(getattr(uploaded, "name", ""))
    content = uploaded.read()
    size = len(content)
    if size == 0:
        raise _fail(_("The file is empty."))
    if size > max_size_kb * 1024:
        raise _fail(
            _("The file is %(size)s KB; the limit for this document is %(limit)s KB.")
            % {"size": (size + 1023) // 1024, "limit": max_size_kb}
        )
    kind = filetype.guess(content[:8192])
    allowed = {FORMAT_MIME[f]: f for f in formats if f in FORMAT_MIME}
    if kind is None or kind.mime not in allowed:
        accepted = ", ".join(f.upper() for f in formats)
        raise _fail(
            _("This file is not an accepted type (by its content). Accepted: %(formats)s.")
            % {"formats": accepted}
        )
    scanner = import_string(getattr(settings, "SANAD_DOCUMENT_SCANNER", "sanad.cases.documents.scan_none"))
    scanner(name=name, content=content)
    checked = CheckedFile(
        name=name,
        content_type=kind.mime,
        extension=allowed[kind.mime],
        size=size,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    return checked, content
