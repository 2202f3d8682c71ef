#!/usr/bin/env python3
"""Start-up of an application with its own AppCDS archive, with and without the agent (issue 10, item 6).

The application is embedded Jetty 12 (the integration tests' JettyServer; about 240 of Jetty's classes load before
it listens); start-up is the time from launching the JVM to its READY line (listening). For each JDK it dumps a
static AppCDS archive from the class list of one run (with --add-modules java.instrument, the module a
-javaagent adds, so the archived module graph matches runs with the agent), then runs, interleaved in rounds:

  no-cds      no agent, the JDK's default CDS archive only
  appcds      no agent, the application's archive
  agent       the agent, the application's archive
  agent-fallback  the agent forced to append its bootstrap jar (-Ddev.tcpwrap.agent.boot=append): the old way

and prints the median and minimum time to READY and the median CPU time (user + system, of the whole run; less
sensitive to other load on the machine) of each, after one discarded warm-up run each (which also warms the
agent's class cache), plus how many of Jetty's classes came from the archive in one run of each with
-Xlog:class+load.

Usage: benchmarks/cds/startup.py AGENT_JAR TEST_CLASSES_DIR [ROUNDS] [JDK_HOME...]
  e.g. benchmarks/cds/startup.py agent/target/tcpwrap.jar integration-tests/target/test-classes 11
  after mvn -B -q -pl core,agent,integration-tests -am package -DskipTests
"""
import glob
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

M2 = os.path.expanduser("~/.m2/repository")
JETTY = "12.1.14"
JARS = [f"{M2}/org/eclipse/jetty/jetty-{a}/{JETTY}/jetty-{a}-{JETTY}.jar" for a in ("server", "http", "io", "util")]
JARS.append(f"{M2}/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar")
MAIN = "dev.tcpwrap.it.servers.JettyServer"
JDKS = ["/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/temurin-25-jdk-amd64"]


def app_jar(classes, work):
    jar = os.path.join(work, "app.jar")
    with zipfile.ZipFile(jar, "w") as z:
        for f in glob.glob(os.path.join(classes, "dev/tcpwrap/it/servers/JettyServer*.class")) + [
            os.path.join(classes, "dev/tcpwrap/it/servers/Out.class")
        ]:
            z.write(f, os.path.relpath(f, classes))
    return jar


def start(cmd):
    """Runs the server until READY, then stops it.

    Returns (milliseconds to READY, CPU milliseconds of the whole run, output lines)."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    ms = None
    for line in p.stdout:
        lines.append(line.rstrip("\n"))
        if line.startswith("READY "):
            ms = (time.monotonic() - t0) * 1000
            break
    p.terminate()
    lines += p.stdout.read().splitlines()
    _, _, usage = os.wait4(p.pid, 0)
    p.returncode = 0
    if ms is None:
        raise SystemExit("no READY from " + " ".join(cmd) + "\n" + "\n".join(lines[-20:]))
    return ms, (usage.ru_utime + usage.ru_stime) * 1000, lines


def main():
    agent, classes = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    jdks = sys.argv[4:] or JDKS
    work = tempfile.mkdtemp(prefix="tcpwrap-cds-")
    cp = ":".join([app_jar(classes, work)] + JARS)
    allow, deny = os.path.join(work, "allow"), os.path.join(work, "deny")
    open(allow, "w").close()
    with open(deny, "w") as f:
        f.write("ALL: 127.0.0.2\n")
    agent_opt = f"-javaagent:{agent}=daemon=bench,log-level=warn,allow={allow},deny={deny}"
    print(f"load average before: {os.getloadavg()[0]:.2f}; {rounds} rounds; work dir {work}")
    for jdk in jdks:
        java = os.path.join(jdk, "bin/java")
        lst, jsa = os.path.join(work, f"{os.path.basename(jdk)}.lst"), os.path.join(work, f"{os.path.basename(jdk)}.jsa")
        start([java, f"-XX:DumpLoadedClassList={lst}", "-cp", cp, MAIN])
        subprocess.run([java, "-Xshare:dump", f"-XX:SharedClassListFile={lst}", f"-XX:SharedArchiveFile={jsa}",
                        "--add-modules", "java.instrument", "-cp", cp], check=True, stdout=subprocess.DEVNULL)
        archive = [f"-XX:SharedArchiveFile={jsa}"]
        configs = {
            "no-cds": [],
            "appcds": archive + ["--add-modules", "java.instrument"],
            "agent": archive + [agent_opt],
            "agent-fallback": archive + ["-Ddev.tcpwrap.agent.boot=append", agent_opt],
        }
        times = {k: [] for k in configs}
        cpu = {k: [] for k in configs}
        for k, opts in configs.items():
            start([java] + opts + ["-cp", cp, MAIN])  # warm-up, discarded
        for _ in range(rounds):
            for k, opts in configs.items():
                ms, cpu_ms, _ = start([java] + opts + ["-cp", cp, MAIN])
                times[k].append(ms)
                cpu[k].append(cpu_ms)
        print(f"\n{jdk}")
        print(f"  {'config':16} {'median ms':>9} {'min ms':>6} {'CPU ms':>6}  Jetty classes from the archive")
        for k, opts in configs.items():
            _, _, lines = start([java] + opts + ["-Xlog:class+load=info", "-cp", cp, MAIN])
            jetty = [l for l in lines if "[class,load] org.eclipse.jetty." in l]
            shared = [l for l in jetty if "source: shared objects file" in l]
            warned = any("Sharing is only supported" in l for l in lines)
            print(f"  {k:16} {statistics.median(times[k]):9.0f} {min(times[k]):6.0f}"
                  f" {statistics.median(cpu[k]):6.0f}  {len(shared)} of {len(jetty)}"
                  + ("  (JVM warned: Sharing is only supported ...)" if warned else ""))
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
