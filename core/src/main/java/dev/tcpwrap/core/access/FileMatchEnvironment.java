package dev.tcpwrap.core.access;

import dev.tcpwrap.core.match.MatchEnvironment;
import dev.tcpwrap.core.net.CNumbers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pattern files and netgroups read from the file system. libwrap opens a {@code /file} pattern list on every
 * evaluation; here its words are cached and re-read when the file's modification time or size changes, so an
 * edit takes effect at the next connection as it does with tcpd.
 */
public final class FileMatchEnvironment implements MatchEnvironment {

    private static final FileMatchEnvironment SYSTEM = new FileMatchEnvironment(Paths.get("/etc/netgroup"));

    private final Path netgroupFile;
    private final Map<String, Cached> files = new ConcurrentHashMap<>();
    private volatile Netgroups netgroups;

    /** Reads netgroups from {@code netgroupFile} (the files backend of {@code innetgr}). */
    public FileMatchEnvironment(Path netgroupFile) {
        this.netgroupFile = netgroupFile;
    }

    /** Netgroups from {@code /etc/netgroup}. */
    public static FileMatchEnvironment system() {
        return SYSTEM;
    }

    private record Cached(long modified, long size, List<String> words) {
    }

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
        if (c != null && c.modified == modified && c.size == attrs.size()) {
            return c.words;
        }
        if (attrs.isDirectory()) {
            return List.of();
        }
        List<String> words = words(Files.readAllBytes(p));
        if (files.size() < 1000) {
            files.put(path, new Cached(modified, attrs.size(), words));
        }
        return words;
    }

    /** {@code fscanf(fp, "%s")} in a loop: words separated by C white space; NUL bytes are kept in words. */
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

    @Override
    public boolean inNetgroup(String group, String host) {
        Netgroups n = netgroups;
        long modified = modified(netgroupFile);
        if (n == null || n.modified != modified) {
            n = Netgroups.read(netgroupFile, modified);
            netgroups = n;
        }
        return n.contains(group, host, new HashSet<>());
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The files backend of NIS netgroups: {@code name (host,user,domain) ... othergroup}. */
    private static final class Netgroups {
        final long modified;
        final Map<String, List<String>> members;

        Netgroups(long modified, Map<String, List<String>> members) {
            this.modified = modified;
            this.members = members;
        }

        static Netgroups read(Path file, long modified) {
            Map<String, List<String>> m = new HashMap<>();
            try {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                text = text.replace("\\\n", " ");
                for (String line : text.split("\n")) {
                    int hash = line.indexOf('#');
                    if (hash >= 0) {
                        line = line.substring(0, hash);
                    }
                    List<String> items = new ArrayList<>();
                    int i = 0;
                    while (i < line.length()) {
                        char c = line.charAt(i);
                        if (Character.isWhitespace(c)) {
                            i++;
                        } else if (c == '(') {
                            int end = line.indexOf(')', i);
                            if (end < 0) {
                                break;
                            }
                            items.add(line.substring(i, end + 1));
                            i = end + 1;
                        } else {
                            int end = i;
                            while (end < line.length() && !Character.isWhitespace(line.charAt(end))
                                    && line.charAt(end) != '(') {
                                end++;
                            }
                            items.add(line.substring(i, end));
                            i = end;
                        }
                    }
                    if (items.size() >= 1 && !items.get(0).startsWith("(")) {
                        m.put(items.get(0), items.subList(1, items.size()));
                    }
                }
            } catch (IOException e) {
                // no netgroup file: every group is empty
            }
            return new Netgroups(modified, m);
        }

        boolean contains(String group, String host, Set<String> seen) {
            if (!seen.add(group)) {
                return false;
            }
            List<String> items = members.get(group);
            if (items == null) {
                return false;
            }
            for (String item : items) {
                if (item.startsWith("(")) {
                    String[] t = item.substring(1, item.length() - 1).split(",", -1);
                    String h = t.length > 0 ? t[0].trim() : "";
                    if (h.isEmpty() || h.equals(host)) {
                        return true;
                    }
                } else if (contains(item, host, seen)) {
                    return true;
                }
            }
            return false;
        }
    }
}
