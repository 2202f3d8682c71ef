/*
 * libwrap_oracle: asks Debian's real libwrap (hosts_access(3)) for verdicts, for the differential test
 * (LibwrapDifferentialTest) that compares tcpwrap's engine with it.
 *
 * Usage:   libwrap_oracle ALLOW_FILE DENY_FILE [PORT]
 * Input:   one request per line on stdin:  DAEMON[@SERVER] [USER@]CLIENT_ADDRESS [HOSTNAME]
 * Output:  one line per request:           granted|denied RULE
 *          where RULE is hosts.allow:N, hosts.deny:N (named by the file's ROLE, not its path) or "default".
 *          Lines with fewer than two words are answered with "error: malformed request".
 *
 * The request is built from strings exactly as hosts_ctl(3) builds it (no socket, so no DNS and no ident):
 * RQ_DAEMON, RQ_CLIENT_ADDR, RQ_CLIENT_NAME ("" when not given, i.e. "unknown" on first use) and RQ_USER
 * ("" likewise), plus RQ_SERVER_ADDR when @SERVER is given. Surrounding [ ] are stripped from SERVER and
 * CLIENT_ADDRESS. When PORT is given, RQ_SERVER_SIN is set to a socket address with that port (AF_INET6 if
 * SERVER contains ':', else AF_INET; the numeric SERVER address, or the wildcard address) so that Debian's
 * numeric port daemon patterns (patch match_port) can match; without PORT they never match.
 *
 * Build:   gcc -O2 -o libwrap_oracle libwrap_oracle.c -lwrap      (Debian: apt-get install libwrap0-dev)
 * Debug:   ORACLE_DEBUG=1 copies every libwrap log line to stderr.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <syslog.h>
#include <tcpd.h>

/* libwrap globals that tcpd.h does not declare (see options.c / hosts_access.c). */
extern int dry_run;

/* libwrap expects the program to define these two (tcpd and tcpdmatch do). */
int allow_severity = LOG_INFO;
int deny_severity = LOG_WARNING;

static const char *allow_path;
static const char *deny_path;
static char matched[4096]; /* text after "matched:  " of the last such log line, or "" */
static int debug;

/*
 * The deciding rule is only visible in libwrap's debug log line "matched:  FILE line N" (logged by
 * table_match() when hosts_access_verbose > 1). Debian's libwrap is built with _FORTIFY_SOURCE, so it calls
 * __syslog_chk/__vsyslog_chk rather than syslog/vsyslog; all four are overridden here (the executable's
 * definitions take precedence over libc's in the dynamic symbol lookup) so that every log line reaches
 * capture() instead of the system logger.
 */
static void capture(const char *fmt, va_list ap) {
    char buf[4096];
    vsnprintf(buf, sizeof buf, fmt, ap);
    if (strncmp(buf, "matched:  ", 10) == 0) {
        snprintf(matched, sizeof matched, "%s", buf + 10);
    }
    if (debug) {
        fprintf(stderr, "log: %s\n", buf);
    }
}

void syslog(int pri, const char *fmt, ...) {
    va_list ap;
    (void) pri;
    va_start(ap, fmt);
    capture(fmt, ap);
    va_end(ap);
}

void vsyslog(int pri, const char *fmt, va_list ap) {
    (void) pri;
    capture(fmt, ap);
}

void __syslog_chk(int pri, int flag, const char *fmt, ...) {
    va_list ap;
    (void) pri;
    (void) flag;
    va_start(ap, fmt);
    capture(fmt, ap);
    va_end(ap);
}

void __vsyslog_chk(int pri, int flag, const char *fmt, va_list ap) {
    (void) pri;
    (void) flag;
    capture(fmt, ap);
}

/* Strips one pair of surrounding square brackets in place. */
static char *unbracket(char *s) {
    size_t n = strlen(s);
    if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
        s[n - 1] = 0;
        return s + 1;
    }
    return s;
}

/* "matched:  PATH line N" -> "hosts.allow:N" / "hosts.deny:N" by the role of PATH. */
static void rule_ref(char *out, size_t size) {
    size_t la = strlen(allow_path), ld = strlen(deny_path);
    if (matched[0] == 0) {
        snprintf(out, size, "default");
    } else if (strncmp(matched, allow_path, la) == 0 && strncmp(matched + la, " line ", 6) == 0) {
        snprintf(out, size, "hosts.allow:%s", matched + la + 6);
    } else if (strncmp(matched, deny_path, ld) == 0 && strncmp(matched + ld, " line ", 6) == 0) {
        snprintf(out, size, "hosts.deny:%s", matched + ld + 6);
    } else {
        snprintf(out, size, "unexpected:%s", matched);
    }
}

int main(int argc, char **argv) {
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: %s ALLOW_FILE DENY_FILE [PORT] < requests\n", argv[0]);
        return 2;
    }
    allow_path = argv[1];
    deny_path = argv[2];
    int port = argc > 3 ? atoi(argv[3]) : -1;
    hosts_allow_table = argv[1];
    hosts_deny_table = argv[2];
    debug = getenv("ORACLE_DEBUG") != NULL;
    hosts_access_verbose = 2; /* > 1: table_match() logs "matched:  FILE line N" */

    char line[8192];
    while (fgets(line, sizeof line, stdin)) {
        char *tok[4] = {0};
        int n = 0;
        for (char *p = strtok(line, " \t\r\n"); p && n < 4; p = strtok(NULL, " \t\r\n")) {
            tok[n++] = p;
        }
        if (n == 0) {
            continue;
        }
        if (n < 2 || n > 3) {
            printf("error: malformed request\n");
            fflush(stdout);
            continue;
        }
        char *daemon = tok[0], *server = NULL, *at = strchr(daemon, '@');
        if (at) {
            *at = 0;
            server = unbracket(at + 1);
        }
        char *client = tok[1], *user = "", *uat = strchr(client, '@');
        if (uat) {
            *uat = 0;
            user = client;
            client = uat + 1;
        }
        client = unbracket(client);
        char *name = n > 2 ? tok[2] : "";

        /* hosts_ctl() style: strings only; "" means "not yet looked up", which becomes "unknown". */
        struct request_info req;
        request_init(&req, RQ_DAEMON, daemon, RQ_CLIENT_ADDR, client, RQ_CLIENT_NAME, name, RQ_USER, user, 0);
        if (server) {
            request_set(&req, RQ_SERVER_ADDR, server, 0);
        }
        /* The server socket address only carries the port for Debian's numeric daemon patterns. */
        struct sockaddr_in sin4;
        struct sockaddr_in6 sin6;
        if (port >= 0) {
            if (server && strchr(server, ':')) {
                memset(&sin6, 0, sizeof sin6);
                sin6.sin6_family = AF_INET6;
                sin6.sin6_port = htons((unsigned short) port);
                if (inet_pton(AF_INET6, server, &sin6.sin6_addr) != 1) {
                    sin6.sin6_addr = in6addr_any;
                }
                request_set(&req, RQ_SERVER_SIN, (struct sockaddr *) &sin6, 0);
            } else {
                memset(&sin4, 0, sizeof sin4);
                sin4.sin_family = AF_INET;
                sin4.sin_port = htons((unsigned short) port);
                if (!server || inet_pton(AF_INET, server, &sin4.sin_addr) != 1) {
                    sin4.sin_addr.s_addr = htonl(INADDR_ANY);
                }
                request_set(&req, RQ_SERVER_SIN, (struct sockaddr *) &sin4, 0);
            }
        }

        /*
         * hosts_access() counts calls in `resident` and treats a process that calls it more than once as a
         * resident daemon, in which a twist option is an error ("twist option in resident process"): reset it
         * so that every request is a first call, as in tcpd/tcpdmatch. dry_run = 1 keeps spawn/twist/etc. from
         * running; the twist option clears dry_run (tcpdmatch's "delegated"), so set it again every time.
         */
        resident = -1;
        dry_run = 1;
        matched[0] = 0;
        int ok = hosts_access(&req);
        char rule[4200];
        rule_ref(rule, sizeof rule);
        printf("%s %s\n", ok ? "granted" : "denied", rule);
        fflush(stdout);
    }
    return 0;
}
