package dev.tcpwrap.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.instrument.ClassFileTransformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformCacheTest {

  @TempDir Path tmp;

  static final Module BASE = Object.class.getModule();

  static final byte[] KEY = Sha256.hash("original".getBytes());
  static final byte[] VALUE = "transformed class bytes".getBytes();

  private static Path entry(TransformCache c, byte[] key) {
    return c.dir().resolve(TransformCache.hex(key) + ".class");
  }

  @Test
  void storesAndServesEntriesInPrivateDirectories() throws Exception {
    Path root = tmp.resolve("cache");
    TransformCache c = TransformCache.open(root, "build1");
    assertThat(c.isEmpty()).isTrue();
    assertThat(c.get(KEY)).isNull();
    assertThat(c.put(KEY, VALUE)).isTrue();
    assertThat(c.get(KEY)).isEqualTo(VALUE);
    assertThat(c.isEmpty()).isFalse();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root)))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(c.dir())))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(entry(c, KEY))))
        .isEqualTo("rw-------");
    try (var s = Files.list(c.dir())) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .as("no temporary files left")
          .containsExactly(TransformCache.hex(KEY) + ".class");
    }
    assertThat(TransformCache.open(root, "build1").get(KEY)).as("another JVM").isEqualTo(VALUE);
    assertThat(TransformCache.open(root, "build2").get(KEY)).as("another agent build").isNull();
  }

  @Test
  void tamperedEntriesAreMisses() throws Exception {
    TransformCache c = TransformCache.open(tmp.resolve("cache"), "b");
    c.put(KEY, VALUE);
    Path f = entry(c, KEY);
    byte[] good = Files.readAllBytes(f);

    byte[] payload = good.clone();
    payload[payload.length - 1] ^= 1;
    Files.write(f, payload);
    assertThat(c.get(KEY)).as("payload changed").isNull();

    byte[] other = Sha256.hash("other".getBytes());
    Files.write(f, good);
    Files.copy(f, entry(c, other));
    assertThat(c.get(other)).as("entry stored under another key").isNull();

    Files.write(f, new byte[] {1, 2, 3});
    assertThat(c.get(KEY)).as("truncated").isNull();

    Files.write(f, good);
    assertThat(c.get(KEY)).isEqualTo(VALUE);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
    assertThat(c.get(KEY)).as("writable by others").isNull();

    Files.delete(f);
    Path elsewhere = Files.write(tmp.resolve("elsewhere"), good);
    Files.createSymbolicLink(f, elsewhere);
    assertThat(c.get(KEY)).as("symbolic link").isNull();
  }

  @Test
  void unsafeDirectoriesAreNotUsed() throws Exception {
    Path shared = Files.createDirectory(tmp.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> TransformCache.open(shared, "b"))
        .isInstanceOf(TransformCache.Unusable.class)
        .hasMessageContaining("writable by group or others");

    Path real = Files.createDirectory(tmp.resolve("real"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
    assertThatThrownBy(() -> TransformCache.open(link, "b"))
        .isInstanceOf(TransformCache.Unusable.class)
        .hasMessageContaining("not a directory");

    Path open = Files.createDirectory(tmp.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> TransformCache.open(open.resolve("cache"), "b"))
        .isInstanceOf(TransformCache.Unusable.class)
        .hasMessageContaining("parent");
  }

  @Test
  void foreignOwnedCacheIsNotUsed() throws Exception {
    assumeTrue(OwnerOnlyFiles.currentUid() == 0, "changing a file's owner needs root");
    Path root = tmp.resolve("cache");
    TransformCache c = TransformCache.open(root, "b");
    c.put(KEY, VALUE);
    Path f = entry(c, KEY);
    Files.setAttribute(f, "unix:uid", 4242);
    assertThat(c.get(KEY)).as("entry owned by someone else").isNull();
    Files.setAttribute(c.dir(), "unix:uid", 4242);
    assertThatThrownBy(() -> TransformCache.open(root, "b"))
        .isInstanceOf(TransformCache.Unusable.class)
        .hasMessageContaining("owned by uid 4242");
  }

  /** Collects what the transformer reports. */
  static final class Events implements AcceptTransformer.Events {
    final List<String> log = new ArrayList<>();

    @Override
    public void instrumented(String name, boolean retransformed, boolean cached) {
      log.add((cached ? "cached " : "transformed ") + name);
    }

    @Override
    public void failed(String name, Throwable t) {
      log.add("failed " + name + ": " + t);
    }
  }

  @Test
  void aHitServesExactlyWhatByteBuddyProduced() throws Exception {
    byte[] original = ClassHeaderTest.bytes("java/net/ServerSocket");
    Path root = tmp.resolve("cache");
    Events noCache = new Events();
    ClassFileTransformer none = new AcceptTransformer(null, noCache);
    byte[] fresh = none.transform(BASE, null, "java/net/ServerSocket", null, null, original);
    assertThat(noCache.log).containsExactly("transformed java/net/ServerSocket");
    assertThat(fresh).isNotNull().isNotEqualTo(original);

    Events cold = new Events();
    AcceptTransformer first = new AcceptTransformer(TransformCache.open(root, "b"), cold);
    assertThat(first.transform(BASE, null, "java/net/ServerSocket", null, null, original))
        .isEqualTo(fresh);
    assertThat(cold.log).containsExactly("transformed java/net/ServerSocket");

    Events warm = new Events();
    AcceptTransformer second = new AcceptTransformer(TransformCache.open(root, "b"), warm);
    assertThat(second.transform(BASE, null, "java/net/ServerSocket", null, null, original))
        .isEqualTo(fresh);
    assertThat(warm.log).containsExactly("cached java/net/ServerSocket");
    assertThat(second.byteBuddyStarted()).as("a hit does not set Byte Buddy up").isFalse();
    assertThat(second.fromCache.get()).isEqualTo(1);

    assertThat(
            second.transform(
                BASE,
                null,
                "java/lang/String",
                null,
                null,
                ClassHeaderTest.bytes("java/lang/String")))
        .as("not an accept class")
        .isNull();
  }

  @Test
  void aTamperedEntryIsReplacedByByteBuddysBytes() throws Exception {
    byte[] original = ClassHeaderTest.bytes("sun/nio/ch/ServerSocketChannelImpl");
    Path root = tmp.resolve("cache");
    TransformCache cache = TransformCache.open(root, "b");
    byte[] fresh =
        new AcceptTransformer(cache, new Events())
            .transform(BASE, null, "sun/nio/ch/ServerSocketChannelImpl", null, null, original);
    assertThat(fresh).isNotNull();
    byte[] key = Sha256.hash(original);
    Path f = entry(cache, key);
    byte[] evil = Files.readAllBytes(f);
    evil[evil.length - 10] ^= 0x55; // inside the payload
    Files.write(f, evil);

    Events events = new Events();
    AcceptTransformer t = new AcceptTransformer(TransformCache.open(root, "b"), events);
    assertThat(t.transform(BASE, null, "sun/nio/ch/ServerSocketChannelImpl", null, null, original))
        .isEqualTo(fresh);
    assertThat(events.log).containsExactly("transformed sun/nio/ch/ServerSocketChannelImpl");
    assertThat(cache.get(key)).as("rewritten").isEqualTo(fresh);
  }

  @Test
  void buildIdComesFromTheBuild() throws Exception {
    String id = TransformCache.buildId();
    assertThat(id).matches("[A-Za-z0-9._-]{8,100}");
    assertThat(BuildIds.jdkId()).doesNotContain("/");
  }
}
