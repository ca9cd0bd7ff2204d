#!/usr/bin/env python3
"""Peak resident memory of a Spark job's JVMs, read from /proc while the job runs.

usage: rss_watch.py OUT.json ROOT_PID [--also REGEX] [--interval SECONDS]

Watches ROOT_PID and every process descended from it, plus (with --also) any process whose command
line matches REGEX -- executors launched by a standalone worker are the worker's children, not the
submitter's. Runs until ROOT_PID exits, then writes OUT.json.

The peak is the kernel's high-water mark (VmHWM in /proc/<pid>/status), so a spike between two
samples is not missed; only a process that lives for less than one interval can be. A JVM's RSS is
heap actually touched + metaspace + thread stacks + off-heap (ND4J/JavaCPP buffers, Netty), which is
what a container limit (YARN, Kubernetes) is enforced against -- hence RSS, not heap.
"""
import json
import os
import re
import sys
import time


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def status_kib(pid, key):
    s = read(f"/proc/{pid}/status")
    if s is None:
        return None
    m = re.search(rb"^" + key.encode() + rb":\s+(\d+) kB", s, re.M)
    return int(m.group(1)) if m else None


def parent(pid):
    s = read(f"/proc/{pid}/stat")
    if s is None:
        return None
    # comm may contain spaces and parentheses: the fields after the last ')' are fixed.
    return int(s[s.rindex(b")") + 2:].split()[1])


def cmdline(pid):
    s = read(f"/proc/{pid}/cmdline")
    return s.replace(b"\0", b" ").decode(errors="replace").strip() if s else ""


def role(cmd):
    if "CoarseGrainedExecutorBackend" in cmd:
        return "executor"
    if "deploy.worker.Worker" in cmd:
        return "worker-daemon"
    if "deploy.master.Master" in cmd:
        return "master-daemon"
    if "SparkSubmit" in cmd or "FulcrumCli" in cmd:
        return "driver"
    return "other"


def main(argv):
    out, root = argv[0], int(argv[1])
    also, interval = None, 0.5
    rest = argv[2:]
    while rest:
        if rest[0] == "--also":
            also = re.compile(rest[1])
        elif rest[0] == "--interval":
            interval = float(rest[1])
        else:
            sys.exit(f"rss_watch.py: unknown argument {rest[0]}")
        rest = rest[2:]
    seen = {}
    start = time.time()
    while os.path.exists(f"/proc/{root}"):
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
        parents = {p: parent(p) for p in pids}
        watched = {root}
        changed = True
        while changed:  # descendants of root, to any depth
            changed = False
            for p, pp in parents.items():
                if pp in watched and p not in watched:
                    watched.add(p)
                    changed = True
        if also is not None:
            watched.update(p for p in pids if p not in watched and also.search(cmdline(p)))
        for p in watched:
            hwm, rss = status_kib(p, "VmHWM"), status_kib(p, "VmRSS")
            if hwm is None:
                continue
            e = seen.get(p)
            if e is None:
                cmd = cmdline(p)
                if not cmd.split() or "java" not in os.path.basename(cmd.split()[0]):
                    continue  # shells, python, curl: not part of the job's memory
                e = seen[p] = {"pid": p, "role": role(cmd), "firstSeenSeconds": round(time.time() - start, 1),
                               "peakRssKiB": 0, "maxSampledRssKiB": 0}
            e["peakRssKiB"] = max(e["peakRssKiB"], hwm)
            e["maxSampledRssKiB"] = max(e["maxSampledRssKiB"], rss or 0)
            e["lastSeenSeconds"] = round(time.time() - start, 1)
        time.sleep(interval)
    procs = sorted(seen.values(), key=lambda e: e["firstSeenSeconds"])
    for e in procs:
        e["peakRssMiB"] = round(e["peakRssKiB"] / 1024, 1)
    by_role = {}
    for e in procs:
        r = by_role.setdefault(e["role"], {"processes": 0, "maxPeakRssMiB": 0.0, "sumPeakRssMiB": 0.0})
        r["processes"] += 1
        r["maxPeakRssMiB"] = max(r["maxPeakRssMiB"], e["peakRssMiB"])
        r["sumPeakRssMiB"] = round(r["sumPeakRssMiB"] + e["peakRssMiB"], 1)
    with open(out, "w") as f:
        json.dump({"sampleIntervalSeconds": interval, "watchedSeconds": round(time.time() - start, 1),
                   "byRole": by_role, "processes": procs}, f, indent=2)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1:])
