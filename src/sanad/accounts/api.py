"""API adapters for accounts: token login and 'who am I'."""

from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import User


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"}, trim_whitespace=False)


class TokenView(APIView):
    """Exchange a username and password for an API token (`Authorization: Token <token>`)."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_scope = "auth"

    def get_authenticate_header(self, request):
        return 'Token realm="api"'  # bad credentials are a 401, not a 403

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
        auth=[],
        tags=["auth"],
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user = authenticate(
                request._request,
                username=data.validated_data["username"],
                password=data.validated_data["password"],
            )
        except AxesBackendPermissionDenied:
            raise Throttled(
                wait=int(settings.AXES_COOLOFF_TIME.total_seconds()),
                detail=_("Too many wrong passwords for this account. Try again later."),
            ) from None
        if user is None or not user.is_active:
            # Same answer whether or not the user exists.
            raise AuthenticationFailed(_("The username or password is not correct."))
        _instance, token = AuthToken.objects.create(user=user)
        return Response({"token": token}, status=status.HTTP_200_OK)


class MeSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ("username", "role", "full_name_ar", "full_name_en", "email", "mobile", "preferred_language")
        read_only_fields = fields


class MeView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(responses=MeSerializer, tags=["auth"])
    def get(self, request):
        return Response(MeSerializer(request.user).data)
