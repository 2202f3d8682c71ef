package dev.tcpwrap.agent.log.syslog;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Messages a syslog destination could not take yet (collector restarting, daemon's queue full),
 * kept for the next try. Bounded: when full, the oldest message is given up, so that after a long
 * outage the collector gets the most recent lines, which are the ones fail2ban acts on.
 */
final class Backlog {

  /** As many as the log's own queue holds. */
  static final int CAPACITY = 10_000;

  private final ArrayDeque<byte[]> messages = new ArrayDeque<>();
  private final int capacity;

  Backlog(int capacity) {
    this.capacity = capacity;
  }

  /**
   * @return the number of older messages given up to make room (0 or 1)
   */
  int add(byte[] message) {
    messages.addLast(message);
    if (messages.size() > capacity) {
      messages.pollFirst();
      return 1;
    }
    return 0;
  }

  byte[] peek() {
    return messages.peekFirst();
  }

  /**
   * @return the first {@code n} messages (fewer if there are fewer), oldest first, still kept
   */
  ByteBuffer[] first(int n) {
    ByteBuffer[] out = new ByteBuffer[Math.min(n, messages.size())];
    int i = 0;
    for (byte[] m : messages) {
      if (i == out.length) {
        break;
      }
      out[i++] = ByteBuffer.wrap(m);
    }
    return out;
  }

  void remove() {
    messages.pollFirst();
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  int size() {
    return messages.size();
  }
}
