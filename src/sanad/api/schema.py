"""OpenAPI details drf-spectacular cannot infer: the token scheme keeps its documented name."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ExpiringTokenScheme(OpenApiAuthenticationExtension):
    target_class = "knox.auth.TokenAuthentication"
    name = "tokenAuth"
    priority = 1

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                'Token-based authentication with required prefix "Token" '
                "(from POST /api/v1/auth/token/; tokens expire, then sign in again)"
            ),
        }
