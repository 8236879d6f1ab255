from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

register = template.Library()

SCORE_LABELS = {
    "overall": _("Overall"),
    "speed": _("Speed"),
    "courtesy": _("Courtesy"),
    "fee_clarity": _("Clarity of the fees"),
}
GRADE_CLASS = {"A": "grade-a", "B": "grade-b", "C": "grade-c", "D": "grade-d", "E": "grade-e"}


@register.simple_tag
def score_label(name: str) -> str:
    return str(SCORE_LABELS.get(name, name))


@register.filter
def split(value: str):
    return str(value).split()


@register.filter
def component(components, key: str) -> dict:
    """One component's {"weight", "value", "score"} of a stored score (empty when it has none)."""
    return (components or {}).get(key) or {}


@register.filter
def index_text(value) -> str:
    """An index or a score with one decimal and a full stop, as the formula page writes them."""
    try:
        return f"{float(value):.1f}"
    except (TypeError, ValueError):
        return "—"


@register.simple_tag
def stars(rating, name: str):
    value = int(getattr(rating, name, 0) or 0)
    icons = format_html_join(
        "",
        '<i class="bi bi-star{}" aria-hidden="true"></i>',
        (("-fill" if i < value else "",) for i in range(5)),
    )
    return format_html('{}<span class="visually-hidden">{}/5</span>', icons, value)


@register.inclusion_tag("feedback/_quality_badge.html")
def quality_badge(index, grade, *, size="sm"):
    """The index and grade of a centre (or "not enough data")."""
    from sanad.feedback.constants import Grade

    if index in ("", None):
        index = None
    return {
        "index": index,
        "grade": grade or "",
        "grade_label": Grade(grade).label if grade in Grade.values else "",
        "grade_class": GRADE_CLASS.get(grade or "", ""),
        "size": size,
    }


@register.simple_tag
def component_label(key: str) -> str:
    from sanad.feedback.formula import FORMULAS

    labels = (c for v in sorted(FORMULAS, reverse=True) for c in FORMULAS[v].components)
    return next((str(c.label) for c in labels if c.key == key), key)


@register.inclusion_tag("feedback/_centre_quality.html", takes_context=True)
def centre_quality_card(context, centre):
    """The quality card on a centre's public page (and the way to complain about the centre)."""
    from sanad.feedback import selectors

    score = selectors.centre_score(centre.pk)
    if score is None:
        reason = selectors.reason_text("not_computed")
    elif score.index is None:
        reason = selectors.reason_text(score.reason, score.formula_version)
    else:
        reason = ""
    return {
        "centre": centre,
        "score": score,
        "reason": reason,
        "user": context.get("user"),
    }


@register.inclusion_tag("feedback/_sort_select.html")
def quality_sort_select(current: str):
    """The find-a-centre results' order: by wilayat, or best quality index first."""
    return {"current": current}


@register.inclusion_tag("feedback/_complain_link.html")
def complain_about_case(reference: str):
    """From the tracking page: file a complaint about this transaction (after signing in)."""
    return {"reference": reference}
