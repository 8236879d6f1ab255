"""Production refuses to start with DEBUG on, the demo secret key, or demo data loaded."""

import os
import subprocess
import sys

import pytest

GOOD_KEY = "k" * 30 + "-production-secret-for-tests-only-0123456789"
SECRETS_KEYS = "c2FuYWQtdGVzdC1vbmx5LXNlY3JldHMta2V5LTMyYiE="  # a Fernet key (32 bytes, base64)


def run_python(args: list[str], env: dict, tmp_path):
    """Run a fresh process on its own SQLite database in tmp_path, with `env` on top."""
    full_env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"DATABASE_URL", "DEBUG", "SECRET_KEY", "SANAD_ENV", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    full_env.update({"SANAD_VAR_DIR": str(tmp_path), "ALLOWED_HOSTS": "sanad.example.om"})
    full_env.update(env)
    return subprocess.run([sys.executable, *args], env=full_env, capture_output=True, text=True, timeout=900)


def sanad(*args, env: dict, tmp_path):
    return run_python(["-m", "sanad.cli", *args], env, tmp_path)


def test_production_refuses_debug(tmp_path):
    result = sanad(
        "check", env={"SANAD_ENV": "production", "DEBUG": "1", "SECRET_KEY": GOOD_KEY}, tmp_path=tmp_path
    )
    assert result.returncode != 0
    assert "DEBUG is on in production" in result.stderr


@pytest.mark.parametrize("key", [None, "sanad-development-only-not-secret-0d4f6c1e9b", "short"])
def test_production_refuses_the_demo_or_a_weak_secret_key(tmp_path, key):
    env = {"SANAD_ENV": "production", "DEBUG": "0"}
    if key:
        env["SECRET_KEY"] = key
    result = sanad("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_the_keys_that_encrypt_connector_secrets(tmp_path):
    result = sanad(
        "check", env={"SANAD_ENV": "production", "DEBUG": "0", "SECRET_KEY": GOOD_KEY}, tmp_path=tmp_path
    )
    assert result.returncode != 0
    assert "SANAD_SECRETS_KEYS" in result.stderr


def test_production_passes_check_deploy_and_refuses_demo_data(tmp_path):
    production = {
        "SANAD_ENV": "production",
        "DEBUG": "0",
        "SECRET_KEY": GOOD_KEY,
        "SANAD_SECRETS_KEYS": SECRETS_KEYS,
    }
    assert sanad("migrate", "--no-input", env=production, tmp_path=tmp_path).returncode == 0
    deploy = sanad("check", "--deploy", "--fail-level", "WARNING", env=production, tmp_path=tmp_path)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr

    refused = sanad("seed_demo", "--no-progress", env=production, tmp_path=tmp_path)
    assert refused.returncode != 0
    assert "never loaded in production" in refused.stderr

    # Demo data loaded by a development process into the same database...
    assert sanad("seed_demo", "--no-progress", env={}, tmp_path=tmp_path).returncode == 0
    # ...makes production refuse to start.
    deploy = sanad("check", "--deploy", env=production, tmp_path=tmp_path)
    assert deploy.returncode != 0
    assert "sanad.E001" in deploy.stderr
    wsgi = run_python(["-c", "import sanad.wsgi"], production, tmp_path)
    assert wsgi.returncode != 0
    assert "demo data is loaded" in wsgi.stderr
