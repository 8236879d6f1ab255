"""Demo data for queueing: two lines and the counters of every licensed centre.

Line A takes the Royal Oman Police services (licences, vehicles, passports: the busiest), line B
everything else. Counters alternate between the lines; a centre with one counter serves both there.
"""

from sanad.demo.registry import step

LINES = (
    ("A", "خدمات شرطة عمان السلطانية", "Royal Oman Police services", "ROP-", False),
    ("B", "الخدمات الأخرى", "Other services", "", True),
)


def counter_lines(count: int) -> list[tuple[str, ...]]:
    """Which lines each of `count` counters serves: one counter serves both; more alternate, A first."""
    if count <= 1:
        return [("A", "B")]
    return [("A",) if i % 2 == 0 else ("B",) for i in range(count)]


@step("queueing", weight=1)
def seed_queueing(options, progress) -> str:
    from django.db import transaction

    from sanad.catalogue.models import Service
    from sanad.centres.models import Centre
    from sanad.queueing.models import Counter, Line

    if Line.objects.exists():
        progress(1)
        return "queues already there"
    rop = list(Service.objects.filter(code__startswith="ROP-").values_list("pk", flat=True))
    centres = list(
        Centre.objects.filter(licence__number__isnull=False).order_by("id").values_list("pk", "counters")
    )
    with transaction.atomic():
        lines = Line.objects.bulk_create(
            [
                Line(centre_id=pk, code=code, name_ar=ar, name_en=en, is_default=default)
                for pk, _n in centres
                for code, ar, en, _prefix, default in LINES
            ],
            batch_size=2000,
        )
        by_key = {(line.centre_id, line.code): line for line in lines}
        Line.services.through.objects.bulk_create(
            [
                Line.services.through(line_id=by_key[(pk, "A")].pk, service_id=service_id)
                for pk, _n in centres
                for service_id in rop
            ],
            batch_size=5000,
        )
        counters, plans = [], []
        for pk, count in centres:
            for i, codes in enumerate(counter_lines(count or 1)):
                counters.append(Counter(centre_id=pk, name=str(i + 1)))
                plans.append([by_key[(pk, code)].pk for code in codes])
        counters = Counter.objects.bulk_create(counters, batch_size=2000)
        Counter.lines.through.objects.bulk_create(
            [
                Counter.lines.through(counter_id=counter.pk, line_id=line_id)
                for counter, line_ids in zip(counters, plans, strict=True)
                for line_id in line_ids
            ],
            batch_size=5000,
        )
    progress(1)
    return f"{len(lines)} lines, {len(counters)} counters"
