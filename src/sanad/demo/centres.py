"""Demo network: about 920 licensed centres spread by governorate population (at least one in every
wilayat), ~2,500 staff (about 69% women, the published share for Sanad staff), hours, prices within the
caps, inspections, a few pending applications and expiring, expired and suspended licences.
`demo-clerk` and `demo-manager` work at one Bawshar centre that renews driving licences.

Fast by design: bulk inserts, one password hash reused for every generated account."""

import math
from datetime import date, datetime, time, timedelta
from random import Random

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from sanad.accounts.constants import DEMO_PASSWORD, Gender, IdKind, Role
from sanad.accounts.models import CitizenProfile, User
from sanad.centres.constants import (
    CHECKLIST,
    InspectionKind,
    InspectionResult,
    LicenceAction,
    LicenceState,
    Severity,
    StaffRole,
)
from sanad.centres.geometry import point_in_oman
from sanad.centres.models import (
    Centre,
    CentreOwner,
    CentreService,
    HoursException,
    Inspection,
    Licence,
    LicenceEvent,
    OpeningPeriod,
    StaffMembership,
    Violation,
)
from sanad.geo.models import Wilayat

from .registry import step

LICENSED = 934  # active ~920 + suspended + expired
REVOKED = 2
DEMO_CENTRE_WILAYAT = "OM-MA-BAWSHAR"
DEMO_SERVICE = "ROP-DL-RENEW"
BIG_WILAYATS = {
    "OM-MA-SEEB": 4,
    "OM-MA-BAWSHAR": 3,
    "OM-MA-MUTTRAH": 2,
    "OM-MA-AMERAT": 2,
    "OM-BS-SOHAR": 3,
    "OM-BS-SAHAM": 2,
    "OM-BS-SUWAIQ": 2,
    "OM-BS-KHABURAH": 2,
    "OM-BJ-BARKA": 3,
    "OM-BJ-RUSTAQ": 2,
    "OM-ZU-SALALAH": 4,
    "OM-DA-NIZWA": 3,
    "OM-DA-BAHLA": 2,
    "OM-ZA-IBRI": 3,
    "OM-SJ-SUR": 3,
    "OM-SS-IBRA": 2,
    "OM-BU-BURAIMI": 3,
}

MALE = [
    ("محمد", "Mohammed"),
    ("أحمد", "Ahmed"),
    ("سالم", "Salim"),
    ("خالد", "Khalid"),
    ("سعيد", "Said"),
    ("علي", "Ali"),
    ("حمد", "Hamad"),
    ("ناصر", "Nasser"),
    ("سيف", "Saif"),
    ("يوسف", "Yousuf"),
    ("عبدالله", "Abdullah"),
    ("هلال", "Hilal"),
    ("مازن", "Mazin"),
    ("فهد", "Fahad"),
    ("بدر", "Badr"),
    ("خلفان", "Khalfan"),
    ("راشد", "Rashid"),
    ("حمود", "Hamood"),
    ("زاهر", "Zahir"),
    ("طلال", "Talal"),
]
FEMALE = [
    ("فاطمة", "Fatma"),
    ("مريم", "Maryam"),
    ("عائشة", "Aisha"),
    ("زينب", "Zainab"),
    ("شيخة", "Shaikha"),
    ("نوال", "Nawal"),
    ("أمل", "Amal"),
    ("هدى", "Huda"),
    ("بثينة", "Buthaina"),
    ("منى", "Muna"),
    ("خديجة", "Khadija"),
    ("سمية", "Sumaiya"),
    ("رحمة", "Rahma"),
    ("ليلى", "Laila"),
    ("أسماء", "Asma"),
    ("موزة", "Moza"),
    ("ريا", "Raya"),
    ("نورة", "Noora"),
    ("وفاء", "Wafa"),
    ("سلمى", "Salma"),
]
FAMILIES = [
    ("البلوشي", "Al Balushi"),
    ("الحارثي", "Al Harthi"),
    ("الهنائي", "Al Hinai"),
    ("الكندي", "Al Kindi"),
    ("الرواحي", "Al Rawahi"),
    ("الشكيلي", "Al Shukaili"),
    ("العامري", "Al Amri"),
    ("المعمري", "Al Maamari"),
    ("السعدي", "Al Saadi"),
    ("المحروقي", "Al Mahrouqi"),
    ("الجابري", "Al Jabri"),
    ("الريامي", "Al Riyami"),
    ("الوهيبي", "Al Wahaibi"),
    ("الحبسي", "Al Habsi"),
    ("الهاشمي", "Al Hashmi"),
    ("الفارسي", "Al Farsi"),
    ("السيابي", "Al Siyabi"),
    ("الغافري", "Al Ghafri"),
    ("الكلباني", "Al Kalbani"),
    ("العبري", "Al Abri"),
    ("الإسماعيلي", "Al Ismaili"),
    ("المنذري", "Al Mandhari"),
    ("الزدجالي", "Al Zadjali"),
    ("الشيدي", "Al Shidi"),
    ("الحوسني", "Al Hosni"),
    ("المسكري", "Al Maskari"),
    ("النبهاني", "Al Nabhani"),
    ("اليحيائي", "Al Yahyai"),
    ("الراشدي", "Al Rashdi"),
    ("المهري", "Al Mahri"),
    ("الشنفري", "Al Shanfari"),
    ("الكثيري", "Al Kathiri"),
]
CENTRE_WORDS = [
    ("الريادة", "Al Riyada"),
    ("الإتقان", "Al Itqan"),
    ("النخبة", "Al Nukhba"),
    ("الأمانة", "Al Amana"),
    ("الوفاء", "Al Wafa"),
    ("الصفوة", "Al Safwa"),
    ("الإنجاز", "Al Injaz"),
    ("التميز", "Al Tamayuz"),
    ("الثقة", "Al Thiqa"),
    ("الفجر", "Al Fajr"),
    ("النور", "Al Noor"),
    ("اللؤلؤة", "Al Lulua"),
    ("الواحة", "Al Waha"),
    ("السلام", "Al Salam"),
    ("البشائر", "Al Bashayir"),
    ("المستقبل", "Al Mustaqbal"),
    ("الأفق", "Al Ufuq"),
    ("الهمة", "Al Himma"),
    ("الرائد", "Al Raid"),
    ("الخليج", "Al Khaleej"),
    ("السنابل", "Al Sanabil"),
    ("الشروق", "Al Shuruq"),
    ("المنارة", "Al Manara"),
    ("الرؤية", "Al Ruya"),
    ("الجودة", "Al Jawda"),
    ("الوطن", "Al Watan"),
    ("الياسمين", "Al Yasmeen"),
    ("البيان", "Al Bayan"),
]
AREAS = [
    ("السوق", "Souq"),
    ("الحي التجاري", "Commercial district"),
    ("الشارع العام", "Main road"),
    ("قرب المركز الصحي", "Near the health centre"),
    ("مجمع الخدمات", "Services complex"),
    ("قرب مكتب الوالي", "Near the Wali's office"),
    ("الدوار", "Roundabout"),
    ("المنطقة الصناعية", "Industrial area"),
]

# Weekly hours templates: {weekday (0=Mon … 6=Sun): [(opens, closes) in minutes]}.
SUN_THU = (6, 0, 1, 2, 3)
HOURS_TEMPLATES = [
    (
        0.55,
        {**{d: [(450, 870), (990, 1260)] for d in SUN_THU}, 5: [(540, 780)]},
    ),  # 07:30–14:30, 16:30–21:00; Sat morning
    (0.30, {**{d: [(480, 1200)] for d in SUN_THU}, 5: [(480, 840)]}),  # 08:00–20:00; Sat 08:00–14:00
    (
        0.10,
        {6: [(960, 1440)], **{d: [(0, 60), (960, 1440)] for d in (0, 1, 2, 3)}, 4: [(0, 60)]},
    ),  # evenings to 01:00
    (0.05, {d: [(420, 1380)] for d in (*SUN_THU, 5)}),  # 07:00–23:00 six days
]
RAMADAN_2027 = (date(2027, 2, 8), date(2027, 3, 8))


def _pick_hours(rng: Random) -> dict:
    roll, total = rng.random(), 0.0
    for share, template in HOURS_TEMPLATES:
        total += share
        if roll <= total:
            return template
    return HOURS_TEMPLATES[0][1]


def _allocate(wilayats: list[Wilayat], total: int) -> dict[str, int]:
    """At least one centre per wilayat; the rest by governorate population, within a governorate by
    wilayat weight (its seat and the big towns get more)."""
    counts = {w.code: 1 for w in wilayats}
    by_gov: dict[str, list[Wilayat]] = {}
    for w in wilayats:
        by_gov.setdefault(w.governorate.code, []).append(w)
    population = {code: (ws[0].governorate.population or 100_000) for code, ws in by_gov.items()}
    remaining = total - len(wilayats)
    national = sum(population.values())
    for code, ws in by_gov.items():
        share = round(remaining * population[code] / national)
        weights = {w.code: BIG_WILAYATS.get(w.code, 1) for w in ws}
        weight_sum = sum(weights.values())
        given = 0
        for w in ws:
            n = math.floor(share * weights[w.code] / weight_sum)
            counts[w.code] += n
            given += n
        for w in sorted(ws, key=lambda w: -weights[w.code])[: share - given]:
            counts[w.code] += 1
    return counts


def _position(rng: Random, wilayat: Wilayat) -> tuple[float, float]:
    for spread in (0.05, 0.03, 0.015):
        for _ in range(12):
            lat = wilayat.latitude + rng.gauss(0, spread)
            lon = wilayat.longitude + rng.gauss(0, spread)
            if point_in_oman(lat, lon, tolerance_km=1.0):
                return round(lat, 5), round(lon, 5)
    return wilayat.latitude, wilayat.longitude


class Names:
    def __init__(self, rng: Random):
        self.rng = rng

    def person(self, gender: str) -> tuple[str, str]:
        first = self.rng.choice(FEMALE if gender == Gender.FEMALE else MALE)
        father = self.rng.choice(MALE)
        family = self.rng.choice(FAMILIES)
        link_ar = "بنت" if gender == Gender.FEMALE else "بن"
        return f"{first[0]} {link_ar} {father[0]} {family[0]}", f"{first[1]} {father[1]} {family[1]}"


def _aware(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@step("centres", weight=10)
def seed_centres(options, progress) -> str:
    if Centre.objects.exists():
        progress(10)
        return "centres already there"
    from sanad.catalogue.models import Service

    rng = Random(options["seed"])
    names = Names(rng)
    today = timezone.localdate()
    password = make_password(DEMO_PASSWORD)  # hashed once, reused for every generated account
    regulator = User.objects.filter(username="demo-regulator").first()
    wilayats = list(
        Wilayat.objects.select_related("governorate").order_by("governorate__sort_order", "sort_order")
    )
    services = list(
        Service.objects.filter(current_version__status="published")
        .select_related("current_version")
        .order_by("code")
    )
    allocation = _allocate(wilayats, LICENSED + REVOKED)
    progress(1)

    with transaction.atomic():
        # --- centres -------------------------------------------------------------------------
        plan = [w for w in wilayats for _ in range(allocation[w.code])]
        centres = []
        for index, wilayat in enumerate(plan):
            word = rng.choice(CENTRE_WORDS)
            area = rng.choice(AREAS)
            lat, lon = _position(rng, wilayat)
            building = rng.randint(1, 250)
            centres.append(
                Centre(
                    name_ar=f"مركز {word[0]} لخدمات سند",
                    name_en=f"{word[1]} Sanad Centre",
                    wilayat=wilayat,
                    address_ar=f"مبنى {building}، {area[0]}، {wilayat.name_ar}",
                    address_en=f"Building {building}, {area[1]}, {wilayat.name_en}",
                    latitude=lat,
                    longitude=lon,
                    phone=f"+968{rng.choice('79')}{rng.randint(1000000, 9999999)}",
                    email=f"centre{index + 1:04d}@demo.sanad.om",
                    counters=rng.choice([1, 2, 2, 2, 2, 3, 3, 4]),
                )
            )
        demo_index = plan.index(next(w for w in wilayats if w.code == DEMO_CENTRE_WILAYAT))
        demo = centres[demo_index]
        demo.name_ar, demo.name_en, demo.counters = (
            "مركز بوشر النموذجي لخدمات سند",
            "Bawshar Model Sanad Centre",
            4,
        )
        demo.address_ar = "مبنى 112، شارع الخوير، بوشر"
        demo.address_en = "Building 112, Al Khuwair Street, Bawshar"
        centres = Centre.objects.bulk_create(centres)
        progress(2)

        # --- licences: active, a few suspended, expired and revoked ----------------------------
        special = [i for i in range(len(centres)) if i != demo_index]
        rng.shuffle(special)
        suspended = set(special[:6])
        expired = set(special[6:12])
        revoked = set(special[12 : 12 + REVOKED])
        licences, first_issue = [], {}
        for i, centre in enumerate(centres):
            years = rng.randint(0, 6)
            start = today - timedelta(days=years * 365 + rng.randint(5, 364))
            expires = start + timedelta(days=(years + 1) * 365)
            if i in expired:
                expires = today - timedelta(days=rng.randint(1, 40))
                start = expires - timedelta(days=(years + 1) * 365)
            if i == demo_index:
                start, expires = today - timedelta(days=3 * 365 + 120), today + timedelta(days=245)
            first_issue[i] = start
            state = LicenceState.ACTIVE
            if i in suspended:
                state = LicenceState.SUSPENDED
            elif i in expired:
                state = LicenceState.EXPIRED
            elif i in revoked:
                state = LicenceState.REVOKED
            licences.append(
                Licence(
                    centre=centre,
                    state=state,
                    applied_at=_aware(start - timedelta(days=120)),
                    issued_on=start,
                    expires_on=expires,
                    suspended_until=today + timedelta(days=rng.randint(10, 60))
                    if state == LicenceState.SUSPENDED
                    else None,
                    suspension_reason="مخالفات متكررة في رسوم المركز"
                    if state == LicenceState.SUSPENDED
                    else "",
                )
            )
        licences = Licence.objects.bulk_create(licences)
        Licence.objects.bulk_update([_numbered(licence) for licence in licences], ["number"], batch_size=500)
        progress(1)

        # --- history ----------------------------------------------------------------------------
        events = []
        chain = [
            (LicenceAction.APPLY, "", LicenceState.SUBMITTED, -120),
            (LicenceAction.START_REVIEW, LicenceState.SUBMITTED, LicenceState.UNDER_REVIEW, -110),
            (
                LicenceAction.SCHEDULE_INTERVIEW,
                LicenceState.UNDER_REVIEW,
                LicenceState.INTERVIEW_SCHEDULED,
                -100,
            ),
            (LicenceAction.RECORD_INTERVIEW, LicenceState.INTERVIEW_SCHEDULED, LicenceState.INTERVIEWED, -90),
            (LicenceAction.APPROVE_INITIAL, LicenceState.INTERVIEWED, LicenceState.INITIALLY_APPROVED, -80),
            (LicenceAction.PASS_FITOUT, LicenceState.INITIALLY_APPROVED, LicenceState.FITOUT_PASSED, -10),
            (LicenceAction.ISSUE, LicenceState.FITOUT_PASSED, LicenceState.ACTIVE, 0),
        ]
        for i, licence in enumerate(licences):
            start = first_issue[i]
            for action, source, target, offset in chain:
                actor = None if action == LicenceAction.APPLY else regulator
                events.append(
                    LicenceEvent(
                        licence=licence,
                        action=action,
                        from_state=source,
                        to_state=target,
                        actor=actor,
                        created_at=_aware(start + timedelta(days=offset)),
                    )
                )
            renewal = start + timedelta(days=365)
            while renewal <= today and renewal < licence.expires_on:
                events.append(
                    LicenceEvent(
                        licence=licence,
                        action=LicenceAction.RENEW,
                        from_state=LicenceState.ACTIVE,
                        to_state=LicenceState.ACTIVE,
                        actor=regulator,
                        created_at=_aware(renewal - timedelta(days=rng.randint(3, 40))),
                    )
                )
                renewal += timedelta(days=365)
            if licence.state == LicenceState.EXPIRED:
                events.append(
                    LicenceEvent(
                        licence=licence,
                        action=LicenceAction.EXPIRE,
                        from_state=LicenceState.ACTIVE,
                        to_state=LicenceState.EXPIRED,
                        created_at=_aware(licence.expires_on + timedelta(days=1), 1),
                    )
                )
            elif licence.state == LicenceState.SUSPENDED:
                events.append(
                    LicenceEvent(
                        licence=licence,
                        action=LicenceAction.SUSPEND,
                        from_state=LicenceState.ACTIVE,
                        to_state=LicenceState.SUSPENDED,
                        actor=regulator,
                        reason=licence.suspension_reason,
                        data={"until": licence.suspended_until.isoformat()},
                        created_at=_aware(today - timedelta(days=rng.randint(1, 10))),
                    )
                )
            elif licence.state == LicenceState.REVOKED:
                events.append(
                    LicenceEvent(
                        licence=licence,
                        action=LicenceAction.REVOKE,
                        from_state=LicenceState.ACTIVE,
                        to_state=LicenceState.REVOKED,
                        actor=regulator,
                        reason="التنازل عن الترخيص",
                        created_at=_aware(today - timedelta(days=rng.randint(20, 90))),
                    )
                )
        LicenceEvent.objects.bulk_create(events, batch_size=2000)
        progress(1)

        # --- owners and staff ---------------------------------------------------------------------
        users, owners, memberships = [], [], []
        civil = 21000000
        for i, centre in enumerate(centres):
            partners = 1 if rng.random() < 0.9 else rng.randint(2, 4)
            for p in range(partners):
                gender = Gender.FEMALE if rng.random() < 0.62 else Gender.MALE
                name_ar, name_en = names.person(gender)
                civil += rng.randint(1, 97)
                owners.append(
                    CentreOwner(
                        centre=centre,
                        full_name_ar=name_ar,
                        full_name_en=name_en,
                        civil_number=str(civil),
                        date_of_birth=today - timedelta(days=rng.randint(24 * 365, 50 * 365)),
                        gender=gender,
                        is_omani=True,
                        full_time=True,
                        employed_elsewhere=False,
                        is_primary=(p == 0),
                        started_on=first_issue[i],
                        ended_on=today - timedelta(days=5) if i in revoked else None,
                    )
                )
                if p == 0:
                    users.append(
                        _staff_user(f"owner{i + 1:04d}", name_ar, name_en, password, active=i not in revoked)
                    )
                    memberships.append((i, StaffRole.OWNER, gender, True, first_issue[i]))
            if i == demo_index or i in revoked:
                continue
            staff = max(1, centre.counters - 1) + (1 if rng.random() < 0.12 else 0)
            for s in range(staff):
                role = StaffRole.MANAGER if s == 0 and staff > 1 and rng.random() < 0.5 else StaffRole.CLERK
                gender = Gender.FEMALE if rng.random() < 0.72 else Gender.MALE
                name_ar, name_en = names.person(gender)
                users.append(_staff_user(f"staff{i + 1:04d}-{s + 1}", name_ar, name_en, password))
                since = first_issue[i] + timedelta(days=rng.randint(0, max(1, (today - first_issue[i]).days)))
                memberships.append((i, role, gender, rng.random() < 0.97, min(since, today)))
        users = User.objects.bulk_create(users, batch_size=1000)
        CentreOwner.objects.bulk_create(owners, batch_size=1000)
        rows = [
            StaffMembership(
                centre=centres[i],
                user=user,
                role=role,
                gender=gender,
                is_omani=omani,
                started_on=since,
                ended_on=today - timedelta(days=5) if i in revoked else None,
            )
            for user, (i, role, gender, omani, since) in zip(users, memberships, strict=True)
        ]
        for username, role in (("demo-manager", StaffRole.MANAGER), ("demo-clerk", StaffRole.CLERK)):
            user = User.objects.filter(username=username).first()
            if user is not None:
                female = username == "demo-manager"
                rows.append(
                    StaffMembership(
                        centre=demo,
                        user=user,
                        role=role,
                        started_on=today - timedelta(days=400),
                        gender=Gender.FEMALE if female else Gender.MALE,
                        is_omani=True,
                    )
                )
        StaffMembership.objects.bulk_create(rows, batch_size=1000)
        progress(2)

        # --- hours ---------------------------------------------------------------------------------
        periods, exceptions = [], []
        for i, centre in enumerate(centres):
            template = HOURS_TEMPLATES[0][1] if i == demo_index else _pick_hours(rng)
            for day, items in template.items():
                periods.extend((centre.pk, day, o, c) for o, c in items)
            exceptions.append(
                HoursException(
                    centre=centre,
                    starts_on=RAMADAN_2027[0],
                    ends_on=RAMADAN_2027[1],
                    name_ar="دوام شهر رمضان",
                    name_en="Ramadan hours",
                    periods=[[540, 840], [1200, 1410]],
                )
            )
        _insert_rows(OpeningPeriod, ("centre_id", "weekday", "opens_minute", "closes_minute"), periods)
        HoursException.objects.bulk_create(exceptions, batch_size=2000)
        progress(1)

        # --- prices (never above the cap) ---------------------------------------------------------
        prices = []
        stamp = connection.ops.adapt_datetimefield_value(timezone.now())
        for i, centre in enumerate(centres):
            appetite = rng.uniform(0.25, 0.6)
            for service in services:
                cap = service.current_version.centre_fee_cap
                core = service.code == DEMO_SERVICE or service.code.startswith(
                    ("ROP-DL", "ROP-VEH", "MOL-WP")
                )
                if (
                    (i == demo_index and service.code == DEMO_SERVICE)
                    or (core and rng.random() < 0.95)
                    or rng.random() < appetite
                ):
                    discount = rng.choice([0, 0, 0, 0, 100, 200, 250, 500])
                    prices.append((centre.pk, service.pk, max(0, cap - discount), stamp))
        _insert_rows(CentreService, ("centre_id", "service_id", "centre_fee", "updated_at"), prices)
        progress(1)

        # --- inspections --------------------------------------------------------------------------
        if regulator is not None:
            _seed_inspections(rng, centres, licences, suspended, today, regulator)

        # --- pending applications -----------------------------------------------------------------
        applications = _seed_applications(rng, names, password, today, regulator)
    progress(1)
    return (
        f"{len(centres)} centres ({len(centres) - len(suspended) - len(expired) - REVOKED} licensed and listed), "
        f"{len(rows)} staff, {len(prices)} prices, {applications} pending applications"
    )


def _insert_rows(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Plain multi-row INSERTs for the big reference-like tables (tens of thousands of rows): the
    ORM's per-object work would dominate seeding time. Same SQL on SQLite and PostgreSQL."""
    quote = connection.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(quote(c) for c in columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608 (our own names)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def _numbered(licence: Licence) -> Licence:
    licence.number = f"SC-{licence.pk:06d}"
    return licence


def _staff_user(username: str, name_ar: str, name_en: str, password: str, *, active: bool = True) -> User:
    return User(
        username=username,
        role=Role.CENTRE_STAFF,
        full_name_ar=name_ar,
        full_name_en=name_en,
        password=password,
        is_demo=True,
        is_active=active,
    )


def _seed_inspections(rng, centres, licences, suspended, today, regulator) -> None:
    inspections, found = [], []
    for i, centre in enumerate(centres):
        if licences[i].state == LicenceState.REVOKED or (rng.random() > 0.6 and i not in suspended):
            continue
        failing = i in suspended or rng.random() < 0.08
        checklist = {code: True for code in CHECKLIST}
        if failing:
            checklist[rng.choice(["fees_displayed", "receipts_issued", "hours_kept", "owner_present"])] = (
                False
            )
        inspections.append(
            Inspection(
                centre=centre,
                kind=InspectionKind.ROUTINE,
                visited_on=today - timedelta(days=rng.randint(5, 300)),
                inspector=regulator,
                checklist=checklist,
                result=InspectionResult.FAILED if failing else InspectionResult.PASSED,
            )
        )
        if failing:
            found.append((len(inspections) - 1, i in suspended))
    inspections = Inspection.objects.bulk_create(inspections, batch_size=1000)
    Violation.objects.bulk_create(
        Violation(
            inspection=inspections[index],
            centre=inspections[index].centre,
            code="fees_displayed" if major else "hours_kept",
            description="تحصيل رسوم تتجاوز السقف المعتمد" if major else "عدم الالتزام بساعات العمل المعلنة",
            severity=Severity.MAJOR if major else Severity.MINOR,
        )
        for index, major in found
    )


APPLICATIONS = [
    # (state, name word, wilayat)
    (LicenceState.SUBMITTED, ("الأفق", "Al Ufuq"), "OM-MA-SEEB"),
    (LicenceState.SUBMITTED, ("البيان", "Al Bayan"), "OM-BS-SOHAR"),
    (LicenceState.UNDER_REVIEW, ("الرؤية", "Al Ruya"), "OM-DA-NIZWA"),
    (LicenceState.UNDER_REVIEW, ("السنابل", "Al Sanabil"), "OM-ZU-SALALAH"),
    (LicenceState.INTERVIEW_SCHEDULED, ("الشروق", "Al Shuruq"), "OM-SJ-SUR"),
    (LicenceState.INTERVIEWED, ("المنارة", "Al Manara"), "OM-ZA-IBRI"),
    (LicenceState.INITIALLY_APPROVED, ("الهمة", "Al Himma"), "OM-BJ-BARKA"),
    (LicenceState.FITOUT_PASSED, ("الجودة", "Al Jawda"), "OM-BU-BURAIMI"),
]


def _seed_applications(rng, names, password, today, regulator) -> int:
    order = [s for s, _w, _p in APPLICATIONS]
    chain = [
        LicenceState.SUBMITTED,
        LicenceState.UNDER_REVIEW,
        LicenceState.INTERVIEW_SCHEDULED,
        LicenceState.INTERVIEWED,
        LicenceState.INITIALLY_APPROVED,
        LicenceState.FITOUT_PASSED,
    ]
    actions = [
        LicenceAction.START_REVIEW,
        LicenceAction.SCHEDULE_INTERVIEW,
        LicenceAction.RECORD_INTERVIEW,
        LicenceAction.APPROVE_INITIAL,
        LicenceAction.PASS_FITOUT,
    ]
    wilayats = {w.code: w for w in Wilayat.objects.filter(code__in=[p for _s, _w, p in APPLICATIONS])}
    for n, (state, word, place) in enumerate(APPLICATIONS):
        gender = Gender.FEMALE if n % 3 else Gender.MALE
        name_ar, name_en = names.person(gender)
        civil = str(31000000 + n * 7919)
        born = today - timedelta(days=rng.randint(24 * 365, 40 * 365))
        user = User.objects.create(
            username=f"applicant{n + 1}",
            role=Role.CITIZEN,
            full_name_ar=name_ar,
            full_name_en=name_en,
            password=password,
            is_demo=True,
            mobile=f"+9689{5000000 + n:07d}",
            email=f"applicant{n + 1}@demo.sanad.om",
        )
        CitizenProfile.objects.create(
            user=user, id_kind=IdKind.CIVIL, id_number=civil, date_of_birth=born, gender=gender, is_omani=True
        )
        wilayat = wilayats[place]
        lat, lon = _position(rng, wilayat)
        centre = Centre.objects.create(
            name_ar=f"مركز {word[0]} لخدمات سند",
            name_en=f"{word[1]} Sanad Centre",
            wilayat=wilayat,
            address_ar=f"مبنى {rng.randint(1, 99)}، {wilayat.name_ar}",
            address_en=f"Building, {wilayat.name_en}",
            latitude=lat,
            longitude=lon,
            phone=f"+9689{6000000 + n:07d}",
            email=f"new{n + 1}@demo.sanad.om",
            counters=2,
        )
        applied = today - timedelta(days=30 - n)
        licence = Licence.objects.create(
            centre=centre,
            state=state,
            applicant=user,
            applied_at=_aware(applied),
            interview_at=_aware(today + timedelta(days=3), 10)
            if state == LicenceState.INTERVIEW_SCHEDULED
            else None,
        )
        CentreOwner.objects.create(
            centre=centre,
            user=user,
            full_name_ar=name_ar,
            full_name_en=name_en,
            civil_number=civil,
            date_of_birth=born,
            gender=gender,
            is_omani=True,
            full_time=True,
            employed_elsewhere=False,
            is_primary=True,
            started_on=applied,
        )
        events = [
            LicenceEvent(
                licence=licence,
                action=LicenceAction.APPLY,
                from_state="",
                to_state=LicenceState.SUBMITTED,
                actor=user,
                created_at=_aware(applied),
            )
        ]
        for step_index in range(chain.index(state)):
            events.append(
                LicenceEvent(
                    licence=licence,
                    action=actions[step_index],
                    from_state=chain[step_index],
                    to_state=chain[step_index + 1],
                    actor=regulator,
                    created_at=_aware(applied + timedelta(days=step_index + 1)),
                )
            )
        LicenceEvent.objects.bulk_create(events)
    return len(order)
