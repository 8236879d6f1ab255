"""A small network with a random history, for the statistics tests."""

from datetime import timedelta
from random import Random

import time_machine
from django.utils import timezone

from sanad.cases import workflow
from sanad.cases.constants import Actor
from sanad.cases.services import case_transition
from sanad.cases.tests.factories import citizen, licensed_centre, open_walk_in, staff
from sanad.payments.tests.factories import due, pay_cash


def network():
    """Two centres in different governorates, a clerk each."""
    muscat = licensed_centre(name="مركز سند مسقط")
    sohar = licensed_centre(name="مركز سند صحار", wilayat_code=_wilayat_in("OM-BS"))
    return [(muscat, staff(muscat)), (sohar, staff(sohar))]


def _wilayat_in(governorate_code: str) -> str:
    from sanad.geo.models import Wilayat

    return Wilayat.objects.filter(governorate__code=governorate_code).values_list("code", flat=True).first()


def random_history(*, seed: int, cases: int = 30, start=None, monkeypatch=None) -> list:
    """Open cases over several days and walk each through random allowed steps (guards that need
    files are lifted; payment is taken before the institution, so refunds happen on the way)."""
    if monkeypatch is not None:
        lifted = {name: (lambda case: None) for name in workflow.GUARDS}
        monkeypatch.setattr(workflow, "GUARDS", {**lifted, "paid": workflow.GUARDS["paid"]})
    rng = Random(seed)
    people = network()
    start = start or timezone.now() - timedelta(days=9)  # staff joined ten days ago
    moment = start
    opened = []
    for _ in range(cases):
        moment += timedelta(hours=rng.choice([1, 3, 9, 20, 30]))
        centre, clerk = rng.choice(people)
        with time_machine.travel(moment, tick=False):
            opened.append((open_walk_in(centre, clerk, citizen()), clerk))
    for case, clerk in opened:
        at = moment
        for _ in range(rng.randint(0, 9)):
            at += timedelta(hours=rng.choice([1, 5, 26, 80, 200]))
            case.refresh_from_db()
            steps = [s for s in workflow.actions_for(case.state, {Actor.STAFF}) if s.action != "close"]
            if not steps:
                break
            step = rng.choices(steps, weights=[1 if s.target == "cancelled" else 6 for s in steps])[0]
            with time_machine.travel(at, tick=False):
                if due(case) and (step.action == "submit_to_institution" or rng.random() < 0.3):
                    pay_cash(case, clerk)
                case_transition(case_id=case.pk, action=step.action, actor=clerk, note="سبب")
    return opened
