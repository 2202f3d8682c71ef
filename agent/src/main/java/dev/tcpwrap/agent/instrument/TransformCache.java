package dev.tcpwrap.agent.instrument;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * A per-user cache of transformed classes, so that a JVM start with a warm cache never loads Byte
 * Buddy: the instrumentation is deterministic for given original class bytes and agent build, so
 * the transformed bytes are stored under {@code ROOT/<agent build id>/<jdk id>/<sha256 of the
 * original bytes>.class} ({@link BuildIds}, {@link CacheSetting}, the ROOT). An agent attached at
 * run time instruments differently ({@link AttachAcceptAdvice}): its keys hash a fixed prefix
 * before the original bytes.
 *
 * <p>The cache injects code into {@code java.base}, so it trusts nothing it did not check:
 *
 * <ul>
 *   <li>directories are created {@code 0700}; the root, every directory below it and every entry
 *       must be owned by the current user, must not be writable by group or others, and must not be
 *       symbolic links; the root's parent must not be writable by others unless it is sticky
 *       ({@code /tmp}). Otherwise the cache is not used and {@link Unusable} says why ({@link
 *       OwnerOnlyFiles});
 *   <li>entries are written to a temporary file and renamed into place (readers never see half an
 *       entry);
 *   <li>an entry holds its key and the SHA-256 of its payload, both checked before use; a bad entry
 *       is a miss (and is rewritten).
 * </ul>
 *
 * The root comes from the system property {@value #PROPERTY} ({@code off} disables the cache), else
 * {@code $XDG_CACHE_HOME/tcpwrap}, else {@code ~/.cache/tcpwrap}.
 *
 * <p>A <b>read-only</b> cache ({@code cache=readonly:DIR}) is one another user prepared ({@code
 * java -jar tcpwrap.jar cache --prepare DIR}, e.g. root at install time). It is never written (a
 * miss is instrumented with Byte Buddy at every start) and is trusted under the opposite rule: only
 * if the running user cannot change it, directories above it included ({@link PreparedFiles}).
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
  private final boolean readOnly;
  private final PreparedFiles.User reader; // a prepared cache: the running user, found once

  private TransformCache(Path dir, PreparedFiles.User reader) {
    this.dir = dir;
    this.reader = reader;
    this.readOnly = reader != null;
  }

  /** Why the cache cannot be used. */
  public static final class Unusable extends Exception {
    Unusable(String message) {
      super(message, null, false, false);
    }
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
    Path dir = OwnerOnlyFiles.secureDir(root, buildId, BuildIds.jdkId());
    return new TransformCache(dir, null);
  }

  /**
   * Opens a cache prepared by another user, to be read only.
   *
   * @param root the root directory
   * @param buildId as for {@link #open}
   * @return the cache
   * @throws Unusable if the directory for this build and JDK is missing, or the running user could
   *     change it or a directory above it
   */
  public static TransformCache openPrepared(Path root, String buildId) throws Unusable {
    PreparedFiles.User user = PreparedFiles.User.current();
    return new TransformCache(
        PreparedFiles.checkedDir(user, root, buildId, BuildIds.jdkId()), user);
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
      boolean trusted =
          readOnly
              ? PreparedFiles.untrustedFile(reader, f) == null
              : (mode & 0170000) == 0100000
                  && (mode & 022) == 0
                  && (Integer) a.get("uid") == OwnerOnlyFiles.currentUid();
      if (!trusted || (Long) a.get("size") > MAX_ENTRY) {
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
   * @return {@code true} if stored; never for a read-only cache
   */
  public boolean put(byte[] key, byte[] transformed) {
    if (readOnly) {
      return false;
    }
    byte[] e = new byte[MAGIC.length + 2 * HASH + transformed.length];
    System.arraycopy(MAGIC, 0, e, 0, MAGIC.length);
    System.arraycopy(key, 0, e, MAGIC.length, HASH);
    System.arraycopy(sha256(transformed), 0, e, MAGIC.length + HASH, HASH);
    System.arraycopy(transformed, 0, e, MAGIC.length + 2 * HASH, transformed.length);
    return OwnerOnlyFiles.writeAtomically(dir, hex(key) + ".class", e);
  }

  // Entry points for callers outside this class: the agent's start (configuration, and the
  // bootstrap jar it keeps in the cache root) and the instrumentation. The work is done in
  // CacheSetting, OwnerOnlyFiles and BuildIds.

  /**
   * Takes the {@code cache} setting ahead of the rest of the configuration ({@link
   * CacheSetting#configure}).
   *
   * @param agentArgs the agent's argument string, or null
   */
  public static void configure(String agentArgs) {
    CacheSetting.configure(agentArgs);
  }

  /**
   * The configured root directory ({@link CacheSetting#root}).
   *
   * @return the root, or {@code null} if the cache is off
   */
  public static Path root() {
    return CacheSetting.root();
  }

  /**
   * @return whether the configured cache is a prepared one, to be read and never written ({@link
   *     CacheSetting#readOnly})
   */
  public static boolean readOnly() {
    return CacheSetting.readOnly();
  }

  /**
   * Creates and checks {@code root/sub/...} ({@link OwnerOnlyFiles#secureDir}).
   *
   * @return the deepest directory
   * @throws Unusable if a level cannot be created or is not safe
   */
  public static Path secureDir(Path root, String... subs) throws Unusable {
    return OwnerOnlyFiles.secureDir(root, subs);
  }

  /** Writes {@code dir/name} atomically, mode 0600 ({@link OwnerOnlyFiles#writeAtomically}). */
  public static boolean writeAtomically(Path dir, String name, byte[] content) {
    return OwnerOnlyFiles.writeAtomically(dir, name, content);
  }

  /** Whether a file in a checked directory may be used ({@link OwnerOnlyFiles#isTrustedFile}). */
  public static boolean isTrustedFile(Path f) {
    return OwnerOnlyFiles.isTrustedFile(f);
  }

  /**
   * The agent build id ({@link BuildIds#buildId}).
   *
   * @return the id (file-name safe)
   * @throws IOException if the resource is missing or unreadable
   */
  public static String buildId() throws IOException {
    return BuildIds.buildId();
  }

  /**
   * @return the running JDK build's directory name below the build id ({@link BuildIds#jdkId})
   */
  public static String jdkId() {
    return BuildIds.jdkId();
  }

  /**
   * @return the SHA-256 of the concatenated inputs (see {@link Sha256} for why not MessageDigest)
   */
  public static byte[] sha256(byte[]... parts) {
    return Sha256.hash(parts);
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
