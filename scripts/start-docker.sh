#!/usr/bin/env bash
# Makes a Docker engine answer on this machine for the container tests (ComposeIT, the Testcontainers runs of the
# crash and release tests): installs Debian's docker.io, docker-compose and mmdebstrap when missing, starts dockerd
# in the background when no daemon answers (machines without systemd), then bootstraps the local base image
# (deploy/docker/base-image.sh) so no public registry is needed. Needs root (or sudo). Exits non-zero when no
# engine answers; the container tests then skip.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  log="${TMPDIR:-/tmp}/emotion-stream-dockerd.log"
  echo "starting dockerd in the background (log: $log)"
  $SUDO bash -c "nohup dockerd >'$log' 2>&1 &"
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
fi
docker info --format 'docker engine {{.ServerVersion}}, storage {{.Driver}}'
"$ROOT/deploy/docker/base-image.sh"
