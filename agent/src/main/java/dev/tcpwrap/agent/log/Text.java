package dev.tcpwrap.agent.log;

/** Makes untrusted text (host names from DNS, configuration values) safe for one log line. */
public final class Text {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Text() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * Escapes control characters (C0, DEL, C1, line/paragraph separators) as {@code \xNN} / {@code
   * \\uNNNN} and a backslash as {@code \\}; everything else is kept.
   *
   * @param s the text, may be {@code null}
   * @return the escaped text ({@code null} becomes {@code "null"})
   */
  public static String escape(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control =
          c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || c == '\\';
      if (control && sb == null) {
        sb = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (!control) {
        if (sb != null) {
          sb.append(c);
        }
      } else if (c == '\\') {
        sb.append("\\\\");
      } else if (c <= 0xff) {
        sb.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else {
        sb.append("\\u").append(Integer.toHexString(c));
      }
    }
    return sb == null ? s : sb.toString();
  }
}
