#!/usr/bin/env bash
# The Netty native-transport figures of docs/benchmarks.md (issue 9): on Java 17 and Temurin 25, for each kind
# (KINDS, default epoll; iouring too with KINDS="epoll iouring"), two paired runs of a few minutes each:
#   allowed: clients from 127.0.0.1, agent against none (both servers write the response and close);
#   refused: clients from 127.0.0.2, agent (refused at accept) against none-close (no agent, the server closes
#            every connection on sight without writing: accept and close).
# REPEAT=N repeats the whole set N times (several short runs rather than one long one). SKIP_BUILD=1 skips mvn;
# AGENT=path/to/tcpwrap.jar measures that agent jar (e.g. one built from a commit) instead of this build's.
# WAIT_LOAD=2.5 waits (up to 15 minutes) before each run until the 1-minute load average is below 2.5 (a shared
# machine: other builds' bursts make the windows far noisier); the harness prints the load before and after.
#   benchmarks/e2e/netty.sh | tee benchmarks/e2e/results/netty-$(date -u +%FT%H%M).txt   # (ignored by git)
set -euo pipefail
cd "$(dirname "$0")/../.."
DEFAULT_PAIRS=8
# shellcheck source=benchmarks/e2e/paired.sh
source benchmarks/e2e/paired.sh
for ((r = 1; r <= ${REPEAT:-1}; r++)); do
  for K in ${KINDS:-epoll}; do
    for J in 17 25; do
      quiet
      echo "== run $r: $K, Java $J, allowed"
      "${H[@]}" --kinds "$K" --jdks "$J=${JDK[$J]}" --modes none,agent
      quiet
      echo "== run $r: $K, Java $J, refused"
      "${H[@]}" --kinds "$K" --jdks "$J=${JDK[$J]}" --modes none-close,agent --from 127.0.0.2
    done
  done
done
echo "$(date -u +%FT%TZ) $(uptime)"
