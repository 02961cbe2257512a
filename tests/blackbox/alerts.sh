#!/bin/sh
# alerts.sh - black-box tests of the alert verbs (SPEC 7): the real daemon
# with its SQLite store in a temporary folder, driven by oncall-now and by
# raw request lines. Opening, deduplication, quoted values, escalation
# after ack_within, acknowledgement, resolution, WATCH events, STATS, a
# kill -9 and a restart with an overdue escalation marked late, a reload
# that removes a route, and a store that cannot be written.
#	BUILD=build sh tests/blackbox/alerts.sh

set -u

BUILD=${BUILD:-build}
case $BUILD in
/*)	;;
*)	BUILD=$(pwd)/$BUILD ;;
esac
ONCALLD=$BUILD/oncalld
ONCALL_NOW=$BUILD/oncall-now
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$HERE/../data/alerts
PY=${PYTHON:-python3}

if [ ! -x "$ONCALLD" ]; then
	echo "alerts.sh: $ONCALLD not built" >&2
	exit 1
fi

NAME=alerts
. "$(dirname "$0")/../lib.sh"

# ONCALLD_TEST_DELAY stretches the waits for slow runs (make valgrind).
ACK=2
if [ -n "${ONCALLD_TEST_DELAY:-}" ]; then
	ACK=$((ONCALLD_TEST_DELAY / 3 + 2))
fi
SOCK=$DIR/s.sock
CONF=$DIR/alerts.conf
# The restart test's escalation must fall due while the daemon is down,
# not before a loaded machine gets to kill it.
LATER=$((ACK * 2))
sed -e "s/ACK_WITHIN/$ACK/" -e "s/LATER/$LATER/" "$DATA/alerts.conf" >"$CONF"

start() {
	"$ONCALLD" -v -c "$CONF" -s "$SOCK" 2>>"$DIR/daemon.log" &
	PID=$!
	PIDS="$PIDS $PID"
	i=0
	while [ $i -lt 400 ]; do
		if [ -S "$SOCK" ] && "$ONCALL_NOW" -s "$SOCK" -j >/dev/null \
		    2>&1; then
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	fail "the daemon did not start" "$(cat "$DIR/daemon.log")"
	exit 1
}

# ask LINE: the daemon's answer to one raw request line (the daemon
# closes the connection after answering the last line).
ask() {
	printf '%s\n' "$1" | socat -t 60 - "UNIX-CONNECT:$SOCK"
}

# field JSON PYEXPR: PYEXPR evaluated with the answer as "a".
field() {
	printf '%s' "$1" | "$PY" -c '
import json, sys
a = json.loads(sys.stdin.read())
print(eval(sys.argv[1]))' "$2"
}

# is DESCRIPTION JSON PYEXPR WANT
is() {
	got=$(field "$2" "$3" 2>&1)
	if [ "$got" = "$4" ]; then
		pass "$1"
	else
		fail "$1: $3 is \"$got\", want \"$4\"" "$2"
	fi
}

start
echo "# opening, deduplication, quoted values"
out=$("$ONCALL_NOW" -s "$SOCK" -j --alert fast disk-db1 'disk "db1" \ full')
st=$?
[ $st -eq 0 ] && pass "--alert exits 0" || fail "--alert exits $st" "$out"
is "the alert is triggered" "$out" 'a["alert"]["state"]' triggered
is "its first id is 1" "$out" 'a["alert"]["id"]' 1
is "it goes to the first step" "$out" 'a["alert"]["target"]["address"]' \
    first@example.org
is "the summary keeps its quotes and backslash" "$out" \
    'a["alert"]["summary"]' 'disk "db1" \ full'
is "it is not a duplicate" "$out" 'a["alert"]["dedup"]' False
is "it escalates after ack_within" "$out" \
    'a["alert"]["next_escalation"] is not None' True
out=$(ask 'alert fast key=disk-db1 summary="again \"x\""')
is "the same key is a duplicate" "$out" 'a["alert"]["dedup"]' True
is "its count is raised" "$out" 'a["alert"]["count"]' 2
is "a duplicate keeps its id" "$out" 'a["alert"]["id"]' 1
out=$(ask 'ALERT plain key="two words"')
is "a quoted key" "$out" 'a["alert"]["key"]' 'two words'
is "a step without ack_within waits" "$out" \
    'a["alert"]["next_escalation"]' None
out=$(ask 'ALERT plain key="open')
is "an unclosed quote is a bad argument" "$out" 'a["error"]["code"]' \
    bad_argument
out=$(ask 'ALERT nosuch key=x')
is "an unknown route" "$out" 'a["error"]["code"]' unknown_id
out=$(ask 'ALERT first key=x')
is "a team is not a route" "$out" 'a["error"]["code"]' unknown_id
out=$(ask 'ALERT plain')
is "ALERT needs a key" "$out" 'a["error"]["code"]' bad_argument
out=$(ask 'ACK 99')
is "an unknown alert" "$out" 'a["error"]["code"]' unknown_alert
out=$(ask 'TIMELINE 99')
is "no timeline for an unknown alert" "$out" 'a["error"]["code"]' \
    unknown_alert
out=$(ask 'ACK x1')
is "an alert id is a number" "$out" 'a["error"]["code"]' bad_argument
"$ONCALL_NOW" -s "$SOCK" --ack 99 >/dev/null 2>&1
st=$?
[ $st -eq 65 ] && pass "--ack of an unknown alert exits 65" ||
    fail "--ack of an unknown alert exits $st"
"$ONCALL_NOW" -s "$SOCK" --alert nosuch k >/dev/null 2>&1
st=$?
[ $st -eq 65 ] && pass "--alert on an unknown route exits 65" ||
    fail "--alert on an unknown route exits $st"

echo "# WATCH sees alert events"
"$PY" -c '
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.settimeout(20)
s.sendall(b"WATCH\n")
f = s.makefile("rb")
f.readline()
print("watching", flush=True)
while True:
	e = json.loads(f.readline())
	if e.get("event") == "alert":
		print(e["alert"]["key"], e["alert"]["state"], flush=True)
		break' "$SOCK" >"$DIR/watch.out" 2>&1 &
WPID=$!
PIDS="$PIDS $WPID"
i=0
while [ $i -lt 100 ] && ! grep -q watching "$DIR/watch.out"; do
	sleep 0.05
	i=$((i + 1))
done
ask 'ALERT plain key=watched' >/dev/null
wait $WPID
if grep -q '^watched triggered$' "$DIR/watch.out"; then
	pass "WATCH pushes the new alert"
else
	fail "WATCH pushes the new alert" "$(cat "$DIR/watch.out")"
fi

echo "# escalation, acknowledgement, resolution"
sleep $((ACK + 1))
out=$(ask 'TIMELINE 1')
is "the timeline starts with the creation" "$out" \
    'a["events"][0]["event"]' created
is "then the escalation" "$out" 'a["events"][1]["event"]' escalated
is "to the second step's address" "$out" 'a["events"][1]["address"]' \
    second@example.org
is "on time" "$out" 'a["events"][1]["late"]' False
out=$("$ONCALL_NOW" -s "$SOCK" -j --ack 1 --by alice)
is "ACK acknowledges" "$out" 'a["alert"]["state"]' acknowledged
is "an acknowledged alert escalates no more" "$out" \
    'a["alert"]["next_escalation"]' None
is "it stays at the second step" "$out" 'a["alert"]["target"]["team"]' \
    second
out=$(ask 'TIMELINE 1')
is "the acknowledgement names who" "$out" 'a["events"][2]["by"]' alice
out=$("$ONCALL_NOW" -s "$SOCK" --timeline 1)
case $out in
*"escalated    step 2 second@example.org"*) pass "--timeline prints the events" ;;
*)	fail "--timeline prints the events" "$out" ;;
esac
out=$(ask 'RESOLVE 1 by="bob b"')
is "RESOLVE resolves" "$out" 'a["alert"]["state"]' resolved
out=$(ask 'ALERTS')
is "ALERTS lists the open ones" "$out" \
    '[x["key"] for x in a["alerts"]]' "['two words', 'watched']"
out=$(ask 'ALERTS state=resolved')
is "ALERTS state=resolved" "$out" '[x["id"] for x in a["alerts"]]' "[1]"
out=$(ask 'ALERTS state=all route=fast')
is "ALERTS by route" "$out" '[x["id"] for x in a["alerts"]]' "[1]"
out=$(ask 'ALERTS state=closed')
is "an unknown state" "$out" 'a["error"]["code"]' bad_argument
out=$(ask 'ALERT fast key=disk-db1')
is "a resolved alert's key opens a new alert" "$out" 'a["alert"]["id"]' 4
out=$(ask 'STATS')
is "STATS counts the alerts opened" "$out" 'a["alerts_triggered"]' 4
is "STATS counts the duplicates" "$out" 'a["alerts_deduplicated"]' 1
is "STATS counts the open alerts" "$out" 'a["alerts_open"]' 3

echo "# kill -9, restart, an overdue escalation"
out=$(ask 'ALERT later key=after-restart')
kill -9 "$PID"
wait "$PID" 2>/dev/null
id=$(field "$out" 'a["alert"]["id"]')
sleep $((LATER + 1))
start
out=$(ask "TIMELINE $id")
is "the answered alert survived kill -9" "$out" 'a["events"][0]["event"]' \
    created
i=0
while [ $i -lt 40 ] && [ "$(field "$out" 'len(a["events"])')" -lt 2 ]; do
	sleep 0.1
	out=$(ask "TIMELINE $id")
	i=$((i + 1))
done
is "the escalation due while down happens at start" "$out" \
    'a["events"][1]["event"]' escalated
is "marked late" "$out" 'a["events"][1]["late"]' True
out=$(ask 'ALERTS')
is "every open alert is back" "$out" 'len(a["alerts"])' 4
out=$(ask 'ALERT plain key=new')
is "ids go on after a restart" "$out" 'a["alert"]["id"]' $((id + 1))

echo "# a reload that removes a route"
"$PY" - "$CONF" <<'PYEOF'
import re, sys
p = sys.argv[1]
s = open(p).read()
s = re.sub(r',\s*\{ id = "plain";\s*steps = \[[^]]*\]; \}', '', s)
open(p, "w").write(s)
PYEOF
out=$(ask 'RELOAD')
is "the reload is accepted" "$out" 'a["ok"]' True
out=$(ask 'ALERTS route=plain')
is "the removed route's alerts stay open" "$out" 'len(a["alerts"])' 3
is "without a target" "$out" 'a["alerts"][0]["target"]' None
out=$(ask "RESOLVE $((id + 1))")
is "they can still be resolved" "$out" 'a["alert"]["state"]' resolved
kill "$PID"
wait "$PID"

echo "# retention of resolved alerts"
# Alert 1 was resolved in 1970, as far as the store knows.
"$PY" -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE alerts SET updated = 1000 WHERE id = 1")
c.commit()' "$DIR/state/alerts.sqlite"
start
out=$(ask 'ALERTS state=resolved')
is "a resolved alert past alert_retention is removed at start" "$out" \
    '[x["id"] for x in a["alerts"]]' "[$((id + 1))]"
out=$(ask 'TIMELINE 1')
is "with its timeline" "$out" 'a["error"]["code"]' unknown_alert
kill "$PID"
wait "$PID"

echo "# a store that cannot be written"
printf 'not a folder\n' >"$DIR/state-file"
sed 's|state_dir = "state";|state_dir = "state-file/sub";|' "$CONF" \
    >"$DIR/broken.conf"
CONF=$DIR/broken.conf
start
out=$(ask 'ALERT fast key=x')
is "ALERT answers store_unavailable" "$out" 'a["error"]["code"]' \
    store_unavailable
"$ONCALL_NOW" -s "$SOCK" --alert fast x >/dev/null 2>&1
st=$?
[ $st -eq 69 ] && pass "--alert exits 69 without a store" ||
    fail "--alert exits $st without a store"
out=$(ask 'NOW first')
is "reads go on" "$out" 'a["staffed"]' True
kill "$PID"
wait "$PID"

test_summary
