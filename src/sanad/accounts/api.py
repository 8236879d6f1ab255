"""API adapters for accounts: token login and 'who am I'."""

from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sanad.core.errors import NotAuthenticated

from .models import User


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"}, trim_whitespace=False)
    otp = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text=(
            "The current six-digit code of the account's authenticator app, or one of its recovery "
            "codes. Required for regulator, institution officer and administrator accounts "
            "(two-factor; set up on the web at the first sign-in)."
        ),
    )


class SecondFactorRequired(NotAuthenticated):
    code = "otp_required"


class SecondFactorWrong(NotAuthenticated):
    code = "otp_invalid"


class SecondFactorNotSetUp(NotAuthenticated):
    code = "otp_not_set_up"


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
        self._second_factor(request, user, data.validated_data["otp"])
        _instance, token = AuthToken.objects.create(user=user)
        return Response({"token": token}, status=status.HTTP_200_OK)

    @staticmethod
    def _second_factor(request, user, code: str) -> None:
        """Accounts with two-factor sign-in give their code in the same call (401 otherwise; a wrong
        code counts towards the lockout like a wrong password)."""
        from . import twofactor

        if not twofactor.needs_second_factor(user):
            return
        if not twofactor.is_enrolled(user):
            raise SecondFactorNotSetUp(
                _(
                    "This account signs in with two-factor. Sign in on the web once to set up the authenticator app."
                ),
                errors={"otp": [_("Two-factor sign-in is not set up for this account yet.")]},
            )
        if not code.strip():
            raise SecondFactorRequired(
                _(
                    "This account signs in with two-factor: send the code from the authenticator app as “otp”."
                ),
                errors={"otp": [_("Enter the code.")]},
            )
        if twofactor.code_verify(user=user, code=code, request=request._request) is None:
            if twofactor.is_locked_out(request._request, user):
                raise Throttled(
                    wait=int(settings.AXES_COOLOFF_TIME.total_seconds()),
                    detail=_("Too many wrong passwords for this account. Try again later."),
                )
            raise SecondFactorWrong(
                _("The code is not correct, or it has already been used."),
                errors={"otp": [_("The code is not correct, or it has already been used.")]},
            )


class MeCentreSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name_ar = serializers.CharField()
    name_en = serializers.CharField()


class MeInstitutionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_ar = serializers.CharField()
    name_en = serializers.CharField()


class MeSerializer(serializers.ModelSerializer):
    centre = serializers.SerializerMethodField(help_text="the centre a staff member works at")
    institution = serializers.SerializerMethodField(help_text="the institution an officer belongs to")
    email = serializers.CharField(read_only=True, help_text="may be empty")

    class Meta:
        model = User
        fields = (
            "username",
            "role",
            "full_name_ar",
            "full_name_en",
            "email",
            "mobile",
            "preferred_language",
            "centre",
            "institution",
        )
        read_only_fields = fields

    @extend_schema_field(MeCentreSerializer(allow_null=True))
    def get_centre(self, user):
        from sanad.cases.selectors import staff_centre_id
        from sanad.centres.models import Centre

        centre = Centre.objects.filter(pk=staff_centre_id(user)).first()
        return {"id": centre.pk, "name_ar": centre.name_ar, "name_en": centre.name_en} if centre else None

    @extend_schema_field(MeInstitutionSerializer(allow_null=True))
    def get_institution(self, user):
        from sanad.catalogue.selectors import institution_of

        found = institution_of(user)
        return {"code": found.code, "name_ar": found.name_ar, "name_en": found.name_en} if found else None


class MeView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(responses=MeSerializer, tags=["auth"])
    def get(self, request):
        return Response(MeSerializer(request.user).data)
