#!/usr/bin/env bash
# Lists the tests the last build skipped, with why (their assumption's message), from the Surefire and Failsafe
# reports: a test that skips because a tool, Docker or a dataset is missing must not pass unnoticed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
shopt -s nullglob
reports=(./*/target/surefire-reports/TEST-*.xml ./*/target/failsafe-reports/TEST-*.xml)
[[ ${#reports[@]} -gt 0 ]] || exit 0
awk '
  /<testcase / {
    match($0, /name="[^"]*"/); test = substr($0, RSTART + 6, RLENGTH - 7)
    match($0, /classname="[^"]*"/); cls = substr($0, RSTART + 11, RLENGTH - 12)
  }
  /<skipped/ {
    why = ""
    if (match($0, /message="[^"]*"/)) why = substr($0, RSTART + 9, RLENGTH - 10)
    n++; lines[n] = "  " cls "." test (why == "" ? "" : ": " why)
  }
  END {
    if (n == 0) { print "== no test skipped"; exit }
    print "== " n " tests skipped:"
    for (i = 1; i <= n; i++) print substr(lines[i], 1, 300)
  }' "${reports[@]}"
