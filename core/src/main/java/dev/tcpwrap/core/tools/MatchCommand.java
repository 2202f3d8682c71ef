package dev.tcpwrap.core.tools;

import dev.tcpwrap.core.access.AccessControl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** {@code match}: our tcpdmatch, and {@code match --batch}. */
final class MatchCommand {

    private MatchCommand() {
        throw new UnsupportedOperationException("should not be instantiated");
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
        Args a = Args.parse(args, true);
        AccessControl access = AccessControl.load(a.allow, a.deny);
        if (a.batch) {
            if (!a.operands.isEmpty()) {
                throw new UsageException("--batch reads its requests from standard input, not from arguments");
            }
            BatchMatch batch = new BatchMatch(access, a.port);
            try {
                int errors = batch.run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.ISO_8859_1)),
                        new PrintWriter(new OutputStreamWriter(out, StandardCharsets.ISO_8859_1)));
                return errors == 0 ? 0 : 2;
            } catch (IOException e) {
                err.println("tcpwrap match: cannot read standard input: " + e.getMessage());
                return 2;
            }
        }
        throw new UsageException("not implemented yet");
    }
}
