#!/usr/bin/env bash
# The "agent end-to-end costs" figures of docs/benchmarks.md: builds the agent and the harness into target-perf
# folders, then runs the start-up and the connection-rate measurements side by side with and without the agent
# on Java 17 and Temurin 25. About 20 minutes on 2 cores.
#   BASE=/path/to/older/tcpwrap.jar benchmarks/e2e/run.sh   # also measure an older agent jar ("base")
set -euo pipefail
cd "$(dirname "$0")/../.."
T=${TCPWRAP_TARGET:-target-perf}
mvn -B -q -o -Pbench -pl core,agent,benchmarks -Dtcpwrap.target="$T" package -DskipTests
H=(java -cp "benchmarks/$T/classes" dev.tcpwrap.bench.e2e.E2eHarness --agent "agent/$T/tcpwrap.jar")
MODES=none,agent,agent-cold,agent-nocache
RMODES=none,agent
if [ -n "${BASE:-}" ]; then H+=(--base "$BASE"); MODES+=,base; RMODES+=,base; fi
echo "$(date -u +%FT%TZ) $(uptime)"; java -version 2>&1 | head -1; nproc
"${H[@]}" --what startup --modes "$MODES" --startups "${STARTUPS:-11}"
for C in 1 4; do
  "${H[@]}" --what rates --modes "$RMODES" --rounds "${ROUNDS:-7}" --conns "${CONNS:-10000}" --warmup "${WARMUP:-5000}" \
    --clients "$C"
done
benchmarks/e2e/phases.sh "agent/$T/tcpwrap.jar" "${PHASE_RUNS:-9}"
echo "$(date -u +%FT%TZ) $(uptime)"
