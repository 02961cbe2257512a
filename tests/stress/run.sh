#!/bin/sh
# run.sh - load and fault tests of oncalld, on private Unix sockets in a
# temporary directory (never the network). Run from the top of the tree:
#	BUILD=build sh tests/stress/run.sh [SECONDS]
# SECONDS (default 60) is the length of the load phase. Every phase is
# bounded in time and count; the daemons started here are stopped and the
# directory removed on exit. Prints each phase's figures, then
# "N passed, M failed"; exits non-zero if anything failed.

set -u

BUILD=${BUILD:-build}
case $BUILD in
/*)	;;
*)	BUILD=$(pwd)/$BUILD ;;
esac
ONCALLD=$BUILD/oncalld
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
SECONDS_LOAD=${1:-${STRESS_SECONDS:-60}}

if [ ! -x "$ONCALLD" ]; then
	echo "run.sh: $ONCALLD not built" >&2
	exit 1
fi

passed=0
failed=0
DIR=$(mktemp -d "${TMPDIR:-/tmp}/oncalld-stress.XXXXXX") || exit 1
PIDS=

cleanup() {
	for p in $PIDS; do
		kill -9 "$p" 2>/dev/null
	done
	wait 2>/dev/null
	umount "$DIR/ns/feeds" 2>/dev/null
	rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

pass() {
	passed=$((passed + 1))
	echo "ok - $1"
}

fail() {
	failed=$((failed + 1))
	echo "FAIL - $1"
	if [ -n "${2:-}" ]; then
		printf '%s\n' "$2" | tail -20 | sed 's/^/	/'
	fi
}

# start NAME CONFIG SOCKET [FDLIMIT]: starts a daemon and waits until the
# socket answers; sets PID.
start() {
	if [ -n "${4:-}" ]; then
		(ulimit -n "$4" && exec "$ONCALLD" -v -c "$2" -s "$3") \
		    2>>"$DIR/$1.log" &
	else
		"$ONCALLD" -v -c "$2" -s "$3" 2>>"$DIR/$1.log" &
	fi
	PID=$!
	PIDS="$PIDS $PID"
	i=0
	while [ $i -lt 200 ]; do
		if [ -S "$3" ] && "$PY" -c "
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(2)
s.connect(sys.argv[1])
s.sendall(b'PING\n')
sys.exit(0 if s.recv(100).startswith(b'{\"ok\":true') else 1)" "$3" \
		    2>/dev/null; then
			return 0
		fi
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.05
		i=$((i + 1))
	done
	fail "daemon $1 did not start" "$(cat "$DIR/$1.log")"
	return 1
}

stop() {
	kill -TERM "$1" 2>/dev/null
	wait "$1"
}

ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null

CONF=$DIR/oncalld.conf
cp "$HERE/stress.conf" "$DIR/valid-a.conf"
sed 's|hours = "Mon-Fri 08:00-17:00";|hours = "Mon-Sat 07:00-19:00";|' \
    "$DIR/valid-a.conf" >"$DIR/valid-b.conf"
sed 's|Mon-Fri 09:00-18:00|Mon-Fry 09:00-18:00|' "$DIR/valid-a.conf" \
    >"$DIR/invalid.conf"
cp "$DIR/valid-a.conf" "$CONF"
mkdir "$DIR/feeds"

echo "# load: 1000 clients, 100 slow ones, reload storms, clients killed"
SOCK=$DIR/load.sock
if start load "$CONF" "$SOCK"; then
	LOADPID=$PID
	if out=$("$PY" "$HERE/stress.py" load "$SOCK" "$LOADPID" \
	    "$SECONDS_LOAD" 1000 100 "$CONF" "$DIR/valid-a.conf" \
	    "$DIR/valid-b.conf" "$DIR/invalid.conf" 2>&1); then
		printf '%s\n' "$out"
		pass "load: every well-formed request answered, memory flat"
	else
		printf '%s\n' "$out"
		fail "load"
	fi
	if kill -0 "$LOADPID" 2>/dev/null && stop "$LOADPID"; then
		pass "daemon alive after the load, exits 0 on SIGTERM"
	else
		fail "daemon after the load" "$(tail -20 "$DIR/load.log")"
	fi
fi

# Issue 15 point 6: before, 1,000 such clients made a fresh PING wait 35 s
# and the daemon grow to 1.1 GB. The target is 0.1 s; the bound here (1 s)
# only catches a return of the stall on a machine shared with other work.
echo "# flood: 1000 clients pipelining ICS and never reading"
FLCONF=$DIR/flood.conf
sed '/export_dir = /d' "$HERE/../../config/oncalld.conf" |
    sed 's|"\.\./calendars/|"'"$HERE"'/../../calendars/|' |
    sed 's|max_clients = 1024;|max_clients = 2000;|' >"$FLCONF"
SOCK=$DIR/flood.sock
if start flood "$FLCONF" "$SOCK"; then
	FLPID=$PID
	if out=$("$PY" "$HERE/../blackbox/security.py" flood "$SOCK" 1000 400 \
	    1.0 2>&1); then
		printf '%s\n' "$out"
		pass "flood: fresh clients answered"
	else
		printf '%s\n' "$out"
		fail "flood: fresh clients waited"
	fi
	rss=$(awk '/^VmHWM:/ { print $2 }' /proc/$FLPID/status)
	echo "flood: daemon peak RSS ${rss} kB"
	if [ "${rss:-0}" -lt 262144 ]; then
		pass "flood: peak memory under 256 MB"
	else
		fail "flood: peak memory ${rss} kB"
	fi
	stop "$FLPID"
fi

echo "# descriptors: ulimit -n lowered until clients are refused"
FDCONF=$DIR/fd.conf
sed 's|export_dir = "feeds";||' "$CONF" >"$FDCONF"
SOCK=$DIR/fd.sock
if start fd "$FDCONF" "$SOCK" 40; then
	FDPID=$PID
	if out=$("$PY" "$HERE/stress.py" fdlimit "$SOCK" "$FDPID" \
	    "$DIR/fd.log" 2>&1); then
		printf '%s\n' "$out"
		pass "out of descriptors: new clients refused at once, others served, logged, recovered"
	else
		printf '%s\n' "$out"
		fail "out of descriptors" "$(tail -5 "$DIR/fd.log")"
	fi
	if stop "$FDPID"; then
		pass "fd-limited daemon exits 0 on SIGTERM"
	else
		fail "fd-limited daemon exits 0 on SIGTERM"
	fi
fi

echo "# kill -9 during feed export"
# Many teams make each export long enough to be interrupted.
KCONF=$DIR/kill.conf
mkdir "$DIR/kfeeds"
{
	sed -e 's|export_dir = "feeds";|export_dir = "kfeeds";|' \
	    -e '/^routes = (/,$d' -e '/^);$/d' "$CONF"
	i=0
	while [ $i -lt 60 ]; do
		printf '\t,{ id = "t%d"; name = "T%d"; short_name = "T%d";\n' \
		    $i $i $i
		printf '\t  timezone = "Europe/Paris"; hours = "Mon-Fri 08:00-12:00,13:00-17:%02d";\n' \
		    $((i % 60))
		printf '\t  channels = ( { id = "email"; type = "email"; address = "t%d@example.org"; } ); }\n' $i
		i=$((i + 1))
	done
	printf ');\n'
	sed -n '/^routes = (/,$p' "$CONF"
} >"$KCONF"
"$PY" "$HERE/stress.py" feedwatch "$DIR/kfeeds" 30 >"$DIR/feedwatch.out" 2>&1 &
WPID=$!
PIDS="$PIDS $WPID"
SOCK=$DIR/kill.sock
kills=0
round=0
while [ $round -lt 20 ]; do
	round=$((round + 1))
	rm -f "$SOCK"
	"$ONCALLD" -c "$KCONF" -s "$SOCK" 2>>"$DIR/kill.log" &
	KPID=$!
	# RELOAD exports again: keep it busy exporting while it is killed.
	"$PY" "$HERE/stress.py" reloads "$SOCK" 50 >/dev/null 2>&1 &
	RPID=$!
	sleep "0.$(( (round * 37) % 10 ))$(( (round * 13) % 10 ))"
	kill -9 "$KPID" 2>/dev/null && kills=$((kills + 1))
	wait "$KPID" 2>/dev/null
	wait "$RPID" 2>/dev/null
done
wait "$WPID"
wst=$?
temps=$(find "$DIR/kfeeds" -name '.*.ics.*' | wc -l)
bad=0
for f in "$DIR"/kfeeds/*.ics; do
	[ -f "$f" ] || continue
	head -c 17 "$f" | grep -q "BEGIN:VCALENDAR" &&
	    tail -c 15 "$f" | grep -q "END:VCALENDAR" || bad=$((bad + 1))
done
nfeeds=$(find "$DIR/kfeeds" -name '*.ics' ! -name '.*' | wc -l)
echo "kill -9 rounds: $kills, feeds: $nfeeds, partial: $bad," \
    "temporary files left by killed exports: $temps"
cat "$DIR/feedwatch.out"
if [ $wst -eq 0 ] && [ $bad -eq 0 ] && [ "$nfeeds" -gt 0 ]; then
	pass "kill -9 during export: no partial feed ever visible"
else
	fail "kill -9 during export"
fi

echo "# read-only and full export_dir"
# In a private mount namespace: a small tmpfs on the feeds folder, filled
# up, then remounted read-only. Root ignores file modes, so only a mount
# makes the folder unwritable for it.
if [ "${1:-}" != "--inner" ] && command -v unshare >/dev/null &&
    unshare -m --propagation private true 2>/dev/null; then
	mkdir -p "$DIR/ns/feeds"
	cp "$DIR"/valid-*.conf "$DIR/ns/"
	cp "$DIR/valid-a.conf" "$DIR/ns/oncalld.conf"
	unshare -m --propagation private sh "$HERE/exportdir.sh" \
	    "$ONCALLD" "$DIR/ns" "$PY" "$HERE/stress.py"
	st=$?
	if [ $st -eq 0 ]; then
		pass "read-only and full export_dir: logged, old feeds intact," \
		    "queries answered"
	else
		fail "read-only and full export_dir"
	fi
else
	echo "skip - read-only and full export_dir (needs unshare -m)"
fi

bad=$(grep -l "Sanitizer\|runtime error" "$DIR"/*.log "$DIR"/ns/*.log \
    2>/dev/null)
if [ -n "$bad" ]; then
	fail "daemon logs are clean" "$(grep -h -m5 -A5 "Sanitizer\|runtime error" $bad)"
else
	pass "daemon logs are clean"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
