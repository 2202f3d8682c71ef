package dev.tcpwrap.core.options;

import java.util.Locale;

/**
 * The options of hosts_options(5), with libwrap's argument rules ({@code option_table[]} in
 * options.c, Debian build with {@code PROCESS_OPTIONS} and {@code ACLEXEC}).
 */
public enum OptionKind {
  USER(Arg.NEEDED, false, false),
  GROUP(Arg.NEEDED, false, false),
  UMASK(Arg.NEEDED, false, false),
  LINGER(Arg.NEEDED, false, false),
  KEEPALIVE(Arg.NONE, false, false),
  SPAWN(Arg.NEEDED, true, false),
  TWIST(Arg.NEEDED, true, true),
  RFC931(Arg.OPTIONAL, false, false),
  SETENV(Arg.NEEDED, true, false),
  NICE(Arg.OPTIONAL, false, false),
  SEVERITY(Arg.NEEDED, false, false),
  ALLOW(Arg.NONE, false, true),
  DENY(Arg.NONE, false, true),
  BANNERS(Arg.NEEDED, false, false),
  ACLEXEC(Arg.NEEDED, true, false);

  /** Whether the option takes a value. */
  enum Arg {
    NONE,
    OPTIONAL,
    NEEDED
  }

  private final Arg arg;
  private final boolean expands;
  private final boolean last;

  OptionKind(Arg arg, boolean expands, boolean last) {
    this.arg = arg;
    this.expands = expands;
    this.last = last;
  }

  /** The keyword in lower case, as in the man page. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }

  boolean needsValue() {
    return arg == Arg.NEEDED;
  }

  boolean permitsValue() {
    return arg != Arg.NONE;
  }

  /** Whether {@code %} sequences in the value are expanded. */
  public boolean expands() {
    return expands;
  }

  /** Whether the option must be the last one of its rule. */
  public boolean mustBeLast() {
    return last;
  }

  /** The option named {@code key} (case-insensitive), or null. */
  static OptionKind lookup(String key) {
    for (OptionKind k : values()) {
      if (k.keyword().equalsIgnoreCase(key) && key.chars().allMatch(c -> c < 128)) {
        return k;
      }
    }
    return null;
  }
}
