"""Connector secrets are encrypted at rest, readable under any configured key, re-encrypted by the
rotation command, and never shown back by the admin."""

import importlib
import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from ..admin import ConnectorForm
from ..encryption import SecretsUnreadable, decrypt_list, encrypt_list, fingerprint
from ..models import Connector
from .factories import OLD_SECRET, SECRET, webhook_connector

pytestmark = pytest.mark.django_db


def _stored(connector) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT secrets_encrypted FROM integrations_connector WHERE id = %s", [connector.pk])
        return cursor.fetchone()[0]


def test_secrets_are_stored_encrypted_and_read_back_in_clear():
    connector = webhook_connector(secrets=(SECRET, OLD_SECRET))
    stored = _stored(connector)
    assert stored and "whsec_" not in stored and SECRET[6:] not in stored
    assert Connector.objects.get(pk=connector.pk).secrets == [SECRET, OLD_SECRET]


def test_a_key_is_rotated_without_losing_the_secrets(settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.SANAD_SECRETS_KEYS = [old_key]
    connector = webhook_connector()
    settings.SANAD_SECRETS_KEYS = [new_key, old_key]  # step 1: the new key first
    assert Connector.objects.get(pk=connector.pk).secrets == [SECRET]
    call_command("connector_secrets_rotate", stdout=io.StringIO())  # step 2
    settings.SANAD_SECRETS_KEYS = [new_key]  # step 3: the old key gone
    assert Connector.objects.get(pk=connector.pk).secrets == [SECRET]


def test_secrets_under_a_removed_key_say_so_instead_of_signing_with_nothing(settings):
    settings.SANAD_SECRETS_KEYS = [Fernet.generate_key().decode()]
    token = encrypt_list([SECRET])
    settings.SANAD_SECRETS_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(SecretsUnreadable):
        decrypt_list(token)


def _form_data(connector, **changes):
    data = {
        "institution": connector.institution_id,
        "kind": "webhook",
        "endpoint_url": connector.endpoint_url,
        "status_url": "",
        "add_secrets": "",
        "timeout_seconds": 10,
        "cutoff_hours": 48,
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_the_admin_form_never_shows_a_secret_and_rotates_by_adding_then_removing():
    connector = webhook_connector(secrets=(OLD_SECRET,))
    form = ConnectorForm(instance=connector)
    html = str(form)
    assert OLD_SECRET not in html and OLD_SECRET[6:20] not in html
    assert fingerprint(OLD_SECRET) in html

    form = ConnectorForm(_form_data(connector, add_secrets=SECRET), instance=connector)
    assert form.is_valid(), form.errors
    form.save()
    assert Connector.objects.get(pk=connector.pk).secrets == [SECRET, OLD_SECRET]

    connector.refresh_from_db()
    form = ConnectorForm(_form_data(connector, remove_secrets=[fingerprint(OLD_SECRET)]), instance=connector)
    assert form.is_valid(), form.errors
    form.save()
    assert Connector.objects.get(pk=connector.pk).secrets == [SECRET]


def test_the_admin_refuses_to_remove_the_last_secret_of_a_webhook_connector_and_changes_nothing():
    connector = webhook_connector()
    form = ConnectorForm(_form_data(connector, remove_secrets=[fingerprint(SECRET)]), instance=connector)
    assert not form.is_valid()
    assert "add_secrets" in form.errors
    assert Connector.objects.get(pk=connector.pk).secrets == [SECRET]


def test_the_data_migration_encrypts_existing_plain_secrets():
    migration = importlib.import_module("sanad.integrations.migrations.0002_connector_secrets_encrypted")
    updates = {}

    class Row:
        pk, secrets = 7, [SECRET]

    class Rows(list):
        def only(self, *fields):
            return self

    class Manager:
        def all(self):
            return Rows([Row()])

        def filter(self, pk):
            return type("Q", (), {"update": lambda _self, **values: updates.setdefault(pk, values)})()

    class Model:
        objects = Manager()

    migration.encrypt_existing(type("Apps", (), {"get_model": lambda _self, *a: Model})(), None)
    token = updates[7]["secrets_encrypted"]
    assert SECRET not in token and decrypt_list(token) == [SECRET]
