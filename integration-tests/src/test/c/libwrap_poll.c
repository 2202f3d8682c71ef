/*
 * libwrap_poll: what tcpd would decide for one client, over and over, while something else rewrites
 * the rule files: the libwrap side of TornWriteTest (tcpd reads both files for every connection).
 *
 * Usage:   libwrap_poll ALLOW_FILE DENY_FILE CLIENT_ADDRESS DURATION_MS INTERVAL_MS
 * Output:  one line "granted G of N"
 *
 * Each decision is hosts_ctl("torn", unknown, CLIENT_ADDRESS, unknown), the request tcpd builds
 * from a connection when no name and no user are needed. libwrap's log lines are dropped.
 * Build:   gcc -O2 -o libwrap_poll libwrap_poll.c -lwrap
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <tcpd.h>
#include <time.h>

int allow_severity = LOG_INFO;
int deny_severity = LOG_WARNING;

/* libwrap warns through syslog (the _chk forms under _FORTIFY_SOURCE): keep it quiet */
void syslog(int pri, const char *fmt, ...) { (void) pri; (void) fmt; }
void vsyslog(int pri, const char *fmt, va_list ap) { (void) pri; (void) fmt; (void) ap; }
void __syslog_chk(int pri, int flag, const char *fmt, ...) { (void) pri; (void) flag; (void) fmt; }
void __vsyslog_chk(int pri, int flag, const char *fmt, va_list ap) {
    (void) pri; (void) flag; (void) fmt; (void) ap;
}

static long long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long) t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: libwrap_poll ALLOW DENY CLIENT DURATION_MS INTERVAL_MS\n");
        return 2;
    }
    hosts_allow_table = argv[1];
    hosts_deny_table = argv[2];
    long long end = now_ms() + atoll(argv[4]);
    struct timespec pause = {0, atol(argv[5]) * 1000000L};
    long granted = 0, total = 0;
    while (now_ms() < end) {
        granted += hosts_ctl("torn", STRING_UNKNOWN, argv[3], STRING_UNKNOWN) ? 1 : 0;
        total++;
        nanosleep(&pause, NULL);
    }
    printf("granted %ld of %ld\n", granted, total);
    return 0;
}
