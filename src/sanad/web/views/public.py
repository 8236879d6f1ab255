from django.shortcuts import render

from sanad.catalogue import selectors as catalogue
from sanad.centres import selectors as centres
from sanad.geo import selectors as geo


def home(request):
    governorates = list(geo.governorates_with_wilayats())
    return render(
        request,
        "public/home.html",
        {
            "governorates": governorates,
            "wilayat_total": sum(g.wilayat_count for g in governorates),
            "centre_total": centres.centres_public().count(),
            "service_total": catalogue.published_services().count(),
            "institution_total": catalogue.institutions_with_counts().count(),
        },
    )
