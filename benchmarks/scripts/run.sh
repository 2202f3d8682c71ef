#!/usr/bin/env bash
# Builds the benchmark jar and runs the full DecisionBenchmark grid of docs/benchmarks.md (about 20 minutes on 2 cores).
# Raw output (JMH JSON, logs with the setup guard's lines, conditions.txt) goes to ${OUT:-benchmarks/results},
# which git ignores: record the figures in docs/benchmarks.md, not the files. Prints the Markdown tables at the end;
# again later with: python3 benchmarks/scripts/report.py "$OUT"/*.json
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-benchmarks/results}
mkdir -p "$OUT"
JMH_OPTS=${JMH_OPTS:--f 1 -wi 3 -w 1s -i 5 -r 1s}
mvn -B -q -Pbench -pl benchmarks -am package -DskipTests
{ echo "start: $(date -u +%FT%TZ) $(uptime)"; java -version 2>&1; nproc; } > "$OUT/conditions.txt"
# shellcheck disable=SC2086
java -jar benchmarks/target/benchmarks.jar 'DecisionBenchmark.decide$' $JMH_OPTS \
  -rf json -rff "$OUT/decide.json" > "$OUT/decide.log" 2>&1
echo "after decide: $(uptime)" >> "$OUT/conditions.txt"
# shellcheck disable=SC2086
java -jar benchmarks/target/benchmarks.jar 'DecisionBenchmark.decideStrings' -p engine=indexed $JMH_OPTS \
  -rf json -rff "$OUT/decide-strings.json" > "$OUT/decide-strings.log" 2>&1
# shellcheck disable=SC2086
java -jar benchmarks/target/benchmarks.jar 'RequestBenchmark|PartsBenchmark' $JMH_OPTS \
  -rf json -rff "$OUT/parts.json" > "$OUT/parts.log" 2>&1
echo "end: $(date -u +%FT%TZ) $(uptime)" >> "$OUT/conditions.txt"
python3 benchmarks/scripts/condense.py "$OUT"/*.json
python3 benchmarks/scripts/report.py "$OUT/decide.json" "$OUT/decide-strings.json" "$OUT/parts.json"
