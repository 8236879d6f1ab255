"""A smoke journey through a running Sanad, over HTTP only (standard library): a clerk logs in,
opens a walk-in case, starts it, attaches the required document, takes cash, submits it to the
institution, attaches the outcome and completes it; then the receipt PDF, the document read back,
and public tracking. Exits non-zero at the first step that does not answer as it should.

    python tools/smoke_journey.py --base http://127.0.0.1:8765 --username smoke-clerk --password … \
        --centre 1 --service ROP-DL-RENEW

Behind a TLS-terminating proxy (production redirects plain HTTP) pass --https-proxy-header, which
sends `X-Forwarded-Proto: https` as that proxy would."""

import argparse
import json
import sys
import time
import urllib.error
import urllib.request
import uuid

# Minimal files recognised by their content (the document checks look at bytes, not names).
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DL_FORM = {
    "civil_number": "87654321",
    "licence_number": "123456",
    "licence_class": "light",
    "renewal_years": "10",
    "blood_group": "o_pos",
    "mobile_number": "91234567",
}
CITIZEN = {"id_number": "87654321", "mobile": "+96891234567", "full_name_ar": "مواطن الفحص"}


class StepFailed(Exception):
    pass


class Client:
    def __init__(self, base: str, https_header: bool):
        self.base = base.rstrip("/")
        self.headers = {"Accept-Language": "en"}
        if https_header:
            self.headers["X-Forwarded-Proto"] = "https"

    def call(self, method, path, *, body=None, content_type=None, accept="application/json", expect=(200,)):
        headers = {**self.headers, "Accept": accept}
        data = None
        if body is not None and content_type is None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        elif body is not None:
            data, headers["Content-Type"] = body, content_type
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, payload, kind = response.status, response.read(), response.headers["Content-Type"]
        except urllib.error.HTTPError as error:
            status, payload, kind = error.code, error.read(), error.headers.get("Content-Type", "")
        if status not in expect:
            raise StepFailed(f"{method} {path} answered {status}: {payload[:500]!r}")
        if kind and "json" in kind:
            return json.loads(payload)
        return payload

    def upload(self, path, *, content: bytes, filename: str, fields: dict):
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            )
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.call(
            "POST",
            path,
            body=b"".join(parts),
            content_type=f"multipart/form-data; boundary={boundary}",
            expect=(201,),
        )


def journey(client: Client, *, username, password, centre, service, government_fee) -> dict:
    def step(name, func):
        started = time.monotonic()
        result = func()
        print(f"  ok  {name} ({(time.monotonic() - started) * 1000:.0f} ms)", flush=True)
        return result

    step("health", lambda: client.call("GET", "/readyz"))
    token = step(
        "clerk token",
        lambda: client.call("POST", "/api/v1/auth/token/", body={"username": username, "password": password}),
    )["token"]
    client.headers["Authorization"] = f"Token {token}"
    case = step(
        "open a walk-in case",
        lambda: client.call(
            "POST",
            "/api/v1/cases/",
            body={
                "centre": centre,
                "service": service,
                "channel": "walk_in",
                "form_data": DL_FORM,
                "citizen": CITIZEN,
                "government_fee": government_fee,
            },
            expect=(201,),
        ),
    )
    ref = case["reference"]
    cases = f"/api/v1/cases/{ref}"

    def act(action, **extra):
        return client.call("POST", f"{cases}/transitions/", body={"action": action, **extra})

    step("start", lambda: act("start"))
    document = step(
        "attach the eye test (private storage)",
        lambda: client.upload(
            f"{cases}/documents/",
            content=PDF,
            filename="eye-test.pdf",
            fields={"document_type": "eye_test_certificate"},
        ),
    )
    payment = step(
        "take cash",
        lambda: client.call(
            "POST",
            f"{cases}/payments/",
            body={"method": "cash", "amount": case["fee"]["total"]},
            expect=(201,),
        ),
    )
    if payment["state"] != "succeeded" or not payment["receipt"]:
        raise StepFailed(f"cash payment did not succeed with a receipt: {payment}")
    step("submit to the institution", lambda: act("submit_to_institution", institution_reference="SMOKE-1"))
    step(
        "attach the outcome",
        lambda: client.upload(
            f"{cases}/documents/", content=PDF, filename="licence.pdf", fields={"role": "outcome"}
        ),
    )
    done = step("complete", lambda: act("complete"))
    if done["state"] != "completed":
        raise StepFailed(f"the case is {done['state']}, not completed")
    pdf = step(
        "receipt PDF",
        lambda: client.call("GET", f"/api/v1/receipts/{payment['receipt']}/", accept="application/pdf"),
    )
    if not pdf.startswith(b"%PDF"):
        raise StepFailed("the receipt is not a PDF")
    back = step(
        "read the document back",
        lambda: client.call("GET", f"{cases}/documents/{document['id']}/download/", accept="*/*"),
    )
    if back != PDF:
        raise StepFailed("the document read back differs from the one uploaded")
    del client.headers["Authorization"]
    tracked = step(
        "public tracking",
        lambda: client.call(
            "POST",
            "/api/v1/public/track/",
            body={"reference": ref, "civil_suffix": CITIZEN["id_number"][-4:]},
        ),
    )
    if tracked["state"] != "completed":
        raise StepFailed(f"tracking shows {tracked['state']}, not completed")
    step("product 404 page", lambda: client.call("GET", "/no-such-page/", accept="text/html", expect=(404,)))
    return {"reference": ref, "receipt": payment["receipt"], "receipt_pdf_bytes": len(pdf)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8765")
    parser.add_argument("--username", default="smoke-clerk")
    parser.add_argument("--password", required=True)
    parser.add_argument("--centre", type=int, required=True)
    parser.add_argument("--service", default="ROP-DL-RENEW")
    parser.add_argument(
        "--government-fee", type=int, default=10000, help="baisa, for a service whose fee is a range"
    )
    parser.add_argument("--https-proxy-header", action="store_true")
    args = parser.parse_args()
    client = Client(args.base, args.https_proxy_header)
    print(f"Smoke journey against {args.base}")
    try:
        result = journey(
            client,
            username=args.username,
            password=args.password,
            centre=args.centre,
            service=args.service,
            government_fee=args.government_fee,
        )
    except (StepFailed, OSError) as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1
    print(f"Smoke journey passed: {json.dumps(result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
