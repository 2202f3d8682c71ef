#!/usr/bin/env python3
"""Drops JMH's raw samples from -rf json results (SampleTime keeps every histogram bucket), in place:
report.py needs only scores and percentiles, and a SampleTime file shrinks from megabytes to kilobytes.
Results are still not committed (benchmarks/results/ is ignored); their figures go into docs/benchmarks.md."""
import json
import sys

for path in sys.argv[1:]:
    data = json.load(open(path))
    for r in data:
        for m in [r["primaryMetric"], *r.get("secondaryMetrics", {}).values()]:
            m.pop("rawData", None)
            m.pop("rawDataHistogram", None)
    with open(path, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
