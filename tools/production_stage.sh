#!/usr/bin/env bash
# The production process set, started exactly as README's "Running in production" section says
# (SANAD_ENV=production on PostgreSQL, Redis and an S3 bucket; gunicorn, a Celery worker and beat),
# then a smoke journey through it over HTTP (tools/smoke_journey.py), then everything stopped.
# .ci/run calls it after the test runs. The S3 API is moto's server on a loopback port, the database
# a fresh one (its schema is emptied first). Bounded: about a minute and a half.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"

PG_SERVER=${SMOKE_PG_SERVER:-postgres://postgres@127.0.0.1:5432}
SMOKE_DB=${SMOKE_DB:-sanad_smoke}
SMOKE_REDIS_URL=${SMOKE_REDIS_URL:-redis://127.0.0.1:6379/3}
PORT=${SMOKE_WEB_PORT:-8765}
S3_PORT=${SMOKE_S3_PORT:-9010}
RUN_DIR=$(mktemp -d /tmp/sanad-production.XXXXXX)
PIDS=()

stop_all() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
fail() {
  echo "production stage FAILED: $*" >&2
  for log in "$RUN_DIR"/*.log; do echo "---- $log (last lines)"; tail -n 30 "$log"; done >&2
  exit 1
}
trap stop_all EXIT
wait_for() {  # wait_for SECONDS COMMAND…
  local seconds=$1; shift
  for _ in $(seq "$((seconds * 2))"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  return 1
}

echo "-- a fresh database ($SMOKE_DB) and an S3 bucket on a local S3 API (port $S3_PORT)"
psql "$PG_SERVER/postgres" -qtc "SELECT 1 FROM pg_database WHERE datname='$SMOKE_DB'" | grep -q 1 \
  || psql "$PG_SERVER/postgres" -qc "CREATE DATABASE $SMOKE_DB"
psql "$PG_SERVER/$SMOKE_DB" -qc "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" 2>/dev/null
python -m sanad.core.testing.s3 --port "$S3_PORT" --bucket sanad-private >"$RUN_DIR/s3.log" 2>&1 &
PIDS+=($!)
wait_for 60 grep -q "serving at" "$RUN_DIR/s3.log" || fail "the local S3 server did not start"

# ---- README "Running in production": the same commands, with this stage's values ---------------
export SANAD_ENV=production DEBUG=0
SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(64))')
export SECRET_KEY
SANAD_SECRETS_KEYS=$(python -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())')
export SANAD_SECRETS_KEYS
export DATABASE_URL="$PG_SERVER/$SMOKE_DB" REDIS_URL="$SMOKE_REDIS_URL"
export ALLOWED_HOSTS=127.0.0.1,localhost CSRF_TRUSTED_ORIGINS=https://127.0.0.1
export SANAD_S3_BUCKET=sanad-private SANAD_S3_ENDPOINT_URL="http://127.0.0.1:$S3_PORT" SANAD_S3_REGION=us-east-1
export AWS_ACCESS_KEY_ID=smoke AWS_SECRET_ACCESS_KEY=smoke-secret
export SANAD_VAR_DIR="$RUN_DIR/var" SANAD_PUBLIC_URL="http://127.0.0.1:$PORT"

sanad migrate --no-input >"$RUN_DIR/migrate.log"
sanad collectstatic --no-input --verbosity 0
sanad check --deploy
gunicorn sanad.wsgi --bind "127.0.0.1:$PORT" --workers 3 --timeout 60 --no-control-socket >"$RUN_DIR/web.log" 2>&1 &
PIDS+=($!)
celery --app sanad worker --loglevel INFO --concurrency 2 >"$RUN_DIR/worker.log" 2>&1 &
PIDS+=($!)
celery --app sanad beat --loglevel INFO --schedule "$SANAD_VAR_DIR/celerybeat-schedule" >"$RUN_DIR/beat.log" 2>&1 &
PIDS+=($!)
# ---- end of the README block ----------------------------------------------------------------------

wait_for 60 curl -fsS "http://127.0.0.1:$PORT/healthz" || fail "gunicorn did not answer /healthz"
wait_for 60 grep -q "ready" "$RUN_DIR/worker.log" || fail "the Celery worker did not become ready"

echo "-- a minimal network (no demo data in production): one centre, one service, one clerk"
SMOKE_PASSWORD=$(python -c 'import secrets; print(secrets.token_urlsafe(18))')
seeded=$(sanad bootstrap_smoke --username smoke-clerk --password "$SMOKE_PASSWORD")
centre=$(python -c 'import json,sys; print(json.loads(sys.argv[1])["centre"])' "$seeded")

echo "-- the smoke journey over HTTP"
python tools/smoke_journey.py --base "http://127.0.0.1:$PORT" --username smoke-clerk \
  --password "$SMOKE_PASSWORD" --centre "$centre" --https-proxy-header || fail "the smoke journey"

echo "-- the documents are in the bucket, not on this machine's disk"
python - <<'PY' || fail "documents not found in the S3 bucket"
import os, sys, boto3
bucket = boto3.resource("s3", endpoint_url=os.environ["SANAD_S3_ENDPOINT_URL"], region_name="us-east-1").Bucket("sanad-private")
keys = [o.key for o in bucket.objects.all()]
print(f"  {len(keys)} objects in s3://sanad-private: {keys}")
local = os.path.join(os.environ["SANAD_VAR_DIR"], "private")
sys.exit(0 if len(keys) == 2 and not os.path.exists(local) else 1)
PY

echo "-- the worker delivers the outbox; beat schedules its tasks"
outbox_drained() {
  sanad shell -c "from sanad.outbox.models import OutboxMessage as M; import sys; \
sys.exit(0 if M.objects.filter(status='delivered').exists() and not M.objects.exclude(status='delivered').exists() else 1)"
}
wait_for 60 outbox_drained || fail "the outbox was not delivered by the worker"
wait_for 90 grep -q "Sending due task" "$RUN_DIR/beat.log" || fail "beat sent no task"
echo "  outbox delivered; beat: $(grep -m1 -o 'Sending due task.*' "$RUN_DIR/beat.log")"

stop_all
trap - EXIT
psql "$PG_SERVER/$SMOKE_DB" -qc "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" 2>/dev/null || true
rm -rf "$RUN_DIR"
echo "production stage passed"
