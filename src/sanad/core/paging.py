"""Pages of long lists without counting millions of rows.

A list page needs its rows (an index range: cheap at any size) and a total (a count: proportional to
the rows that match, so seconds over a national table). `CountedPaginator` takes the total from
somewhere cheaper when the caller has it (the statistics rollups know how many cases were opened for
any period, governorate, institution and service) and otherwise counts only up to `COUNT_CAP` rows:
beyond that the page says "more than 10,000" and the total is not exact (`exact` is False)."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CountedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, total: int | None = None, cap: int = COUNT_CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.total, self.cap, self.exact = total, cap, True

    @cached_property
    def count(self) -> int:
        if self.total is not None:
            return self.total
        rows = self.object_list
        if hasattr(rows, "order_by"):  # the order does not change a count, and sorting 10,000 rows does
            rows = rows.order_by()
        found = rows[: self.cap + 1].count()  # COUNT(*) over a LIMIT: stops at cap + 1
        if found > self.cap:
            self.exact = False
            return self.cap
        return found
