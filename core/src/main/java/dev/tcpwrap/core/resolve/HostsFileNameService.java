package dev.tcpwrap.core.resolve;

import dev.tcpwrap.core.net.Inet4;
import dev.tcpwrap.core.net.Inet6;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code files} source: a hosts file in {@code hosts(5)} format, read as glibc's {@code
 * nss_files} reads it.
 *
 * <ul>
 *   <li>each line is an address followed by its canonical name and aliases; {@code #} starts a
 *       comment; lines whose address is not a strict IPv4 or IPv6 address are skipped;
 *   <li>reverse: the canonical (first) name of the first line with the address;
 *   <li>forward: names match ASCII case-insensitively, as canonical name or alias; the canonical
 *       name is the first name of the first matching line of the requested family, the addresses
 *       are those of every matching line of that family (glibc's {@code multi on}, the default
 *       since 2.26).
 * </ul>
 *
 * The file is re-read when its modification time or size changes (glibc reads it on every lookup),
 * so edits take effect without a restart. A missing or unreadable file answers nothing.
 */
public final class HostsFileNameService implements NameService {

  /** The system hosts file. */
  public static final Path ETC_HOSTS = Path.of("/etc/hosts");

  private final Path file;
  private volatile Snapshot snapshot = new Snapshot(null, -1, List.of());

  /** A backend reading {@code file}. */
  public HostsFileNameService(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  /** The file this backend reads. */
  public Path file() {
    return file;
  }

  @Override
  public List<String> reverse(InetAddress address) {
    byte[] wanted = address.getAddress();
    for (Entry e : entries()) {
      if (Arrays.equals(e.address, wanted)) {
        return List.of(e.names.get(0));
      }
    }
    return List.of();
  }

  @Override
  public Optional<Forward> forward(String name, AddressFamily family) {
    String canonical = null;
    List<InetAddress> addresses = new ArrayList<>();
    for (Entry e : entries()) {
      if ((e.address.length == 4) != (family == AddressFamily.INET) || !e.lists(name)) {
        continue;
      }
      if (canonical == null) {
        canonical = e.names.get(0);
      }
      try {
        InetAddress a = InetAddress.getByAddress(e.address);
        if (addresses.stream().noneMatch(x -> Arrays.equals(x.getAddress(), e.address))) {
          addresses.add(a);
        }
      } catch (UnknownHostException ex) {
        throw new IllegalStateException("4 or 16 bytes are always an address", ex);
      }
    }
    return canonical == null ? Optional.empty() : Optional.of(new Forward(canonical, addresses));
  }

  private List<Entry> entries() {
    Snapshot s = snapshot;
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      if (modified.equals(s.modified) && size == s.size) {
        return s.entries;
      }
      List<Entry> parsed = parse(Files.readAllLines(file, StandardCharsets.ISO_8859_1));
      snapshot = new Snapshot(modified, size, parsed);
      return parsed;
    } catch (IOException | RuntimeException e) {
      snapshot = new Snapshot(null, -1, List.of());
      return List.of();
    }
  }

  /** Parses hosts(5) lines; visible for tests. */
  static List<Entry> parse(List<String> lines) {
    List<Entry> out = new ArrayList<>();
    for (String line : lines) {
      int hash = line.indexOf('#');
      String body = hash >= 0 ? line.substring(0, hash) : line;
      String[] fields = body.trim().split("[ \t\f\r\u000b]+");
      if (fields.length < 2) {
        continue;
      }
      byte[] address = parseAddress(fields[0]);
      if (address != null) {
        out.add(new Entry(address, List.of(Arrays.copyOfRange(fields, 1, fields.length))));
      }
    }
    return List.copyOf(out);
  }

  private static byte[] parseAddress(String text) {
    long v4 = Inet4.ptonStrict(text, 0, text.length());
    if (v4 >= 0) {
      return new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4};
    }
    return Inet6.pton(text);
  }

  /** One line: an address and its names, canonical first. */
  static final class Entry {
    final byte[] address;
    final List<String> names;

    Entry(byte[] address, List<String> names) {
      this.address = address;
      this.names = names;
    }

    boolean lists(String name) {
      for (String n : names) {
        if (Addresses.asciiEqualsIgnoreCase(n, name)) {
          return true;
        }
      }
      return false;
    }
  }

  private record Snapshot(FileTime modified, long size, List<Entry> entries) {}
}
