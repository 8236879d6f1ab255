"""Demo ratings, complaints and the quality index: most of the completed demo cases are
rated (each centre has its own level of service, so the index and the rankings differ from centre to
centre), about 1.5% of cases bring a complaint, spread over the workflow by age, and the index is
computed for the last six months. The demo citizen's latest completed case is left unrated and gets
its rating link by SMS (var/sms/), to rate it from the link.

Idempotent (cases already rated or complained about are skipped) and fast (bulk inserts)."""

from datetime import timedelta
from random import Random

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from sanad.accounts.models import User
from sanad.cases.constants import Action
from sanad.cases.models import Case, CaseEvent
from sanad.feedback.constants import ComplaintAction, ComplaintKind, ComplaintState
from sanad.feedback.models import Complaint, ComplaintEvent, ComplaintSequence, Rating
from sanad.feedback.reference import format_reference

from .payments import _auto_times_off, _restore
from .registry import step

BATCH = 2000
RATED_SHARE = 0.6
COMPLAINT_SHARE = 0.015
S, A = ComplaintState, ComplaintAction

GOOD = ["خدمة ممتازة وسريعة", "الموظفة متعاونة جداً", "شكراً على حسن التعامل", "أنجزت معاملتي في نفس اليوم"]
FAIR = ["الخدمة جيدة لكن الانتظار طويل", "كان يمكن توضيح الرسوم أكثر", "مقبولة"]
POOR = ["تأخرت المعاملة كثيراً", "لم يشرحوا لي الرسوم", "تعامل غير لائق من الموظف"]
COMPLAINT_TEXT = {
    ComplaintKind.OVERCHARGING: "طلب مني المركز مبلغاً أكبر من الرسوم المعلنة ولم يعطني إيصالاً بالفرق.",
    ComplaintKind.DELAY: "تأخرت معاملتي أسابيع دون أي توضيح من المركز.",
    ComplaintKind.CONDUCT: "تعامل الموظف معي بأسلوب غير لائق أمام المراجعين.",
    ComplaintKind.ORIGINAL: "احتفظ المركز بجواز سفري الأصلي بعد انتهاء المعاملة.",
    ComplaintKind.OTHER: "المركز مغلق في أوقات الدوام المعلنة.",
}
DECISIONS = {
    S.UPHELD: "ثبتت المخالفة بعد مراجعة الإيصالات ورد المركز.",
    S.DISMISSED: "لم يثبت ما ورد في الشكوى بعد مراجعة السجلات.",
    S.RESOLVED: "تمت تسوية الشكوى بالتواصل مع المركز والمواطن.",
}


def _centre_levels(rng: Random) -> dict[int, float]:
    """Each centre's level of service, from 0 (poor) to 1 (excellent), fixed by the seed."""
    from sanad.centres.models import Centre

    return {
        pk: min(max(rng.gauss(0.65, 0.2), 0.0), 1.0)
        for pk in Centre.objects.order_by("pk").values_list("pk", flat=True)
    }


def _picked(case_id: int, salt: int, share: float) -> bool:
    """The same cases are picked on every run (a rerun tops up nothing twice)."""
    return (case_id * 2654435761 + salt * 40503) % 100_000 < share * 100_000


def _score(rng: Random, level: float) -> int:
    return min(max(round(rng.gauss(1 + 4 * level, 0.8)), 1), 5)


def _ratings(rng: Random, levels: dict, demo_citizen: int | None) -> int:
    now = timezone.now()
    completed = dict(
        CaseEvent.objects.filter(action=Action.COMPLETE)
        .values("case_id")
        .annotate(at=Min("created_at"))
        .values_list("case_id", "at")
    )
    rated = set(Rating.objects.values_list("case_id", flat=True))
    rows = []
    for case_id, centre_id, citizen_id in Case.objects.filter(pk__in=list(completed)).values_list(
        "pk", "centre_id", "citizen_id"
    ):
        if case_id in rated or citizen_id == demo_citizen or not _picked(case_id, 1, RATED_SHARE):
            continue
        level = levels.get(centre_id, 0.6)
        overall = _score(rng, level)
        comment = ""
        if rng.random() < 0.3:
            comment = rng.choice(GOOD if overall >= 4 else FAIR if overall == 3 else POOR)
        rows.append(
            Rating(
                case_id=case_id,
                centre_id=centre_id,
                overall=overall,
                speed=_score(rng, level),
                courtesy=_score(rng, level),
                fee_clarity=_score(rng, level),
                comment=comment,
                channel=rng.choice(("link", "link", "link", "portal")),
                created_at=min(completed[case_id] + timedelta(hours=rng.uniform(1, 96)), now),
            )
        )
    saved = _auto_times_off(Rating)
    try:
        Rating.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    finally:
        _restore(saved)
    return len(rows)


def _complaints(rng: Random, levels: dict, regulator: User | None) -> int:
    now = timezone.now()
    already = set(Complaint.objects.exclude(case=None).values_list("case_id", flat=True))
    cases = [
        c
        for c in Case.objects.exclude(state="draft").values_list(
            "pk", "centre_id", "citizen_id", "created_at"
        )
        if c[0] not in already
    ]
    chosen = [c for c in cases if _picked(c[0], 2, COMPLAINT_SHARE * (1.6 - levels.get(c[1], 0.6)))]
    chosen.sort(key=lambda c: c[3])
    sequences = dict(ComplaintSequence.objects.values_list("year", "last_number"))
    complaints, plans = [], []
    for case_id, centre_id, citizen_id, opened in chosen:
        filed = min(opened + timedelta(days=rng.uniform(1, 10)), now - timedelta(hours=1))
        year = timezone.localtime(filed).year
        sequences[year] = sequences.get(year, 0) + 1
        kind = rng.choices(list(COMPLAINT_TEXT), weights=[30, 30, 20, 10, 10])[0]
        age = (now - filed).days
        path = [(A.FILE, S.RECEIVED)]
        if age > 2:
            path.append((A.ASSIGN, S.ASSIGNED))
        if age > 5:
            path.append((A.ASK_CENTRE, S.INVESTIGATING))
            path.append((A.CENTRE_RESPOND, S.INVESTIGATING))
        if age > 14:
            upheld_chance = 0.2 + 0.5 * (1 - levels.get(centre_id, 0.6))
            final = S.UPHELD if rng.random() < upheld_chance else rng.choice((S.DISMISSED, S.RESOLVED))
            path.append(({S.UPHELD: A.UPHOLD, S.DISMISSED: A.DISMISS, S.RESOLVED: A.RESOLVE}[final], final))
        moments, t = [], filed
        for _ in path:
            moments.append(t)
            t = min(t + timedelta(hours=rng.uniform(4, 72)), now)
        state = path[-1][1]
        decided = moments[-1] if state in (S.UPHELD, S.DISMISSED, S.RESOLVED) else None
        complaints.append(
            Complaint(
                reference=format_reference(year, sequences[year]),
                citizen_id=citizen_id,
                centre_id=centre_id,
                case_id=case_id,
                kind=kind,
                text=COMPLAINT_TEXT[kind],
                state=state,
                assignee=regulator if len(path) > 1 else None,
                due_at=None if decided else moments[-1] + timedelta(days=3),
                centre_response="راجعنا المعاملة وتواصلنا مع المواطن." if len(path) > 3 else "",
                centre_responded_at=moments[3] if len(path) > 3 else None,
                decision_note=DECISIONS.get(state, ""),
                decided_at=decided,
                version=len(path),
                created_at=filed,
                updated_at=moments[-1],
            )
        )
        plans.append((path, moments))
    saved = _auto_times_off(Complaint, ComplaintEvent)
    try:
        with transaction.atomic():
            Complaint.objects.bulk_create(complaints, batch_size=BATCH)
            if complaints and not complaints[0].pk:
                ids = dict(
                    Complaint.objects.filter(reference__in=[c.reference for c in complaints]).values_list(
                        "reference", "pk"
                    )
                )
                for c in complaints:
                    c.pk = ids[c.reference]
            events = []
            for complaint, (path, moments) in zip(complaints, plans, strict=True):
                previous = ""
                for (action, target), moment in zip(path, moments, strict=True):
                    actor = (
                        complaint.citizen_id
                        if action == A.FILE
                        else None
                        if action == A.CENTRE_RESPOND
                        else (regulator.pk if regulator else None)
                    )
                    events.append(
                        ComplaintEvent(
                            complaint_id=complaint.pk,
                            action=action,
                            from_state=previous,
                            to_state=target,
                            actor_id=actor,
                            note=DECISIONS.get(target, "") if target in DECISIONS else "",
                            created_at=moment,
                        )
                    )
                    previous = target
            ComplaintEvent.objects.bulk_create(events, batch_size=BATCH)
            for year, last in sequences.items():
                ComplaintSequence.objects.update_or_create(year=year, defaults={"last_number": last})
    finally:
        _restore(saved)
    return len(complaints)


def _invite_demo_citizen(demo_citizen: int | None) -> str:
    """The demo citizen's latest completed, unrated case gets its rating link by SMS."""
    from sanad.cases.workflow import step_for
    from sanad.feedback.models import RatingInvitation
    from sanad.feedback.services import rating_invite_on_completion

    if demo_citizen is None:
        return ""
    case = (
        Case.objects.filter(
            citizen_id=demo_citizen, state__in=("completed", "closed"), events__action=Action.COMPLETE
        )
        .exclude(pk__in=Rating.objects.values("case_id"))
        .exclude(pk__in=RatingInvitation.objects.values("case_id"))
        .select_related("centre", "citizen", "service_version")
        .order_by("-created_at")
        .first()
    )
    if case is None:
        return ""
    with transaction.atomic():
        rating_invite_on_completion(case, step_for("submitted_to_institution", Action.COMPLETE), None)
    return case.reference


@step("feedback", weight=4)
def seed_feedback(options, progress) -> str:
    from sanad.feedback.services.quality import add_months, month_start, quality_compute

    rng = Random(options.get("seed", 2026) + 12)
    levels = _centre_levels(rng)
    demo_citizen = User.objects.filter(username="demo-citizen").values_list("pk", flat=True).first()
    regulator = User.objects.filter(username="demo-regulator").first()
    ratings = _ratings(rng, levels, demo_citizen)
    progress(1)
    complaints = _complaints(rng, levels, regulator)
    progress(1)
    invited = _invite_demo_citizen(demo_citizen)
    this_month = month_start(timezone.localdate())
    scored = 0
    for back in range(5, -1, -1):
        scored = quality_compute(period=add_months(this_month, -back))
    progress(2)
    note = f"; rating link sent for {invited}" if invited else ""
    return f"{ratings} ratings, {complaints} complaints, quality index for 6 months ({scored} centres scored this month){note}"
