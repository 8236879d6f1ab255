from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..constants import ConnectorKind
from .base import ConnectorPlugin, Outcome


class PortalConnector(ConnectorPlugin):
    """For an institution without a system: the submission lands in its officers' inbox."""

    kind = ConnectorKind.PORTAL

    def validate(self, connector) -> None:
        errors = {}
        if connector.endpoint_url:
            errors["endpoint_url"] = _("A portal connector has no endpoint: the officers work in the inbox.")
        if connector.institution_id and not connector.institution.memberships.exists():
            errors["kind"] = _(
                "No officer belongs to this institution yet; add one so that someone can decide."
            )
        if errors:
            raise ValidationError(errors)

    def submit(self, *, connector, submission, body, headers) -> Outcome:
        return Outcome(delivered=True, url="/institution/inbox/")
