package dev.tcpwrap.core.files;

/**
 * The outcome of reading a rule or pattern file with {@link RuleFileReader}.
 *
 * @param outcome what happened
 * @param content the bytes read ({@link Outcome#READ} only, else empty)
 * @param reason why the file was not read, as {@code strerror} would say it, or null
 * @param stamp the file as it was read ({@link Outcome#READ} only, else null)
 */
public record FileRead(Outcome outcome, byte[] content, String reason, FileStamp stamp) {

  private static final byte[] NONE = new byte[0];

  /** What happened. */
  public enum Outcome {
    /** Read whole, and the file did not change while it was read. */
    READ,
    /** Nothing at the path (or a dangling link): libwrap treats the file as empty. */
    MISSING,
    /**
     * The file as it stands cannot be read: not a regular file, too large, permission denied, a
     * link loop. libwrap's consequences apply (the rest of hosts.allow ignored, hosts.deny denies,
     * a pattern file matches nothing).
     */
    UNREADABLE,
    /**
     * The read failed for a reason that says nothing about the file (descriptors exhausted, an I/O
     * error, a read that did not return in time): worth trying again.
     */
    FAILED,
    /** The file changed while it was read (a writer at work): try again once it is quiet. */
    CHANGING
  }

  static FileRead read(byte[] content, FileStamp stamp) {
    return new FileRead(Outcome.READ, content, null, stamp);
  }

  static FileRead missing() {
    return new FileRead(Outcome.MISSING, NONE, null, null);
  }

  static FileRead not(Outcome outcome, String reason) {
    return new FileRead(outcome, NONE, reason, null);
  }
}
