"""The refusal policy as a matrix (docs/ARCHITECTURE.md, "Refusals"): for every kind of account and
each area (pages and API) or action, the exact status. Not signed in: the sign-in page or 401; an
area not for this kind of account: 403; a record the caller may not see: 404; a record they may see
and an action on it that is not theirs: 403."""

import pytest
from conftest import authed
from rest_framework.test import APIClient

from sanad.accounts.access import ACTIONS, restrict
from sanad.accounts.constants import Role
from sanad.accounts.tests.factories import UserFactory
from sanad.cases.tests.factories import citizen as make_citizen
from sanad.cases.tests.factories import licensed_centre, open_walk_in, staff
from sanad.catalogue.models import Institution
from sanad.catalogue.tests.factories import officer_of
from sanad.centres.constants import StaffRole

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "citizen", "clerk", "manager", "officer", "regulator", "admin")


@pytest.fixture
def people(db):
    centre = licensed_centre()
    other_centre = licensed_centre(name="مركز آخر")
    clerk = staff(centre)
    owner = make_citizen()
    return {
        "centre": centre,
        "anonymous": None,
        "citizen": owner,
        "other_citizen": make_citizen(),
        "clerk": clerk,
        "manager": staff(centre, StaffRole.MANAGER),
        "other_clerk": staff(other_centre),
        "officer": officer_of(Institution.objects.get(code="ROP")),
        "regulator": UserFactory(role=Role.REGULATOR, is_staff=True),
        "admin": UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True),
        "case": open_walk_in(centre, clerk, owner),
    }


# --- areas: pages ---------------------------------------------------------------------------------
PAGES = {
    "/regulator/licensing/": {"regulator"},
    "/regulator/caps/": {"regulator", "admin"},
    "/regulator/complaints/": {"regulator", "admin"},
    "/regulator/": {"regulator", "admin"},
    "/regulator/settlement/": {"regulator", "admin"},
    "/cases/": {"regulator", "admin", "officer"},
    "/institution/services/": {"officer", "admin"},
    "/institution/inbox/": {"officer"},
    "/centre/complaints/": {"clerk", "manager"},
    "/corrections/": {"regulator", "admin", "clerk", "manager"},
    "/my/cases/": {"citizen"},
    "/my/complaints/": {"citizen"},
    "/my/data/": {"citizen"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", PAGES)
def test_pages_answer_each_kind_of_account_as_the_policy_says(client, people, path, role):
    if people[role] is not None:
        client.force_login(people[role])
    response = client.get(path)
    expected = 302 if role == "anonymous" else (200 if role in PAGES[path] else 403)
    assert response.status_code == expected, (path, role)
    if expected == 302:
        assert response["Location"].startswith("/login/")


# --- areas: API -----------------------------------------------------------------------------------
API = {
    "/api/v1/licences/": {"regulator"},
    "/api/v1/settlement/national/": {"regulator", "admin"},
    "/api/v1/stats/national/": {"regulator", "admin"},
    "/api/v1/integrations/institutions/": {"regulator", "admin", "officer"},
    "/api/v1/audit/": {"regulator", "admin"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", API)
def test_the_api_answers_each_kind_of_account_as_the_policy_says(people, path, role):
    client = APIClient()
    if people[role] is not None:
        authed(client, people[role])
    response = client.get(path)
    expected = 401 if role == "anonymous" else (200 if role in API[path] else 403)
    assert response.status_code == expected, (path, role, response.content[:200])
    if expected >= 400:
        assert response["Content-Type"].startswith("application/problem+json")


# --- records: one case, read and written ------------------------------------------------------------
CASE_READ = {
    "anonymous": 401,
    "citizen": 200,
    "other_citizen": 404,
    "clerk": 200,
    "manager": 200,
    "other_clerk": 404,
    "officer": 404,  # the case has not reached the institution
    "regulator": 200,
    "admin": 200,
}


@pytest.mark.parametrize(("who", "expected"), CASE_READ.items())
def test_a_case_is_seen_only_by_those_it_concerns(people, who, expected):
    client = APIClient()
    if people[who] is not None:
        authed(client, people[who])
    assert client.get(f"/api/v1/cases/{people['case'].reference}/").status_code == expected


WRITES = {
    "fee": {"government_fee": 15000, "note": "تصحيح الرسوم"},
    "custody": {"item_type": "passport", "description": ""},
    "transitions": {"action": "start"},
}
# Who may see the case but not do this (403) and who may not see it (404).
CASE_WRITE = {
    "citizen": 403,
    "regulator": 403,
    "admin": 403,
    "other_citizen": 404,
    "other_clerk": 404,
    "officer": 404,
    "anonymous": 401,
}


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize(("who", "expected"), CASE_WRITE.items())
def test_writes_on_a_case_are_403_when_seen_and_404_when_not(people, write, who, expected):
    case = people["case"]
    client = APIClient()
    if people[who] is not None:
        authed(client, people[who])
    before = (case.state, case.government_fee, case.custody.count(), case.events.count())
    response = client.post(f"/api/v1/cases/{case.reference}/{write}/", WRITES[write], format="json")
    assert response.status_code == expected, (write, who, response.content[:300])
    case.refresh_from_db()
    assert (case.state, case.government_fee, case.custody.count(), case.events.count()) == before


def test_the_centre_itself_may_do_these_writes(people):
    case = people["case"]
    client = authed(APIClient(), people["clerk"])
    assert (
        client.post(f"/api/v1/cases/{case.reference}/custody/", WRITES["custody"], format="json").status_code
        == 201
    )


# --- the gate itself ----------------------------------------------------------------------------------


def test_every_action_in_the_table_refuses_visitors_and_is_allowed_to_someone():
    assert ACTIONS
    for action, rule in ACTIONS.items():
        assert restrict(None, action) is False
        assert rule.roles, action


def test_a_disabled_account_passes_no_gate(db):
    user = UserFactory(role=Role.REGULATOR, is_active=False)
    assert not any(restrict(user, action) for action in ACTIONS)


def test_an_officer_without_an_institution_does_not_manage_services(db):
    assert restrict(UserFactory(role=Role.INSTITUTION_OFFICER), "catalogue.manage") is False
    officer = officer_of(Institution.objects.get(code="ROP"))
    assert restrict(officer, "catalogue.manage") is True
