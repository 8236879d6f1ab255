"""OpenAPI details drf-spectacular cannot infer: the token scheme keeps its documented name."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ExpiringTokenScheme(OpenApiAuthenticationExtension):
    target_class = "sanad.api.auth.TokenAuthentication"
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


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details; `errors` maps fields to their messages.",
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
        "current_state": {"type": "string"},
    },
    "required": ["type", "title", "status", "detail"],
    "additionalProperties": True,
}
ERRORS = {
    "400": "Malformed request (bad JSON, out-of-range number, bad filter).",
    "401": "Authentication required or token not valid (or expired).",
    "403": "Visible to the caller, but not theirs to do.",
    "404": "Not found, or not visible to the caller.",
    "405": "Method not allowed.",
    "406": "Not acceptable.",
    "409": "Conflicts with the current state.",
    "413": "Request body too large.",
    "415": "Unsupported media type.",
    "422": "Invalid input (field errors in `errors`).",
    "429": "Too many requests.",
    "500": "Server error (logged).",
    "503": "A dependency (payment gateway) is unavailable.",
}


def problem_responses(result, generator, request, public):
    """Postprocessing hook: every operation documents its errors as problem+json (one shared
    response per status, referenced from each operation)."""
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    shared = components.setdefault("responses", {})
    for code, description in ERRORS.items():
        shared[f"Problem{code}"] = {
            "description": description,
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code in ERRORS:
                if code not in responses or "content" not in responses[code]:
                    responses[code] = {"$ref": f"#/components/responses/Problem{code}"}
    return result
