#!/usr/bin/env python3
"""Drops JMH's raw samples from -rf json results (SampleTime keeps every histogram bucket), in place,
so that results can be kept in the repository; report.py needs only scores and percentiles."""
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
