package dev.tcpwrap.core.tools;

import java.io.PrintStream;

/** {@code check}: our tcpdchk (being written). */
final class CheckCommand {

    private CheckCommand() {
        throw new UnsupportedOperationException("should not be instantiated");
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
        Args.parse(args, false);
        throw new UsageException("not implemented yet");
    }
}
