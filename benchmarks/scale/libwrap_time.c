/*
 * libwrap's time per decision on a rule file (issue 10's benchmark): hosts_ctl(), as a daemon linked
 * with libwrap calls it, for each client given, N times each; prints the median and the fastest
 * wall-clock time per call and each client's verdict. libwrap reads hosts.allow and hosts.deny on
 * every call (it keeps nothing), so the time is that of reading and matching the files.
 *
 *   gcc -O2 -o libwrap_time benchmarks/scale/libwrap_time.c -lwrap
 *   ./libwrap_time ALLOW DENY DAEMON N CLIENT...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <syslog.h>
#include <tcpd.h>

int allow_severity = LOG_INFO;
int deny_severity = LOG_WARNING;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: %s ALLOW DENY DAEMON N CLIENT...\n", argv[0]);
        return 2;
    }
    hosts_allow_table = argv[1];
    hosts_deny_table = argv[2];
    int n = atoi(argv[4]);
    int clients = argc - 5;
    double *t = calloc((size_t) n * clients, sizeof *t);
    int k = 0;
    for (int c = 0; c < clients; c++) {
        int ok = -1;
        for (int i = 0; i < n; i++) {
            double s = now();
            ok = hosts_ctl(argv[3], STRING_UNKNOWN, argv[5 + c], STRING_UNKNOWN);
            t[k++] = now() - s;
        }
        double *mine = t + k - n;
        double sorted[n];
        memcpy(sorted, mine, sizeof sorted);
        qsort(sorted, n, sizeof *sorted, cmp);
        printf("%s %s: median %.3f s per call\n", argv[5 + c], ok ? "granted" : "denied", sorted[n / 2]);
    }
    qsort(t, k, sizeof *t, cmp);
    printf("hosts_ctl: %d calls, median %.3f s, fastest %.3f s per call\n", k, t[k / 2], t[0]);
    return 0;
}
