#!/usr/bin/env bash
# The operations figures of docs/benchmarks.md (issue 11): what logging to syslog over UDP and a running flight
# recording cost end to end, side by side with the default stderr log, on Java 17 and Temurin 25, `socket` kind
# (KINDS to change), paired runs (PairedRates) of a few minutes each:
#   allowed (clients from 127.0.0.1) against no agent: agent (stderr, refusals logged: the default),
#     agent-syslog (the same lines to syslog://127.0.0.1:PORT, a collector in the harness counting datagrams),
#     agent-logall, agent-syslog-logall and agent-syslogtcp-logall (log-allowed=true: a line per connection; the
#     last over syslog+tcp://), agent-jfr (a recording with settings=default); and none-jfr against none (the
#     recording alone), agent-jfr against none-jfr (the agent while a recording runs on both sides);
#   refused (clients from 127.0.0.2) against none-close (no agent, the server accepts and closes): agent,
#     agent-syslog, agent-jfr.
# PAIRS, WINDOWS, REPEAT, SKIP_BUILD, AGENT, WAIT_LOAD as in netty.sh; ONLY="allowed" or "refused" runs one half.
#   benchmarks/e2e/ops.sh | tee benchmarks/e2e/results/ops-$(date -u +%FT%H%M).txt   # (ignored by git)
set -euo pipefail
cd "$(dirname "$0")/../.."
DEFAULT_PAIRS=5
# shellcheck source=benchmarks/e2e/paired.sh
source benchmarks/e2e/paired.sh
ALLOWED="none,agent none,agent-syslog none,agent-logall none,agent-syslog-logall none,agent-syslogtcp-logall none,agent-jfr none,none-jfr none-jfr,agent-jfr"
REFUSED="none-close,agent none-close,agent-syslog none-close,agent-jfr"
for ((r = 1; r <= ${REPEAT:-1}; r++)); do
  for K in ${KINDS:-socket}; do
    for J in 17 25; do
      if [ "${ONLY:-allowed}" = allowed ] || [ -z "${ONLY:-}" ]; then
        for M in $ALLOWED; do
          quiet
          echo "== run $r: $K, Java $J, allowed, $M"
          "${H[@]}" --kinds "$K" --jdks "$J=${JDK[$J]}" --modes "$M"
        done
      fi
      if [ "${ONLY:-refused}" = refused ] || [ -z "${ONLY:-}" ]; then
        for M in $REFUSED; do
          quiet
          echo "== run $r: $K, Java $J, refused, $M"
          "${H[@]}" --kinds "$K" --jdks "$J=${JDK[$J]}" --modes "$M" --from 127.0.0.2
        done
      fi
    done
  done
done
echo "$(date -u +%FT%TZ) $(uptime)"
