"""Demo data for integrations: the Royal Oman Police and the Ministry of Labour are connected through
webhook connectors to the simulated back-ends served by this same process
(/demo/institutions/<CODE>/); every other institution works through the portal inbox, with one demo
officer each (demo-officer-<code>, the documented demo password)."""

from django.conf import settings
from django.db import transaction

from sanad.accounts.constants import DEMO_PASSWORD, Role
from sanad.accounts.models import User
from sanad.catalogue.models import Institution, InstitutionMembership

from .registry import step

WEBHOOK_INSTITUTIONS = ("ROP", "MOL")


def officer_username(code: str) -> str:
    return f"demo-officer-{code.lower()}"


@step("integrations", weight=1)
def seed_integrations(options, progress) -> str:
    from django.contrib.auth.hashers import make_password

    from sanad.demo.institutions.models import SimulatedInstitution
    from sanad.integrations.models import Connector

    base = settings.SANAD_PUBLIC_URL.rstrip("/")
    password = make_password(DEMO_PASSWORD)  # hashed once for every officer (hashing is slow by design)
    webhook = portal = 0
    with transaction.atomic():
        for institution in Institution.objects.filter(is_active=True):
            if not InstitutionMembership.objects.filter(institution=institution).exists():
                user, _created = User.objects.get_or_create(
                    username=officer_username(institution.code),
                    defaults={
                        "role": Role.INSTITUTION_OFFICER,
                        "full_name_ar": f"موظف {institution.name_ar}",
                        "full_name_en": f"{institution.name_en} officer",
                        "email": f"{officer_username(institution.code)}@demo.sanad.om",
                        "is_demo": True,
                        "password": password,
                    },
                )
                InstitutionMembership.objects.get_or_create(user=user, defaults={"institution": institution})
            connector = Connector.objects.filter(institution=institution).first() or Connector(
                institution=institution
            )
            if institution.code in WEBHOOK_INSTITUTIONS:
                SimulatedInstitution.objects.get_or_create(code=institution.code)
                connector.kind = "webhook"
                connector.endpoint_url = f"{base}/demo/institutions/{institution.code}/"
                connector.status_url = f"{base}/demo/institutions/{institution.code}/status/{{reference}}/"
                connector.secrets = [settings.SANAD_DEMO_INSTITUTION_SECRET]
                webhook += 1
            else:
                connector.kind, connector.endpoint_url, connector.status_url, connector.secrets = (
                    "portal",
                    "",
                    "",
                    [],
                )
                portal += 1
            connector.full_clean()
            connector.save()
    progress(1)
    return f"{webhook} institutions connected to simulated systems, {portal} through the portal inbox"
