"""Demo data for analytics (steps register with sanad.demo.registry.step).

The case and payment history is written with bulk inserts, which bypass the effects that keep the
rollups; this step rebuilds them from the raw rows afterwards, so the demo's statistics are exact."""

from .registry import step


@step("analytics", weight=2)
def seed_statistics(options, progress) -> str:
    from django.db import connection

    from sanad.analytics.services import stats_rebuild

    if connection.vendor == "postgresql":  # GROUP BY in the database, not a stream through Python
        from .pgstats import stats_rebuild_sql

        counts = stats_rebuild_sql()
    else:
        counts = stats_rebuild()
    progress(2)
    return f"{counts['daily']} daily and {counts['monthly']} monthly statistics rows"
