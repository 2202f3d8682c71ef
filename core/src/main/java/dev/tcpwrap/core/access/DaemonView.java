package dev.tcpwrap.core.access;

import dev.tcpwrap.core.match.DaemonPattern;
import dev.tcpwrap.core.request.Endpoint;
import dev.tcpwrap.core.request.Request;
import dev.tcpwrap.core.rules.Rule;
import java.util.List;

/**
 * What the daemon lists of both tables say about one daemon name, worked out once per name and rule set: per
 * rule, the list matches ({@link #YES}), does not ({@link #NO}), or depends on the server endpoint
 * ({@link #SERVER}: a {@code daemon@host} or port token). A daemon name is fixed per listening port, so a
 * connection then reads one bit instead of evaluating daemon patterns.
 */
final class DaemonView {

    static final int NO = 0;
    static final int YES = 1;
    static final int SERVER = 2;

    final String daemon;
    final Table allow;
    final Table deny;

    private DaemonView(String daemon, Table allow, Table deny) {
        this.daemon = daemon;
        this.allow = allow;
        this.deny = deny;
    }

    static DaemonView of(String daemon, TableIndex allow, TableIndex deny) {
        // the name as a request carries it (cut to libwrap's length)
        String name = Request.ofStrings(daemon, Endpoint.unknown(), Endpoint.unknown(), null).daemon();
        return new DaemonView(daemon, Table.of(allow.rules(), name), Table.of(deny.rules(), name));
    }

    /** The states of one table's rules, two bits each. */
    static final class Table {
        private final long[] yes;
        private final long[] server;

        private Table(long[] yes, long[] server) {
            this.yes = yes;
            this.server = server;
        }

        static Table of(Rule[] rules, String daemon) {
            long[] yes = new long[(rules.length + 63) >>> 6];
            long[] server = new long[yes.length];
            for (int i = 0; i < rules.length; i++) {
                int s = segmentState(rules[i].daemons().segments(), 0, daemon);
                if (s == YES) {
                    yes[i >>> 6] |= 1L << i;
                } else if (s == SERVER) {
                    server[i >>> 6] |= 1L << i;
                }
            }
            return new Table(yes, server);
        }

        int state(int rule) {
            long bit = 1L << rule;
            if ((yes[rule >>> 6] & bit) != 0) {
                return YES;
            }
            return (server[rule >>> 6] & bit) != 0 ? SERVER : NO;
        }
    }

    /**
     * A daemon list's value in three-valued logic: a name token is YES or NO; a {@code name@host} token is NO
     * when its name does not match, else SERVER; a port token is SERVER. Segments combine as libwrap's
     * {@code list_match()} (any token of a segment, then NOT the exception), SERVER standing for "either".
     */
    private static int segmentState(List<List<DaemonPattern>> segments, int at, String daemon) {
        int own = NO;
        for (DaemonPattern d : segments.get(at)) {
            int t = d.daemon() == null ? SERVER
                    : !d.daemon().matches(daemon) ? NO
                    : d.serverHost() == null ? YES : SERVER;
            if (t == YES) {
                own = YES;
                break;
            }
            if (t == SERVER) {
                own = SERVER;
            }
        }
        if (own == NO || at + 1 == segments.size()) {
            return own;
        }
        int except = segmentState(segments, at + 1, daemon);
        if (except == YES) {
            return NO;
        }
        return except == NO ? own : SERVER;
    }
}
