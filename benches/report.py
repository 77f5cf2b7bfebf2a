#!/usr/bin/env python3
"""Turns the records benches/run.sh collects into Markdown tables.

    benches/report.py RESULTS

RESULTS holds one record a line, fields separated by tabs:

    meta     <key> <value>
    build    <tool> <events> <run> <seconds> <peak RSS KiB> <CPU seconds>
             (tool: meetcal, hugo, zola or floor; the floor's seconds are its
             writing alone, its peak RSS holds the whole site and is not shown)
    recur    <one-off|series> <files> <run> <seconds> <peak RSS KiB> <occurrences> <CPU seconds>
    stage    <events> <run> <stage> <ms>
    serve    <events> <edit> <save-to-message ms> <reported ms>

Every figure printed is the median of the runs.
"""

import statistics
import sys
from collections import OrderedDict, defaultdict


def median(values):
    return statistics.median(values) if values else None


def secs(value):
    if value is None:
        return "—"
    return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def mib(kib):
    if kib is None:
        return "—"
    mb = kib / 1024
    return f"{mb:.0f} MB" if mb < 10000 else f"{mb / 1024:.1f} GB"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "—"
    return f"{a / b:.1f}×"


def verdict(value, limit, better="below"):
    if value is None:
        return "not measured"
    met = value <= limit if better == "below" else value >= limit
    return "**met**" if met else "not met"


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def main():
    meta = OrderedDict()
    builds = defaultdict(list)  # (tool, n) -> [(secs, kib)]
    recur = defaultdict(list)  # kind -> [(secs, kib, occurrences, files)]
    stages = defaultdict(lambda: defaultdict(list))  # n -> stage -> [ms]
    stage_order = []
    serve = defaultdict(list)  # n -> [(save_ms, reported_ms)]
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            r = line.rstrip("\n").split("\t")
            if r[0] == "meta":
                meta[r[1]] = r[2]
            elif r[0] == "build":
                builds[(r[1], int(r[2]))].append((float(r[4]), int(r[5]), float(r[6])))
            elif r[0] == "recur":
                recur[r[1]].append((float(r[4]), int(r[5]), int(r[6]), int(r[2]), float(r[7])))
            elif r[0] == "stage":
                stages[int(r[1])][r[3]].append(float(r[4]))
                if r[3] not in stage_order:
                    stage_order.append(r[3])
            elif r[0] == "serve":
                serve[int(r[1])].append((float(r[3]), float(r[4])))

    def med(tool, n, i):
        return median([run[i] for run in builds.get((tool, n), [])])

    sizes = sorted({n for (_, n) in builds})
    tools = [t for t in ("meetcal", "hugo", "zola", "floor") if any((t, n) in builds for n in sizes)]
    names = {"meetcal": "meetcal", "hugo": meta.get("hugo", "Hugo"), "zola": meta.get("zola", "Zola"),
             "floor": "floor"}

    print("## Machine\n")
    for key in ("date", "machine", "meetcal", "profile", "hugo", "zola", "runs", "load-start", "load-end"):
        if key in meta:
            print(f"- {key}: {meta[key]}")
    print()

    print(f"## Full builds (median of {meta.get('runs', '?')} alternating runs)\n")
    header = ["events"]
    for t in ("meetcal", "hugo", "zola"):
        header += [f"{names[t]} time", f"{names[t]} CPU", f"{names[t]} peak RSS"]
    header += ["floor time", "floor CPU"]
    rows = []
    for n in sizes:
        row = [f"{n:,}"]
        for t in ("meetcal", "hugo", "zola"):
            row += [secs(med(t, n, 0)), secs(med(t, n, 2)), mib(med(t, n, 1))]
        row += [secs(med("floor", n, 0)), secs(med("floor", n, 2))]
        rows.append(row)
    print(table(header, rows))
    print("\nTime is wall-clock time; CPU is user + system time on both cores, "
          "less disturbed by other jobs on the machine. The floor is the time to write "
          "meetcal's own output (the same files, the same bytes, read into memory first) "
          "into a fresh folder on two threads: no tool can build the site faster.")
    if "hugo" not in tools:
        print(f"\nHugo: {meta.get('hugo-skipped', 'not run')}")
    if "zola" not in tools:
        print(f"\nZola: {meta.get('zola-skipped', 'not run')}")
    print()

    print("## Ratios (of the medians)\n")
    header = ["events"]
    for t in ("hugo", "zola"):
        header += [f"{names[t]} ÷ meetcal time", f"{names[t]} ÷ meetcal CPU",
                   f"{names[t]} ÷ meetcal RSS"]
    header += ["meetcal ÷ floor time", "meetcal ÷ floor CPU"]
    rows = []
    for n in sizes:
        row = [f"{n:,}"]
        for t in ("hugo", "zola"):
            row += [ratio(med(t, n, 0), med("meetcal", n, 0)),
                    ratio(med(t, n, 2), med("meetcal", n, 2)),
                    ratio(med(t, n, 1), med("meetcal", n, 1))]
        row += [ratio(med("meetcal", n, 0), med("floor", n, 0)),
                ratio(med("meetcal", n, 2), med("floor", n, 2))]
        rows.append(row)
    print(table(header, rows))
    print()

    print("## How meetcal's cost grows with N\n")
    rows = []
    previous = None
    for n in sizes:
        t, m, c = med("meetcal", n, 0), med("meetcal", n, 1), med("meetcal", n, 2)
        growth = "—"
        if previous:
            pn, pt, pm, pc = previous
            growth = (f"{n / pn:.0f}× events: time {t / pt:.1f}×, CPU {c / pc:.1f}×, "
                      f"RSS {m / pm:.1f}×")
        rows.append([f"{n:,}", secs(t), f"{t / n * 1e6:.0f} µs", secs(c), mib(m),
                     f"{m / n:.0f} KiB", growth])
        previous = (n, t, m, c)
    print(table(["events", "time", "time per event", "CPU (user + system)", "peak RSS",
                 "RSS per event", "growth from the previous size"], rows))
    if 10000 in sizes and sizes[-1] > 10000:
        big = sizes[-1]
        t = med("meetcal", big, 0) / med("meetcal", 10000, 0)
        m = med("meetcal", big, 1) / med("meetcal", 10000, 1)
        c = med("meetcal", big, 2) / med("meetcal", 10000, 2)
        print(f"\n{big // 1000}k / 10k: time {t:.2f}×, CPU {c:.2f}×, peak RSS {m:.2f}× "
              f"(linear would be {big / 10000:.1f}×; the goal allows up to 5.5× for 50k)")
    print()

    if recur:
        print("## Recurrence: weekly series against one-off events\n")
        rows = []
        for kind, label in (("one-off", "one-off events"), ("series", "open-ended weekly series")):
            runs = recur.get(kind, [])
            if runs:
                rows.append([f"{runs[0][3]:,} {label}", f"{runs[0][2]:,}",
                             secs(median([r[0] for r in runs])), secs(median([r[4] for r in runs])),
                             mib(median([r[1] for r in runs]))])
        print(table(["calendar", "occurrences", "meetcal time", "CPU (user + system)", "peak RSS"], rows))
        if recur.get("one-off") and recur.get("series"):
            t = median([r[0] for r in recur["series"]]) / median([r[0] for r in recur["one-off"]])
            m = median([r[1] for r in recur["series"]]) / median([r[1] for r in recur["one-off"]])
            print(f"\nseries ÷ one-off: time {t:.2f}×, peak RSS {m:.1f}× (medians of "
                  f"{len(recur['series'])} alternating runs each; the goal: time ≤ 2×)")
        print()

    if stages:
        n = max(stages)
        print(f"## meetcal's stages at {n:,} events (MEETCAL_TIMINGS=1, median ms)\n")
        cols = sorted(stages)
        rows = []
        for name in stage_order:
            cells = [f"{median(stages[c][name]):.1f}" if stages[c].get(name) else "—" for c in cols]
            rows.append([f"`{name}`"] + cells)
        print(table(["stage"] + [f"{c:,} events" for c in cols], rows))
        print("\nStages may nest (`ical:*` are parts of `ical`); the total above includes "
              "process start and exit.")
        print()

    for n, edits in sorted(serve.items()):
        print(f"## `meetcal serve`: one edited event in a {n:,}-event calendar\n")
        saves = [e[0] for e in edits]
        reported = [e[1] for e in edits]
        print(table(["", "median", "min", "max"], [
            ["file saved → \"rebuilt\" line", f"{median(saves):.0f} ms", f"{min(saves):.0f} ms",
             f"{max(saves):.0f} ms"],
            ["rebuild as reported by meetcal", f"{median(reported):.0f} ms",
             f"{min(reported):.0f} ms", f"{max(reported):.0f} ms"],
        ]))
        print(f"\n{len(edits)} edits. Save → line includes the watcher's debounce "
              "(5 ms after a file is closed in meetcal serve). The goal: ≤ 100 ms from save to message.")
        print()

    print_targets(sizes, med, recur)

    print("## Every run\n")
    order = {"meetcal": 0, "hugo": 1, "zola": 2, "floor": 3}
    for (tool, n), runs in sorted(builds.items(), key=lambda kv: (kv[0][1], order[kv[0][0]])):
        print(f"- {names[tool]}, {n:,} events: "
              + ", ".join(f"{s:.3f} s ({c:.2f} s CPU)" + ("" if tool == "floor" else f" / {mib(k)}")
                          for s, k, c in runs))
    for kind, runs in sorted(recur.items()):
        print(f"- meetcal, {runs[0][3]:,} {kind}: "
              + ", ".join(f"{r[0]:.3f} s ({r[4]:.2f} s CPU) / {mib(r[1])}" for r in runs))


def print_targets(sizes, med, recur):
    """The goals of issue #17 ("Speed, round two"), each with its measure."""
    if 10000 not in sizes:
        return
    n = 10000

    def div(a, b):
        return a / b if a is not None and b else None

    def fmt(value, unit="×"):
        return "—" if value is None else f"{value:.2f}{unit}"

    zola_speed = div(med("zola", n, 0), med("meetcal", n, 0))
    floor = div(med("meetcal", n, 0), med("floor", n, 0))
    memory = div(med("meetcal", n, 1), med("zola", n, 1))
    rows = [
        ["10,000 events at least 5× faster than Zola", "Zola ÷ meetcal time",
         fmt(zola_speed), verdict(zola_speed, 5, "above")],
        ["10,000 events within 2× of the floor", "meetcal ÷ floor time", fmt(floor),
         verdict(floor, 2)],
        ["peak memory at 10,000 events at most ¼ of Zola's", "meetcal ÷ Zola peak RSS",
         fmt(memory), verdict(memory, 0.25)],
    ]
    big = 50000
    if big in sizes:
        t = div(med("meetcal", big, 0), med("meetcal", n, 0))
        m = div(med("meetcal", big, 1), med("meetcal", n, 1))
        rows.append(["50,000 events within 5.5× of 10,000", "50k ÷ 10k time, peak RSS",
                     f"{fmt(t)}, {fmt(m)}",
                     "**met**" if t is not None and m is not None and max(t, m) <= 5.5
                     else "not met"])
    if recur.get("one-off") and recur.get("series"):
        t = (median([r[0] for r in recur["series"]])
             / median([r[0] for r in recur["one-off"]]))
        rows.append([f"{recur['series'][0][3]:,} open-ended weekly series within 2× of as many "
                     "one-off events", "series ÷ one-off time", fmt(t), verdict(t, 2)])
    print("## The targets, as measured\n")
    print(table(["target", "measure", "measured", ""], rows))
    print()


if __name__ == "__main__":
    main()
