package dev.tcpwrap.agent.log.syslog;

import dev.tcpwrap.agent.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The bytes of one syslog message, in the three forms the agent sends:
 *
 * <ul>
 *   <li>{@link #local}: what glibc's {@code syslog(3)} writes to {@code /dev/log}, {@code <PRI>Mmm
 *       dd hh:mm:ss TAG[PID]: TEXT} (the syslog daemon adds the host);
 *   <li>{@link #rfc3164}: the BSD form a relay forwards over UDP, {@code <PRI>Mmm dd hh:mm:ss HOST
 *       TAG[PID]: TEXT};
 *   <li>{@link #rfc5424}: {@code <PRI>1 TIMESTAMP HOST APP-NAME PROCID - - TEXT}, sent over TCP
 *       with {@link #octetCounted RFC 6587 octet counting}.
 * </ul>
 *
 * The tag is the daemon name, so the line reads as tcpd's ({@code sshd[4711]: refused connect from
 * ...}). Nothing from the network reaches a message unescaped: callers escape with {@code
 * Text.escape}, and this class turns any control character still left into {@code \xNN} as a last
 * guard, since a line break inside a datagram would forge a second line in the collector's file.
 */
public final class SyslogFormat {

  /**
   * The largest message sent in one datagram or frame: rsyslog's default {@code maxMessageSize} (8
   * KiB less its own slack), so a long line is cut by the agent, visibly, not by the collector.
   */
  static final int MAX_MESSAGE = 8096;

  // RFC 3164's month names are English whatever the JVM's locale
  private static final DateTimeFormatter BSD_TIME =
      DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.US);
  private static final DateTimeFormatter ISO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX", Locale.ROOT);
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final long pid;
  private final String host;
  private final ZoneId zone;

  // the BSD time stamp of the last second formatted: lines come in bursts within a second, and
  // formatting a date costs more than the rest of the line
  private BsdSecond lastSecond = new BsdSecond(Long.MIN_VALUE, "");

  private record BsdSecond(long second, String text) {}

  /**
   * @param pid the process id in every tag
   * @param host this machine's name as the collector should show it (see {@link Hostname})
   * @param zone the time zone of the time stamps (RFC 3164 has local time without a zone)
   */
  public SyslogFormat(long pid, String host, ZoneId zone) {
    this.pid = pid;
    this.host = host;
    this.zone = zone;
  }

  /**
   * @return {@code <PRI>Mmm dd hh:mm:ss TAG[PID]: TEXT}, as glibc sends to {@code /dev/log}
   */
  public byte[] local(LogRecord r) {
    StringBuilder sb = head(r).append(bsdTime(r.millis())).append(' ');
    return bsdTail(r, sb);
  }

  /**
   * @return {@code <PRI>Mmm dd hh:mm:ss HOST TAG[PID]: TEXT} (RFC 3164, for UDP)
   */
  public byte[] rfc3164(LogRecord r) {
    StringBuilder sb = head(r).append(bsdTime(r.millis())).append(' ');
    sb.append(shortHost()).append(' ');
    return bsdTail(r, sb);
  }

  /**
   * @return {@code <PRI>1 TIMESTAMP HOST APP-NAME PROCID - - TEXT} (RFC 5424: no message id, no
   *     structured data; the text without a byte-order mark, which RFC 5424 allows)
   */
  public byte[] rfc5424(LogRecord r) {
    StringBuilder sb = head(r).append("1 ");
    ISO_TIME.formatTo(Instant.ofEpochMilli(r.millis()).atZone(zone), sb);
    sb.append(' ')
        .append(host.isEmpty() ? "-" : host)
        .append(' ')
        .append(tag(r.tag())) // APP-NAME
        .append(' ')
        .append(pid)
        .append(" - - ");
    clean(r.text(), sb);
    return bounded(sb);
  }

  /**
   * RFC 6587 octet counting: {@code LENGTH SP MESSAGE}, so a message may hold any byte and the
   * collector never mistakes a part of one for the start of the next.
   *
   * @return the frame
   */
  public static byte[] octetCounted(byte[] message) {
    byte[] len = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
    byte[] frame = new byte[len.length + message.length];
    System.arraycopy(len, 0, frame, 0, len.length);
    System.arraycopy(message, 0, frame, len.length, message.length);
    return frame;
  }

  // Mmm dd hh:mm:ss of the second the record is in, from the last line's when it is the same
  private String bsdTime(long millis) {
    long second = Math.floorDiv(millis, 1000L);
    BsdSecond last = lastSecond;
    if (last.second() != second) {
      last = new BsdSecond(second, BSD_TIME.format(Instant.ofEpochSecond(second).atZone(zone)));
      lastSecond = last;
    }
    return last.text();
  }

  private static StringBuilder head(LogRecord r) {
    return new StringBuilder(128).append('<').append(r.priority()).append('>');
  }

  private byte[] bsdTail(LogRecord r, StringBuilder sb) {
    sb.append(tag(r.tag())).append('[').append(pid).append("]: ");
    clean(r.text(), sb);
    return bounded(sb);
  }

  // the host name without its domain, as RFC 3164 asks and syslogd relays send it
  private String shortHost() {
    int dot = host.indexOf('.');
    String s = dot > 0 ? host.substring(0, dot) : host;
    return s.isEmpty() ? "localhost" : s;
  }

  /**
   * A tag as syslog parsers read it: printable ASCII without {@code [}, {@code ]}, {@code :} or
   * space (which would end the tag early), at most 48 characters (RFC 5424's APP-NAME).
   */
  static String tag(String name) {
    StringBuilder sb = new StringBuilder(Math.min(name.length(), 48));
    for (int i = 0; i < name.length() && sb.length() < 48; i++) {
      char c = name.charAt(i);
      sb.append(c > ' ' && c < 0x7f && c != '[' && c != ']' && c != ':' ? c : '_');
    }
    return sb.length() == 0 ? "-" : sb.toString();
  }

  /** Appends text with every control character left in it as {@code \xNN} (or {@code \\uNNNN}). */
  static void clean(String text, StringBuilder sb) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        sb.append("\\x").append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
      } else if (c == '\u2028' || c == '\u2029') {
        sb.append("\\u").append(Integer.toHexString(c));
      } else {
        sb.append(c);
      }
    }
  }

  // UTF-8, cut at MAX_MESSAGE bytes on a character boundary
  private static byte[] bounded(StringBuilder sb) {
    byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
    if (b.length <= MAX_MESSAGE) {
      return b;
    }
    int end = MAX_MESSAGE;
    while (end > 0 && (b[end] & 0xc0) == 0x80) {
      end--; // do not split a multi-byte character
    }
    byte[] cut = new byte[end];
    System.arraycopy(b, 0, cut, 0, end);
    return cut;
  }
}
