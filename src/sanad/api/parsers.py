"""Request body parsers that answer bad bodies with a clear 4xx instead of a 500: JSON nested deeper
than anything the API accepts, bodies larger than the configured limit (413), and multipart file
names that try to climb out of their folder."""

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http.multipartparser import MultiPartParser as DjangoMultiPartParser
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import DataAndFiles, FormParser, JSONParser, MultiPartParser

from sanad.core.errors import ValidationFailed

# Nothing the API accepts nests deeper than a handful of levels; 32 leaves room and stops the
# recursion bombs (`[[[[…]]]]`) long before Python's own limit.
MAX_JSON_DEPTH = 32


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"

    def __init__(self):
        limit_kb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
        super().__init__(_("The request body is too large (at most %(kb)s KB).") % {"kb": limit_kb})


def json_depth_exceeds(value, limit: int = MAX_JSON_DEPTH) -> bool:
    """True if `value` nests lists/objects deeper than `limit` (iterative: no recursion to blow)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _refuse_oversize(parser_context) -> None:
    request = (parser_context or {}).get("request")
    if request is None:
        return
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and length > limit:
        raise PayloadTooLarge()


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        _refuse_oversize(parser_context)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1 if limit is not None else -1) if stream is not None else b""
        if limit is not None and len(raw) > limit:
            raise PayloadTooLarge()
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(raw.decode(encoding), parse_constant=_refuse_constant)
        except RecursionError:
            raise ParseError(_("The JSON body is nested too deeply.")) from None
        except ValueError as exc:
            raise ParseError(_("The request body is not valid JSON.")) from exc
        if json_depth_exceeds(data):
            raise ParseError(
                _("The JSON body is nested too deeply (at most %(depth)s levels).")
                % {"depth": MAX_JSON_DEPTH}
            )
        return data


def _refuse_constant(name):
    raise ValueError(f"{name} is not JSON")  # NaN / Infinity are not JSON (RFC 8259)


def refuse_path_names(file_name: str) -> None:
    if any(part in (file_name or "") for part in ("/", "\\", "\x00")) or ".." in (file_name or ""):
        message = _("The file name is not allowed: it must not contain folders or “..”.")
        raise ValidationFailed(message, errors={"file": [message]})


class _StrictDjangoParser(DjangoMultiPartParser):
    def sanitize_file_name(self, file_name):
        refuse_path_names(file_name)
        return super().sanitize_file_name(file_name)


class SafeMultiPartParser(MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        request = parser_context["request"]
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        meta = request.META.copy()
        meta["CONTENT_TYPE"] = media_type
        try:
            parser = _StrictDjangoParser(meta, stream, request.upload_handlers, encoding)
            data, files = parser.parse()
            return DataAndFiles(data, files)
        except ValidationFailed:
            raise
        except RequestDataTooBig:
            raise PayloadTooLarge() from None
        except Exception as exc:  # MultiPartParserError and friends
            raise ParseError(_("The multipart body could not be read.")) from exc


class SafeFormParser(FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        _refuse_oversize(parser_context)
        return super().parse(stream, media_type, parser_context)
