#!/bin/sh
# Loads Sluice's Kibana saved objects (data views for orders, customers and products, and the freshness
# dashboard) once Kibana answers. Idempotent: objects keep fixed ids and are overwritten on every run.
# POSIX sh + curl only, so it runs in a tiny one-shot container (e.g. curlimages/curl) or on a host.
#   KIBANA_URL      where Kibana listens (default http://kibana:5601, the Compose service name)
#   KIBANA_WAIT_S   how long to wait for Kibana to become available (default 300)
set -eu

KIBANA_URL="${KIBANA_URL:-http://kibana:5601}"
KIBANA_WAIT_S="${KIBANA_WAIT_S:-300}"
DIR="$(cd "$(dirname "$0")" && pwd)"
FILE="$DIR/saved-objects.ndjson"

# /api/status answers 503 until every core service is available: poll it (Kibana takes a minute to start).
waited=0
until curl -fsS -o /dev/null "$KIBANA_URL/api/status"; do
  if [ "$waited" -ge "$KIBANA_WAIT_S" ]; then
    echo "kibana-load: Kibana at $KIBANA_URL not available after ${KIBANA_WAIT_S}s" >&2
    exit 1
  fi
  sleep 3
  waited=$((waited + 3))
done

response="$(curl -sS -X POST "$KIBANA_URL/api/saved_objects/_import?overwrite=true" \
  -H 'kbn-xsrf: sluice' --form "file=@$FILE")"

case "$response" in
  *'"success":true'*) echo "kibana-load: imported $(grep -c . "$FILE") saved objects into $KIBANA_URL" ;;
  *) echo "kibana-load: import failed: $response" >&2; exit 1 ;;
esac
