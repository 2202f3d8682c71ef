#!/usr/bin/env bash
# The demo: builds tcpwrap.jar, runs a small server under the agent with demo/hosts.allow and demo/hosts.deny,
# then connects once from 127.0.0.1 (allowed) and once from 127.0.0.2 (refused) and shows the log lines.
#   TCPWRAP_TARGET=target-x ./demo/run.sh   # build into agent/target-x instead (a checkout shared by parallel builds)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
T=${TCPWRAP_TARGET:-target}
JAR=agent/$T/tcpwrap.jar

echo "== building $JAR"
# Plain text, on a terminal or not (this script colours nothing itself): -B and style.color=never turn Maven's
# colours off, and jansi.noreset stops Maven 3.8's console library writing a colour reset (ESC[0m) anyway.
MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }-Djansi.noreset=true" \
  mvn -B -q -Dstyle.color=never -DskipTests -Dtcpwrap.target="$T" -pl core,agent -am package

echo
echo "== the rules"
grep -v '^#' demo/hosts.allow | sed 's/^/hosts.allow: /'
grep -v '^#' demo/hosts.deny | sed 's/^/hosts.deny:  /'
echo
echo "== java -jar tcpwrap.jar check --allow demo/hosts.allow --deny demo/hosts.deny"
"$JAVA" -jar "$JAR" check --allow demo/hosts.allow --deny demo/hosts.deny && echo "(no problems found)" || true

work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
echo
echo "== starting the demo server under the agent:"
echo "   java -javaagent:$JAR=daemon=demo,allow=demo/hosts.allow,deny=demo/hosts.deny,log-allowed=true demo/DemoServer.java"
"$JAVA" -javaagent:"$JAR"=daemon=demo,allow=demo/hosts.allow,deny=demo/hosts.deny,log-allowed=true \
  demo/DemoServer.java >"$work/out" 2>"$work/err" &
server=$!
for _ in $(seq 1 300); do
  grep -q '^READY ' "$work/out" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$work/err"; echo "the demo server did not start"; exit 1; }
  sleep 0.1
done
port=$(sed -n 's/^READY //p' "$work/out")
echo "   listening on 127.0.0.1:$port"
echo
echo "== a client from 127.0.0.1 (allowed by hosts.allow)"
"$JAVA" demo/DemoClient.java 127.0.0.1 "$port"
echo
echo "== a client from 127.0.0.2 (refused by hosts.deny)"
"$JAVA" demo/DemoClient.java 127.0.0.2 "$port"
sleep 0.5
echo
echo "== what the application saw (its standard output)"
grep -v '^READY' "$work/out" || true
echo
echo "== what tcpwrap logged (standard error, tcpd's format)"
grep -E 'connect from' "$work/err" || true
echo
echo "== what-if, without a server: java -jar tcpwrap.jar match --allow demo/hosts.allow --deny demo/hosts.deny demo 127.0.0.2"
"$JAVA" -jar "$JAR" match --allow demo/hosts.allow --deny demo/hosts.deny demo 127.0.0.2
