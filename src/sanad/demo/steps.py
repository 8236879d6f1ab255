"""The demo seeding steps, in the order they run (each module registers its steps on import)."""

from importlib import import_module

ORDER = (
    "accounts",
    "catalogue",
    "centres",
    "cases",
    "payments",
    "integrations",
    "queueing",
    "feedback",
    "analytics",
    "audit",
    "twofactor",
)

for _name in ORDER:
    import_module(f"sanad.demo.{_name}")
