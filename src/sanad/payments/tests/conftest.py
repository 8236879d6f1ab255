import pytest

from .factories import citizen, licensed_centre, manager, open_walk_in, staff


@pytest.fixture
def centre(db):
    return licensed_centre()


@pytest.fixture
def clerk(centre):
    return staff(centre)


@pytest.fixture
def boss(centre):
    return manager(centre)


@pytest.fixture
def person(db):
    return citizen()


@pytest.fixture
def case(centre, clerk, person):
    return open_walk_in(centre, clerk, person)


@pytest.fixture
def gateway_http(client, monkeypatch):
    """The simulated gateway's callbacks reach the real endpoint through Django's test client, and
    every outbox message is delivered at once (as the worker would, a moment later)."""
    from sanad.demo.gateway import transport

    sent = []

    def post(url, body, headers):
        path = url.split("testserver", 1)[-1]
        meta = {
            f"HTTP_{name.upper().replace('-', '_')}": value
            for name, value in headers.items()
            if name != "Content-Type"
        }
        response = client.generic("POST", path, body, content_type="application/json", **meta)
        sent.append((path, body, response.status_code))
        return response.status_code

    monkeypatch.setattr(transport, "post", post)
    return sent
