"""Connector secrets encrypted at rest: the plain `secrets` list becomes `secrets_encrypted`, a Fernet
token under SANAD_SECRETS_KEYS (integrations/encryption.py). Existing rows are encrypted here; going
back decrypts them."""

from django.db import migrations, models


def encrypt_existing(apps, schema_editor):
    from sanad.integrations.encryption import encrypt_list

    Connector = apps.get_model("integrations", "Connector")
    for connector in Connector.objects.all().only("pk", "secrets"):
        values = connector.secrets if isinstance(connector.secrets, list) else []
        Connector.objects.filter(pk=connector.pk).update(secrets_encrypted=encrypt_list(values))


def decrypt_existing(apps, schema_editor):
    from sanad.integrations.encryption import decrypt_list

    Connector = apps.get_model("integrations", "Connector")
    for connector in Connector.objects.all().only("pk", "secrets_encrypted"):
        Connector.objects.filter(pk=connector.pk).update(secrets=decrypt_list(connector.secrets_encrypted))


class Migration(migrations.Migration):
    dependencies = [("integrations", "0001_connectors_submissions_message_log")]

    operations = [
        migrations.AddField(
            model_name="connector",
            name="secrets_encrypted",
            field=models.TextField(blank=True, editable=False, verbose_name="signing secrets (encrypted)"),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
        migrations.RemoveField(model_name="connector", name="secrets"),
        migrations.AlterField(
            model_name="connector",
            name="consecutive_failures",
            field=models.PositiveIntegerField(default=0, verbose_name="consecutive failures"),
        ),
        migrations.AlterField(
            model_name="connector",
            name="next_probe_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="next probe at"),
        ),
    ]
