import factory

from sanad.accounts.constants import Role
from sanad.accounts.tests.factories import UserFactory
from sanad.catalogue.constants import InstitutionKind, VersionStatus
from sanad.catalogue.loader import index_fields
from sanad.catalogue.models import (
    Category,
    DocumentType,
    Institution,
    InstitutionMembership,
    RequiredDocument,
    Service,
    ServiceVersion,
)


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    code = factory.Sequence(lambda n: f"T{n:03d}")
    name_ar = factory.Sequence(lambda n: f"جهة تجريبية {n}")
    name_en = factory.Sequence(lambda n: f"Test institution {n}")
    kind = InstitutionKind.GOVERNMENT


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test_category_{n}")
    name_ar = "فئة تجريبية"
    name_en = "Test category"


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test_document_{n}")
    name_ar = "وثيقة تجريبية"
    name_en = "Test document"


class OfficerFactory(UserFactory):
    """An institution officer with a membership of `institution` (a new one by default)."""

    role = Role.INSTITUTION_OFFICER
    membership = factory.RelatedFactory(
        "sanad.catalogue.tests.factories.MembershipFactory", factory_related_name="user"
    )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InstitutionMembership

    user = factory.SubFactory(UserFactory, role=Role.INSTITUTION_OFFICER)
    institution = factory.SubFactory(InstitutionFactory)


def officer_of(institution: Institution):
    return OfficerFactory(membership__institution=institution)


DEFAULT_FIELDS = [
    {
        "key": "civil_number",
        "type": "civil_number",
        "label_ar": "الرقم المدني",
        "label_en": "Civil number",
        "required": True,
    },
    {
        "key": "colour",
        "type": "choice",
        "label_ar": "اللون",
        "label_en": "Colour",
        "required": False,
        "constraints": {
            "choices": [
                {"value": "white", "label_ar": "أبيض", "label_en": "White"},
                {"value": "red", "label_ar": "أحمر", "label_en": "Red"},
            ]
        },
    },
]
DEFAULT_STEPS = [
    {"code": "submitted", "name_ar": "تقديم الطلب", "name_en": "Submitted", "final": False},
    {"code": "done", "name_ar": "الإنجاز", "name_en": "Done", "final": True},
]


def make_service(
    *,
    institution: Institution | None = None,
    code: str | None = None,
    status: str = VersionStatus.PUBLISHED,
    name_ar: str = "خدمة تجريبية",
    name_en: str = "Test service",
    **version_fields,
) -> Service:
    """A service with one version (published by default) and one required document."""
    institution = institution or InstitutionFactory()
    category = version_fields.pop("category", None) or CategoryFactory(code="test_category")
    code = code or f"{institution.code}-S{Service.objects.count() + 1}"
    service = Service.objects.create(code=code, institution=institution, category=category)
    fields = {
        "channels": ["walk_in", "online"],
        "form_fields": DEFAULT_FIELDS,
        "steps": DEFAULT_STEPS,
        "government_fee_min": 5000,
        "government_fee_max": 5000,
        "centre_fee_cap": 2000,
        "sla_hours": 8,
        "description_ar": "وصف الخدمة",
        "description_en": "What the service does",
        **version_fields,
    }
    version = ServiceVersion(
        service=service,
        number=1,
        status=VersionStatus.DRAFT,
        category=category,
        name_ar=name_ar,
        name_en=name_en,
        **fields,
    )
    index_fields(version, service=service, institution=institution, category=category)
    version.save()
    RequiredDocument.objects.create(
        version=version, document_type=DocumentTypeFactory(code="civil_id_copy"), position=1, formats=["pdf"]
    )
    if status != VersionStatus.DRAFT:
        ServiceVersion.objects.filter(pk=version.pk).update(status=status)
        version.refresh_from_db()
        if status == VersionStatus.PUBLISHED:
            Service.objects.filter(pk=service.pk).update(current_version=version)
    service.refresh_from_db()
    return service
