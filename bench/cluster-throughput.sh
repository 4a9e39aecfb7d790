#!/usr/bin/env bash
# One in-process app (two stream threads, no monitor) working off 3,000 waiting events on a cluster of 1 or 3 nodes
# (each node a process: testkit's KafkaCluster, RF 3 and min ISR 2 with 3 nodes), at two commit intervals, beside the
# PyTorch reference's model-only rate measured first in the same sitting (docs/benchmarks.md, "A three-node cluster").
#   bench/cluster-throughput.sh
# Rates include the app's start-up and the reader's 2 s grace: compare them with each other and as ratios.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REFERENCE="${PYTORCH_REFERENCE:-$ROOT/../shared/bench/pytorch_reference.py}"
DATA="${BENCH_DATA:-$ROOT/../shared/datasets}"
OUT="$ROOT/reports/bench"
mkdir -p "$OUT"
rm -f "$OUT/cluster-throughput.jsonl"
if /usr/bin/python3 -c 'import torch' 2>/dev/null && [[ -f "$REFERENCE" ]]; then
  echo "== PyTorch reference (1 epoch, 2 threads)" >&2
  /usr/bin/python3 "$REFERENCE" --data "$DATA" --epochs 1 --threads 2 > "$OUT/pytorch-cluster.json"
fi
(cd "$ROOT" && ./mvnw -B -q install -DskipTests > "$OUT/cluster-build.log")
for config in "3 100" "3 1000" "1 100"; do
  set -- $config
  echo "== $1 node(s), commit.interval.ms=$2" >&2
  (cd "$ROOT" && ./mvnw -B -q verify -pl stream-app -Dit.test=ClusterThroughputBench -Dtest=NONE \
     -Dsurefire.failIfNoSpecifiedTests=false -Dbench.nodes="$1" -Dbench.commit.ms="$2" 2>&1) \
     | sed -n 's/.*CLUSTER-BENCH //p' >> "$OUT/cluster-throughput.jsonl"
done
/usr/bin/python3 - "$OUT" "$ROOT/bench/lib" <<'PY'
import os, sys
sys.path.insert(0, sys.argv[2])
from stream_bench import pytorch_rate, rows, ratio
out = sys.argv[1]
ref = pytorch_rate(os.path.join(out, "pytorch-cluster.json"))
print("| nodes | commit.interval.ms | predictions/s (start-up included) | ratio to PyTorch model-only |")
print("|---|---|---|---|")
for r in rows(os.path.join(out, "cluster-throughput.jsonl")):
    print(f"| {r['nodes']} | {r['commit_ms']} | {r['per_second']:.0f} | {ratio(r['per_second'], ref)} |")
PY
