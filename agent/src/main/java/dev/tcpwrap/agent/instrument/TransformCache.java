package dev.tcpwrap.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * A per-user cache of transformed classes, so that a JVM start with a warm cache never loads Byte
 * Buddy: the instrumentation is deterministic for given original class bytes and agent build, so
 * the transformed bytes are stored under {@code ROOT/<agent build id>/<jdk id>/<sha256 of the
 * original bytes>.class}. An agent attached at run time instruments differently ({@link
 * AttachAcceptAdvice}): its keys hash a fixed prefix before the original bytes.
 *
 * <p>The cache injects code into {@code java.base}, so it trusts nothing it did not check:
 *
 * <ul>
 *   <li>directories are created {@code 0700}; the root, every directory below it and every entry
 *       must be owned by the current user, must not be writable by group or others, and must not be
 *       symbolic links; the root's parent must not be writable by others unless it is sticky
 *       ({@code /tmp}). Otherwise the cache is not used and {@link Unusable} says why;
 *   <li>entries are written to a temporary file and renamed into place (readers never see half an
 *       entry);
 *   <li>an entry holds its key and the SHA-256 of its payload, both checked before use; a bad entry
 *       is a miss (and is rewritten).
 * </ul>
 *
 * The root comes from the system property {@value #PROPERTY} ({@code off} disables the cache), else
 * {@code $XDG_CACHE_HOME/tcpwrap}, else {@code ~/.cache/tcpwrap}.
 */
public final class TransformCache {

  /** The system property naming the cache root, or {@code off}. */
  public static final String PROPERTY = "tcpwrap.cache";

  /** Start of every entry. */
  static final byte[] MAGIC = "tcpwrap-class-1\n".getBytes(StandardCharsets.US_ASCII);

  /** Larger entries are not read (no JDK class comes close). */
  static final int MAX_ENTRY = 4 << 20;

  private static final int HASH = 32;

  private final Path dir;

  private TransformCache(Path dir) {
    this.dir = dir;
  }

  /** Why the cache cannot be used. */
  public static final class Unusable extends Exception {
    Unusable(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The {@code cache} setting of this start (argument, else property, else environment), or null.
   */
  private static volatile String setting;

  /**
   * Takes the {@code cache} key the way the configuration does (agent argument, then {@code
   * -Dtcpwrap.cache}, then {@code TCPWRAP_CACHE}), before the rest of the configuration is read:
   * the cache is needed first. The configuration validates the key again with all the others.
   *
   * @param agentArgs the agent's argument string, or null
   */
  public static void configure(String agentArgs) {
    String value = dev.tcpwrap.agent.config.AgentConfig.argument(agentArgs, "cache");
    if (value == null) {
      value = System.getProperty(PROPERTY);
    }
    if (value == null) {
      value = System.getenv("TCPWRAP_CACHE");
    }
    setting = value;
  }

  /**
   * The configured root directory.
   *
   * @return the root, or {@code null} if the cache is off
   */
  public static Path root() {
    String p = setting;
    if (p == null) {
      p = System.getProperty(PROPERTY);
    }
    if (p != null && !p.isBlank() && !p.trim().equals("default")) {
      return p.trim().equals("off") ? null : Path.of(p.trim()).toAbsolutePath();
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && xdg.startsWith("/")) {
      return Path.of(xdg, "tcpwrap");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "tcpwrap");
  }

  /**
   * Opens (creating if needed) the cache for one agent build on the running JDK.
   *
   * @param root the root directory
   * @param buildId what the transformation depends on besides the class itself (hex)
   * @return the cache
   * @throws Unusable if the directories cannot be created or are not safe to use
   */
  public static TransformCache open(Path root, String buildId) throws Unusable {
    Path dir = secureDir(root, buildId, jdkId());
    return new TransformCache(dir);
  }

  /**
   * Creates {@code root/sub/...} (mode 0700) as needed and checks the root, its parent and every
   * level.
   *
   * @return the deepest directory
   * @throws Unusable if a level cannot be created or is not safe
   */
  public static Path secureDir(Path root, String... subs) throws Unusable {
    int uid = currentUid();
    Path parent = root.getParent();
    if (parent != null) {
      checkParent(parent);
    }
    Path d = root;
    ensureDir(d, uid);
    for (String s : subs) {
      d = d.resolve(s);
      ensureDir(d, uid);
    }
    return d;
  }

  /**
   * @return the directory holding this build's entries for this JDK
   */
  public Path dir() {
    return dir;
  }

  /**
   * @return whether the cache has no entry yet (a first run: Byte Buddy will be needed)
   */
  public boolean isEmpty() {
    String[] names = dir.toFile().list();
    if (names != null) {
      for (String n : names) {
        if (n.endsWith(".class")) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * @param key the SHA-256 of the original class bytes
   * @return the stored transformed bytes, or {@code null} if absent or not valid (owner, mode,
   *     hashes)
   */
  public byte[] get(byte[] key) {
    Path f = dir.resolve(hex(key) + ".class");
    try {
      Map<String, Object> a =
          Files.readAttributes(f, "unix:uid,mode,size", LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) a.get("mode");
      if ((mode & 0170000) != 0100000
          || (mode & 022) != 0
          || (Integer) a.get("uid") != currentUid()
          || (Long) a.get("size") > MAX_ENTRY) {
        return null;
      }
      byte[] e = Files.readAllBytes(f);
      int head = MAGIC.length + 2 * HASH;
      if (e.length <= head
          || !Arrays.equals(e, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
          || !Arrays.equals(e, MAGIC.length, MAGIC.length + HASH, key, 0, HASH)) {
        return null;
      }
      byte[] payload = Arrays.copyOfRange(e, head, e.length);
      if (!Arrays.equals(e, MAGIC.length + HASH, head, sha256(payload), 0, HASH)) {
        return null;
      }
      return payload;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException | Unusable e) {
      return null;
    }
  }

  /**
   * Stores an entry atomically; failures are ignored (the next start transforms again).
   *
   * @param key the SHA-256 of the original class bytes
   * @param transformed the transformed bytes
   * @return {@code true} if stored
   */
  public boolean put(byte[] key, byte[] transformed) {
    byte[] e = new byte[MAGIC.length + 2 * HASH + transformed.length];
    System.arraycopy(MAGIC, 0, e, 0, MAGIC.length);
    System.arraycopy(key, 0, e, MAGIC.length, HASH);
    System.arraycopy(sha256(transformed), 0, e, MAGIC.length + HASH, HASH);
    System.arraycopy(transformed, 0, e, MAGIC.length + 2 * HASH, transformed.length);
    return writeAtomically(dir, hex(key) + ".class", e);
  }

  /** Writes {@code dir/name} through a temporary file (mode 0600) and an atomic rename. */
  public static boolean writeAtomically(Path dir, String name, byte[] content) {
    Path tmp = null;
    try {
      tmp =
          Files.createTempFile(
              dir,
              ".tmp-",
              ".part",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(tmp, content);
      try {
        Files.move(
            tmp,
            dir.resolve(name),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        return false;
      }
      tmp = null;
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a stray temporary file, harmless
        }
      }
    }
  }

  /**
   * Checks a file found in a checked cache directory: a regular file owned by the current user, not
   * writable by group or others.
   *
   * @return {@code true} if it may be used
   */
  public static boolean isTrustedFile(Path f) {
    try {
      Map<String, Object> a = Files.readAttributes(f, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) a.get("mode");
      return (mode & 0170000) == 0100000
          && (mode & 022) == 0
          && (Integer) a.get("uid") == currentUid();
    } catch (IOException | RuntimeException | Unusable e) {
      return false;
    }
  }

  // creates d (0700) if absent, then checks it is ours, a real directory, not writable by group or
  // others
  private static void ensureDir(Path d, int uid) throws Unusable {
    Map<String, Object> a;
    try {
      try {
        a = Files.readAttributes(d, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        try {
          Files.createDirectories(
              d,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
          // another JVM created it: checked below
        }
        a = Files.readAttributes(d, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new Unusable("cannot create or read " + d + ": " + e);
    }
    int mode = (Integer) a.get("mode");
    if ((mode & 0170000) != 0040000) {
      throw new Unusable(d + " is not a directory (a symbolic link?)");
    }
    if ((Integer) a.get("uid") != uid) {
      throw new Unusable(
          d + " is owned by uid " + a.get("uid") + ", not by the current user (uid " + uid + ")");
    }
    if ((mode & 022) != 0) {
      throw new Unusable(
          d + " is writable by group or others (mode " + Integer.toOctalString(mode & 07777) + ")");
    }
  }

  // the root's parent may be shared only if it is sticky (/tmp) and owned by us or root
  private static void checkParent(Path parent) throws Unusable {
    Map<String, Object> a;
    try {
      a = Files.readAttributes(parent, "unix:uid,mode");
    } catch (NoSuchFileException e) {
      return; // created by ensureDir's createDirectories with mode 0700
    } catch (IOException | UnsupportedOperationException e) {
      throw new Unusable("cannot read " + parent + ": " + e);
    }
    int mode = (Integer) a.get("mode");
    int owner = (Integer) a.get("uid");
    if ((mode & 022) != 0 && (mode & 01000) == 0) {
      throw new Unusable(
          parent + " (the cache's parent) is writable by group or others and not sticky");
    }
    if (owner != 0 && owner != currentUid()) {
      throw new Unusable(parent + " (the cache's parent) is owned by uid " + owner);
    }
  }

  private static volatile int uid = -1;

  /**
   * @return the effective uid of this process (Linux: /proc/self/status)
   */
  static int currentUid() throws Unusable {
    int u = uid;
    if (u >= 0) {
      return u;
    }
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.ISO_8859_1)) {
        if (line.startsWith("Uid:")) {
          // real, effective, saved, fs (tab separated): the effective one
          String[] f = line.substring(4).trim().replace(' ', '\t').split("\t+");
          u = Integer.parseInt(f[1]);
          uid = u;
          return u;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    throw new Unusable("cannot tell the current user's uid (no /proc/self/status)");
  }

  /** Identifies the running JDK build (the transformation may depend on its classes). */
  static String jdkId() {
    String v =
        System.getProperty("java.runtime.version", "unknown")
            + "-"
            + System.getProperty("os.arch", "");
    String h =
        hex(
            sha256(
                (System.getProperty("java.home")
                        + "\n"
                        + System.getProperty("java.vm.vendor")
                        + "\n"
                        + System.getProperty("java.vm.version"))
                    .getBytes(StandardCharsets.UTF_8)));
    return v.replaceAll("[^A-Za-z0-9._+-]", "_") + "-" + h.substring(0, 12);
  }

  /**
   * @return the SHA-256 of the concatenated inputs (see {@link Sha256} for why not MessageDigest)
   */
  public static byte[] sha256(byte[]... parts) {
    return Sha256.hash(parts);
  }

  /**
   * The agent build id: what the transformed bytes depend on besides the class itself (the advice,
   * the Byte Buddy set-up and version, the bootstrap classes). Written at build time into the
   * resource {@code build-id} (a SHA-256 over those class files, see agent/pom.xml).
   *
   * @return the id (file-name safe)
   * @throws IOException if the resource is missing or unreadable
   */
  public static String buildId() throws IOException {
    try (InputStream in = TransformCache.class.getResourceAsStream("build-id")) {
      if (in != null) {
        String id = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (id.matches("[A-Za-z0-9._-]{8,100}")) {
          return id;
        }
      }
    }
    // the build writes it (agent/pom.xml); classes run without that step have no cache
    throw new IOException("the agent build id (resource build-id) is missing");
  }

  /**
   * @return lower-case hex
   */
  public static String hex(byte[] b) {
    StringBuilder s = new StringBuilder(b.length * 2);
    for (byte x : b) {
      s.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
    }
    return s.toString().toLowerCase(Locale.ROOT);
  }
}
