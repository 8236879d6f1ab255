"""A multipart parser that refuses path-traversal file names with a clear error, instead of
Django's silent trimming to the last path component."""

from django.http.multipartparser import MultiPartParser as DjangoMultiPartParser
from django.utils.translation import gettext as _
from rest_framework.parsers import MultiPartParser

from sanad.core.errors import ValidationFailed


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
        from django.conf import settings
        from rest_framework.exceptions import ParseError
        from rest_framework.parsers import DataAndFiles

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
        except Exception as exc:  # MultiPartParserError and friends
            raise ParseError(_("The multipart body could not be read.")) from exc
