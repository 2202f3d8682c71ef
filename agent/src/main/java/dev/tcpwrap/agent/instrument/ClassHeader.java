package dev.tcpwrap.agent.instrument;

/**
 * What the accept matcher needs from a class file, read without Byte Buddy or ASM: access flags,
 * the class and super class names, and whether the class declares a concrete, non-bridge {@code
 * accept()} without parameters. Reads the constant pool and the field and method tables only;
 * everything else is skipped.
 *
 * @param access the class's access flags
 * @param name the internal name ({@code java/net/ServerSocket})
 * @param superName the super class's internal name, {@code null} for {@code java/lang/Object}
 * @param declaresAccept whether a method {@code accept()} with no parameters, neither abstract nor
 *     bridge, is declared
 */
record ClassHeader(int access, String name, String superName, boolean declaresAccept) {

  static final int ACC_INTERFACE = 0x0200;
  static final int ACC_SYNTHETIC = 0x1000;
  static final int ACC_ABSTRACT = 0x0400;
  static final int ACC_BRIDGE = 0x0040;

  /**
   * @param b a class file
   * @return its header
   * @throws IllegalArgumentException if the bytes are not a well-formed class file (as far as read)
   */
  static ClassHeader read(byte[] b) {
    try {
      if (u4(b, 0) != 0xCAFEBABE) {
        throw new IllegalArgumentException("not a class file");
      }
      int count = u2(b, 8);
      int[] offsets = new int[count]; // of each constant's bytes after its tag
      int p = 10;
      for (int i = 1; i < count; i++) {
        int tag = b[p] & 0xFF;
        offsets[i] = p + 1;
        switch (tag) {
          case 1 -> p += 3 + u2(b, p + 1); // Utf8
          case 3, 4, 9, 10, 11, 12, 17, 18 -> p += 5; // Integer Float *ref NameAndType Dynamic
          case 5, 6 -> { // Long Double take two slots
            p += 9;
            i++;
          }
          case 7, 8, 16, 19, 20 -> p += 3; // Class String MethodType Module Package
          case 15 -> p += 4; // MethodHandle
          default -> throw new IllegalArgumentException("bad constant pool tag " + tag);
        }
      }
      int access = u2(b, p);
      String name = className(b, offsets, u2(b, p + 2));
      int superIndex = u2(b, p + 4);
      String superName = superIndex == 0 ? null : className(b, offsets, superIndex);
      p += 6;
      p += 2 + 2 * u2(b, p); // interfaces
      int fields = u2(b, p);
      p += 2;
      for (int i = 0; i < fields; i++) {
        p = skipMember(b, p);
      }
      int methods = u2(b, p);
      p += 2;
      boolean accept = false;
      for (int i = 0; i < methods && !accept; i++) {
        int flags = u2(b, p);
        if ((flags & (ACC_ABSTRACT | ACC_BRIDGE)) == 0
            && utf8Equals(b, offsets[u2(b, p + 2)], "accept")
            && utf8StartsWith(b, offsets[u2(b, p + 4)], "()")) {
          accept = true;
        }
        p = skipMember(b, p);
      }
      return new ClassHeader(access, name, superName, accept);
    } catch (IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("truncated class file", e);
    }
  }

  /**
   * @return whether the class is an interface (or annotation)
   */
  boolean isInterface() {
    return (access & ACC_INTERFACE) != 0;
  }

  /**
   * @return whether the class is marked synthetic
   */
  boolean isSynthetic() {
    return (access & ACC_SYNTHETIC) != 0;
  }

  // a field_info or method_info starting at p: returns the offset after it
  private static int skipMember(byte[] b, int p) {
    int attributes = u2(b, p + 6);
    p += 8;
    for (int i = 0; i < attributes; i++) {
      p += 6 + u4(b, p + 2);
    }
    return p;
  }

  private static String className(byte[] b, int[] offsets, int classIndex) {
    int utf8 = offsets[u2(b, offsets[classIndex])];
    int len = u2(b, utf8);
    // class names in the JDK and in practice are ASCII; modified UTF-8 otherwise
    char[] c = new char[len];
    int n = 0;
    for (int i = utf8 + 2, end = utf8 + 2 + len; i < end; ) {
      int x = b[i++] & 0xFF;
      if (x < 0x80) {
        c[n++] = (char) x;
      } else if ((x & 0xE0) == 0xC0) {
        c[n++] = (char) (((x & 0x1F) << 6) | (b[i++] & 0x3F));
      } else {
        c[n++] = (char) (((x & 0x0F) << 12) | ((b[i++] & 0x3F) << 6) | (b[i++] & 0x3F));
      }
    }
    return new String(c, 0, n);
  }

  private static boolean utf8Equals(byte[] b, int utf8, String ascii) {
    return u2(b, utf8) == ascii.length() && utf8StartsWith(b, utf8, ascii);
  }

  private static boolean utf8StartsWith(byte[] b, int utf8, String ascii) {
    if (u2(b, utf8) < ascii.length()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (b[utf8 + 2 + i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int u2(byte[] b, int p) {
    return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
  }

  private static int u4(byte[] b, int p) {
    return (u2(b, p) << 16) | u2(b, p + 2);
  }
}
