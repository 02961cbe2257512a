#!/bin/sh
# run.sh - every benchmark of oncalld, side by side in one run, and the
# report: prints the tables and writes them to BENCHMARKS.md. Run from the
# top of the tree after the programs are built (make bench does both):
#	BUILD=build sh bench/run.sh
# BENCH_SECS sets the seconds each load run measures (default 2);
# BENCH_OUT the report's path (default BENCHMARKS.md).

set -eu

BUILD=${BUILD:-build}
B=$BUILD/bench
PY=/usr/bin/python3
SECS=${BENCH_SECS:-2}
OUT=${BENCH_OUT:-BENCHMARKS.md}
TOP=$(pwd)
SRV_CPU=0
CLI_CPU=0
FAR_CPU=$(($(nproc) > 1 ? 1 : 0))

DIR=$(mktemp -d "${TMPDIR:-/tmp}/oncalld-bench.XXXXXX")
PIDS=
cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

REPORT=$DIR/report.md
CMDS=$DIR/commands.md
: >"$REPORT"
: >"$CMDS"

say() {
	printf '%s\n' "$*" | tee -a "$REPORT"
}

# note CMD...: records a command for the report, with the temporary
# directory written as $TMP.
note() {
	printf '    %s\n' "$*" | sed "s|$DIR|\$TMP|g; s|$TOP/||g" >>"$CMDS"
}

# get KEY LINE: the value of KEY=value in LINE.
get() {
	printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -1
}

# div A B [FORMAT]: A / B.
div() {
	awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" \
	    'BEGIN { if (b + 0 == 0) print "-"; else printf f "\n", a / b }'
}

# started SOCKET PID: waits until the server on SOCKET answers.
started() {
	i=0
	while [ $i -lt 200 ]; do
		if [ -S "$1" ] && "$B/loadgen" -s "$1" -n 1 -r PING \
		    >/dev/null 2>&1; then
			return 0
		fi
		kill -0 "$2" 2>/dev/null || break
		sleep 0.05
		i=$((i + 1))
	done
	echo "run.sh: server on $1 did not start" >&2
	exit 1
}

# cpu_ns PID: nanoseconds process PID (one thread) has run on a CPU so far,
# or nothing where the kernel does not keep schedstat.
cpu_ns() {
	cut -d' ' -f1 "/proc/$1/schedstat" 2>/dev/null || true
}

# per_answer NS0 NS1 LINE: the server's CPU time per answer, in µs, over
# the load run that printed LINE (warm-up included on both sides).
per_answer() {
	if [ -z "$1" ] || [ -z "$2" ]; then
		echo "-"
		return
	fi
	awk -v a="$1" -v b="$2" -v n="$(get answers "$3")" \
	    'BEGIN { if (n + 0 == 0) print "-"; else printf "%.2f\n", (b - a) / n / 1000 }'
}

# stop PID
stop() {
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# lg CPU ARGS...: one load run pinned to CPU; prints its result line.
lg() {
	cpu=$1
	shift
	note "taskset -c $cpu $B/loadgen $*"
	if ! taskset -c "$cpu" "$B/loadgen" "$@"; then
		echo "run.sh: failed: loadgen $*" >&2
		return 1
	fi
}

# ok_status LINE WHAT MAX: stops the run when the command wall.py timed
# exited with a status above MAX.
ok_status() {
	if [ "$(get status "$1")" -gt "$3" ]; then
		echo "run.sh: $2 exited with status $(get status "$1")" >&2
		exit 1
	fi
}

T0=$(date +%s)
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "$COMMIT" != unknown ] && ! git diff --quiet HEAD -- 2>/dev/null; then
	COMMIT="$COMMIT (with uncommitted changes)"
fi
CPU_MODEL=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)

# A copy of the shipped configuration without the feed export.
sed '/^[[:space:]]*export_dir[[:space:]]*=/d' config/oncalld.conf \
    >"$DIR/shipped.conf"

echo "== round trips: floor and oncalld, side by side" >&2
taskset -c $SRV_CPU "$BUILD/oncalld" -c "$DIR/shipped.conf" \
    -s "$DIR/oncalld.sock" 2>"$DIR/oncalld.log" &
OPID=$!
PIDS="$PIDS $OPID"
started "$DIR/oncalld.sock" $OPID
note "taskset -c $SRV_CPU $BUILD/oncalld -c \$TMP/shipped.conf -s \$TMP/oncalld.sock"

TEAM_REQ="NOW cpcert"
ROUTE_REQ="NOW schneider-vulnerability"

# round PLACEMENT_CPU: the table of the three requests in three modes.
round() {
	ccpu=$1
	for req in PING "$TEAM_REQ" "$ROUTE_REQ"; do
		# The floor answers with a line as long as oncalld's answer.
		line=$("$B/loadgen" -s "$DIR/oncalld.sock" -n 1 -r "$req")
		bytes=$(get answer_bytes "$line")
		taskset -c $SRV_CPU "$B/floor" -s "$DIR/floor.sock" \
		    -r "$bytes" &
		FPID=$!
		PIDS="$PIDS $FPID"
		started "$DIR/floor.sock" $FPID
		note "taskset -c $SRV_CPU $B/floor -s \$TMP/floor.sock -r $bytes"
		for mode in "serial:-c 1 -d 1" "pipelined:-c 1 -d 32" \
		    "concurrent:-c 32 -d 1"; do
			name=${mode%%:*}
			args=${mode#*:}
			# Alternate twice, keep each server's better run.
			fb=0
			ob=0
			for rep in 1 2; do
				c0=$(cpu_ns $FPID)
				# shellcheck disable=SC2086
				f=$(lg $ccpu -s "$DIR/floor.sock" $args \
				    -t "$SECS" -r "$req")
				fc=$(per_answer "$c0" "$(cpu_ns $FPID)" "$f")
				c0=$(cpu_ns $OPID)
				# shellcheck disable=SC2086
				o=$(lg $ccpu -s "$DIR/oncalld.sock" $args \
				    -t "$SECS" -r "$req")
				oc=$(per_answer "$c0" "$(cpu_ns $OPID)" "$o")
				if [ "$(div "$(get rps "$f")" "$fb" %d)" != "0" ]; then
					fbest=$f
					fb=$(get rps "$f")
					fcpu=$fc
				fi
				if [ "$(div "$(get rps "$o")" "$ob" %d)" != "0" ]; then
					obest=$o
					ob=$(get rps "$o")
					ocpu=$oc
				fi
			done
			printf '| %s | %s | %s | %s | %s / %s / %s | %s | %s / %s / %s | **%s** | %s | %s | %s |\n' \
			    "$req" "$name" "$bytes" \
			    "$(get rps "$fbest")" "$(get p50_us "$fbest")" \
			    "$(get p99_us "$fbest")" "$(get p999_us "$fbest")" \
			    "$(get rps "$obest")" "$(get p50_us "$obest")" \
			    "$(get p99_us "$obest")" "$(get p999_us "$obest")" \
			    "$(div "$(get rps "$obest")" "$(get rps "$fbest")")" \
			    "$fcpu" "$ocpu" "$(div "$fcpu" "$ocpu")" \
			    | tee -a "$REPORT"
			echo "$req|$name|$(div "$fcpu" "$ocpu")" \
			    >>"$DIR/cpuratios.$ccpu"
			echo "$req|$name|$(div "$(get rps "$obest")" "$(get rps "$fbest")")" \
			    >>"$DIR/ratios.$ccpu"
		done
		stop $FPID
	done
}

say ""
say "## Round trips: oncalld against the floor"
say ""
say "Both servers pinned to CPU $SRV_CPU, the load generator to CPU $CLI_CPU"
say "(same CPU). Throughput in requests per second; latency p50 / p99 /"
say "p99.9 in microseconds; ratio = oncalld / floor throughput. Each cell"
say "is the better of two ${SECS}-second runs, the two servers alternating."
say "CPU µs/answer is the server's own time on a CPU (/proc/PID/schedstat)"
say "over that run divided by the answers it gave; CPU ratio = floor /"
say "oncalld CPU per answer: the throughput ratio the two servers would"
say "show if the load generator and the kernel cost nothing."
say ""
say "| request | mode | answer bytes | floor req/s | floor µs | oncalld req/s | oncalld µs | ratio | floor CPU µs/answer | oncalld CPU µs/answer | CPU ratio |"
say "|---|---|---|---|---|---|---|---|---|---|---|"
round $CLI_CPU

if [ "$FAR_CPU" != "$CLI_CPU" ]; then
	say ""
	say "Cross-CPU placement (servers on CPU $SRV_CPU, load generator on"
	say "CPU $FAR_CPU): on a virtual machine each round trip then pays for"
	say "waking the other vCPU, which dominates and varies run to run."
	say ""
	say "| request | mode | answer bytes | floor req/s | floor µs | oncalld req/s | oncalld µs | ratio | floor CPU µs/answer | oncalld CPU µs/answer | CPU ratio |"
	say "|---|---|---|---|---|---|---|---|---|---|---|"
	round $FAR_CPU
fi

echo "== peer: socket question at random instants" >&2
TSPAN=$((30 * 86400))
sock_q=$(lg $CLI_CPU -s "$DIR/oncalld.sock" -c 1 -d 1 -t "$SECS" \
    -T "$T0:$((T0 + TSPAN))" -r "NOW at=%T")
sock_qp=$(lg $CLI_CPU -s "$DIR/oncalld.sock" -c 1 -d 32 -t "$SECS" \
    -T "$T0:$((T0 + TSPAN))" -r "NOW at=%T")
# The same question asked of the floor, answered with a line as long:
# what the socket alone costs, the bound for any server.
qbytes=$(get answer_bytes "$sock_q")
taskset -c $SRV_CPU "$B/floor" -s "$DIR/floor.sock" -r "$qbytes" &
FPID=$!
PIDS="$PIDS $FPID"
started "$DIR/floor.sock" $FPID
note "taskset -c $SRV_CPU $B/floor -s \$TMP/floor.sock -r $qbytes"
floor_q=$(lg $CLI_CPU -s "$DIR/floor.sock" -c 1 -d 1 -t "$SECS" \
    -T "$T0:$((T0 + TSPAN))" -r "NOW at=%T")
floor_qp=$(lg $CLI_CPU -s "$DIR/floor.sock" -c 1 -d 32 -t "$SECS" \
    -T "$T0:$((T0 + TSPAN))" -r "NOW at=%T")
stop $FPID
stop $OPID

echo "== engine" >&2
for n in 3 100 1000 10000; do
	note "$PY bench/genconf.py $n \$TMP/t$n.conf calendars"
	$PY bench/genconf.py $n "$DIR/t$n.conf" "$TOP/calendars"
done
for n in 3 10000; do
	note "taskset -c $SRV_CPU $B/engine -c \$TMP/t$n.conf -t $T0"
	taskset -c $SRV_CPU "$B/engine" -c "$DIR/t$n.conf" -t "$T0" \
	    >"$DIR/engine.$n"
done
note "taskset -c $SRV_CPU $B/engine -c \$TMP/shipped.conf -t $T0"
taskset -c $SRV_CPU "$B/engine" -c "$DIR/shipped.conf" -t "$T0" \
    >"$DIR/engine.shipped"
eget() {
	sed -n "s/^$2=//p" "$DIR/engine.$1"
}

say ""
say "## Engine, in-process (one core)"
say ""
say "Random (team, instant) pairs inside the precomputed window; compile ="
say "snapshot_compile() of every team (hours, closures, channel hours, edge"
say "search), best of 3; libical = icalcomponent_foreach_recurrence() over"
say "the same window on the same weekly rules (one VEVENT with"
say "RRULE:FREQ=WEEKLY per range, in the team's zone)."
say ""
say "| config | teams | status lookups/s | ns/lookup | next-change queries/s | compile µs/team | libical µs/team (weekly teams) | compile all ms | libical all ms | libical / compile |"
say "|---|---|---|---|---|---|---|---|---|---|"
for n in 3 10000 shipped; do
	say "| $n | $(eget $n teams) | $(eget $n lookups_per_s) | $(eget $n lookup_ns) | $(eget $n next_per_s) | $(eget $n compile_us_per_team) | $(eget $n libical_us_per_team) | $(eget $n compile_ms_all) | $(eget $n libical_ms_all) | **$(eget $n libical_ratio)** |"
done

echo "== scale" >&2
say ""
say "## Scale"
say ""
say "Generated configurations (bench/genconf.py): zones drawn from tzdata,"
say "random hours shapes, a tenth with a closure calendar, one route per ten"
say "teams. check = oncalld -n, median of 3 whole runs; RSS after start;"
say "NOW <id> at random team ids, serial, same placement as above."
say ""
say "| teams | oncalld -n ms | ratio | RSS MB | ratio | NOW <id> p50 µs | ratio | p99 µs | req/s | ratio |"
say "|---|---|---|---|---|---|---|---|---|---|"
for n in 3 100 1000 10000; do
	note "$PY bench/wall.py 3 $BUILD/oncalld -n -c \$TMP/t$n.conf"
	chk=$($PY bench/wall.py 3 "$BUILD/oncalld" -n -c "$DIR/t$n.conf")
	ok_status "$chk" "oncalld -n -c t$n.conf" 0
	taskset -c $SRV_CPU "$BUILD/oncalld" -c "$DIR/t$n.conf" \
	    -s "$DIR/scale.sock" 2>"$DIR/scale.log" &
	SPID=$!
	PIDS="$PIDS $SPID"
	started "$DIR/scale.sock" $SPID
	rss=$(awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' /proc/$SPID/status)
	lat=$(lg $CLI_CPU -s "$DIR/scale.sock" -c 1 -d 1 -t "$SECS" \
	    -f "$DIR/t$n.ids")
	stop $SPID
	ms=$(get median_ms "$chk")
	p50=$(get p50_us "$lat")
	rps=$(get rps "$lat")
	if [ $n = 3 ]; then
		ms3=$ms
		rss3=$rss
		p503=$p50
		rps3=$rps
	fi
	say "| $n | $ms | $(div "$ms" "$ms3") | $rss | $(div "$rss" "$rss3") | $p50 | **$(div "$p50" "$p503")** | $(get p99_us "$lat") | $rps | $(div "$rps" "$rps3") |"
	eval "ms_$n=\$ms rss_$n=\$rss p50_$n=\$p50"
done

echo "== peer" >&2
mkdir -p "$DIR/feeds"
for id in se-cert cpcert tha-cert; do
	note "$BUILD/oncall-now -c \$TMP/shipped.conf -t @$T0 --ics $id > \$TMP/feeds/$id.ics"
	"$BUILD/oncall-now" -c "$DIR/shipped.conf" -t "@$T0" --ics $id \
	    >"$DIR/feeds/$id.ics"
done
TQ=$((T0 + 5 * 3600))
note "$PY bench/peer.py --queries 300 --from $T0 --to $((T0 + TSPAN)) \$TMP/feeds/*.ics"
pq=$($PY bench/peer.py --queries 300 --from "$T0" --to "$((T0 + TSPAN))" \
    "$DIR"/feeds/*.ics)
note "$PY bench/wall.py 10 $PY bench/peer.py --at $TQ \$TMP/feeds/*.ics"
pw=$($PY bench/wall.py 10 $PY bench/peer.py --at "$TQ" "$DIR"/feeds/*.ics)
ok_status "$pw" "bench/peer.py" 0
note "$PY bench/wall.py 10 $BUILD/oncall-now -c \$TMP/shipped.conf -t @$TQ se-cert cpcert tha-cert"
ow=$($PY bench/wall.py 10 "$BUILD/oncall-now" -c "$DIR/shipped.conf" \
    -t "@$TQ" se-cert cpcert tha-cert)
# 1 only says that some team was not staffed at TQ.
ok_status "$ow" "oncall-now -c" 1
pyq=$(get per_query_us "$pq")
inq=$(awk -v n="$(eget shipped lookup_ns)" 'BEGIN { printf "%.3f", 3 * n / 1000 }')
sq=$(awk -v r="$(get rps "$sock_q")" 'BEGIN { printf "%.2f", 1e6 / r }')
sqp=$(awk -v r="$(get rps "$sock_qp")" 'BEGIN { printf "%.2f", 1e6 / r }')
fq=$(awk -v r="$(get rps "$floor_q")" 'BEGIN { printf "%.2f", 1e6 / r }')
fqp=$(awk -v r="$(get rps "$floor_qp")" 'BEGIN { printf "%.2f", 1e6 / r }')

say ""
say "## Peer: Python icalendar + recurring_ical_events"
say ""
say "The question \"which of the three shipped teams is staffed at T\", at"
say "random instants in the next 30 days, answered from oncalld's own"
say "exported feeds by Python (after loading them), and by oncalld: in"
say "process (three schedule lookups), over the socket (NOW at=@T, every"
say "team and route, serial and pipelined by 32); the floor answering the"
say "same requests with lines as long ($qbytes bytes) shows what the socket"
say "alone costs; then as whole processes."
say ""
say "| per question | µs | Python / this |"
say "|---|---|---|"
say "| Python, feeds loaded | $pyq | 1 |"
say "| oncalld in-process (3 lookups) | $inq | **$(div "$pyq" "$inq" %.0f)** |"
say "| socket, NOW at=@T, serial (mean) | $sq | $(div "$pyq" "$sq" %.0f) |"
say "| socket, NOW at=@T, pipelined 32 (mean) | $sqp | $(div "$pyq" "$sqp" %.0f) |"
say "| floor, same answer size, serial (mean) | $fq | $(div "$pyq" "$fq" %.0f) |"
say "| floor, same answer size, pipelined 32 (mean) | $fqp | $(div "$pyq" "$fqp" %.0f) |"
say ""
say "| whole process | median ms | Python / this |"
say "|---|---|---|"
say "| python3 bench/peer.py --at T (3 feeds) | $(get median_ms "$pw") | 1 |"
say "| oncall-now -c shipped.conf -t T | $(get median_ms "$ow") | **$(div "$(get median_ms "$pw")" "$(get median_ms "$ow")" %.1f)** |"

# The targets, from the figures above.
r_of() {
	sed -n "s/^$1|$2|//p" "$DIR/ratios.$CLI_CPU"
}
ge() {
	awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 >= b + 0) ? "met" : "NOT met" }'
}
le() {
	awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 <= b + 0) ? "met" : "NOT met" }'
}
s_team=$(r_of "$TEAM_REQ" serial)
s_route=$(r_of "$ROUTE_REQ" serial)
p_team=$(r_of "$TEAM_REQ" pipelined)
p_route=$(r_of "$ROUTE_REQ" pipelined)
lat_ratio=$(div "$p50_10000" "$p50_3")
say ""
say "## Targets"
say ""
say "| target | figure | |"
say "|---|---|---|"
say "| serial NOW <team> >= 0.9 x floor | $s_team | $(ge "$s_team" 0.9) |"
say "| serial NOW <route> >= 0.9 x floor | $s_route | $(ge "$s_route" 0.9) |"
say "| pipelined NOW <team> >= 0.5 x floor | $p_team | $(ge "$p_team" 0.5) |"
say "| pipelined NOW <route> >= 0.5 x floor | $p_route | $(ge "$p_route" 0.5) |"
say "| >= 10 M status lookups/s, one core (10,000 teams) | $(eget 10000 lookups_per_s) | $(ge "$(eget 10000 lookups_per_s)" 10000000) |"
say "| compile 10,000 teams >= 10 x faster than libical | $(eget 10000 libical_ratio) x | $(ge "$(eget 10000 libical_ratio)" 10) |"
say "| oncalld -n on 10,000 teams <= 1 s | $ms_10000 ms | $(le "$ms_10000" 1000) |"
say "| daemon RSS (10,000 teams) <= 64 MB | $rss_10000 MB | $(le "$rss_10000" 64) |"
say "| NOW <id> p50 at 10,000 teams <= 1.1 x at 3 | $lat_ratio | $(le "$lat_ratio" 1.1) |"
say "| per question >= 1000 x faster than Python (in-process) | $(div "$pyq" "$inq" %.0f) | $(ge "$(div "$pyq" "$inq" %.0f)" 1000) |"
say "| per question >= 1000 x faster than Python (socket, pipelined) | $(div "$pyq" "$sqp" %.0f) (the floor itself: $(div "$pyq" "$fqp" %.0f)) | $(ge "$(div "$pyq" "$sqp" %.0f)" 1000) |"
say "| oncall-now -c >= 10 x faster than the Python script | $(div "$(get median_ms "$pw")" "$(get median_ms "$ow")" %.1f) | $(ge "$(div "$(get median_ms "$pw")" "$(get median_ms "$ow")")" 10) |"

echo "== rotations" >&2
note "BUILD=$BUILD sh bench/rotation.sh"
BUILD=$BUILD sh bench/rotation.sh | tee -a "$REPORT"
echo "== HTTP: oncalld's listener and its floor" >&2
BUILD=$BUILD BENCH_SECS=$SECS sh bench/http.sh >>"$REPORT"

{
	echo "# Benchmarks"
	echo
	echo "Produced by \`make bench\` (bench/run.sh) on $(date -u +%Y-%m-%d\ %H:%M\ UTC),"
	echo "at commit $COMMIT, in $(($(date +%s) - T0)) s."
	echo "Machine: $(nproc) CPUs, $CPU_MODEL; $(uname -sr)."
	echo "Every comparison below was measured side by side in this one run;"
	echo "only the ratios are meant to travel to another machine."
	cat "$REPORT"
	echo
	echo "## Commands"
	echo
	echo "\$TMP is the run's temporary directory; BUILD is $BUILD."
	echo
	cat "$CMDS"
	if [ -f bench/NOTES.md ]; then
		echo
		cat bench/NOTES.md
	fi
} >"$OUT"
echo "run.sh: wrote $OUT" >&2
