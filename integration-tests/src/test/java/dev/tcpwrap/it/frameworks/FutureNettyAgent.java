package dev.tcpwrap.it.frameworks;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * A test-only Java agent, run before tcpwrap's, that makes a real Netty 4.2 look like a future
 * Netty whose epoll accept is no longer where tcpwrap hooks it ({@link FutureNettyTest}): {@code
 * accept(byte[]) : int} of {@code io.netty.channel.unix.Socket} gets another name, and every call
 * of it in Netty's classes calls the new name, so Netty itself works as before.
 *
 * <p>Agent argument {@code rename} does that; {@code copy} (the control) runs the very same classes
 * through ASM unchanged, so that what differs between the two runs is the method's name only. Each
 * class written is named on stdout ({@code FUTURE-NETTY renamed|copied <class> <call sites>}); a
 * failure as {@code FUTURE-NETTY failed}.
 *
 * <p>Registered not retransformation-capable: the JVM runs such transformers before the
 * retransformation-capable one of tcpwrap, whatever the order of the agents, so tcpwrap sees the
 * renamed class, as it would see a future Netty's.
 */
public final class FutureNettyAgent {

  /** The new name of {@code accept(byte[])}. */
  static final String RENAMED = "acceptConnection";

  private static final String SOCKET = "io/netty/channel/unix/Socket";
  private static final String LINUX_SOCKET = "io/netty/channel/epoll/LinuxSocket";
  private static final String ACCEPT = "accept";
  private static final String ACCEPT_DESC = "([B)I";

  private FutureNettyAgent() {}

  public static void premain(String args, Instrumentation inst) {
    boolean rename = "rename".equals(args);
    if (!rename && !"copy".equals(args)) {
      throw new IllegalArgumentException("agent argument: rename or copy, not " + args);
    }
    inst.addTransformer(new Renamer(rename), false);
  }

  private static final class Renamer implements ClassFileTransformer {
    private final boolean rename;

    Renamer(boolean rename) {
      this.rename = rename;
    }

    @Override
    public byte[] transform(
        Module module,
        ClassLoader loader,
        String name,
        Class<?> redefined,
        ProtectionDomain pd,
        byte[] bytes) {
      if (name == null || !name.startsWith("io/netty/")) {
        return null;
      }
      try {
        ClassWriter w = new ClassWriter(0);
        Visitor v = new Visitor(w, name.equals(SOCKET), rename);
        new ClassReader(bytes).accept(v, 0);
        if (!v.declares && v.calls == 0) {
          return null;
        }
        if (name.equals(SOCKET) && !v.declares) {
          // a Netty without the method would make the test pass for the wrong reason
          throw new IllegalStateException(SOCKET + " declares no accept" + ACCEPT_DESC);
        }
        System.out.println(
            "FUTURE-NETTY "
                + (rename ? "renamed " : "copied ")
                + name
                + (v.declares ? " declaration" : "")
                + " "
                + v.calls
                + " call sites");
        return w.toByteArray();
      } catch (Throwable t) {
        // the JVM drops a transformer's exception silently; the test must see it
        System.out.println("FUTURE-NETTY failed " + name + ": " + t);
        return null;
      }
    }
  }

  private static final class Visitor extends ClassVisitor {
    private final boolean socket;
    private final boolean rename;
    boolean declares;
    int calls;

    Visitor(ClassVisitor next, boolean socket, boolean rename) {
      super(Opcodes.ASM9, next);
      this.socket = socket;
      this.rename = rename;
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String desc, String signature, String[] exceptions) {
      // the static native accept(int, byte[]) is bound by JNI under its own name: it must stay
      if (socket && isAccept(name, desc) && (access & Opcodes.ACC_STATIC) == 0) {
        declares = true;
        name = rename ? RENAMED : name;
      }
      return new MethodVisitor(
          Opcodes.ASM9, super.visitMethod(access, name, desc, signature, exceptions)) {
        @Override
        public void visitMethodInsn(
            int opcode, String owner, String name, String desc, boolean itf) {
          if (opcode != Opcodes.INVOKESTATIC
              && (owner.equals(SOCKET) || owner.equals(LINUX_SOCKET))
              && isAccept(name, desc)) {
            calls++;
            name = rename ? RENAMED : name;
          }
          super.visitMethodInsn(opcode, owner, name, desc, itf);
        }
      };
    }

    private static boolean isAccept(String name, String desc) {
      return name.equals(ACCEPT) && desc.equals(ACCEPT_DESC);
    }
  }
}
