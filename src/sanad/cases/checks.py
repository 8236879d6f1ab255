"""System checks: the workflow table must not name a guard that nobody registered (it would let a
transition through that the table says is guarded)."""

from django.core.checks import Error, register


@register("sanad")
def workflow_guards_registered(app_configs=None, **kwargs):
    from . import workflow

    return [
        Error(
            f"The case workflow names the guard {name!r}, but no app registered it.",
            hint="Call sanad.cases.workflow.register_guard(name, func) in the owning app's ready().",
            id="cases.E001",
        )
        for name in sorted(workflow.unregistered_guards())
    ]
