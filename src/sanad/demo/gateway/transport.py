"""How the gateway reaches Sanad's callback endpoint: a plain HTTP POST. Tests replace `post`."""

import urllib.error
import urllib.request


def post(url: str, body: bytes, headers: dict) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 (configured URL)
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
