#!/bin/sh
# cache.sh - the daemon's answer cache is invisible: repeated and pipelined
# NOW requests get the bytes oncall-now -c computes in-process for the same
# instant, and a reload replaces every cached answer. Run from the top of
# the tree:  BUILD=build sh tests/blackbox/cache.sh

set -u

BUILD=${BUILD:-build}
case $BUILD in
/*)	;;
*)	BUILD=$(pwd)/$BUILD ;;
esac
HERE=$(cd "$(dirname "$0")" && pwd)
PY=${PYTHON:-python3}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/oncalld-cache.XXXXXX") || exit 1
PID=
passed=0
failed=0

cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

result() {
	if [ "$1" -eq 0 ]; then
		passed=$((passed + 1))
		echo "ok - $2"
	else
		failed=$((failed + 1))
		echo "FAIL - $2"
	fi
}

# ask LINE COUNT: sends LINE COUNT times in one write; prints the distinct
# answers (one line when every answer was the same).
ask() {
	"$PY" - "$DIR/s" "$1" "$2" <<'PYEOF'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
n = int(sys.argv[3])
s.sendall((sys.argv[2] + "\n").encode() * n)
buf = b""
while buf.count(b"\n") < n:
    chunk = s.recv(65536)
    if not chunk:
        break
    buf += chunk
lines = buf.split(b"\n")[:n]
for a in sorted(set(lines)):
    sys.stdout.write(a.decode() + "\n")
PYEOF
}

# The black-box test configuration, with the calendars it names.
cp -R "$HERE/../data/daemon/." "$DIR/"
mv "$DIR/oncalld.conf" "$DIR/c.conf"
mkdir -p "$DIR/feeds"
# The drill team's extra event (daemon.sh writes one near now; any will do).
printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//cache.sh//EN\r\nBEGIN:VEVENT\r\nUID:drill@cache.sh\r\nDTSTAMP:20261123T000000Z\r\nDTSTART:20261123T130000Z\r\nDTEND:20261123T150000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' \
    >"$DIR/extra.ics"
"$BUILD/oncalld" -c "$DIR/c.conf" -s "$DIR/s" 2>"$DIR/log" &
PID=$!
i=0
while [ ! -S "$DIR/s" ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
if [ ! -S "$DIR/s" ]; then
	echo "FAIL - oncalld did not start"
	cat "$DIR/log"
	exit 1
fi

AT=1795442400	# Mon 2026-11-23T14:00:00Z: cpcert is staffed
for id in cpcert se-cert drill; do
	want=$("$BUILD/oncall-now" -c "$DIR/c.conf" -j -t "@$AT" $id)
	got=$(ask "NOW $id at=@$AT" 300)
	[ -n "$want" ] && [ "$got" = "$want" ]
	result $? "300 pipelined NOW $id at= answers equal oncall-now -c"
done
got=$(ask "NOW cpcert" 300 | wc -l)
[ "$got" -le 2 ]	# a second may turn between the answers
result $? "NOW cpcert without at=: one answer per second"
got=$(ask "NOW nosuch" 3)
case $got in
*unknown_id*) result 0 "unknown ids are not cached as answers" ;;
*) result 1 "unknown ids are not cached as answers" ;;
esac

before=$(ask "NOW cpcert at=@$AT" 1)
sed 's|Mon-Fri 08:00-17:00|Mon-Fri 10:00-12:00|' "$DIR/c.conf" >"$DIR/n.conf"
mv "$DIR/n.conf" "$DIR/c.conf"
kill -HUP "$PID"
i=0
while [ $i -lt 100 ]; do
	after=$(ask "NOW cpcert at=@$AT" 1)
	[ "$after" != "$before" ] && break
	sleep 0.05
	i=$((i + 1))
done
want=$("$BUILD/oncall-now" -c "$DIR/c.conf" -j -t "@$AT" cpcert)
[ -n "$want" ] && [ "$after" = "$want" ] && [ "$after" != "$before" ]
result $? "a reload replaces the cached answers"

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
