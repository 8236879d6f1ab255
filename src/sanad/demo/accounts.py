"""Demo accounts: one per role, all with the documented demo password."""

from django.db import transaction

from sanad.accounts.constants import DEMO_PASSWORD, IdKind, Role
from sanad.accounts.models import CitizenProfile, User

from .registry import step

DEMO_USERS = [
    # username, role, Arabic name, English name, mobile, staff (admin site), superuser
    (
        "demo-citizen",
        Role.CITIZEN,
        "مريم بنت سالم البلوشية",
        "Maryam Salim Al Balushi",
        "+96891234567",
        False,
        False,
    ),
    (
        "demo-clerk",
        Role.CENTRE_STAFF,
        "أحمد بن خلفان الحارثي",
        "Ahmed Khalfan Al Harthi",
        "+96892345678",
        False,
        False,
    ),
    (
        "demo-manager",
        Role.CENTRE_STAFF,
        "فاطمة بنت علي الكندية",
        "Fatma Ali Al Kindi",
        "+96893456789",
        False,
        False,
    ),
    (
        "demo-officer",
        Role.INSTITUTION_OFFICER,
        "سعيد بن حمد الرواحي",
        "Said Hamad Al Rawahi",
        "+96894567890",
        False,
        False,
    ),
    (
        "demo-regulator",
        Role.REGULATOR,
        "عائشة بنت ناصر الهنائية",
        "Aisha Nasser Al Hinai",
        "+96895678901",
        True,
        False,
    ),
    ("demo-admin", Role.ADMIN, "مدير النظام", "System administrator", "+96896789012", True, True),
]
DEMO_CITIZEN_CIVIL_NUMBER = "12345678"


@step("accounts", weight=len(DEMO_USERS))
def seed_accounts(options, progress) -> str:
    created = 0
    with transaction.atomic():
        for username, role, name_ar, name_en, mobile, is_staff, is_superuser in DEMO_USERS:
            user, was_created = User.objects.get_or_create(
                username=username,
                defaults={
                    "role": role,
                    "full_name_ar": name_ar,
                    "full_name_en": name_en,
                    "mobile": mobile,
                    "email": f"{username}@demo.sanad.om",
                    "is_staff": is_staff,
                    "is_superuser": is_superuser,
                    "is_demo": True,
                },
            )
            if was_created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                created += 1
            if role == Role.CITIZEN:
                CitizenProfile.objects.get_or_create(
                    user=user, defaults={"id_kind": IdKind.CIVIL, "id_number": DEMO_CITIZEN_CIVIL_NUMBER}
                )
            progress(1)
    return f"{created} demo accounts created, {len(DEMO_USERS) - created} already there"
