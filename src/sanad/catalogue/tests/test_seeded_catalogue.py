"""The catalogue is real reference content, loaded by a data migration (present in production)."""

import json

import pytest

from sanad.catalogue.constants import InstitutionKind, VersionStatus
from sanad.catalogue.data import check_catalogue
from sanad.catalogue.loader import DATA_FILE
from sanad.catalogue.models import Institution, Service, ServiceVersion

pytestmark = pytest.mark.django_db


def test_the_seed_file_passes_its_checker():
    report, stats = check_catalogue.validate(json.loads(DATA_FILE.read_text(encoding="utf-8")))
    assert report.errors == []
    assert stats["services"] >= 60


def test_the_migration_loads_at_least_12_institutions_and_60_published_services():
    assert Institution.objects.count() >= 12
    assert Institution.objects.filter(kind=InstitutionKind.PRIVATE).exists()
    published = Service.objects.filter(current_version__status=VersionStatus.PUBLISHED)
    assert published.count() >= 60
    assert published.count() == Service.objects.count()


def test_every_seeded_version_has_documents_fields_fees_cap_steps_and_sla():
    for version in ServiceVersion.objects.prefetch_related("documents"):
        assert version.name_ar and version.name_en
        assert version.documents.exists() or version.service.code.startswith(("OMANTEL", "NEDC", "NDS"))
        assert version.form_fields
        assert version.centre_fee_cap > 0
        assert version.sla_hours > 0
        assert version.government_fee_min <= version.government_fee_max
        assert [s["final"] for s in version.steps] == [False] * (len(version.steps) - 1) + [True]
        assert version.search_text.strip()


def test_estimated_fees_and_percentages_are_kept_from_the_file():
    data = {s["code"]: s for s in json.loads(DATA_FILE.read_text(encoding="utf-8"))["services"]}
    for service in Service.objects.select_related("current_version"):
        source, version = data[service.code], service.current_version
        assert version.fee_is_estimate is source["fee_is_estimate"]
        assert version.fee_source == source["fee_source"]
        if "fee_percent" in source:
            assert float(version.fee_percent) == source["fee_percent"]
        else:
            assert version.fee_percent is None


def test_the_driving_licence_renewal_is_a_royal_oman_police_service():
    service = Service.objects.get(code="ROP-DL-RENEW")
    assert service.institution.code == "ROP"
    assert service.current_version.name_ar == "تجديد رخصة القيادة"
