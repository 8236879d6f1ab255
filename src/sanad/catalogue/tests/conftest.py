import pytest

from .factories import InstitutionFactory, make_service, officer_of


@pytest.fixture
def institution_a(db):
    return InstitutionFactory(code="AAA", name_en="Authority A", name_ar="الهيئة أ")


@pytest.fixture
def institution_b(db):
    return InstitutionFactory(code="BBB", name_en="Authority B", name_ar="الهيئة ب")


@pytest.fixture
def officer_a(institution_a):
    return officer_of(institution_a)


@pytest.fixture
def officer_b(institution_b):
    return officer_of(institution_b)


@pytest.fixture
def service_a(institution_a):
    return make_service(
        institution=institution_a, code="AAA-PERMIT", name_ar="تصريح تجريبي", name_en="Test permit"
    )


@pytest.fixture
def service_b(institution_b):
    return make_service(
        institution=institution_b, code="BBB-PERMIT", name_ar="تصريح آخر", name_en="Other permit"
    )
