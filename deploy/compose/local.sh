#!/usr/bin/env bash
# Runs deploy/compose on this machine with the images built here (no public registry needed):
#   deploy/compose/local.sh up      build the images (deploy/docker/build-images.sh), start everything, wait until
#                                   the broker and both stream-app replicas are healthy and the trainer has published
#   deploy/compose/local.sh port N  the host address of stream-app replica N's metrics port (1 or 2)
#   deploy/compose/local.sh down    stop and remove the containers, network and volumes
# up and down print the log of any stream-app replica that was restarted (compose restarts one that stops).
#   deploy/compose/local.sh ps|logs [...]   docker-compose's own
# Kafka is on 127.0.0.1:$EMOTION_STREAM_KAFKA_HOST_PORT (default 19092) for producers and consumers outside compose.
# The project name is $EMOTION_STREAM_COMPOSE_PROJECT (default emotion-stream-local); no top-level `name:` in the
# compose file, so Debian's docker-compose 1.29 and Compose v2 both run it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VERSION="$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -1)"
export EMOTION_STREAM_IMAGE="${EMOTION_STREAM_IMAGE:-emotion-stream:$VERSION}"
export EMOTION_STREAM_KAFKA_IMAGE="${EMOTION_STREAM_KAFKA_IMAGE:-emotion-stream/kafka:$VERSION}"
export EMOTION_STREAM_KAFKA_HOST_PORT="${EMOTION_STREAM_KAFKA_HOST_PORT:-19092}"
PROJECT="${EMOTION_STREAM_COMPOSE_PROJECT:-emotion-stream-local}"
WAIT_SECONDS="${EMOTION_STREAM_COMPOSE_WAIT:-600}"

if command -v docker-compose >/dev/null 2>&1; then COMPOSE=(docker-compose); else COMPOSE=(docker compose); fi
compose() {
  "${COMPOSE[@]}" -p "$PROJECT" -f "$ROOT/deploy/compose/docker-compose.yml" \
    -f "$ROOT/deploy/compose/docker-compose.local.yml" "$@"
}

health() { # container -> healthy|unhealthy|starting|none
  docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$1" 2>/dev/null || echo gone
}

exit_code() { # container -> its exit code once it has stopped, empty while it runs
  docker inspect --format '{{if not .State.Running}}{{.State.ExitCode}}{{end}}' "$1"
}

report_restarts() { # a replica that stopped and was restarted: its log up to now, so the reason is not lost
  local app restarts
  for app in "$@"; do
    restarts="$(docker inspect --format '{{.RestartCount}}' "$app")"
    if [[ "$restarts" != 0 ]]; then
      echo "WARNING: stream-app container $app was restarted $restarts time(s); its log:" >&2
      docker logs --tail=200 "$app" >&2
    fi
  done
}

wait_until_up() {
  local deadline=$((SECONDS + WAIT_SECONDS)) trainer kafka apps code
  while ((SECONDS < deadline)); do
    trainer="$(compose ps -q trainer)"
    kafka="$(compose ps -q kafka)"
    mapfile -t apps < <(compose ps -q stream-app)
    code="$(exit_code "$trainer")"
    if [[ -n "$code" && "$code" != 0 ]]; then
      compose logs --tail=40 trainer >&2
      echo "the trainer failed (exit $code)" >&2
      return 1
    fi
    local healthy=0
    for app in "${apps[@]}"; do
      [[ "$(health "$app")" == healthy ]] && healthy=$((healthy + 1))
    done
    if [[ "$code" == 0 && "$(health "$kafka")" == healthy && $healthy -eq ${#apps[@]} && $healthy -gt 0 ]]; then
      echo "up in $SECONDS s: broker healthy, trainer published, $healthy stream-app replica(s) healthy"
      report_restarts "${apps[@]}"
      return 0
    fi
    sleep 5
  done
  compose ps >&2
  report_restarts "${apps[@]}"
  echo "not up within $WAIT_SECONDS s" >&2
  return 1
}

case "${1:-}" in
  up)
    [[ "${EMOTION_STREAM_SKIP_IMAGE_BUILD:-}" == true ]] || "$ROOT/deploy/docker/build-images.sh" app kafka prometheus
    compose up -d
    wait_until_up
    ;;
  port)
    compose port --index="${2:?replica number}" stream-app 9464
    ;;
  down)
    mapfile -t apps < <(compose ps -q stream-app)
    [[ ${#apps[@]} -eq 0 ]] || report_restarts "${apps[@]}"
    compose down --volumes --remove-orphans
    ;;
  ps|logs)
    compose "$@"
    ;;
  *)
    echo "usage: deploy/compose/local.sh up|port N|down|ps|logs" >&2
    exit 2
    ;;
esac
