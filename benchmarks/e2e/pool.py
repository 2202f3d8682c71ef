#!/usr/bin/env python3
"""Pools the JVM pairs of several `E2eHarness --what paired` outputs (e.g. repeated netty.sh runs).

The JVM pair is the independent unit of the paired method (PairedRates), so pairs from repeated short runs of
the same configuration (JDK, kind, client address, measured and baseline mode) can be pooled: per configuration,
the geometric mean of the pairs' rate ratios, server-CPU ratios and accepting-thread CPU ratios with a 95 %
Student-t interval over the pairs, and the mean CPU per connection (µs) of each mode over the pairs.

    benchmarks/e2e/pool.py benchmarks/e2e/results/netty-*.txt
"""
import math
import os
import re
import sys
from collections import defaultdict

PAIR = re.compile(
    r"^\s+(\S+) (\S+) pair \d+: rate ratio ([\d.]+), "
    r"CPU/conn ([\d.]+) -> ([\d.]+) us \(([\d.]+)\), accepting thread ([\d.]+) -> ([\d.]+) us \(([\d.]+)\)")
HEADER = re.compile(r"^paired rates, connections from (\S+), (\S+) against (\S+):")
# Student's t, 97.5 % quantile, 1..30 degrees of freedom; more: 1.96 + a small correction
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
        2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
        2.045, 2.042]


def t975(df):
    return T975[df - 1] if df <= 30 else 1.96 + 2.4 / df


def geo_ci(values):
    logs = [math.log(v) for v in values]
    n = len(logs)
    m = sum(logs) / n
    if n < 2:
        return math.exp(m), float("nan"), float("nan")
    sd = math.sqrt(sum((x - m) ** 2 for x in logs) / (n - 1))
    h = t975(n - 1) * sd / math.sqrt(n)
    return math.exp(m), math.exp(m - h), math.exp(m + h)


def main(paths):
    pooled = defaultdict(list)
    for path in paths:
        pending = []
        for line in open(path, encoding="utf-8"):
            p = PAIR.match(line)
            if p:
                pending.append(p)
                continue
            h = HEADER.match(line)
            if h:
                for p in pending:
                    jdk = os.path.basename(p.group(1).rstrip("/"))  # the JDK's directory
                    pooled[(jdk, p.group(2), h.group(1), h.group(3), h.group(2))].append(p)
                pending = []
    print("configuration (jdk kind from: baseline -> measured) | pairs | rate ratio [95% CI] |"
          " server CPU ratio [95% CI] | accepting-thread CPU ratio [95% CI] | server CPU us/conn baseline -> measured"
          " | accepting thread us/conn")
    for key in sorted(pooled):
        ps = pooled[key]
        f = lambda i: [float(p.group(i)) for p in ps]
        mean = lambda xs: sum(xs) / len(xs)
        ci = lambda xs: "%.3f [%.3f-%.3f]" % geo_ci(xs)
        print("%s %s %s: %s -> %s | %d | %s | %s | %s | %.1f -> %.1f | %.1f -> %.1f" % (
            key[0], key[1], key[2], key[3], key[4], len(ps), ci(f(3)), ci(f(6)), ci(f(9)),
            mean(f(4)), mean(f(5)), mean(f(7)), mean(f(8))))


if __name__ == "__main__":
    main(sys.argv[1:])
