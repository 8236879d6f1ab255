from django.db.models import Count, Prefetch, QuerySet

from .models import Governorate, Wilayat

# Oman's bounding box (mainland, Musandam and Masirah), with a small margin.
OMAN_BOUNDS = {"lat_min": 16.5, "lat_max": 26.6, "lon_min": 51.8, "lon_max": 60.0}


def in_oman(latitude: float, longitude: float) -> bool:
    b = OMAN_BOUNDS
    return b["lat_min"] <= latitude <= b["lat_max"] and b["lon_min"] <= longitude <= b["lon_max"]


def governorates_with_wilayats() -> QuerySet[Governorate]:
    return (
        Governorate.objects.annotate(wilayat_count=Count("wilayats"))
        .order_by("sort_order", "code")
        .prefetch_related(Prefetch("wilayats", queryset=Wilayat.objects.order_by("sort_order", "code")))
    )


def wilayats(governorate_code: str | None = None) -> QuerySet[Wilayat]:
    qs = Wilayat.objects.select_related("governorate")
    if governorate_code:
        qs = qs.filter(governorate__code=governorate_code)
    return qs
