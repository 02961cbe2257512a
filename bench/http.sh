#!/bin/sh
# http.sh - the HTTP benchmarks (SPEC 8): GET /api/v1/now/<id> over
# keep-alive connections against a floor in the same run (bench/http-floor.c,
# a bare libmicrohttpd server in oncalld's mode answering the same bytes),
# the socket's figure for the same question beside it, and feed requests
# answered 304 against the same floor. Prints a Markdown section; run.sh
# appends it to BENCHMARKS.md. Standalone, from the top of the tree after
# make bench has built the programs:
#	BUILD=build sh bench/http.sh
# BENCH_SECS sets each run's seconds (default 2); HTTP_CONNS the
# connections (default 8).

set -eu

BUILD=${BUILD:-build}
B=$BUILD/bench
SECS=${BENCH_SECS:-2}
CONNS=${HTTP_CONNS:-8}
SRV_CPU=0
CLI_CPU=$(($(nproc) > 1 ? 1 : 0))
AT=2026-11-23T08:00:00Z
ID=cpcert

DIR=$(mktemp -d "${TMPDIR:-/tmp}/oncalld-httpbench.XXXXXX")
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

# wrk_rps URL [HEADER]: requests per second of one wrk run.
wrk_rps() {
	if [ $# -gt 1 ]; then
		out=$(taskset -c $CLI_CPU wrk -t1 -c"$CONNS" -d"${SECS}s" \
		    -H "$2" "$1")
	else
		out=$(taskset -c $CLI_CPU wrk -t1 -c"$CONNS" -d"${SECS}s" "$1")
	fi
	if printf '%s\n' "$out" | grep -q 'Non-2xx or 3xx'; then
		echo "http.sh: error answers from $1" >&2
		exit 1
	fi
	printf '%s\n' "$out" | sed -n 's/^Requests\/sec:[[:space:]]*\([0-9.]*\).*/\1/p'
}

# best URL [HEADER]: the better of two runs.
best() {
	a=$(wrk_rps "$@")
	b=$(wrk_rps "$@")
	awk -v a="$a" -v b="$b" 'BEGIN { printf "%.0f\n", (a > b ? a : b) }'
}

div() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f\n", a / b }'
}

sed -e '/^[[:space:]]*export_dir[[:space:]]*=/d' \
    -e 's|listen = "127.0.0.1:8353";|listen = "127.0.0.1:0";|' \
    config/oncalld.conf >"$DIR/oncalld.conf"
taskset -c $SRV_CPU "$BUILD/oncalld" -c "$DIR/oncalld.conf" \
    -s "$DIR/oncalld.sock" 2>"$DIR/oncalld.log" &
PIDS="$PIDS $!"
i=0
PORT=
while [ $i -lt 100 ] && [ -z "$PORT" ]; do
	sleep 0.05
	PORT=$(sed -n 's|.*http: serving http://[^ ]*:\([0-9]*\)/$|\1|p' \
	    "$DIR/oncalld.log")
	i=$((i + 1))
done
[ -n "$PORT" ] || { cat "$DIR/oncalld.log" >&2; exit 1; }
API="http://127.0.0.1:$PORT/api/v1/now/$ID?at=$AT"
FEED="http://127.0.0.1:$PORT/feeds/$ID.ics"

# The floor answers oncalld's bytes for the same request.
curl -sS "$API" >"$DIR/answer.json"
ETAG=$(curl -sS -o /dev/null -D - "$FEED" | sed -n 's/^[Ee][Tt]ag: *\([^\r]*\).*/\1/p')
[ "$(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $ETAG" "$FEED")" = 304 ] ||
    { echo "http.sh: the feed is not answered 304" >&2; exit 1; }
taskset -c $SRV_CPU "$B/http-floor" "$DIR/answer.json" >"$DIR/floor.port" &
PIDS="$PIDS $!"
i=0
while [ $i -lt 100 ] && ! grep -q port "$DIR/floor.port"; do
	sleep 0.05
	i=$((i + 1))
done
FLOOR="http://127.0.0.1:$(sed -n 's/^port //p' "$DIR/floor.port")/api/v1/now/$ID?at=$AT"
[ "$(curl -sS "$FLOOR")" = "$(cat "$DIR/answer.json")" ] ||
    { echo "http.sh: the floor answers other bytes" >&2; exit 1; }

floor=$(best "$FLOOR")
api=$(best "$API")
n304=$(best "$FEED" "If-None-Match: $ETAG")
sock=$(taskset -c $CLI_CPU "$B/loadgen" -s "$DIR/oncalld.sock" -c "$CONNS" \
    -d 1 -t "$SECS" -r "NOW $ID at=$AT" | sed -n 's/.* rps=\([0-9.]*\).*/\1/p')
bytes=$(wc -c <"$DIR/answer.json")

cat <<EOT

## HTTP: oncalld's listener against a bare libmicrohttpd server

Both servers pinned to CPU $SRV_CPU, wrk (-t1 -c$CONNS, keep-alive) to
CPU $CLI_CPU; each figure is the better of two ${SECS}-second runs. The
floor is bench/http-floor.c: libmicrohttpd in oncalld's mode (epoll, driven
by a libev loop, one thread) answering every GET with the $bytes bytes
oncalld answers to GET /api/v1/now/$ID?at=$AT. The socket figure is
bench/loadgen asking NOW $ID at=$AT over $CONNS connections, one request at
a time on each, as wrk does.

| request | floor req/s | oncalld req/s | ratio to the floor | target |
|---|---|---|---|---|
| GET /api/v1/now/$ID?at=… (200, $bytes bytes) | $floor | $api | **$(div "$api" "$floor")** | >= 0.8 |
| GET /feeds/$ID.ics with If-None-Match (304) | $floor | $n304 | **$(div "$n304" "$floor")** | |
| socket: NOW $ID at=… (for comparison) | | $sock | $(div "$sock" "$floor") | |

Commands:

    taskset -c $SRV_CPU $BUILD/oncalld -c \$TMP/oncalld.conf -s \$TMP/oncalld.sock   # http.listen 127.0.0.1:0
    taskset -c $SRV_CPU $B/http-floor \$TMP/answer.json
    taskset -c $CLI_CPU wrk -t1 -c$CONNS -d${SECS}s URL   # and -H 'If-None-Match: <etag>' for the feed
    taskset -c $CLI_CPU $B/loadgen -s \$TMP/oncalld.sock -c $CONNS -d 1 -t $SECS -r 'NOW $ID at=$AT'
EOT
