package dev.tcpwrap.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {

  @TempDir Path dir;

  private static List<LogRecord> refused(String host) {
    return List.of(
        new LogRecord(
            0L, LogLevel.WARN, "shop", "refused connect from " + host + " (" + host + ")"));
  }

  @Test
  void appendsWithTimeStampsInTcpdForm() throws Exception {
    Path f = Files.writeString(dir.resolve("t.log"), "old\n");
    FileSink s = FileSink.open(f, 42);
    assertThat(s.write(refused("h1"))).isZero();
    assertThat(s.write(List.of(new LogRecord(0L, LogLevel.ERROR, null, "bad")))).isZero();
    List<String> lines = Files.readAllLines(f);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("old");
    assertThat(lines.get(1))
        .matches("1970-01-01T\\S+ shop\\[42\\]: refused connect from h1 \\(h1\\)");
    assertThat(lines.get(2)).endsWith(" tcpwrap[42]: error: bad");
    assertThat(s.describe()).isEqualTo("file " + f);
  }

  @Test
  void reopensAfterRenameAndDelete() throws Exception {
    Path f = dir.resolve("t.log");
    FileSink s = FileSink.open(f, 1);
    s.write(refused("a"));
    Files.move(f, dir.resolve("t.log.1"));
    s.write(refused("b"));
    assertThat(Files.readString(dir.resolve("t.log.1")))
        .contains("from a ")
        .doesNotContain("from b ");
    assertThat(Files.readString(f)).contains("from b ").doesNotContain("from a ");
    Files.delete(f);
    s.write(refused("c"));
    assertThat(Files.readAllLines(f)).hasSize(1).allMatch(l -> l.contains("from c "));
    assertThat(s.reopened()).isEqualTo(2);
  }

  @Test
  void copyTruncateLeavesNoHole() throws Exception {
    Path f = dir.resolve("t.log");
    FileSink s = FileSink.open(f, 1);
    for (int i = 0; i < 50; i++) {
      s.write(refused("before" + i));
    }
    Files.copy(f, dir.resolve("t.log.1"));
    Files.write(f, new byte[0]);
    s.write(refused("after"));
    String text = Files.readString(f);
    assertThat(text).doesNotContain("\0").contains("from after ");
    assertThat(text.lines().count()).isEqualTo(1);
    assertThat(s.reopened()).isZero();
  }

  @Test
  void aDirectoryCannotBeOpened() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FileSink.open(dir, 1))
        .isInstanceOf(java.io.IOException.class);
  }
}
