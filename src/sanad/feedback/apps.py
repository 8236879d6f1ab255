from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "sanad.feedback"
    label = "feedback"
    verbose_name = _("Ratings and complaints")

    def ready(self):
        from sanad.accounts.constants import Role
        from sanad.cases import workflow
        from sanad.web.navigation import NavItem, register

        from . import panels
        from .services import rating_invite_on_completion

        workflow.register_effect(rating_invite_on_completion)
        panels.register_panel()
        register(
            NavItem(
                _("My complaints"), "feedback:my-complaints", "megaphone", (Role.CITIZEN,), secondary=True
            ),
            before="web:dashboard",
        )
        register(NavItem(_("Complaints"), "feedback:centre-complaints", "megaphone", (Role.CENTRE_STAFF,)))
        register(
            NavItem(
                _("Ratings"), "feedback:centre-ratings", "star-half", (Role.CENTRE_STAFF,), secondary=True
            )
        )
        register(
            NavItem(
                _("Quality"),
                "feedback:centre-quality",
                "graph-up",
                (Role.CENTRE_STAFF,),
                secondary=True,
                visible=_is_manager,
            )
        )
        register(
            NavItem(_("Complaint desk"), "feedback:desk", "megaphone", (Role.REGULATOR, Role.ADMIN)),
            before="admin:index",
        )
        register(
            NavItem(_("Quality index"), "feedback:ranking", "trophy", (Role.REGULATOR, Role.ADMIN)),
            before="admin:index",
        )
        register(
            NavItem(
                _("Ratings"),
                "feedback:moderation",
                "chat-square-text",
                (Role.REGULATOR, Role.ADMIN),
                secondary=True,
            ),
            before="admin:index",
        )


def _is_manager(user) -> bool:
    from .selectors import is_manager

    return is_manager(user)
