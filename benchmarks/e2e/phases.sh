#!/usr/bin/env bash
# Where the agent's start-up time goes, from class-load time stamps (-Xlog:class+load:uptime) of a JVM that
# binds one ServerSocket: JVM start -> agent class -> AgentStarter -> rule files -> policy -> instrumentation
# -> application main -> first ServerSocket. Medians of N runs per JDK (default 9), warm transformed-class cache.
#   benchmarks/e2e/phases.sh [AGENT_JAR] [N]
set -euo pipefail
JAR=$(realpath "${1:-agent/target-perf/tcpwrap.jar}")
N=${2:-9}
W=$(mktemp -d)
printf 'ALL: 127.0.0.1\n' > "$W/hosts.allow"; printf 'ALL: ALL\n' > "$W/hosts.deny"
cat > "$W/Bind.java" <<'J'
public class Bind { public static void main(String[] a) throws Exception { try (var s = new java.net.ServerSocket(0)) { } } }
J
javac -d "$W" "$W/Bind.java"
ARGS="daemon=bind,allow=$W/hosts.allow,deny=$W/hosts.deny"
echo "load: $(cat /proc/loadavg)"
for JDK in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64; do
  "$JDK/bin/java" "-Dtcpwrap.cache=$W/cache" "-javaagent:$JAR=$ARGS" -cp "$W" Bind 2>/dev/null # warm the cache
  for i in $(seq "$N"); do
    "$JDK/bin/java" -Xlog:class+load:file="$W/none.txt":uptime -cp "$W" Bind
    "$JDK/bin/java" "-Dtcpwrap.cache=$W/cache" "-javaagent:$JAR=$ARGS" -Xlog:class+load:file="$W/agent.txt":uptime -cp "$W" Bind 2>/dev/null
    python3 - "$W/none.txt" "$W/agent.txt" >> "$W/$(basename "$JDK").tsv" <<'P'
import re, sys
def stamps(f):
    t = {}
    for line in open(f):
        m = re.match(r'\[(\d+\.\d+)s\] (\S+) ', line)
        if m and m.group(2) not in t:
            t[m.group(2)] = float(m.group(1)) * 1000
    return t, float(re.match(r'\[(\d+\.\d+)s\]', line).group(1)) * 1000
n, nend = stamps(sys.argv[1]); a, aend = stamps(sys.argv[2])
marks = ['dev.tcpwrap.agent.TcpWrapAgent', 'dev.tcpwrap.agent.AgentStarter', 'dev.tcpwrap.core.reload.RuleFiles',
         'dev.tcpwrap.agent.engine.CorePolicy', 'dev.tcpwrap.agent.instrument.Instrumenter', 'Bind', 'java.net.ServerSocket']
v = [n['Bind'], a[marks[0]]] + [a[marks[i + 1]] - a[marks[i]] for i in range(len(marks) - 1)] + [aend - a['java.net.ServerSocket'], nend, aend,
     sum(1 for _ in open(sys.argv[1])), sum(1 for _ in open(sys.argv[2]))]
print('\t'.join('%.0f' % x for x in v))
P
  done
  python3 - "$W/$(basename "$JDK").tsv" "$(basename "$JDK")" <<'P'
import sys, statistics
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
names = ['no agent: JVM start->main', 'agent: JVM start->TcpWrapAgent', 'bootstrap jar (TcpWrapAgent->AgentStarter)',
         'config+log (->RuleFiles)', 'rule files+policy+resolver (->CorePolicy)', 'filter (->Instrumenter)',
         'instrumentation install (->main)', 'main->ServerSocket', 'ServerSocket load+transform->exit', 'no agent: total', 'agent: total',
         'classes loaded, no agent', 'classes loaded, agent']
print('%s (%d runs), ms: median [min-max]' % (sys.argv[2], len(rows)))
for i, n in enumerate(names):
    col = [r[i] for r in rows]
    print('  %-45s %6.0f [%.0f-%.0f]' % (n, statistics.median(col), min(col), max(col)))
P
done
echo "load: $(cat /proc/loadavg)"
rm -rf "$W"
