#!/usr/bin/env bash
# Produce raw image files (no Avro) to emotion-stream with kcat: one file = one message, metadata in headers.
#   examples/kcat-produce.sh face.png [more files...]
# Environment: BOOTSTRAP (default 127.0.0.1:9092), TOPIC (default emotion.images), SOURCE, LABEL, GROUP_* variables
# (GROUP_ethnicity=east_asian becomes header group.ethnicity). Needs Debian's kcat.
set -euo pipefail
BOOTSTRAP="${BOOTSTRAP:-127.0.0.1:9092}"
TOPIC="${TOPIC:-emotion.images}"
for file in "$@"; do
  id="kcat-$(basename "$file")"
  headers=(-H "event-id=$id" -H "source=${SOURCE:-kcat}")
  [[ -n "${LABEL:-}" ]] && headers+=(-H "label=$LABEL")
  while IFS='=' read -r name value; do
    headers+=(-H "group.${name#GROUP_}=$value")
  done < <(env | grep '^GROUP_' || true)
  kcat -P -b "$BOOTSTRAP" -t "$TOPIC" -k "$id" "${headers[@]}" "$file"
done
echo "sent $# files to $TOPIC"
