"""The feedback panel on the citizen's case page: rate the completed transaction (once), see the
rating given, and file a complaint about it."""

from sanad.cases.panels import Panel, register


def panel_context(request, case) -> dict:
    from . import selectors

    rating = selectors.rating_of(case)
    completed = selectors.case_was_completed(case)
    return {
        "rating": rating,
        "can_rate": completed and rating is None,
        "complaints": list(selectors.complaints_visible_to(request.user).filter(case=case)),
        "scores": (("overall", 5), ("speed", 5), ("courtesy", 5), ("fee_clarity", 5)),
    }


def panel_visible(case, user) -> bool:
    return user is not None and user.is_authenticated and user.pk == case.citizen_id


def register_panel() -> None:
    register(
        Panel(
            name="feedback",
            template="feedback/panel.html",
            context=panel_context,
            visible=panel_visible,
            order=60,
        )
    )
