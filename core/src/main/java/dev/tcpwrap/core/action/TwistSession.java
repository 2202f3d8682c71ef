package dev.tcpwrap.core.action;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One client handed to a {@code twist} command. tcpd dups the socket onto the command's fds 0, 1
 * and 2 and execs it, so the client talks to the command and the daemon never sees it. A JVM cannot
 * give a child its socket, so two pump threads stand in for the dup: client → command's stdin, and
 * command's stdout (stderr merged, as fd 2 was the socket too) → client.
 *
 * <p>How it ends, and why:
 *
 * <ul>
 *   <li>The command exits: the rest of its output is delivered (what is still in the pipe, for up
 *       to {@link CommandRunner#TWIST_DRAIN}, so a background grandchild holding stdout cannot keep
 *       the client), then the connection is closed. Under tcpd the connection ends when the last
 *       holder of the socket exits; here it ends with the command, as the issue asks.
 *   <li>The client half-closes (end of stream): the command's stdin is closed, so it sees end of
 *       file, as it would reading the socket under tcpd; its output still goes to the client.
 *   <li>The client is gone (a read or write fails: reset, closed): the command is destroyed. Under
 *       tcpd it would get EPIPE or SIGPIPE on its next write; a command that neither reads nor
 *       writes would linger, which here is bounded by {@link CommandLimits#maxRuntime()}.
 * </ul>
 */
final class TwistSession {

  private final Process process;
  private final ClientConnection client;
  private final ScheduledExecutorService timer;
  private final Duration drain;
  private final Consumer<Process> destroyer;
  private final Executor closer;
  private final AtomicBoolean outputDone = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final AtomicBoolean destroyed = new AtomicBoolean();

  TwistSession(
      Process process,
      ClientConnection client,
      ScheduledExecutorService timer,
      Duration drain,
      Consumer<Process> destroyer,
      Executor closer) {
    this.process = process;
    this.client = client;
    this.timer = timer;
    this.drain = drain;
    this.destroyer = destroyer;
    this.closer = closer;
  }

  /** Client → command's stdin, until the client's end of stream; then the stdin is closed. */
  void pumpIn() {
    OutputStream stdin = process.getOutputStream();
    try {
      copy(client.in(), stdin, true);
    } catch (IOException | RuntimeException e) {
      clientGone();
    } finally {
      closeQuietly(stdin);
    }
  }

  /**
   * Command's output → client, until the command closes it; then the connection ends once the
   * command has.
   */
  void pumpOut() {
    InputStream stdout = process.getInputStream();
    try {
      copy(stdout, client.out(), false);
    } catch (IOException | RuntimeException e) {
      clientGone();
      return;
    } finally {
      closeQuietly(stdout);
    }
    outputDone.set(true);
    if (!process.isAlive()) {
      finish();
    }
  }

  /**
   * The command exited: finish now if its output is all sent, else after the drain period at the
   * latest. Called on the JDK's process reaper thread, which every {@code Process} of the JVM
   * shares, so the close (which may linger) runs on a pump thread.
   */
  void commandEnded() {
    try {
      if (outputDone.get()) {
        closer.execute(this::finish);
      } else {
        timer.schedule(() -> closer.execute(this::finish), drain.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (RejectedExecutionException e) {
      finish();
    }
  }

  /**
   * Copies until {@code from} ends. An I/O failure on the command's side ends the copy as its end
   * of stream would (it closed the pipe or exited: the rest has nowhere to go); one on the client's
   * side is thrown, because the client is gone.
   */
  private static void copy(InputStream from, OutputStream to, boolean fromClient)
      throws IOException {
    byte[] buf = new byte[8192];
    while (true) {
      int n;
      try {
        n = from.read(buf);
      } catch (IOException e) {
        if (fromClient) {
          throw e;
        }
        return;
      }
      if (n < 0) {
        return;
      }
      try {
        to.write(buf, 0, n);
        to.flush();
      } catch (IOException e) {
        if (!fromClient) {
          throw e;
        }
        return;
      }
    }
  }

  private void clientGone() {
    if (process.isAlive() && destroyed.compareAndSet(false, true)) {
      destroyer.accept(process);
    }
    finish();
  }

  private void finish() {
    if (finished.compareAndSet(false, true)) {
      client.close();
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException | RuntimeException e) {
      // nothing to do
    }
  }
}
