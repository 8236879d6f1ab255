"""A licensed centre open every day 00:00–24:00 with two lines and counters, for the queue tests."""

from datetime import timedelta

from django.utils import timezone

from sanad.catalogue.models import Service
from sanad.centres.tests.factories import make_centre, price, staff_of
from sanad.queueing.models import Counter, Line

DL_RENEW = "ROP-DL-RENEW"
ALL_DAY = {day: [(0, 1440)] for day in range(7)}


def service(code=DL_RENEW) -> Service:
    return Service.objects.select_related("current_version").get(code=code)


def other_service() -> Service:
    return (
        Service.objects.filter(current_version__status="published")
        .exclude(code__startswith="ROP-")
        .order_by("code")
        .first()
    )


def queue_centre(*, counters=2, hours=None, **fields):
    """A centre with line A (police services) and line B (the rest), `counters` counters on both."""
    centre = make_centre(hours=ALL_DAY if hours is None else hours, **fields)
    price(centre, service(), 1500)
    price(centre, other_service(), 1000)
    a = Line.objects.create(centre=centre, code="A", name_ar="الشرطة", name_en="Police")
    a.services.add(service())
    b = Line.objects.create(centre=centre, code="B", name_ar="أخرى", name_en="Other", is_default=True)
    made = []
    for i in range(counters):
        counter = Counter.objects.create(centre=centre, name=str(i + 1))
        counter.lines.add(a, b)
        made.append(counter)
    return centre, made


def clerk_at(centre, counter=None):
    from sanad.queueing.services import counter_sign_on

    clerk = staff_of(centre)
    if counter is not None:
        counter_sign_on(counter_id=counter.pk, actor=clerk)
    return clerk


def minutes(n: int):
    return timedelta(minutes=n)


def now():
    """Today 10:00 in Muscat: tests that step minutes forward stay within one day."""
    from datetime import datetime, time

    return datetime.combine(timezone.localdate(), time(10, 0), tzinfo=timezone.get_current_timezone())
