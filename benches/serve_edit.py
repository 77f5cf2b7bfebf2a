#!/usr/bin/env python3
"""Times `meetcal serve`'s rebuild after one edited event.

    benches/serve_edit.py MEETCAL ROOT --now NOW [--edits 5] [--timeout 300]

Starts `meetcal serve --root ROOT --port 0 --now NOW`, waits for it to serve,
then edits one event file at a time (appends a sentence to its description)
and measures from the moment the file is saved and closed to the moment the
server's "rebuilt in N ms" line is read from its stderr. This includes the
watcher's debounce, as a person saving in an editor would see it. ROOT is
modified: give it a copy.

Prints one line per edit, `serve-edit <i> <save-to-message ms> <reported ms>`,
for benches/run.sh to collect. Exits 1 when the server fails to start, a
rebuild fails, or no message comes within the timeout.
"""

import argparse
import glob
import os
import queue
import subprocess
import sys
import threading
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("meetcal")
    parser.add_argument("root")
    parser.add_argument("--now", required=True)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds to wait for the first build, and for each rebuild")
    parser.add_argument("--settle", type=float, default=1.0,
                        help="seconds to wait before each edit, so rebuilds do not overlap")
    args = parser.parse_args()

    events = sorted(glob.glob(os.path.join(args.root, "content", "events", "**", "*.md"),
                          recursive=True))
    if not events:
        sys.exit(f"serve_edit: no event files under {args.root}/content/events")

    server = subprocess.Popen(
        [args.meetcal, "serve", "--root", args.root, "--port", "0", "--now", args.now],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    lines = queue.Queue()

    def read():
        for raw in server.stdout:
            lines.put((time.monotonic(), raw.decode("utf-8", "replace").rstrip("\n")))
        lines.put((time.monotonic(), None))

    threading.Thread(target=read, daemon=True).start()

    def wait_for(predicate, what):
        deadline = time.monotonic() + args.timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                fail(f"no {what} within {args.timeout:.0f} s")
            try:
                at, line = lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                fail(f"the server exited (code {server.wait()}) before {what}")
            if "build failed" in line or line.startswith("error"):
                fail(f"the server reported: {line}")
            if predicate(line):
                return at, line

    def fail(message):
        print(f"serve_edit: {message}", file=sys.stderr)
        stop()
        sys.exit(1)

    def stop():
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

    try:
        _, first = wait_for(lambda l: l.startswith("built in"), "first build")
        print(f"serve-first {first}", flush=True)
        wait_for(lambda l: l.startswith("serving the calendar at"), "serving message")
        step = max(1, len(events) // max(1, args.edits))
        for i in range(args.edits):
            time.sleep(args.settle)
            while not lines.empty():  # late messages of the previous edit
                _, line = lines.get_nowait()
                if line is None:
                    fail(f"the server exited (code {server.wait()})")
            path = events[(i * step) % len(events)]
            with open(path, "a", encoding="utf-8") as f:
                f.write(f"\nEdited for the benchmark, pass {i + 1}.\n")
            saved = time.monotonic()
            at, line = wait_for(lambda l: l.startswith("rebuilt in"), f"rebuild after edit {i + 1}")
            reported = line.split()[2]
            if "no page changed" in line:
                print(f"serve_edit: warning: edit {i + 1} changed no page: {line}", file=sys.stderr)
            print(f"serve-edit {i + 1} {(at - saved) * 1000:.1f} {reported}", flush=True)
    finally:
        stop()


if __name__ == "__main__":
    main()
