package dev.tcpwrap.core.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.files.RuleFileReader;
import dev.tcpwrap.core.request.Endpoint;
import dev.tcpwrap.core.request.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
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
  void aBanAppendedWhileTheStartUpReportStillRunsIsNotHeldUpByIt() throws Exception {
    // the report's linter takes seconds at a million rules; here it takes until the test ends
    java.util.concurrent.CountDownLatch lintMayEnd = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch linting = new java.util.concurrent.CountDownLatch(1);
    Path deny = Files.writeString(dir.resolve("hosts.deny"), "ALL: 10.0.0.1\n");
    files =
        new RuleFiles(
            dir.resolve("hosts.allow"),
            deny,
            Duration.ofMillis(50),
            log::add,
            t -> {
              linting.countDown();
              try {
                lintMayEnd.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return List.of();
            });
    try {
      files.start();
      assertThat(linting.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      Files.writeString(deny, "ALL: 10.0.0.2\n", java.nio.file.StandardOpenOption.APPEND);
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (granted("10.0.0.2") && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(granted("10.0.0.2")).as("refused while the start-up report runs").isFalse();
    } finally {
      lintMayEnd.countDown();
    }
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

  private static void mkfifo(Path p) throws Exception {
    assertThat(new ProcessBuilder("mkfifo", p.toString()).start().waitFor()).isZero();
  }

  @Test
  void fifoRenamedOverTheDenyFileFailsClosedWithoutBlocking() throws Exception {
    Path deny = Files.writeString(dir.resolve("hosts.deny"), "ALL: 10.0.0.1\n");
    open(dir.resolve("hosts.allow"), deny);
    Path fifo = dir.resolve("fifo");
    mkfifo(fifo);
    Files.move(fifo, deny, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertThat(files.checkNow()).isTrue(); // returns: nothing opened the FIFO
    assertThat(granted("10.0.0.2")).as("hosts.deny cannot be read: fail closed").isFalse();
    assertThat(log)
        .anyMatch(l -> l.contains("cannot open " + deny + ": not a regular file (a FIFO)"));
    assertThat(files.checkNow()).as("the same problem is taken once").isFalse();
    Path fixed = Files.writeString(dir.resolve("fixed"), "ALL: 10.0.0.1\n");
    Files.move(fixed, deny, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertThat(files.checkNow()).isTrue();
    assertThat(granted("10.0.0.2")).isTrue();
    assertThat(log).anyMatch(l -> l.contains("read again; the problem is over"));
  }

  @Test
  void fifoAsDenyFileAtStartDoesNotHang() throws Exception {
    Path deny = dir.resolve("hosts.deny");
    mkfifo(deny);
    open(dir.resolve("hosts.allow"), deny);
    assertThat(granted("10.0.0.2")).isFalse();
  }

  @Test
  void deviceAsDenyFileIsNotRead() throws Exception {
    Path deny = Files.createSymbolicLink(dir.resolve("hosts.deny"), Path.of("/dev/zero"));
    open(dir.resolve("hosts.allow"), deny);
    assertThat(granted("10.0.0.2")).isFalse();
    assertThat(log).anyMatch(l -> l.contains("not a regular file (a character device)"));
  }

  @Test
  void aFileAboveTheSizeLimitIsNotRead() throws Exception {
    Path allow = Files.writeString(dir.resolve("hosts.allow"), "ALL: 10.0.0.3\n".repeat(100));
    Path deny = Files.writeString(dir.resolve("hosts.deny"), "ALL: ALL\n");
    long before = RuleFileReader.limit();
    RuleFileReader.setLimit(1000);
    try {
      open(allow, deny);
    } finally {
      RuleFileReader.setLimit(before);
    }
    assertThat(granted("10.0.0.3")).as("hosts.allow ignored, hosts.deny applies").isFalse();
    assertThat(log).anyMatch(l -> l.contains("larger than the limit of 1000 bytes"));
  }

  @Test
  void patternFileThatIsAFifoMatchesNothingAndDoesNotBlock() throws Exception {
    Path fifo = dir.resolve("blocked");
    mkfifo(fifo);
    Path deny = Files.writeString(dir.resolve("hosts.deny"), "ALL: " + fifo + "\nALL: 10.0.0.5\n");
    open(dir.resolve("hosts.allow"), deny);
    assertThat(granted("10.0.0.2")).isTrue();
    assertThat(granted("10.0.0.5")).isFalse();
  }

  /**
   * A writer rewriting the deny file in place with the same rule ({@code printf 'ALL: X\n' >
   * hosts.deny}: truncate, then write) must never open the door: the empty moment is never loaded.
   */
  @Test
  void inPlaceRewritesOfAnUnchangedRuleNeverLetTheClientThrough() throws Exception {
    Path deny = Files.writeString(dir.resolve("hosts.deny"), "ALL: 10.0.0.2\n");
    open(dir.resolve("hosts.allow"), deny);
    AtomicBoolean stop = new AtomicBoolean();
    Thread writer =
        new Thread(
            () -> {
              java.util.Random rnd = new java.util.Random(7);
              while (!stop.get()) {
                try (java.io.OutputStream out = Files.newOutputStream(deny)) { // O_TRUNC
                  Thread.sleep(10 + rnd.nextInt(11)); // a slow writer: the file stays empty a while
                  out.write("ALL: 10.0.0.2\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                  Thread.sleep(25 + rnd.nextInt(26));
                } catch (Exception e) {
                  return;
                }
              }
            });
    writer.start();
    int looks = 0;
    try {
      long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
      while (System.nanoTime() < end) {
        files.checkNow();
        looks++;
        assertThat(granted("10.0.0.2")).as("after look " + looks).isFalse();
      }
    } finally {
      stop.set(true);
      writer.join();
    }
    assertThat(looks).isGreaterThan(5);
  }

  /**
   * Files loaded off the starting thread: a connection that comes before they are in force is
   * neither granted nor lost: it waits, and is decided by the rules once they are.
   */
  @Test
  void aConnectionBeforeTheFirstLoadWaitsForTheRules() throws Exception {
    Path deny = Files.writeString(dir.resolve("hosts.deny"), "ALL: 10.0.0.2\n");
    files =
        RuleFiles.loadedLater(
            dir.resolve("hosts.allow"), deny, Duration.ofMillis(50), log::add, t -> List.of());
    assertThat(files.inForce()).isNull();
    java.util.concurrent.CompletableFuture<Boolean> early =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> granted("10.0.0.2"));
    Thread.sleep(300);
    assertThat(early).as("not decided on no rules").isNotDone();
    files.loadInBackground();
    assertThat(early.get(10, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
    assertThat(granted("10.0.0.3")).isTrue();
  }

  @Test
  void aReloadTellsTenRulesOfEachKindAndCountsTheRest() throws Exception {
    StringBuilder before = new StringBuilder();
    for (int i = 1; i <= 30; i++) {
      before.append("ALL: 10.0.0.").append(i).append('\n');
    }
    Path deny = Files.writeString(dir.resolve("hosts.deny"), before.toString());
    open(dir.resolve("hosts.allow"), deny);
    StringBuilder after = new StringBuilder();
    for (int i = 13; i <= 42; i++) { // 12 removed, 12 added, 18 kept
      after.append("ALL: 10.0.0.").append(i).append('\n');
    }
    after.append("ALL: 10.0.0.42\n"); // a duplicate is one rule more, not one more added
    Files.writeString(deny, after.toString());
    assertThat(files.checkNow()).isTrue();
    assertThat(log)
        .contains("reloaded " + deny + ": 31 rules (+12 -12)")
        .contains("  + ALL: 10.0.0.31", "  + ALL: 10.0.0.40", "  ... and 2 more added")
        .contains("  - ALL: 10.0.0.1", "  - ALL: 10.0.0.10", "  ... and 2 more removed")
        .doesNotContain("  + ALL: 10.0.0.41", "  - ALL: 10.0.0.11");
  }

  @Test
  void theLintersFindingsAreShownTenThenCounted() throws Exception {
    Path deny = Files.writeString(dir.resolve("hosts.deny"), "ALL: 10.0.0.1\n");
    List<dev.tcpwrap.core.diag.Diagnostic> many = new java.util.ArrayList<>();
    for (int i = 1; i <= 25; i++) {
      many.add(dev.tcpwrap.core.diag.Diagnostic.warning(deny.toString(), i, "finding " + i));
    }
    files =
        new RuleFiles(
            dir.resolve("hosts.allow"),
            deny,
            Duration.ofMillis(50),
            log::add,
            t -> t.role() == dev.tcpwrap.core.rules.RuleTable.Role.DENY ? many : List.of());
    files.reportLoaded();
    assertThat(log)
        .anyMatch(l -> l.endsWith("finding 10"))
        .noneMatch(l -> l.endsWith("finding 11"));
    assertThat(log)
        .contains(
            "  ... and 15 more findings in " + deny + " (java -jar tcpwrap.jar check lists them)");
  }
}
