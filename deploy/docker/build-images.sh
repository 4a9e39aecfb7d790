#!/usr/bin/env bash
# Builds the project's images from the jars `./mvnw package` made (run it first):
#   app         emotion-stream:VERSION          deploy/docker/Dockerfile (serve, trainer, retrainer)
#   kafka       emotion-stream/kafka:VERSION    deploy/docker/kafka/Dockerfile (a KRaft broker for compose and tests)
#   prometheus  emotion-stream/prometheus:local deploy/docker/prometheus/Dockerfile (Debian's Prometheus)
# With no names it builds all three. The base is emotion-stream/debian-jre:17-bookworm when that image is present
# (deploy/docker/base-image.sh makes it), otherwise the public Temurin/Debian images the Dockerfiles default to.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VERSION="$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -1)"
LOCAL_BASE="${EMOTION_STREAM_BASE_IMAGE:-emotion-stream/debian-jre:17-bookworm}"
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(app kafka prometheus)

base_args=()
if docker image inspect "$LOCAL_BASE" >/dev/null 2>&1; then
  base_args=(--build-arg "RUNTIME_IMAGE=$LOCAL_BASE" --build-arg "BUILD_IMAGE=$LOCAL_BASE" --build-arg "BASE_IMAGE=$LOCAL_BASE")
  echo "base image: $LOCAL_BASE"
fi

build() { # tag dockerfile [extra args]
  local tag="$1" file="$2"
  shift 2
  echo "building $tag"
  local started=$SECONDS
  docker build --quiet "${base_args[@]}" "$@" -f "$ROOT/$file" -t "$tag" "$ROOT" >/dev/null
  echo "built $tag in $((SECONDS - started)) s"
}

for target in "${targets[@]}"; do
  case "$target" in
    app) build "emotion-stream:$VERSION" deploy/docker/Dockerfile --build-arg PREBUILT=true ;;
    kafka) build "emotion-stream/kafka:$VERSION" deploy/docker/kafka/Dockerfile ;;
    prometheus) build "emotion-stream/prometheus:local" deploy/docker/prometheus/Dockerfile ;;
    *) echo "unknown image '$target' (app, kafka, prometheus)" >&2; exit 2 ;;
  esac
done
