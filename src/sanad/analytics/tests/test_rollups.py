import pytest
from django.core.management import CommandError, call_command

from sanad.analytics.models import DailyStat, MonthlyStat
from sanad.analytics.services import stats_differences, stats_rebuild
from sanad.cases.models import Case

from .factories import random_history

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("seed", [1, 7, 42])
def test_rollups_kept_by_the_effects_match_a_recomputation_after_a_random_history(seed, monkeypatch):
    random_history(seed=seed, monkeypatch=monkeypatch)
    assert stats_differences() == []
    call_command("stats_verify")  # exits without error
    total = sum(DailyStat.objects.values_list("opened", flat=True))
    assert total == Case.objects.count() == sum(MonthlyStat.objects.values_list("opened", flat=True))


def test_the_random_history_reaches_every_kind_of_figure(monkeypatch):
    random_history(seed=3, cases=40, monkeypatch=monkeypatch)
    sums = {
        name: sum(DailyStat.objects.values_list(name, flat=True))
        for name in ("completed", "rejected", "cancelled", "submitted", "payments", "refunds")
    }
    assert all(sums.values()), sums


def test_stats_verify_names_a_difference_and_exits_non_zero(monkeypatch, capsys):
    random_history(seed=5, cases=10, monkeypatch=monkeypatch)
    row = DailyStat.objects.filter(opened__gt=0).first()
    DailyStat.objects.filter(pk=row.pk).update(opened=row.opened + 1)
    with pytest.raises(CommandError):
        call_command("stats_verify")
    err = capsys.readouterr().err
    assert f"{row.day}, {row.centre_id}, {row.service_id}: opened is {row.opened + 1}" in err
    assert "monthly" not in err  # only the daily row was changed


def test_rebuild_repairs_the_rollups_from_the_raw_rows(monkeypatch):
    random_history(seed=9, cases=15, monkeypatch=monkeypatch)
    before = list(DailyStat.objects.order_by("day", "centre", "service").values())
    DailyStat.objects.all().delete()
    MonthlyStat.objects.update(completed=0)
    assert stats_differences()
    stats_rebuild()
    assert stats_differences() == []
    after = list(DailyStat.objects.order_by("day", "centre", "service").values())
    strip = lambda rows: [{k: v for k, v in r.items() if k not in ("id", "updated_at")} for r in rows]  # noqa: E731
    assert strip(after) == strip(before)
