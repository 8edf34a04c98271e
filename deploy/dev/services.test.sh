#!/usr/bin/env bash
# Quick self-check of deploy/dev/services: lints the script, runs `up` (idempotent), then checks that
# every service answers with the credentials in .data/dev.env. Leaves the services running.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
svc="$here/services"
fail() { echo "services.test: FAIL: $*" >&2; exit 1; }

bash -n "$svc" || fail "bash -n"
if command -v shellcheck >/dev/null; then shellcheck "$svc" "${BASH_SOURCE[0]}" || fail shellcheck; fi
"$svc" up >/dev/null
out="$("$svc" up)"
[[ "$out" == *"already running"* ]] || fail "second up did not detect running services"
"$svc" status >/dev/null || fail "status reports a stopped service"

env_file="$(dirname "$(dirname "$here")")/.data/dev.env"
for k in DATABASE_URL REDIS_URL LIVEKIT_URL LIVEKIT_API_KEY LIVEKIT_API_SECRET S3_ENDPOINT S3_ACCESS_KEY \
  S3_SECRET_KEY S3_BUCKET S3_REGION PARLEY_WEB_PORT ORIGIN SMTP_URL MAIL_SECRET MAILPIT_URL; do
  grep -q "^$k=." "$env_file" || fail "$k missing from $env_file"
done
set -a
# shellcheck disable=SC1090
source "$env_file"
set +a

[[ "$(psql "$DATABASE_URL" -XAtc 'select 1')" == 1 ]] || fail postgres
redis_port="${REDIS_URL##*:}"
[[ "$(redis-cli -h 127.0.0.1 -p "$redis_port" ping)" == PONG ]] || fail redis
lk_http="http${LIVEKIT_URL#ws}"
[[ "$(curl -fsS "$lk_http/")" == OK ]] || fail livekit
curl -fsS -o /dev/null "$S3_ENDPOINT/minio/health/live" || fail "minio health"
code="$(curl -sS -o /dev/null -w '%{http_code}' -I --aws-sigv4 "aws:amz:$S3_REGION:s3" \
  --user "$S3_ACCESS_KEY:$S3_SECRET_KEY" "$S3_ENDPOINT/$S3_BUCKET")"
[[ "$code" == 200 ]] || fail "bucket $S3_BUCKET (HTTP $code)"
curl -fsS -o /dev/null "$MAILPIT_URL/api/v1/info" || fail mailpit
echo "services.test: ok"
