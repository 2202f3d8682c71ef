package dev.tcpwrap.agent.gate;

import java.io.Closeable;

/** Closing an accepted connection of any kind. */
final class Connections {

  private Connections() {}

  /** Closes it, ignoring every failure: the connection is unusable either way. */
  static void close(Object connection) {
    try {
      if (connection instanceof Closeable c) {
        c.close();
      }
    } catch (Throwable ignored) {
      // nothing sensible left to do
    }
  }
}
