package dev.tcpwrap.core.options;

import java.util.List;

/**
 * The options field of a rule, parsed the way libwrap's {@code process_options()} walks it: the
 * valid options in order, and, if one is wrong, the error that stops processing there (libwrap's
 * {@code tcpd_jump}, which denies access even in hosts.allow, after the options before it have
 * run).
 *
 * @param options the options before the first error, in order
 * @param error the error message ({@code bad option name: "x"}, ...), or null
 */
public record OptionList(List<Option> options, String error) {

  /** No options field at all. */
  public static final OptionList NONE = new OptionList(List.of(), null);

  /** Whether an option says {@code allow} (grant) or {@code deny}; null when neither. */
  public Boolean explicitVerdict() {
    if (error != null) {
      return Boolean.FALSE;
    }
    for (Option o : options) {
      if (o.kind() == OptionKind.ALLOW) {
        return Boolean.TRUE;
      }
      if (o.kind() == OptionKind.DENY) {
        return Boolean.FALSE;
      }
    }
    return null;
  }

  /** Whether a {@code twist} hands the client to a command. */
  public boolean twists() {
    return error == null && options.stream().anyMatch(o -> o.kind() == OptionKind.TWIST);
  }
}
