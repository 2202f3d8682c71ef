package dev.tcpwrap.agent.log;

import java.util.List;

/**
 * A destination that cannot be written at all, so that its lines are counted as lost instead of
 * going where they must not (standard error that is an inetd client's connection).
 */
final class LostSink implements LogSink {

  private final String name;

  LostSink(String name) {
    this.name = name;
  }

  @Override
  public int write(List<LogRecord> batch) {
    return batch.size();
  }

  @Override
  public String failure() {
    return "not writable";
  }

  @Override
  public String describe() {
    return name;
  }
}
