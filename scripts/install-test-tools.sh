#!/usr/bin/env bash
# Installs the Debian packages some integration tests use, which skip when they are absent: kcat,
# python3-confluent-kafka and python3-avro (DocumentedExamplesIT runs the documented producer/consumer examples),
# prometheus with promtool (PrometheusValidationIT checks every dashboard query and rule against a real
# Prometheus). Needs root (or sudo).
set -euo pipefail
missing=()
command -v kcat >/dev/null 2>&1 || missing+=(kcat)
/usr/bin/python3 -c 'import confluent_kafka' 2>/dev/null || missing+=(python3-confluent-kafka)
/usr/bin/python3 -c 'import avro' 2>/dev/null || missing+=(python3-avro)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "test tools present"
  exit 0
fi
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"
echo "installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
