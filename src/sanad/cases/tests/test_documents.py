import hashlib

import pytest

from sanad.cases.models import CaseDocument
from sanad.cases.services import case_transition, document_upload
from sanad.core.errors import Conflict, NotFound, ValidationFailed

from .factories import EXE, PDF, PNG, citizen, licensed_centre, open_walk_in, staff, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    centre = licensed_centre()
    clerk = staff(centre)
    person = citizen()
    return centre, clerk, person, open_walk_in(centre, clerk, person)


def test_a_document_is_stored_privately_with_its_sha256(setup, settings):
    _centre, clerk, _person, case = setup
    document = document_upload(
        case=case,
        actor=clerk,
        uploaded=upload(PDF, "فحص النظر.pdf"),
        document_type_code="eye_test_certificate",
    )
    assert document.content_type == "application/pdf"
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.original_name == "فحص النظر.pdf"
    assert document.file.path.startswith(str(settings.VAR_DIR / "private"))  # never under MEDIA_ROOT


def test_replacing_a_document_keeps_the_old_version(setup):
    _centre, clerk, _person, case = setup
    first = document_upload(
        case=case, actor=clerk, uploaded=upload(PDF, "a.pdf"), document_type_code="eye_test_certificate"
    )
    second = document_upload(
        case=case, actor=clerk, uploaded=upload(PNG, "b.png"), document_type_code="eye_test_certificate"
    )
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    assert second.replaces == first
    assert CaseDocument.objects.filter(case=case).count() == 2


@pytest.mark.parametrize(
    ("content", "name", "why"),
    [
        (EXE, "report.pdf", "type"),  # a renamed .exe
        (b"", "empty.pdf", "empty"),
        (PDF + b"0" * (2048 * 1024), "big.pdf", "limit"),
        (PDF, "photo.pdf", "type"),  # the photo slot takes JPEG or PNG only
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(setup, content, name, why):
    _centre, clerk, _person, case = setup
    document_type = "personal_photo" if name == "photo.pdf" else "eye_test_certificate"
    with pytest.raises(ValidationFailed) as raised:
        document_upload(
            case=case, actor=clerk, uploaded=upload(content, name), document_type_code=document_type
        )
    assert raised.value.errors["file"]
    assert CaseDocument.objects.count() == 0


class RawUpload:
    """An upload whose name was not trimmed by Django (as another adapter could hand it over)."""

    def __init__(self, name, content):
        self.name, self._content = name, content

    def read(self):
        return self._content


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\evil.pdf", "a/b.pdf", ".hidden.pdf"])
def test_path_traversal_names_are_refused(setup, name):
    _centre, clerk, _person, case = setup
    with pytest.raises(ValidationFailed) as raised:
        document_upload(
            case=case, actor=clerk, uploaded=RawUpload(name, PDF), document_type_code="eye_test_certificate"
        )
    assert raised.value.errors["file"]
    assert CaseDocument.objects.count() == 0


def test_a_document_the_service_does_not_ask_for_is_refused(setup):
    _centre, clerk, _person, case = setup
    with pytest.raises(ValidationFailed) as raised:
        document_upload(
            case=case, actor=clerk, uploaded=upload(PDF, "x.pdf"), document_type_code="title_deed"
        )
    assert "document_type" in raised.value.errors
    assert CaseDocument.objects.count() == 0


def test_a_scanner_can_refuse_a_file(setup, settings):
    settings.SANAD_DOCUMENT_SCANNER = "sanad.cases.tests.test_documents.refuse_everything"
    _centre, clerk, _person, case = setup
    with pytest.raises(ValidationFailed):
        document_upload(
            case=case, actor=clerk, uploaded=upload(PDF, "x.pdf"), document_type_code="eye_test_certificate"
        )
    assert CaseDocument.objects.count() == 0


def refuse_everything(*, name, content):
    raise ValidationFailed("infected", errors={"file": ["infected"]})


def test_the_citizen_uploads_only_when_asked(setup):
    _centre, clerk, person, case = setup
    with pytest.raises(Conflict):
        document_upload(
            case=case, actor=person, uploaded=upload(PDF, "x.pdf"), document_type_code="eye_test_certificate"
        )
    case_transition(case_id=case.pk, action="send_back", actor=clerk, note="ارفع فحص النظر")
    document_upload(
        case=case, actor=person, uploaded=upload(PDF, "x.pdf"), document_type_code="eye_test_certificate"
    )
    assert CaseDocument.objects.count() == 1


def test_another_citizen_cannot_upload(setup):
    *_rest, case = setup
    with pytest.raises(NotFound):
        document_upload(
            case=case,
            actor=citizen(),
            uploaded=upload(PDF, "x.pdf"),
            document_type_code="eye_test_certificate",
        )
    assert CaseDocument.objects.count() == 0
