"""The S3 path: django-storages against a real S3-compatible server (moto, on a loopback
port). A file is stored, checked, served and verified through the object store."""

import boto3
import pytest
from django.db import transaction

from attachments import kinds
from attachments.services import attachment_intact, attachment_response, attachment_store
from tests.support import files

pytestmark = pytest.mark.django_db


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    bucket = "statsbidrag-test"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    if bucket not in [b["Name"] for b in client.list_buckets().get("Buckets", [])]:
        client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_endpoint,
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "addressing_style": "path",
                "file_overwrite": False,
                "default_acl": None,
            },
        },
    }
    return client, bucket


def test_a_file_goes_to_the_object_store_and_back(s3_storage):
    from django.core.files.storage import default_storage

    client, bucket = s3_storage
    default_storage.exists("x")  # resolve the lazy storage
    assert type(default_storage._wrapped).__name__ == "S3Storage"
    content = files.docx_bytes()
    with transaction.atomic():
        attachment = attachment_store(
            file=files.upload("intyg.docx", content), actor=None, kinds=kinds.DOCUMENTS
        )
    stored = client.get_object(Bucket=bucket, Key=attachment.storage_name)["Body"].read()
    assert stored == content
    assert attachment_intact(attachment)
    response = attachment_response(attachment)
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment;")
    # Changed behind the service's back: the check notices.
    client.put_object(Bucket=bucket, Key=attachment.storage_name, Body=b"forged")
    assert not attachment_intact(attachment)
