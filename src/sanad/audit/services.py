"""Writes of the audit area: recording reads of personal data. (Writes to every other area are
recorded by `recorder` from model signals; the personal data rights live in `rights.py`.)"""

from __future__ import annotations

from django.utils import timezone

from sanad.accounts.constants import Role

from . import chain
from .constants import Operation
from .recorder import actor_values, object_label, scope


def actor_organisation(user) -> str:
    """Where the reader works, as "Arabic name / English name": their centre or institution."""
    if user is None:
        return ""
    if user.role == Role.CENTRE_STAFF:
        from sanad.centres.selectors import staff_membership

        membership = staff_membership(user)
        centre = membership.centre if membership else None
        return f"{centre.name_ar} / {centre.name_en}" if centre else ""
    if user.role == Role.INSTITUTION_OFFICER:
        membership = getattr(user, "institution_membership", None)
        institution = membership.institution if membership else None
        return f"{institution.name_ar} / {institution.name_en}" if institution else ""
    return ""


def audit_read(*, obj, operation: str = Operation.READ, what: str = "", subject_id: int | None = None):
    """Record that the person acting now read personal data: a case page (`obj` a Case), a document
    (`obj` a CaseDocument), a data export (`obj` the person). Reads by the data subject themselves
    are recorded too (an export always is); the citizen's panel lists only other people's."""
    label = obj._meta.concrete_model._meta.label_lower
    values = actor_values()
    from .context import current

    user = current().current_user()
    where = scope(obj, label)
    if subject_id is not None:
        where["subject_id"] = subject_id
    values.update(
        {
            "at": timezone.now(),
            "actor_org": actor_organisation(user)[:200],
            "operation": operation,
            "object_type": label,
            "object_id": str(obj.pk),
            "object": object_label(obj, label),
            "changes": {
                k: v for k, v in (("what", what), ("name", user.display_name() if user else "")) if v
            },
            **where,
        }
    )
    return chain.append(values)


def audit_case_opened(*, case) -> None:
    """A case page or its API record was opened (by anyone but its citizen)."""
    from .context import current

    user = current().current_user()
    if user is not None and user.pk == case.citizen_id:
        return
    audit_read(obj=case, operation=Operation.READ)


def audit_document_downloaded(*, case, document) -> None:
    document._state.fields_cache.setdefault("case", case)
    audit_read(obj=document, operation=Operation.DOWNLOAD, what=document.original_name)
