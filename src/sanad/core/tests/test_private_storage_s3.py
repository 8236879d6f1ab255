"""Private documents on an S3-compatible bucket: a real S3 API (moto's server mode on a loopback
port), the real upload path (the cases API) and the permission-checked download page."""

import uuid

import pytest
from conftest import authed
from django.core.files.uploadedfile import SimpleUploadedFile

from sanad.cases.models import CaseDocument
from sanad.cases.tests.factories import PDF, citizen, licensed_centre, open_walk_in, staff
from sanad.core.testing.s3 import S3Unavailable, create_bucket, local_s3
from sanad.settings import s3_private_storage

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def s3_endpoint():
    server = local_s3()
    try:
        url = server.__enter__()
    except S3Unavailable as error:
        pytest.skip(f"no local S3 server: {error}")
    yield url
    server.__exit__(None, None, None)


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    name = f"sanad-test-{uuid.uuid4().hex[:12]}"
    create_bucket(s3_endpoint, name)
    storage = s3_private_storage(name)
    storage["OPTIONS"].update(endpoint_url=s3_endpoint, region_name="us-east-1")
    settings.STORAGES = {**settings.STORAGES, "private": storage}
    # The model field took its storage when the app loaded (as each process does at start-up).
    from django.core.files.storage import storages

    monkeypatch.setattr(CaseDocument._meta.get_field("file"), "storage", storages["private"])
    import boto3

    return boto3.resource("s3", endpoint_url=s3_endpoint, region_name="us-east-1").Bucket(name)


def test_a_case_document_is_stored_in_the_bucket_and_read_back_through_the_checked_download(
    bucket, api_client, client
):
    centre, other_centre = licensed_centre(), licensed_centre(name="مركز آخر")
    clerk, stranger = staff(centre), staff(other_centre)
    case = open_walk_in(centre, clerk, citizen())

    response = authed(api_client, clerk).post(
        f"/api/v1/cases/{case.reference}/documents/",
        {"file": SimpleUploadedFile("فحص النظر.pdf", PDF), "document_type": "eye_test_certificate"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    document = CaseDocument.objects.get(pk=response.json()["id"])

    stored = [item.key for item in bucket.objects.all()]
    assert stored == [f"private/{document.file.name}"]
    assert bucket.Object(stored[0]).get()["Body"].read() == PDF

    client.force_login(clerk)
    url = f"/cases/{case.reference}/documents/{document.pk}/"
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"

    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_a_document_missing_from_the_bucket_is_a_404_not_a_server_error(bucket, client):
    centre = licensed_centre()
    clerk = staff(centre)
    case = open_walk_in(centre, clerk, citizen())
    from sanad.cases.services import document_upload

    document = document_upload(
        case=case,
        actor=clerk,
        uploaded=SimpleUploadedFile("eye.pdf", PDF),
        document_type_code="eye_test_certificate",
    )
    bucket.objects.all().delete()
    client.force_login(clerk)
    assert client.get(f"/cases/{case.reference}/documents/{document.pk}/").status_code == 404
