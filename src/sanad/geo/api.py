from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from . import selectors
from .models import Governorate, Wilayat


class WilayatSerializer(serializers.ModelSerializer):
    governorate = serializers.SlugRelatedField(slug_field="code", read_only=True)
    population = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Wilayat
        fields = ("code", "name_ar", "name_en", "governorate", "latitude", "longitude", "population")


class GovernorateSerializer(serializers.ModelSerializer):
    wilayat_count = serializers.IntegerField(read_only=True)
    population = serializers.IntegerField(read_only=True, allow_null=True)
    wilayats = WilayatSerializer(many=True, read_only=True)

    class Meta:
        model = Governorate
        fields = (
            "code",
            "name_ar",
            "name_en",
            "capital_ar",
            "capital_en",
            "latitude",
            "longitude",
            "population",
            "wilayat_count",
            "wilayats",
        )


@extend_schema_view(list=extend_schema(tags=["geography"]), retrieve=extend_schema(tags=["geography"]))
class GovernorateViewSet(viewsets.ReadOnlyModelViewSet):
    """The 11 governorates of Oman, each with its wilayats."""

    permission_classes = (AllowAny,)  # public reference data
    serializer_class = GovernorateSerializer
    lookup_field = "code"
    filter_backends = ()

    def get_queryset(self):
        return selectors.governorates_with_wilayats()


class WilayatFilter(filters.FilterSet):
    governorate = filters.ModelChoiceFilter(
        queryset=Governorate.objects.all(),
        to_field_name="code",
        field_name="governorate",
        help_text=_("ISO 3166-2 code of the governorate, e.g. OM-MA"),
        error_messages={"invalid_choice": _("Unknown governorate code.")},
    )

    class Meta:
        model = Wilayat
        fields = ("governorate",)


@extend_schema_view(list=extend_schema(tags=["geography"]), retrieve=extend_schema(tags=["geography"]))
class WilayatViewSet(viewsets.ReadOnlyModelViewSet):
    """Wilayats, optionally of one governorate (`?governorate=OM-MA`)."""

    permission_classes = (AllowAny,)  # public reference data
    serializer_class = WilayatSerializer
    lookup_field = "code"
    filterset_class = WilayatFilter

    def get_queryset(self):
        return selectors.wilayats()
