package dev.tcpwrap.core.resolve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code hosts:} line of {@code /etc/nsswitch.conf}, reduced to the sources tcpwrap can consult
 * itself.
 *
 * <p>{@code files} and {@code dns} are kept in order; {@code resolve} (systemd-resolved) counts as
 * {@code dns}, because it answers DNS through the stub server that {@code /etc/resolv.conf} then
 * names. Every other source ({@code myhostname}, {@code mdns4_minimal}, {@code nis}, ...) and every
 * {@code [STATUS=action]} block is ignored. Without the file, without a {@code hosts:} line, or
 * with no usable source, the order is glibc's default, {@code files dns}.
 */
public final class NsSwitch {

  /** A name-service source tcpwrap implements. */
  public enum Source {
    /** The hosts file. */
    FILES,
    /** DNS. */
    DNS
  }

  /** glibc's order when nsswitch.conf says nothing. */
  public static final List<Source> DEFAULT = List.of(Source.FILES, Source.DNS);

  /** The system file. */
  public static final Path ETC_NSSWITCH = Path.of("/etc/nsswitch.conf");

  private NsSwitch() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /** The host sources named in {@code file}; {@link #DEFAULT} when it cannot be read. */
  public static List<Source> hostSources(Path file) {
    try {
      return hostSources(Files.readAllLines(file, StandardCharsets.ISO_8859_1));
    } catch (IOException | RuntimeException e) {
      return DEFAULT;
    }
  }

  /** The host sources named in the lines of an nsswitch.conf. */
  public static List<Source> hostSources(List<String> lines) {
    for (String line : lines) {
      int hash = line.indexOf('#');
      String body = (hash >= 0 ? line.substring(0, hash) : line).trim();
      int colon = body.indexOf(':');
      if (colon < 0 || !body.substring(0, colon).trim().equals("hosts")) {
        continue;
      }
      List<Source> out = new ArrayList<>();
      String rest = body.substring(colon + 1).replaceAll("\\[[^\\]]*\\]?", " ");
      for (String token : rest.trim().split("\\s+")) {
        Source s =
            switch (token.toLowerCase(java.util.Locale.ROOT)) {
              case "files" -> Source.FILES;
              case "dns", "resolve" -> Source.DNS;
              default -> null;
            };
        if (s != null && !out.contains(s)) {
          out.add(s);
        }
      }
      return out.isEmpty() ? DEFAULT : List.copyOf(out);
    }
    return DEFAULT;
  }
}
