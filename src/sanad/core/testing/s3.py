"""A real S3 API on a loopback port (moto's server mode), for tests and the CI production stage.

`python -m sanad.core.testing.s3 --port 9010` serves until stopped; `local_s3()` starts one for the
duration of a `with` block and yields its endpoint URL (or raises S3Unavailable)."""

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


class S3Unavailable(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (a loopback URL we built)
                return True
        except urllib.error.HTTPError:
            return True  # it answers, even if with an error
        except OSError:
            time.sleep(0.2)
    return False


@contextlib.contextmanager
def local_s3(port: int | None = None):
    try:
        import moto.server  # noqa: F401
    except ImportError as error:
        raise S3Unavailable(f"moto[server] is not installed: {error}") from error
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "MOTO_PORT": str(port)},
    )
    try:
        if not wait_until_up(url + "/moto-api/"):
            raise S3Unavailable(f"moto's S3 server did not answer on {url}")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def create_bucket(endpoint_url: str, bucket: str, region: str = "us-east-1") -> None:
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=region,
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "testing"),
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "testing"),
    )
    client.create_bucket(Bucket=bucket)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=9010)
    parser.add_argument("--bucket", action="append", default=[], help="create this bucket (repeatable)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop the moto process on the way out
    with local_s3(args.port) as url:
        for bucket in args.bucket:
            create_bucket(url, bucket)
        print(f"S3 (moto) serving at {url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)


if __name__ == "__main__":
    main()
