"""Statistics API (routed by sanad/api/urls.py)."""

urlpatterns: list = []


def register(router) -> None:
    pass
