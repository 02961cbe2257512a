#!/bin/sh
# rotation.sh - the rotations benchmark (SPEC 6): 10,000 generated teams,
# each with eight members, a weekly rotation and an overrides calendar,
# against the same 10,000 teams without rotations measured in the same run:
# oncalld -n, the daemon's RSS after start, in-process "who is on duty"
# lookups (bench/engine), and NOW <team> over the socket (bench/loadgen).
# Prints a Markdown section on standard output. Run from the top of the
# tree after make bench has built the programs; bench/run.sh calls it.
#	BUILD=build sh bench/rotation.sh
set -eu

BUILD=${BUILD:-build}
B=$BUILD/bench
PY=/usr/bin/python3
SECS=${BENCH_SECS:-2}
N=${ROT_TEAMS:-10000}
CPU=0
DIR=$(mktemp -d "${TMPDIR:-/tmp}/oncalld-rotbench.XXXXXX")
PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

get() {
	printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -1
}
div() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f\n", a / b }'
}
cmp() {
	awk -v a="$1" -v b="$2" -v op="$3" 'BEGIN {
	    ok = op == "le" ? a + 0 <= b + 0 : a + 0 >= b + 0
	    print ok ? "met" : "NOT met" }'
}

$PY bench/genconf.py "$N" "$DIR/plain.conf" "$(pwd)/calendars"
$PY bench/genconf.py "$N" "$DIR/rot.conf" "$(pwd)/calendars" 2350 rotations
T0=$(date +%s)

# measure NAME: oncalld -n (median of 3), RSS after start, NOW <team>
# serial over the socket; sets NAME_ms, NAME_rss, NAME_p50, NAME_rps.
measure() {
	chk=$($PY bench/wall.py 3 "$BUILD/oncalld" -n -c "$DIR/$1.conf")
	taskset -c $CPU "$BUILD/oncalld" -c "$DIR/$1.conf" -s "$DIR/s.sock" \
	    2>"$DIR/$1.log" &
	PID=$!
	i=0
	while ! "$B/loadgen" -s "$DIR/s.sock" -n 1 -r PING >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 600 ] || { echo "rotation.sh: no daemon" >&2; exit 1; }
		sleep 0.1
	done
	rss=$(awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' /proc/$PID/status)
	lat=$(taskset -c $CPU "$B/loadgen" -s "$DIR/s.sock" -c 1 -d 1 \
	    -t "$SECS" -f "$DIR/$1.ids")
	kill "$PID"
	wait "$PID" 2>/dev/null || true
	PID=
	eval "$1_ms=$(get median_ms "$chk") $1_rss=$rss"
	eval "$1_p50=$(get p50_us "$lat") $1_rps=$(get rps "$lat")"
}
# Alternate the two configurations twice and keep each one's better run:
# the machine is shared.
measure plain
p1=$plain_rps
measure rot
r1=$rot_rps
measure plain
[ "$(cmp "$p1" "$plain_rps" ge)" = met ] && plain_rps=$p1
measure rot
[ "$(cmp "$r1" "$rot_rps" ge)" = met ] && rot_rps=$r1
eng=$(taskset -c $CPU "$B/engine" -c "$DIR/rot.conf" -t "$T0" | tr '\n' ' ')
rot_lookups=$(get rot_lookups_per_s "$eng")
sched_lookups=$(get lookups_per_s "$eng")
ratio=$(div "$plain_rps" "$rot_rps")

echo
echo "## Rotations"
echo
echo "$N generated teams (bench/genconf.py), each with eight members, a"
echo "weekly after-hours rotation and an overrides calendar (one of ten"
echo "files, each read per team), against the same teams without"
echo "rotations, alternating in one run (\`BUILD=$BUILD sh bench/rotation.sh\`)."
echo "oncalld -n: median of 3 whole runs; RSS after start; NOW <team> at"
echo "random team ids, serial, better of two ${SECS}-second runs; lookups:"
echo "rotation_at() at random (rotation, instant) pairs in the window, beside"
echo "schedule_state() (the staffing lookup) on the same teams in the same"
echo "run: the floor that a lookup in a table of 10,000 costs on this machine."
echo
echo "| | oncalld -n ms | RSS MB | NOW <team> req/s | p50 µs |"
echo "|---|---|---|---|---|"
echo "| without rotations | $plain_ms | $plain_rss | $plain_rps | $plain_p50 |"
echo "| with rotations | $rot_ms | $rot_rss | $rot_rps | $rot_p50 |"
echo
echo "| target | figure | |"
echo "|---|---|---|"
echo "| oncalld -n with rotations <= 1 s | $rot_ms ms | $(cmp "$rot_ms" 1000 le) |"
echo "| RSS with rotations <= 96 MB | $rot_rss MB | $(cmp "$rot_rss" 96 le) |"
echo "| who is on duty >= 5 M lookups/s, one core | $rot_lookups (staffing lookups, same run: $sched_lookups; ratio $(div "$rot_lookups" "$sched_lookups")) | $(cmp "$rot_lookups" 5000000 ge) |"
echo "| NOW <team> without / with rotations <= 1.1 (throughput) | $ratio | $(cmp "$ratio" 1.1 le) |"
