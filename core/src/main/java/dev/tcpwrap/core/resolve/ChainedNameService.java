package dev.tcpwrap.core.resolve;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Sources asked in order, as the {@code hosts:} line of {@code nsswitch.conf} orders them: the
 * first source with an answer wins (glibc's default action {@code [SUCCESS=return NOTFOUND=continue
 * UNAVAIL=continue]}). A source that throws counts as one without an answer.
 */
public final class ChainedNameService implements NameService {

  private final List<NameService> sources;

  /** A chain asking {@code sources} in order. */
  public ChainedNameService(List<NameService> sources) {
    this.sources = List.copyOf(sources);
  }

  /** The sources, in order. */
  public List<NameService> sources() {
    return sources;
  }

  @Override
  public List<String> reverse(InetAddress address) {
    for (NameService s : sources) {
      try {
        List<String> names = s.reverse(address);
        if (names != null && !names.isEmpty()) {
          return names;
        }
      } catch (RuntimeException e) {
        // an unavailable source: continue with the next, as glibc does
      }
    }
    return List.of();
  }

  @Override
  public Optional<Forward> forward(String name, AddressFamily family) {
    for (NameService s : sources) {
      try {
        Optional<Forward> f = s.forward(name, family);
        if (f != null && f.isPresent()) {
          return f;
        }
      } catch (RuntimeException e) {
        // an unavailable source: continue with the next, as glibc does
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "ChainedNameService" + sources;
  }
}
