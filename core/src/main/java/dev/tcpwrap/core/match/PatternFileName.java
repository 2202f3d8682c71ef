package dev.tcpwrap.core.match;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The name Java must be given to open a {@code /file} pattern list. A rule file is read as bytes
 * (each a char of the token, ISO-8859-1), and libwrap opens exactly those bytes; Java encodes a
 * file name in the JVM's file name encoding ({@code sun.jnu.encoding}: UTF-8, or ASCII in the C
 * locale). So the token's bytes are decoded in that encoding first: a UTF-8 name in a UTF-8 JVM
 * opens the right file, where the token itself would open another (each byte encoded again) or
 * fail. Bytes that are not a valid name in that encoding cannot be opened by the JVM at all.
 */
public final class PatternFileName {

  private static final Charset FILE_NAMES = fileNameCharset();

  private PatternFileName() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /** The name to open for {@code token}, or null when the JVM cannot name that file. */
  public static String of(String token) {
    boolean ascii = true;
    for (int i = 0; i < token.length() && ascii; i++) {
      ascii = token.charAt(i) < 0x80;
    }
    if (ascii) {
      return token;
    }
    byte[] bytes = token.getBytes(StandardCharsets.ISO_8859_1);
    try {
      String name =
          FILE_NAMES
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      ByteBuffer back =
          FILE_NAMES
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(name));
      return back.equals(ByteBuffer.wrap(bytes)) ? name : null;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Why {@link #of} gave null, for a warning. */
  public static String why() {
    return "the JVM cannot open a file by this name (its bytes are not a valid name in the JVM's"
        + " file name encoding, "
        + FILE_NAMES
        + ")";
  }

  private static Charset fileNameCharset() {
    try {
      String jnu = System.getProperty("sun.jnu.encoding");
      return jnu == null ? Charset.defaultCharset() : Charset.forName(jnu);
    } catch (RuntimeException e) {
      return Charset.defaultCharset();
    }
  }
}
