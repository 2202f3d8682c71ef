package dev.tcpwrap.core.action;

import dev.tcpwrap.core.net.CNumbers;
import dev.tcpwrap.core.options.Option;
import dev.tcpwrap.core.options.OptionKind;
import java.io.IOException;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the {@code keepalive} and {@code linger N} options do to the accepted socket, as libwrap's
 * {@code keepalive_option()} and {@code linger_option()}: {@code keepalive} turns {@code
 * SO_KEEPALIVE} on; {@code linger N} sets {@code SO_LINGER} with {@code l_onoff = (N != 0)}, so
 * {@code linger 0} turns lingering <em>off</em> (it is not the abortive close that a zero linger
 * time means elsewhere). A failure to set an option is only a warning, as in libwrap. The last
 * {@code linger} of a rule wins, as each call overwrites the last.
 *
 * @param keepAlive whether to turn {@code SO_KEEPALIVE} on (false: leave it alone)
 * @param lingerSeconds the {@code linger} value, or {@link #UNSET} to leave {@code SO_LINGER} alone
 */
public record SocketOptions(boolean keepAlive, int lingerSeconds) {

  /** No {@code linger} option. */
  public static final int UNSET = -1;

  /** No socket option to set. */
  public static final SocketOptions NONE = new SocketOptions(false, UNSET);

  /** The largest linger time Java's {@link Socket#setSoLinger} takes. */
  static final int MAX_LINGER = 65535;

  /** From a rule's options (those before its first error, as a Verdict carries them). */
  public static SocketOptions of(List<Option> options) {
    SocketOptions s = NONE;
    for (Option o : options) {
      s = s.with(o);
    }
    return s;
  }

  /**
   * These settings after one more option (others than {@code keepalive} and {@code linger} change
   * nothing).
   */
  public SocketOptions with(Option o) {
    if (o.kind() == OptionKind.KEEPALIVE) {
      return new SocketOptions(true, lingerSeconds);
    }
    if (o.kind() == OptionKind.LINGER) {
      Integer n = o.value() == null ? null : CNumbers.scanIntOnly(o.value());
      if (n != null && n >= 0) {
        return new SocketOptions(keepAlive, n);
      }
    }
    return this;
  }

  /** Whether there is nothing to set. */
  public boolean isEmpty() {
    return !keepAlive && lingerSeconds == UNSET;
  }

  /** Whether {@code SO_LINGER} is to be set. */
  public boolean setsLinger() {
    return lingerSeconds != UNSET;
  }

  /** The value for {@code StandardSocketOptions.SO_LINGER}: negative turns lingering off. */
  public int lingerOptionValue() {
    return lingerSeconds == 0 ? -1 : Math.min(lingerSeconds, MAX_LINGER);
  }

  /** Applies the settings to a classic socket; failures go to {@code warn}. */
  public void apply(Socket socket, Consumer<String> warn) {
    if (keepAlive) {
      try {
        socket.setKeepAlive(true);
      } catch (IOException | RuntimeException e) {
        warn.accept("setsockopt SO_KEEPALIVE: " + e.getMessage());
      }
    }
    if (setsLinger()) {
      try {
        socket.setSoLinger(lingerSeconds != 0, Math.min(lingerSeconds, MAX_LINGER));
      } catch (IOException | RuntimeException e) {
        warn.accept("setsockopt SO_LINGER " + lingerSeconds + ": " + e.getMessage());
      }
    }
  }

  /** Applies the settings to a socket channel; failures go to {@code warn}. */
  public void apply(SocketChannel channel, Consumer<String> warn) {
    applyTo(channel, warn);
  }

  /**
   * Applies the settings to an asynchronous socket channel; failures go to {@code warn}. The JDK's
   * {@code AsynchronousSocketChannel} does not support {@code SO_LINGER}, so {@code linger N} is
   * only a warning there.
   */
  public void apply(AsynchronousSocketChannel channel, Consumer<String> warn) {
    applyTo(channel, warn);
  }

  private void applyTo(NetworkChannel channel, Consumer<String> warn) {
    if (keepAlive) {
      try {
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
      } catch (IOException | RuntimeException e) {
        warn.accept("setsockopt SO_KEEPALIVE: " + e.getMessage());
      }
    }
    if (setsLinger()) {
      if (!channel.supportedOptions().contains(StandardSocketOptions.SO_LINGER)) {
        warn.accept(
            "setsockopt SO_LINGER "
                + lingerSeconds
                + ": not supported by "
                + channel.getClass().getSimpleName()
                + " (the JDK's asynchronous channels have no SO_LINGER)");
        return;
      }
      try {
        channel.setOption(StandardSocketOptions.SO_LINGER, lingerOptionValue());
      } catch (IOException | RuntimeException e) {
        warn.accept("setsockopt SO_LINGER " + lingerSeconds + ": " + e.getMessage());
      }
    }
  }
}
