"""API of this area. `register(router)` adds viewsets; `urlpatterns` adds plain API views.
Both are mounted under /api/v1/ by sanad/api/urls.py."""

urlpatterns: list = []


def register(router) -> None:
    pass
