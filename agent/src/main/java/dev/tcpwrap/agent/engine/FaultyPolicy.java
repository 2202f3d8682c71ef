package dev.tcpwrap.agent.engine;

import java.net.InetSocketAddress;

/** Testing only ({@code test-fault=decide}): every check fails, to exercise {@code onerror}. */
public final class FaultyPolicy implements ConnectionPolicy {

  @Override
  public Decision decide(
      String daemon, InetSocketAddress local, InetSocketAddress remote, boolean dualStack) {
    throw new IllegalStateException("injected fault (test-fault=decide)");
  }
}
