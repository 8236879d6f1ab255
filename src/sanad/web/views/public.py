from django.shortcuts import render

from sanad.geo import selectors as geo


def home(request):
    governorates = list(geo.governorates_with_wilayats())
    return render(
        request,
        "public/home.html",
        {
            "governorates": governorates,
            "wilayat_total": sum(g.wilayat_count for g in governorates),
        },
    )
