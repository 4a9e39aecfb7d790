#!/usr/bin/env bash
# Installs what the documented producer/consumer examples need (Debian packages): kcat, python3-confluent-kafka,
# python3-avro. The DocumentedExamplesIT runs them when present and skips when not. Needs root (or sudo).
set -euo pipefail
missing=()
command -v kcat >/dev/null 2>&1 || missing+=(kcat)
/usr/bin/python3 -c 'import confluent_kafka' 2>/dev/null || missing+=(python3-confluent-kafka)
/usr/bin/python3 -c 'import avro' 2>/dev/null || missing+=(python3-avro)
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "example tools present"
  exit 0
fi
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"
echo "installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
