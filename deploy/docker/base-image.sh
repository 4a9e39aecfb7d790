#!/usr/bin/env bash
# Bootstraps the local base image emotion-stream/debian-jre:17-bookworm (Debian bookworm, openjdk-17-jre-headless,
# libgomp1 for ND4J, passwd for useradd) with mmdebstrap from Debian's package mirror, then `docker import`s it:
# the base of the project's images on a machine that reaches Debian's mirror but no image registry. ~1 min; the
# tarball is cached in ~/.cache/emotion-stream/images and an image already present is kept.
set -euo pipefail
IMAGE="${EMOTION_STREAM_BASE_IMAGE:-emotion-stream/debian-jre:17-bookworm}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/emotion-stream/images"
TARBALL="$CACHE/debian-bookworm-jre17.tar"

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "base image $IMAGE present"
  exit 0
fi
if [[ ! -s "$TARBALL" ]]; then
  command -v mmdebstrap >/dev/null || { echo "mmdebstrap is needed (apt-get install mmdebstrap)" >&2; exit 1; }
  mkdir -p "$CACHE"
  echo "bootstrapping Debian bookworm with openjdk-17-jre-headless into $TARBALL"
  # Man pages and docs are left out; the JRE's post-install script still wants /usr/share/man/man1 to exist,
  # so an essential hook makes it before any package is configured.
  # --format=tar: the ".part" name would otherwise make mmdebstrap write a directory.
  mmdebstrap --quiet --variant=apt --format=tar --include=openjdk-17-jre-headless,libgomp1,passwd \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
    bookworm "$TARBALL.part" "$MIRROR"
  mv "$TARBALL.part" "$TARBALL"
fi
docker import --change 'ENV LANG=C.UTF-8' --change 'CMD ["bash"]' "$TARBALL" "$IMAGE" >/dev/null
echo "base image $IMAGE imported from $TARBALL"
