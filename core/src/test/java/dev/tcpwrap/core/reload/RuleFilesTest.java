package dev.tcpwrap.core.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.request.Endpoint;
import dev.tcpwrap.core.request.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a rule file changes in practice is picked up, on real files. */
class RuleFilesTest {

  @TempDir Path dir;

  private final List<String> log = new CopyOnWriteArrayList<>();
  private RuleFiles files;

  @AfterEach
  void close() {
    if (files != null) {
      files.close();
    }
  }

  private RuleFiles open(Path allow, Path deny) {
    files = new RuleFiles(allow, deny, Duration.ofMillis(50), log::add, t -> List.of());
    files.reportLoaded();
    return files;
  }

  private boolean granted(String client) {
    return files
        .current()
        .decide(
            Request.ofStrings(
                "sshd", Endpoint.ofStrings(client, null, -1), Endpoint.unknown(), null))
        .granted();
  }

  @Test
  void editInPlace() throws Exception {
    Path deny = Files.writeString(dir.resolve("hosts.deny"), "sshd: 10.0.0.1\n");
    open(dir.resolve("hosts.allow"), deny);
    assertThat(granted("10.0.0.2")).isTrue();
    Files.writeString(deny, "sshd: 10.0.0.1\nsshd: 10.0.0.2\n");
    assertThat(files.checkNow()).isTrue();
    assertThat(granted("10.0.0.2")).isFalse();
    assertThat(log)
        .anyMatch(l -> l.startsWith("reloaded " + deny + ": 2 rules (+1 -0)"))
        .anyMatch(l -> l.equals("  + sshd: 10.0.0.2"));
  }

  @Test
  void replaceByRenameAsFail2banDoes() throws Exception {
    Path deny = Files.writeString(dir.resolve("hosts.deny"), "ALL: 10.0.0.1\n");
    open(dir.resolve("hosts.allow"), deny);
    Path tmp = Files.writeString(dir.resolve("hosts.deny.tmp"), "ALL: 10.0.0.9\n");
    Files.move(tmp, deny, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertThat(files.checkNow()).isTrue();
    assertThat(granted("10.0.0.1")).isTrue();
    assertThat(granted("10.0.0.9")).isFalse();
  }

  @Test
  void symlinkSwapAsKubernetesConfigMapsDo() throws Exception {
    Path v1 = Files.createDirectories(dir.resolve("..v1"));
    Path v2 = Files.createDirectories(dir.resolve("..v2"));
    Files.writeString(v1.resolve("hosts.deny"), "ALL: 10.0.0.1\n");
    Files.writeString(v2.resolve("hosts.deny"), "ALL: 10.0.0.2\n");
    Path data = Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
    Path deny =
        Files.createSymbolicLink(
            dir.resolve("hosts.deny"), dir.relativize(data.resolve("hosts.deny")));
    open(dir.resolve("hosts.allow"), deny);
    assertThat(granted("10.0.0.1")).isFalse();
    Path next = Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
    Files.move(next, data, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertThat(files.checkNow()).isTrue();
    assertThat(granted("10.0.0.1")).isTrue();
    assertThat(granted("10.0.0.2")).isFalse();
  }

  @Test
  void createdAndDeleted() throws Exception {
    Path deny = dir.resolve("hosts.deny");
    open(dir.resolve("hosts.allow"), deny);
    assertThat(log).anyMatch(l -> l.contains("no such file (treated as empty)"));
    Files.writeString(deny, "ALL: ALL\n");
    assertThat(files.checkNow()).isTrue();
    assertThat(granted("10.0.0.1")).isFalse();
    Files.delete(deny);
    assertThat(files.checkNow()).isTrue();
    assertThat(granted("10.0.0.1")).isTrue();
    assertThat(files.checkNow()).isFalse();
  }

  @Test
  void reportsDiagnosticsOfTheNewFile() throws Exception {
    Path deny = Files.writeString(dir.resolve("hosts.deny"), "ALL: ALL\n");
    open(dir.resolve("hosts.allow"), deny);
    Files.writeString(deny, "no separator here\nALL: 10.0.0.1");
    assertThat(files.checkNow()).isTrue();
    assertThat(log)
        .anyMatch(l -> l.contains("line 1: missing \":\" separator"))
        .anyMatch(l -> l.contains("missing newline or line too long"))
        .anyMatch(l -> l.contains("every client not allowed by hosts.allow is DENIED"));
    assertThat(granted("10.0.0.7")).isFalse();
  }

  @Test
  void backgroundThreadTakesAChangeWithinOneSecond() throws Exception {
    Path deny = Files.writeString(dir.resolve("hosts.deny"), "ALL: 10.0.0.1\n");
    open(dir.resolve("hosts.allow"), deny).start();
    Path tmp = Files.writeString(dir.resolve("new"), "ALL: 10.0.0.2\n");
    Files.move(tmp, deny, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (granted("10.0.0.2") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(granted("10.0.0.2")).as("refused within one second of the rename").isFalse();
  }
}
