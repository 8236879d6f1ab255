"""OpenAPI details drf-spectacular cannot infer: the token scheme keeps its documented name, every
operation documents its problem+json errors, and links carry real identifiers between operations."""

import re

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


CASE_PATH = "/api/v1/cases/{reference}"


def _operations(path_item: dict):
    return [(m, op) for m, op in path_item.items() if m in {"get", "post", "put", "patch", "delete"}]


def case_links(result, generator, request, public):
    """Postprocessing hook: OpenAPI links, so that a client (and schemathesis' stateful phase) carries
    real identifiers from one call to the next: the reference of a case opened (or the first one
    listed) into every case-scoped operation, and the id of a document or custody item created into
    the operations on that item."""
    paths = result.get("paths", {})
    case_scoped = {
        op["operationId"]: path
        for path, item in paths.items()
        if path.startswith(CASE_PATH)
        for _method, op in _operations(item)
        if "operationId" in op
    }

    def add(path: str, method: str, status: str, links: dict) -> None:
        operation = paths.get(path, {}).get(method)
        if operation is None or status not in operation.get("responses", {}):
            return
        operation["responses"][status].setdefault("links", {}).update(links)

    def to_case_operations(expression: str) -> dict:
        return {
            f"{target}_by_reference": {
                "operationId": target,
                "parameters": {"reference": expression},
                "description": "The same case, by the reference just returned.",
            }
            for target, path in case_scoped.items()
            if set(_path_params(path)) == {"reference"}
        }

    add("/api/v1/cases/", "post", "201", to_case_operations("$response.body#/reference"))
    add("/api/v1/cases/", "get", "200", to_case_operations("$response.body#/results/0/reference"))
    for collection, item_param, target_suffix in (
        ("documents", "document_id", "documents/{document_id}/download/"),
        ("custody", "item_id", "custody/{item_id}/return/"),
    ):
        target_path = f"{CASE_PATH}/{target_suffix}"
        target = next((op.get("operationId") for _m, op in _operations(paths.get(target_path, {}))), None)
        if target:
            add(
                f"{CASE_PATH}/{collection}/",
                "post",
                "201",
                {
                    f"{target}_by_id": {
                        "operationId": target,
                        "parameters": {
                            "reference": "$request.path.reference",
                            item_param: "$response.body#/id",
                        },
                        "description": "The item just created.",
                    }
                },
            )
    return result


def _path_params(path: str) -> list[str]:
    return re.findall(r"{(\w+)}", path)
