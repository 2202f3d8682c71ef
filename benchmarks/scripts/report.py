#!/usr/bin/env python3
"""Renders JMH JSON results (-rf json) of DecisionBenchmark as the Markdown tables of docs/benchmarks.md.

usage: python3 benchmarks/scripts/report.py decide.json [more.json ...]
"""
import json
import sys
from collections import defaultdict

rows = defaultdict(dict)   # (method, rules, family, engine) -> {"mean":, "p50":, "p90":, "p99":, "err":}
other = []
for path in sys.argv[1:]:
    for r in json.load(open(path)):
        bench = r["benchmark"].rsplit(".", 2)
        cls, method = bench[-2], bench[-1]
        p = r.get("params", {})
        pm = r["primaryMetric"]
        if cls != "DecisionBenchmark":
            key = (cls + "." + method, p.get("family", ""))
            other.append((key, r["mode"], pm))
            continue
        key = (method, int(p["rules"]), p["family"], p["engine"])
        if r["mode"] == "avgt":
            rows[key]["mean"] = pm["score"]
            rows[key]["err"] = pm["scoreError"]
        elif r["mode"] == "sample":
            pc = pm["scorePercentiles"]
            rows[key]["p50"] = pc["50.0"]
            rows[key]["p90"] = pc["90.0"]
            rows[key]["p99"] = pc["99.0"]
            rows[key]["smean"] = pm["score"]


def f(v):
    if v is None or isinstance(v, str):
        return "–"
    return f"{v:,.0f}" if v >= 100 else f"{v:,.1f}"


for method in sorted({k[0] for k in rows}):
    print(f"\n#### `{method}`\n")
    print("| rules | family | engine | median ns/op (sample p50) | p90 | p99 | mean ns/op (avgt ± 99.9% CI) |")
    print("|---:|---|---|---:|---:|---:|---:|")
    for k in sorted((k for k in rows if k[0] == method), key=lambda k: (k[1], k[2], k[3])):
        v = rows[k]
        mean = f(v.get("mean")) + (" ± " + f(v["err"]) if "err" in v else "")
        print(f"| {k[1]:,} | {k[2]} | {k[3]} | {f(v.get('p50'))} | {f(v.get('p90'))} | {f(v.get('p99'))} | {mean} |")
    ratios = []
    for k in sorted(rows):
        if k[0] == method and k[3] == "indexed":
            lin = rows.get((k[0], k[1], k[2], "linear"))
            if lin:
                ratios.append((k[1], k[2], rows[k], lin))
    if ratios:
        print("\n| rules | family | linear / indexed, median | linear / indexed, mean |")
        print("|---:|---|---:|---:|")
        for n, fam, i, l in sorted(ratios, key=lambda t: (t[0], t[1])):
            rm = l["p50"] / i["p50"] if "p50" in i and "p50" in l else None
            ra = l["mean"] / i["mean"] if "mean" in i and "mean" in l else None
            print(f"| {n:,} | {fam} | {f(rm)}× | {f(ra)}× |")

if other:
    print("\n| benchmark | family | mode | score ns/op |")
    print("|---|---|---|---:|")
    for (name, fam), mode, pm in other:
        s = pm["scorePercentiles"]["50.0"] if mode == "sample" else pm["score"]
        print(f"| {name} | {fam} | {'sample p50' if mode == 'sample' else mode} | {f(s)} |")
