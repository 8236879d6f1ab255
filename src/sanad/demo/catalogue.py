"""Demo data for the catalogue area. The catalogue itself is reference data (loaded by a data
migration, present in production too); the demo only attaches the demo officer to an institution."""

from sanad.accounts.models import User
from sanad.catalogue.models import Institution
from sanad.catalogue.services import institution_member_set

from .registry import step

DEMO_OFFICER = "demo-officer"
DEMO_OFFICER_INSTITUTION = "ROP"


@step("catalogue", weight=1)
def seed_catalogue(options, progress) -> str:
    officer = User.objects.filter(username=DEMO_OFFICER).first()
    institution = Institution.objects.filter(code=DEMO_OFFICER_INSTITUTION).first()
    if officer is None or institution is None:
        progress(1)
        return "demo officer or institution missing; nothing attached"
    institution_member_set(user=officer, institution=institution)
    progress(1)
    return f"{DEMO_OFFICER} belongs to {institution.code}"
