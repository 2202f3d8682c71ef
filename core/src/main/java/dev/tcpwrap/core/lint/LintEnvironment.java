package dev.tcpwrap.core.lint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * What the linter reads besides the rule file itself: {@code /file} pattern lists and the netgroup file. Tests
 * substitute their own; {@link #system()} reads the file system.
 */
public interface LintEnvironment {

    /**
     * The bytes of a file, or null when it does not exist; a directory reads as empty (as libwrap's
     * {@code fscanf} sees it).
     *
     * @throws IOException when it exists but cannot be read
     */
    byte[] read(String path) throws IOException;

    /** The file the {@code files} backend of {@code innetgr()} reads. */
    default String netgroupFile() {
        return "/etc/netgroup";
    }

    /** The real file system, netgroups from {@code /etc/netgroup}. */
    static LintEnvironment system() {
        return path -> {
            Path p;
            try {
                p = Paths.get(path);
            } catch (RuntimeException e) {
                return null;
            }
            if (Files.isDirectory(p)) {
                return new byte[0];
            }
            try {
                return Files.readAllBytes(p);
            } catch (NoSuchFileException e) {
                return null;
            }
        };
    }
}
