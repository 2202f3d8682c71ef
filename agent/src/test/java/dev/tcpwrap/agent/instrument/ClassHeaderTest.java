package dev.tcpwrap.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClassHeaderTest {

  static byte[] bytes(String internalName) throws IOException {
    try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
      return in.readAllBytes();
    }
  }

  static byte[] bytes(Class<?> c) throws IOException {
    return bytes(c.getName().replace('.', '/'));
  }

  /** An application subclass that declares accept(). */
  static class AppServerSocket extends ServerSocket {
    AppServerSocket() throws IOException {
      super();
    }

    @Override
    public Socket accept() throws IOException {
      return super.accept();
    }
  }

  /** accept with a parameter does not count. */
  static class Visitor {
    void accept(Object o) {}
  }

  @Test
  void readsTheJdkAcceptClasses() throws Exception {
    ClassHeader ss = ClassHeader.read(bytes("java/net/ServerSocket"));
    assertThat(ss.name()).isEqualTo("java/net/ServerSocket");
    assertThat(ss.superName()).isEqualTo("java/lang/Object");
    assertThat(ss.declaresAccept()).isTrue();
    assertThat(ss.isInterface()).isFalse();

    ClassHeader ssc = ClassHeader.read(bytes("java/nio/channels/ServerSocketChannel"));
    assertThat(ssc.declaresAccept()).as("abstract accept()").isFalse();

    ClassHeader impl = ClassHeader.read(bytes("sun/nio/ch/ServerSocketChannelImpl"));
    assertThat(impl.superName()).isEqualTo("java/nio/channels/ServerSocketChannel");
    assertThat(impl.declaresAccept()).isTrue();

    ClassHeader object = ClassHeader.read(bytes("java/lang/Object"));
    assertThat(object.superName()).isNull();
  }

  @Test
  void applicationClasses() throws Exception {
    assertThat(ClassHeader.read(bytes(AppServerSocket.class)).declaresAccept()).isTrue();
    assertThat(ClassHeader.read(bytes(Visitor.class)).declaresAccept()).isFalse();
    assertThat(ClassHeader.read(bytes(Runnable.class)).isInterface()).isTrue();
  }

  @Test
  void rejectsBrokenInput() throws Exception {
    byte[] ss = bytes("java/net/ServerSocket");
    assertThatThrownBy(() -> ClassHeader.read(Arrays.copyOf(ss, 100)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClassHeader.read(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void selectionFollowsTheHierarchyThroughClassFiles() throws Exception {
    ClassLoader app = getClass().getClassLoader();
    assertThat(
            AcceptTransformer.selected(
                null, "java/net/ServerSocket", null, bytes("java/net/ServerSocket")))
        .isTrue();
    assertThat(
            AcceptTransformer.selected(
                null,
                "sun/security/ssl/SSLServerSocketImpl",
                null,
                bytes("sun/security/ssl/SSLServerSocketImpl")))
        .as("ServerSocket <- SSLServerSocket <- impl")
        .isTrue();
    assertThat(
            AcceptTransformer.selected(
                null,
                "sun/nio/ch/ServerSocketAdaptor",
                null,
                bytes("sun/nio/ch/ServerSocketAdaptor")))
        .isTrue();
    assertThat(
            AcceptTransformer.selected(
                null,
                "sun/nio/ch/ServerSocketChannelImpl",
                null,
                bytes("sun/nio/ch/ServerSocketChannelImpl")))
        .isTrue();
    assertThat(
            AcceptTransformer.selected(
                null,
                "sun/nio/ch/AsynchronousServerSocketChannelImpl",
                null,
                bytes("sun/nio/ch/AsynchronousServerSocketChannelImpl")))
        .isTrue();
    assertThat(
            AcceptTransformer.selected(
                null,
                "java/nio/channels/ServerSocketChannel",
                null,
                bytes("java/nio/channels/ServerSocketChannel")))
        .isFalse();
    assertThat(
            AcceptTransformer.selected(null, "java/lang/String", null, bytes("java/lang/String")))
        .isFalse();
    String appName = "com/example/AppServerSocket"; // dev/tcpwrap/ is ignored by name
    assertThat(AcceptTransformer.selected(app, appName, null, bytes(AppServerSocket.class)))
        .isTrue();
    assertThat(
            AcceptTransformer.selected(
                app, appName, AppServerSocket.class, bytes(AppServerSocket.class)))
        .as("retransformation: the loaded hierarchy")
        .isTrue();
    assertThat(
            AcceptTransformer.selected(
                app, Visitor.class.getName().replace('.', '/'), null, bytes(Visitor.class)))
        .isFalse();
    assertThat(
            AcceptTransformer.selected(app, "dev/tcpwrap/x/Y", null, bytes(AppServerSocket.class)))
        .as("ignored by name")
        .isFalse();
  }
}
