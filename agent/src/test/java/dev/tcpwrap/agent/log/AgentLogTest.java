package dev.tcpwrap.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentLogTest {

  @TempDir Path dir;

  @Test
  void formatsAccessLinesAndDiagnosticsAndFiltersByLevel() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AgentLog log = AgentLog.start(LogLevel.WARN, StreamSink.of(out, "test", 9), 9);
    log.access(LogLevel.WARN, "sshd", "refused connect from h (1.2.3.4)");
    log.access(LogLevel.INFO, "sshd", "connect from h (1.2.3.4)");
    log.diag(LogLevel.ERROR, "broken");
    log.diag(LogLevel.DEBUG, "noise");
    log.flush();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("sshd[9]: refused connect from h (1.2.3.4)\ntcpwrap[9]: error: broken\n");
    assertThat(log.destination()).isEqualTo("test");
    assertThat(log.dropped()).isZero();
  }

  @Test
  void aFailingDestinationIsCountedAndItsRecoverySaidInTheLog() throws Exception {
    Path file = dir.resolve("t.log");
    AgentLog log = AgentLog.start(LogLevel.INFO, FileSink.open(file, 9), 9);
    log.access(LogLevel.WARN, "sshd", "refused connect from a (a)");
    log.flush();
    assertThat(log.failure()).isNull();

    // the log file's path becomes a directory: each line fails (and is said once on stderr)
    Files.delete(file);
    Files.createDirectory(file);
    log.access(LogLevel.WARN, "sshd", "refused connect from b (b)");
    log.flush();
    log.access(LogLevel.WARN, "sshd", "refused connect from c (c)");
    log.flush();
    assertThat(log.failure()).isNotNull();
    assertThat(log.failed()).isEqualTo(2);
    assertThat(log.dropped()).isEqualTo(2);
    assertThat(log.overflowed()).isZero();

    Files.delete(file);
    log.access(LogLevel.WARN, "sshd", "refused connect from d (d)");
    log.flush();
    log.flush(); // the recovery line is queued by the write that recovered
    assertThat(log.failure()).isNull();
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).endsWith(" sshd[9]: refused connect from d (d)");
    assertThat(lines.get(1))
        .endsWith(
            " tcpwrap[9]: info: log destination file "
                + file
                + " works again; 2 lines lost while it failed");
  }

  @Test
  void devFullFailsEveryLineAndIsCounted() throws Exception {
    AgentLog log = AgentLog.start(LogLevel.INFO, FileSink.open(Path.of("/dev/full"), 9), 9);
    for (int i = 0; i < 5; i++) {
      log.access(LogLevel.WARN, "sshd", "refused connect from a (a)");
      log.flush();
    }
    assertThat(log.failed()).isEqualTo(5);
    assertThat(log.failure()).isEqualTo("No space left on device");
  }

  @Test
  void aFullQueueIsCountedAndSaidInTheLog() throws Exception {
    CountDownLatch open = new CountDownLatch(1);
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    // a destination that takes nothing until the test opens it: the writer thread waits in it
    OutputStream stalled =
        new OutputStream() {
          @Override
          public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            try {
              open.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            synchronized (written) {
              written.write(b, off, len);
            }
          }
        };
    AgentLog log = AgentLog.start(LogLevel.INFO, StreamSink.of(stalled, "stalled", 9), 9);
    int n = AgentLog.CAPACITY + 1_000;
    for (int i = 0; i < n; i++) {
      log.access(LogLevel.WARN, "sshd", "refused connect from a (a)");
    }
    // the writer holds at most one batch of 256 outside the queue
    assertThat(log.overflowed()).isGreaterThanOrEqualTo(1_000 - 256);
    long dropped = log.overflowed();
    open.countDown();
    String said = "tcpwrap[9]: warning: log queue full: " + dropped + " lines dropped so far";
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!text(written).contains(said) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(text(written)).contains(said + ", more than 10000 were waiting for stalled\n");
    assertThat(log.failed()).isZero();
    assertThat(log.dropped()).isEqualTo(dropped);
  }

  private static String text(ByteArrayOutputStream out) {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
