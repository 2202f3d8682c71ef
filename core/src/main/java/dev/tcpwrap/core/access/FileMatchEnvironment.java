package dev.tcpwrap.core.access;

import dev.tcpwrap.core.files.FileRead;
import dev.tcpwrap.core.files.RuleFileReader;
import dev.tcpwrap.core.match.MatchEnvironment;
import dev.tcpwrap.core.match.Netgroups;
import dev.tcpwrap.core.net.CNumbers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Pattern files and netgroups read from the file system. libwrap opens a {@code /file} pattern list
 * on every evaluation; here its words are cached and re-read when the file's modification time or
 * size changes, so an edit takes effect at the next connection as it does with tcpd.
 */
public final class FileMatchEnvironment implements MatchEnvironment {

  private static final FileMatchEnvironment SYSTEM =
      new FileMatchEnvironment(Paths.get("/etc/netgroup"));

  private final Path netgroupFile;
  private final Map<String, Cached> files = new ConcurrentHashMap<>();
  private volatile CachedNetgroups netgroups;

  /** Reads netgroups from {@code netgroupFile} (the files backend of {@code innetgr}). */
  public FileMatchEnvironment(Path netgroupFile) {
    this.netgroupFile = netgroupFile;
  }

  /** Netgroups from {@code /etc/netgroup}. */
  public static FileMatchEnvironment system() {
    return SYSTEM;
  }

  private record Cached(long modified, long size, List<String> words) {}

  @Override
  public List<String> patternFile(String path) throws IOException {
    Path p = Paths.get(path);
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(p, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return null;
    }
    long modified = attrs.lastModifiedTime().toMillis();
    Cached c = files.get(path);
    if (c != null && c.modified == modified && c.size == attrs.size() && attrs.isRegularFile()) {
      return c.words;
    }
    FileRead read = RuleFileReader.read(p);
    switch (read.outcome()) {
      case READ:
        break;
      case MISSING:
        return null;
      case CHANGING:
        if (c != null) {
          return c.words; // being rewritten: the last complete version until it is quiet
        }
        throw new IOException(read.reason());
      default:
        throw new IOException(read.reason());
    }
    List<String> words = words(read.content());
    if (files.size() < 1000) {
      files.put(
          path,
          new Cached(
              TimeUnit.NANOSECONDS.toMillis(read.stamp().modifiedNanos()),
              read.stamp().size(),
              words));
    }
    return words;
  }

  /**
   * {@code fscanf(fp, "%s")} in a loop: words separated by C white space; NUL bytes are kept in
   * words.
   */
  static List<String> words(byte[] content) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    for (byte b : content) {
      char c = (char) (b & 0xff);
      if (CNumbers.isSpace(c)) {
        if (w.length() > 0) {
          out.add(cString(w));
          w.setLength(0);
        }
      } else {
        w.append(c);
      }
    }
    if (w.length() > 0) {
      out.add(cString(w));
    }
    return List.copyOf(out);
  }

  /** A word as C sees it: up to its first NUL. */
  private static String cString(StringBuilder w) {
    int nul = w.indexOf("\0");
    return nul < 0 ? w.toString() : w.substring(0, nul);
  }

  private record CachedNetgroups(long modified, Netgroups groups) {}

  @Override
  public boolean inNetgroup(String group, String host) {
    CachedNetgroups n = netgroups;
    long modified = modified(netgroupFile);
    if (n == null || n.modified() != modified) {
      Netgroups g;
      try {
        g =
            Netgroups.parse(
                new String(Files.readAllBytes(netgroupFile), StandardCharsets.ISO_8859_1));
      } catch (IOException e) {
        g = Netgroups.NONE; // no netgroup file: every group is empty
      }
      n = new CachedNetgroups(modified, g);
      netgroups = n;
    }
    return n.groups().containsHost(group, host);
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return -1;
    }
  }
}
