"""A minimal, production-safe network for a smoke test of a fresh installation: one licensed centre
offering one service and one clerk. Nothing here is demo data (no `is_demo` accounts), and it only
runs on a database that has no centre yet, so it cannot touch a live network."""

import json
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "Create one licensed centre, one priced service and one clerk on an empty database "
        "(smoke tests of a new installation). Prints them as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="smoke-clerk")
        parser.add_argument("--password", required=True, help="The clerk's password.")
        parser.add_argument("--service", default="ROP-DL-RENEW", help="Service code the centre offers.")
        parser.add_argument("--centre-fee", type=int, default=2000, help="The centre's fee, baisa.")

    def handle(self, *args, **options):
        from sanad.accounts.constants import Role
        from sanad.accounts.models import User
        from sanad.catalogue.models import Service
        from sanad.centres.constants import LicenceState, StaffRole
        from sanad.centres.models import Centre, CentreService, Licence, StaffMembership
        from sanad.geo.models import Wilayat

        if Centre.objects.exists():
            raise CommandError("Refusing: this database already has centres (use a fresh database).")
        service = Service.objects.filter(code=options["service"]).first()
        if service is None:
            raise CommandError(f"Unknown service {options['service']!r}.")
        wilayat = Wilayat.objects.filter(code="OM-MA-BAWSHAR").first() or Wilayat.objects.first()
        if wilayat is None:
            raise CommandError("The geography is not loaded (run migrate first).")
        today = timezone.localdate()
        with transaction.atomic():
            centre = Centre.objects.create(
                name_ar="مركز سند للفحص",
                name_en="Smoke test Sanad centre",
                wilayat=wilayat,
                address_ar="مبنى الفحص",
                address_en="Smoke test building",
                latitude=wilayat.latitude,
                longitude=wilayat.longitude,
                phone="+96824000000",
            )
            Licence.objects.create(
                centre=centre,
                number=f"SMOKE-{centre.pk:05d}",
                state=LicenceState.ACTIVE,
                applied_at=timezone.now() - timedelta(days=1),
                issued_on=today,
                expires_on=today + timedelta(days=365),
            )
            CentreService.objects.create(centre=centre, service=service, centre_fee=options["centre_fee"])
            clerk = User(
                username=options["username"],
                role=Role.CENTRE_STAFF,
                full_name_ar="موظف الفحص",
                full_name_en="Smoke test clerk",
            )
            clerk.set_password(options["password"])
            clerk.save()
            StaffMembership.objects.create(
                centre=centre, user=clerk, role=StaffRole.CLERK, started_on=today, gender="female"
            )
        self.stdout.write(
            json.dumps({"centre": centre.pk, "service": service.code, "username": clerk.username})
        )
