from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class CountedPagination(Pagination):
    """Page numbers as everywhere, with the total from `view.list_total(request)` when the view knows
    it cheaply (None otherwise), else counted up to sanad.core.paging.COUNT_CAP rows. `count` stays
    an integer; `count_exact` is false when it is only "at least this many"."""

    def paginate_queryset(self, queryset, request, view=None):
        from functools import partial

        from sanad.core.paging import CountedPaginator

        total = view.list_total(request) if view is not None and hasattr(view, "list_total") else None
        self.django_paginator_class = partial(CountedPaginator, total=total)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_exact"] = self.page.paginator.exact
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_exact"] = {
            "type": "boolean",
            "description": "False when `count` is only a lower bound (more rows than are counted).",
        }
        return schema
