#!/bin/sh
# deliver.sh - black-box tests of alert delivery (SPEC 7): the notify
# command of each channel type run by the real daemon without a shell,
# with the message on its standard input and the ONCALL_* environment, in
# the state folder; commands that fail, hang, flood their output and
# crash; a channel that requires encryption never gets clear text.
#	BUILD=build sh tests/blackbox/deliver.sh

set -u

BUILD=${BUILD:-build}
case $BUILD in
/*)	;;
*)	BUILD=$(pwd)/$BUILD ;;
esac
ONCALLD=$BUILD/oncalld
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$HERE/../data/deliver
PY=${PYTHON:-python3}

if [ ! -x "$ONCALLD" ]; then
	echo "deliver.sh: $ONCALLD not built" >&2
	exit 1
fi

NAME=deliver
. "$(dirname "$0")/../lib.sh"

# ONCALLD_TEST_DELAY stretches the waits for slow runs (make valgrind).
SLOW=${ONCALLD_TEST_DELAY:-0}
SOCK=$DIR/s.sock
STATE=$DIR/state
mkdir "$STATE"
cat >"$DIR/deliver.conf" <<CONF
daemon = { state_dir = "$STATE"; };
teams = (
	{ id = "soc"; name = "SOC"; short_name = "SOC"; hours = "24/7";
	  channels = (
		{ id = "email"; type = "email"; address = "soc@example.org";
		  urgent_subject_prefix = "[URGENT]";
		  pgp_fingerprint = "ECDF D820 845A AACD 9627 627E 4C52 0648 026A 9D84"; },
		{ id = "secret"; type = "email"; address = "psirt@example.org";
		  encryption = "required"; },
		{ id = "pager"; type = "phone"; address = "+33 1 00 00 00 00"; },
		{ id = "hook"; type = "url"; address = "https://example.org/hook"; },
		{ id = "bot"; type = "other"; address = "chat:#soc"; }
	  ); }
);
routes = (
	{ id = "mail"; steps = [ "soc/email" ]; },
	{ id = "secret"; steps = [ "soc/secret" ]; },
	{ id = "pager"; steps = [ "soc/pager" ]; },
	{ id = "hook"; steps = [ "soc/hook" ]; },
	{ id = "bot"; steps = [ "soc/bot" ]; }
);
notify = (
	{ type = "email"; command = "/bin/sh $DATA/record.sh"; },
	{ type = "phone"; command = "/bin/sh $DATA/fail.sh"; retries = 1; },
	{ type = "url"; command = "/bin/sh $DATA/hang.sh"; timeout = 1; retries = 0; },
	{ type = "other"; command = "/bin/sh $DATA/flood.sh"; retries = 0; }
);
CONF

"$ONCALLD" -v -c "$DIR/deliver.conf" -s "$SOCK" 2>>"$DIR/daemon.log" &
PID=$!
PIDS="$PIDS $PID"

# ask LINE: the daemon's answer to one raw request line.
ask() {
	printf '%s\n' "$1" | socat -t 60 - "UNIX-CONNECT:$SOCK"
}

i=0
while [ $i -lt 400 ] && ! ask PING 2>/dev/null | grep -q '"ok":true'; do
	sleep 0.05
	i=$((i + 1))
done

# events ID: the alert's timeline events, "event:late" words.
events() {
	ask "TIMELINE $1" | "$PY" -c '
import json, sys
print(" ".join(e["event"] for e in json.load(sys.stdin)["events"]))'
}

# wait_events ID WANT SECONDS: until the timeline reads WANT.
wait_events() {
	i=0
	n=$((($3 + SLOW) * 10))
	while [ $i -lt "$n" ]; do
		got=$(events "$1")
		[ "$got" = "$2" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# expect DESCRIPTION ID WANT SECONDS
expect() {
	if wait_events "$2" "$3" "$4"; then
		pass "$1"
	else
		fail "$1: timeline \"$got\", want \"$3\"" \
		    "$(tail -5 "$DIR/daemon.log")"
	fi
}

echo "# an e-mail channel"
ask 'ALERT mail key=disk summary="Überlast auf \"db1\""' >/dev/null
expect "the command ran and the send is in the timeline" 1 \
    "created sent" 10
msg=$STATE/sent.1.0.msg
env=$STATE/sent.1.0.env
grep -q '^To: soc@example.org$' "$msg" && pass "To" ||
    fail "To" "$(cat "$msg")"
grep -q '^Subject: =?UTF-8?B?' "$msg" && pass "a UTF-8 subject is encoded" ||
    fail "a UTF-8 subject is encoded" "$(cat "$msg")"
subject=$("$PY" -c '
import email, email.header, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
print(str(email.header.make_header(email.header.decode_header(m["Subject"]))))
print(m["Date"] is not None and m["Message-ID"] is not None)
print(m.get_content_charset())' "$msg")
want='[URGENT] oncalld alert 1 on mail: Überlast auf "db1"
True
utf-8'
[ "$subject" = "$want" ] &&
    pass "RFC 5322: the subject decodes with the urgent prefix; Date, Message-ID, charset" ||
    fail "RFC 5322 headers" "$subject"
grep -q '^Summary: Überlast auf "db1"$' "$msg" && pass "the body in UTF-8" ||
    fail "the body in UTF-8" "$(cat "$msg")"
for v in 'ONCALL_ALERT_ID=1' 'ONCALL_ROUTE=mail' 'ONCALL_KEY=disk' \
    'ONCALL_SUMMARY=Überlast auf "db1"' 'ONCALL_TEAM=soc' \
    'ONCALL_CHANNEL=email' 'ONCALL_TYPE=email' \
    'ONCALL_ADDRESS=soc@example.org' 'ONCALL_STEP=0' \
    'ONCALL_SUBJECT=[URGENT] oncalld alert 1 on mail: Überlast auf "db1"' \
    'ONCALL_PGP_FINGERPRINT=ECDF D820 845A AACD 9627 627E 4C52 0648 026A 9D84'
do
	grep -qxF "$v" "$env" && pass "environment: ${v%%=*}" ||
	    fail "environment: $v" "$(cat "$env")"
done
[ "$(cat "$STATE/sent.1.0.pwd")" = "$STATE" ] &&
    pass "the command runs in the state folder" ||
    fail "the command runs in the state folder" "$(cat "$STATE/sent.1.0.pwd")"
out=$(ask 'ALERT mail key=disk')
ask 'STATS' >/dev/null
sleep 0.5
[ ! -e "$STATE/sent.1.1.msg" ] && [ "$(events 1)" = "created sent" ] &&
    pass "a duplicate sends nothing" || fail "a duplicate sends nothing"

echo "# a channel that requires encryption"
ask 'ALERT secret key=vuln' >/dev/null
expect "it fails at once" 2 "created send_failed" 5
[ ! -e "$STATE/sent.2.0.msg" ] && pass "nothing was sent in clear text" ||
    fail "nothing was sent in clear text"

echo "# a command that fails, one that hangs, one that floods and crashes"
ask 'ALERT pager key=p' >/dev/null
ask 'ALERT hook key=h' >/dev/null
ask 'ALERT bot key=b' >/dev/null
out=$(ask 'PING')
case $out in
*'"ok":true'*)	pass "the daemon answers while they run" ;;
*)		fail "the daemon answers while they run" "$out" ;;
esac
expect "the hanging command is killed at its timeout" 4 \
    "created send_failed" 10
[ "$(wc -l <"$STATE/hang.count")" -eq 1 ] &&
    pass "retries = 0: one attempt" || fail "retries = 0: one attempt"
expect "the flood is drained and the crash recorded" 5 \
    "created send_failed" 20
expect "exit 3 is retried once with backoff, each attempt recorded" 3 \
    "created send_failed send_failed" 20
[ "$(wc -l <"$STATE/fail.count")" -eq 2 ] && pass "two attempts" ||
    fail "two attempts" "$(cat "$STATE/fail.count")"
grep -q 'no route to the pager gateway' "$DIR/daemon.log" &&
    pass "the command's output is in the log" ||
    fail "the command's output is in the log" "$(tail -5 "$DIR/daemon.log")"
grep -q 'killed after its timeout' "$DIR/daemon.log" &&
    pass "the timeout is in the log" || fail "the timeout is in the log"
grep -q 'killed by signal 11' "$DIR/daemon.log" &&
    pass "the crash is in the log" || fail "the crash is in the log"
child=$(cat "$STATE/hang.child")
if [ -n "$child" ] && ! kill -0 "$child" 2>/dev/null; then
	pass "the hanging command's own child was killed too"
else
	fail "the hanging command's own child was killed too (pid $child)"
	kill "$child" 2>/dev/null
fi

kill "$PID"
wait "$PID"
test_summary
