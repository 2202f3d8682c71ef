#!/usr/bin/env bash
# The test command (README.md, .ci/run): installs what the tests need, then runs every test with `mvn -B verify`.
# The differential test compiles a small C harness against Debian's real libwrap (gcc, libwrap0-dev; tcpd for
# tcpdmatch), and the agent's integration tests run each server on Java 17 and on Temurin 25 (Tomcat 9's APR
# connector on Debian's libtcnative-1; log=syslog against a real rsyslog the tests start themselves; docs/deploy.md's
# fail2ban recipe against Debian's fail2ban, started by the test in the foreground with its own configuration).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v gcc >/dev/null 2>&1 || need+=(gcc)
[ -f /usr/include/tcpd.h ] || need+=(libwrap0-dev)
[ -x /usr/sbin/tcpdmatch ] || need+=(tcpd)
[ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/javac ] || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
[ -x /usr/sbin/xinetd ] || need+=(xinetd)
[ -x /usr/bin/systemd-socket-activate ] || need+=(systemd)
command -v ss >/dev/null 2>&1 || need+=(iproute2)
[ -f /usr/lib/x86_64-linux-gnu/libtcnative-1.so ] || need+=(libtcnative-1)
[ -x /usr/sbin/rsyslogd ] || need+=(rsyslog)
[ -x /usr/bin/fail2ban-server ] || need+=(fail2ban)
# essential on Debian, but named here because tests run them: mkfifo (rule-file faults), prlimit and setpriv
# (descriptor limits, another user), tar and gzip (the Tomcat and Jetty distributions of the deploy tests)
command -v mkfifo >/dev/null 2>&1 || need+=(coreutils)
{ command -v prlimit && command -v setpriv; } >/dev/null 2>&1 || need+=(util-linux)
command -v tar >/dev/null 2>&1 || need+=(tar)
command -v gzip >/dev/null 2>&1 || need+=(gzip)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "tests need the Debian packages: ${need[*]} (install them as root, then run this again)" >&2
    exit 1
  fi
  echo "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ ! -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  # part of every machine of this kind; not in Debian's or Maven's registries, so not installable from here
  echo "Temurin 25 is missing at /usr/lib/jvm/temurin-25-jdk-amd64 (the agent is tested on Java 17 and 25)" >&2
  exit 1
fi
# file names are UTF-8 in the tests (a pattern file with a non-ASCII name); a shell without a locale would give
# the JVM ASCII file names
export LANG="${LANG:-C.UTF-8}"
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/java-17-openjdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
fi

mvn -B verify
