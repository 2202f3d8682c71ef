# Sourced by the paired-run scripts (netty.sh, ops.sh): builds the agent and the harness (unless SKIP_BUILD),
# sets H (the E2eHarness command for --what paired, PAIRS x WINDOWS) and JDK, prints the machine and the tree,
# and defines quiet (with WAIT_LOAD=L, waits up to 15 minutes for a 1-minute load average below L).
T=${TCPWRAP_TARGET:-target-perf}
[ -n "${SKIP_BUILD:-}" ] || mvn -B -q -o -Pbench -pl core,agent,benchmarks -Dtcpwrap.target="$T" package -DskipTests
A=${AGENT:-agent/$T/tcpwrap.jar}
H=(java -cp "benchmarks/$T/classes" dev.tcpwrap.bench.e2e.E2eHarness --agent "$A" --what paired
  --pairs "${PAIRS:-$DEFAULT_PAIRS}" --windows "${WINDOWS:-20}" --window-seconds 0.5 --warmup-seconds 3 --clients 4)
declare -A JDK=([17]=/usr/lib/jvm/java-17-openjdk-amd64 [25]=/usr/lib/jvm/temurin-25-jdk-amd64)
echo "$(date -u +%FT%TZ) $(uptime)"; nproc; ls -l "$A"; git log -1 --format='tree at %h %s' | cut -c1-100
quiet() {
  [ -n "${WAIT_LOAD:-}" ] || return 0
  for ((i = 0; i < 180; i++)); do
    awk -v max="$WAIT_LOAD" '{ exit !($1 < max) }' /proc/loadavg && return 0
    sleep 5
  done
  echo "load still $(cut -d' ' -f1-3 /proc/loadavg) after 15 minutes: running anyway"
}
