#!/bin/bash
# Premain time and JVM start -> READY of two agent jars, alternating starts (docs/benchmarks.md,
# "What watching costs"). Usage: benchmarks/scripts/premain-ab.sh OLD.jar NEW.jar [STARTS] [JAVA_HOME]
# Prints one line per start and the medians. A plain ServerSocket server; rules allow 127.0.0.1.
set -euo pipefail
old=$1 new=$2 n=${3:-20} java_home=${4:-/usr/lib/jvm/java-17-openjdk-amd64}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/Srv.java" <<'JAVA'
import java.net.*;
public class Srv { public static void main(String[] a) throws Exception {
  ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  System.out.println("READY " + ss.getLocalPort()); System.out.flush();
  while (true) { try (Socket s = ss.accept()) { s.getOutputStream().write("HI\n".getBytes()); } } } }
JAVA
"$java_home/bin/javac" -d "$work" "$work/Srv.java"
printf 'ALL: 127.0.0.1\n' > "$work/allow"; printf 'ALL: 127.0.0.2\n' > "$work/deny"
for i in $(seq 1 "$n"); do
  for kind in old new; do
    jar=$new; [ $kind = old ] && jar=$old
    rm -f "$work/o" "$work/e"; : > "$work/o"
    t0=$(date +%s%N)
    "$java_home/bin/java" "-javaagent:$jar=daemon=ab,allow=$work/allow,deny=$work/deny" -cp "$work" Srv \
      > "$work/o" 2> "$work/e" &
    pid=$!
    until grep -q READY "$work/o"; do sleep 0.005; done
    t1=$(date +%s%N)
    kill $pid; wait $pid 2>/dev/null || true
    echo "$kind premain=$(grep -o 'premain done in [0-9]* ms' "$work/e" | grep -o '[0-9]*') ready=$(( (t1 - t0) / 1000000 ))"
  done
done | tee "$work/runs"
for kind in old new; do
  grep "^$kind" "$work/runs" | python3 -c "
import sys, statistics
rows = [dict(x.split('=') for x in l.split()[1:]) for l in sys.stdin]
print('$kind: premain median', statistics.median(int(r['premain']) for r in rows),
      'ms, start -> ready median', statistics.median(int(r['ready']) for r in rows), 'ms, starts', len(rows))"
done
