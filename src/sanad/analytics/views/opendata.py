"""Open data (no login): the page with the datasets, their dictionary and the licence, and each
dataset as CSV or JSON at a stable address."""

import json

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render

from .. import opendata
from ..constants import OPEN_DATA_LICENCE, OPEN_DATA_LICENCE_URL
from ..exports import stream_csv


def page(request):
    datasets = [
        {"dataset": d, "columns": opendata.dictionary(d), "urls": opendata.catalogue(request)[i]}
        for i, d in enumerate(opendata.DATASETS)
    ]
    return render(
        request,
        "analytics/open_data.html",
        {"datasets": datasets, "updated_at": opendata.updated_at(), "licence_url": OPEN_DATA_LICENCE_URL},
    )


def dataset_file(request, slug: str, fmt: str):
    dataset = opendata.BY_SLUG.get(slug)
    if dataset is None or fmt not in ("csv", "json"):
        raise Http404("No such dataset.")
    names = [c.name for c in dataset.columns]
    if fmt == "csv":
        return stream_csv(names, ([row[n] for n in names] for row in dataset.rows()), f"sanad-{slug}")
    at = opendata.updated_at()

    def body():
        head = {
            "dataset": slug,
            "licence": OPEN_DATA_LICENCE,
            "licence_url": OPEN_DATA_LICENCE_URL,
            "updated_at": at.isoformat() if at else None,
            "columns": opendata.dictionary(dataset),
        }
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": ['
        for i, row in enumerate(dataset.rows()):
            yield ("," if i else "") + json.dumps(row, ensure_ascii=False)
        yield "]}"

    response = StreamingHttpResponse(body(), content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response
