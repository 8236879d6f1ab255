"""The panel on the citizen's own case page: who at which centre or institution opened the case and
its documents, and when."""

from sanad.cases.panels import Panel, register

from . import selectors

SHOWN = 50


def panel_context(request, case) -> dict:
    readers = list(selectors.case_readers(case)[: SHOWN + 1])
    return {"readers": readers[:SHOWN], "more": len(readers) > SHOWN}


def panel_visible(case, user) -> bool:
    return bool(user is not None and user.is_authenticated and user.pk == case.citizen_id)


def register_panel() -> None:
    register(
        Panel(
            name="audit-readers",
            template="audit/panel.html",
            context=panel_context,
            visible=panel_visible,
            order=90,
        )
    )
