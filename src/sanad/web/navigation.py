"""Navigation per role. Later areas (cases, centres, dashboards) add their entries here."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from sanad.accounts.constants import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    roles: tuple[str, ...] | None = None  # None: everyone, including visitors
    secondary: bool = False  # shown in the account menu rather than the bar
    visible: Callable | None = None  # (user) -> bool, for pages only some of a role may open

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


PUBLIC = None
STAFF = (Role.CENTRE_STAFF,)
ALL_SIGNED_IN = tuple(Role.values)
ITEMS: list[NavItem] = [
    NavItem(_("Centre console"), "cases:console", "pc-display", STAFF),
    NavItem(_("My account"), "web:dashboard", "person-circle", ALL_SIGNED_IN, secondary=True),
    NavItem(_("Administration"), "admin:index", "gear", (Role.ADMIN, Role.REGULATOR), secondary=True),
    NavItem(
        _("API"), "api:docs", "braces", (Role.INSTITUTION_OFFICER, Role.ADMIN, Role.REGULATOR), secondary=True
    ),
]


# Where each role lands after signing in (when no page was asked for): a URL name, or a function of
# the user giving one (centre staff land by their role at the centre). Areas may add or replace theirs.
LANDINGS: dict[str, str | Callable] = {}


def register_landing(role: str, target: str | Callable) -> None:
    LANDINGS[role] = target


def _centre_staff_landing(user) -> str:
    """A clerk lands on the console; an owner or a manager on the centre's business dashboard."""
    from sanad.centres.constants import MANAGING_ROLES
    from sanad.centres.selectors import staff_membership

    membership = staff_membership(user)
    return (
        "analytics:centre"
        if membership is not None and membership.role in MANAGING_ROLES
        else "cases:console"
    )


register_landing(Role.CITIZEN, "cases:my-cases")
register_landing(Role.CENTRE_STAFF, _centre_staff_landing)
register_landing(Role.INSTITUTION_OFFICER, "integrations:inbox")
register_landing(Role.REGULATOR, "analytics:regulator")
register_landing(Role.ADMIN, "admin:index")


def landing_for(user) -> str | None:
    target = LANDINGS.get(getattr(user, "role", None))
    if callable(target):
        target = target(user)
    if target is None:
        return None
    try:
        return reverse(target)
    except NoReverseMatch:
        return None


def register(item: NavItem, *, before: str | None = None) -> None:
    """Let an area add its page to the navigation (called from that area's urls module)."""
    if any(existing.url_name == item.url_name and existing.roles == item.roles for existing in ITEMS):
        return
    index = next((i for i, it in enumerate(ITEMS) if it.url_name == before), len(ITEMS))
    ITEMS.insert(index, item)


def navigation_for(request) -> dict[str, list[dict]]:
    """The bar ("main": public pages and the person's own work) and the account menu ("account")."""
    user = getattr(request, "user", None)
    role = user.role if user is not None and user.is_authenticated else None
    current = request.path
    items = []
    for item in ITEMS:
        if item.roles is not None and role not in item.roles:
            continue
        if item.visible is not None and not item.visible(user):
            continue
        url = item.url()
        if url is None:
            continue
        active = url == current if url == "/" else current.startswith(url)
        items.append(
            {
                "label": item.label,
                "url": url,
                "icon": item.icon,
                "active": active,
                "secondary": item.secondary,
            }
        )
    # Only the closest match is current (/centre/manage/ is "My centre", not also "/centre/").
    longest = max((len(i["url"]) for i in items if i["active"]), default=0)
    for i in items:
        i["active"] = i["active"] and len(i["url"]) == longest
    return {
        "main": [i for i in items if not i["secondary"]],
        "account": [i for i in items if i["secondary"]],
    }
