#!/bin/sh
# examples.sh - runs the integration examples of packaging/examples/ against
# the real daemon: the ten-line Python client, the Nagios/Icinga
# notification command (with a fake mailer) and the Alertmanager webhook
# receiver (over HTTP on the loopback). Run from the top of the tree:
#	BUILD=build sh tests/blackbox/examples.sh
# Prints "N passed, M failed" and exits non-zero if anything failed.

set -u

BUILD=${BUILD:-build}
case $BUILD in
/*)	;;
*)	BUILD=$(pwd)/$BUILD ;;
esac
ONCALLD=$BUILD/oncalld
ONCALL_NOW=$BUILD/oncall-now
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
EX=$TOP/packaging/examples
# Debian's interpreter: the examples use the standard library only.
PY=${PYTHON:-/usr/bin/python3}

if [ ! -x "$ONCALLD" ] || [ ! -x "$ONCALL_NOW" ]; then
	echo "examples.sh: $ONCALLD or $ONCALL_NOW not built" >&2
	exit 1
fi

NAME=examples
. "$(dirname "$0")/../lib.sh"

# expect DESCRIPTION WANTED-STATUS ACTUAL-STATUS OUTPUT [PATTERN...]:
# passes when the status matches and OUTPUT contains every fixed string.
expect() {
	desc=$1 want=$2 got=$3 out=$4
	shift 4
	if [ "$got" != "$want" ]; then
		fail "$desc (exit $got, wanted $want)" "$out"
		return
	fi
	for pat in "$@"; do
		if ! printf '%s\n' "$out" | grep -qF -- "$pat"; then
			fail "$desc (no \"$pat\")" "$out"
			return
		fi
	done
	pass "$desc"
}

# start_daemon CONFIG SOCKET: starts oncalld and waits for its socket.
start_daemon() {
	"$ONCALLD" -c "$1" -s "$2" 2>>"$DIR/oncalld.log" &
	PIDS="$PIDS $!"
	i=0
	while [ ! -S "$2" ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ -S "$2" ] || { echo "examples.sh: oncalld did not start" >&2;
	    cat "$DIR/oncalld.log" >&2; exit 1; }
}

# A configuration whose answers do not depend on the time of the run.
cat >"$DIR/test.conf" <<'EOF'
teams = (
	{ id = "always"; name = "Always in"; short_name = "ALWAYS";
	  hours = "24/7";
	  channels = (
		{ id = "email"; type = "email"; address = "always@example.org";
		  urgent_subject_prefix = "[URGENT]"; },
		{ id = "phone"; type = "phone"; address = "+1 555 0100"; } ); },
	{ id = "closed"; name = "Never in"; short_name = "CLOSED";
	  hours = "never";
	  channels = (
		{ id = "email"; type = "email";
		  address = "closed@example.org"; } ); }
);
routes = (
	{ id = "escalates"; steps = [ "closed/email", "always/email" ]; },
	{ id = "queued"; steps = [ "closed/email" ]; },
	{ id = "by-phone"; steps = [ "always/phone" ]; }
);
EOF
# The shipped configuration, exporting nothing.
grep -v 'export_dir' "$TOP/config/oncalld.conf" >"$DIR/shipped.conf"

SOCK=$DIR/test.sock
SHIPPED=$DIR/shipped.sock
start_daemon "$DIR/test.conf" "$SOCK"
start_daemon "$DIR/shipped.conf" "$SHIPPED"

#
# The Python client.
#
CLIENT=$EX/client/oncall-client.py
code=$(sed -e '1d' -e '/^"""/d' -e '/^[[:space:]]*$/d' "$CLIENT" | wc -l)
if [ "$code" -le 10 ]; then
	pass "client: $code lines of code"
else
	fail "client: $code lines of code, not ten"
fi
out=$(ONCALLD_SOCKET=$SOCK "$PY" "$CLIENT" PING "NOW escalates" 2>&1)
expect "client: PING and NOW, pipelined" 0 $? "$out" \
    '"protocol": 1' '"address": "always@example.org"' '"escalated": true'
out=$(ONCALLD_SOCKET=$SOCK "$PY" "$CLIENT" "NOW nosuch" 2>&1)
expect "client: an error answer exits 1" 1 $? "$out" '"unknown_id"'
out=$(ONCALLD_SOCKET=$SHIPPED "$PY" "$CLIENT" "NOW schneider-incident" 2>&1)
expect "client: shipped schneider-incident" 0 $? "$out" '"cert@se.com"'

#
# The Nagios/Icinga notification command, with a mailer that records.
#
NOTIFY=$EX/nagios/oncall-notify
MAILOUT=$DIR/mail.out
cat >"$DIR/fakemail" <<EOF
#!/bin/sh
{ for a in "\$@"; do printf 'arg: %s\n' "\$a"; done; cat; } >"$MAILOUT"
EOF
chmod +x "$DIR/fakemail"

# notify ARGS...: runs the command with a message on stdin; output is the
# command's stderr and what the mailer got.
notify() {
	rm -f "$MAILOUT"
	err=$(echo "host web is DOWN" | ONCALLD_SOCKET=${NSOCK:-$SOCK} \
	    ONCALL_NOW=$ONCALL_NOW ONCALL_MAILER=$DIR/fakemail \
	    sh "$NOTIFY" "$@" 2>&1)
	rc=$?
	out="$err$(cat "$MAILOUT" 2>/dev/null)"
	return $rc
}

notify escalates "PROBLEM web"
expect "nagios: escalated route mails the staffed step" 0 $? "$out" \
    'arg: -s' 'arg: PROBLEM web' 'arg: always@example.org' 'host web is DOWN'
notify -u escalates "PROBLEM web"
expect "nagios: -u adds the urgent subject prefix" 0 $? "$out" \
    'arg: [URGENT] PROBLEM web'
notify -u queued "PROBLEM web"
expect "nagios: queued route mails its unstaffed step" 0 $? "$out" \
    'arg: PROBLEM web' 'arg: closed@example.org'
notify by-phone "PROBLEM web"
expect "nagios: a phone target is not mailed" 3 $? "$out" 'phone'
[ ! -e "$MAILOUT" ] && pass "nagios: no mail to a phone" ||
    fail "nagios: no mail to a phone" "$(cat "$MAILOUT")"
notify nosuch "PROBLEM web"
expect "nagios: unknown route" 2 $? "$out" 'no team or route'
NSOCK=$DIR/nothing.sock notify escalates "PROBLEM web"
expect "nagios: daemon unreachable" 2 $? "$out" 'cannot reach oncalld'
notify
expect "nagios: usage" 64 $? "$out" 'usage:'
NSOCK=$SHIPPED notify schneider-incident "PROBLEM plc-gw-01"
expect "nagios: shipped schneider-incident" 0 $? "$out" 'arg: cert@se.com'

# run_command LINE ENV...: runs a notification command line through sh, as
# Nagios and Icinga do, with oncall-notify from the tree and ENV (NAME=value
# words) in its environment; sets out and rc.
run_command() {
	line=$(printf '%s\n' "$1" |
	    sed "s|/usr/local/bin/oncall-notify|sh $NOTIFY|")
	shift
	rm -f "$MAILOUT"
	out=$(env ONCALLD_SOCKET="$SOCK" ONCALL_NOW="$ONCALL_NOW" \
	    ONCALL_MAILER="$DIR/fakemail" "$@" sh -c "$line" 2>&1)
	rc=$?
	out="$line: $out$(cat "$MAILOUT" 2>/dev/null)"
}

# command_line NAME: the command_line of commands.cfg's command NAME.
command_line() {
	sed -n "/$1\$/,/^}/s/^[[:space:]]*command_line[[:space:]]*//p" \
	    "$EX/nagios/commands.cfg"
}

# The command definitions of commands.cfg, with their macros filled in as
# Nagios would.
run_command "$(command_line notify-service-by-oncall | sed \
    -e 's/\$NOTIFICATIONTYPE\$/PROBLEM/g' -e 's/\$SERVICEDESC\$/http/g' \
    -e 's/\$HOSTALIAS\$/web/g' -e 's/\$HOSTADDRESS\$/192.0.2.1/g' \
    -e 's/\$SERVICESTATE\$/CRITICAL/g' -e 's/\$LONGDATETIME\$/now/g' \
    -e 's/\$SERVICEOUTPUT\$/connection refused/g' \
    -e 's/\$_SERVICEONCALL_ROUTE\$/escalates/g')"
expect "nagios: commands.cfg notify-service-by-oncall" 0 $rc "$out" \
    'arg: always@example.org' \
    'arg: [URGENT] ** PROBLEM Service Alert: web/http is CRITICAL **' \
    'State: CRITICAL' 'connection refused'

run_command "$(command_line notify-host-by-oncall | sed \
    -e 's/\$NOTIFICATIONTYPE\$/PROBLEM/g' -e 's/\$HOSTNAME\$/web/g' \
    -e 's/\$HOSTSTATE\$/DOWN/g' -e 's/\$HOSTADDRESS\$/192.0.2.1/g' \
    -e 's/\$HOSTOUTPUT\$/no route to host/g' -e 's/\$LONGDATETIME\$/now/g' \
    -e 's/\$_HOSTONCALL_ROUTE\$/escalates/g')"
expect "nagios: commands.cfg notify-host-by-oncall" 0 $rc "$out" \
    'arg: always@example.org' 'arg: [URGENT] ** PROBLEM Host Alert: web is DOWN **' \
    'State: DOWN' 'no route to host'

# icinga2.conf's command as Icinga 2 runs it: its string unescaped ("$$"
# is "$"), the macros in the environment.
run_command "$(sed -n 's/^[[:space:]]*"\(printf .*\)" \]$/\1/p' \
    "$EX/nagios/icinga2.conf" |
    sed -e 's/\\\\/\\/g' -e 's/\\"/"/g' -e 's/\$\$/$/g')" \
    ONCALL_ROUTE=escalates \
    ONCALL_SUBJECT='** PROBLEM Service Alert: web/http is CRITICAL **' \
    ONCALL_MESSAGE='connection refused (now)'
expect "nagios: icinga2.conf oncall-service-notification" 0 $rc "$out" \
    'arg: always@example.org' \
    'arg: [URGENT] ** PROBLEM Service Alert: web/http is CRITICAL **' \
    'connection refused (now)'

#
# The Alertmanager webhook receiver.
#
WEBHOOK=$EX/alertmanager/oncall-webhook.py
DELIVERED=$DIR/delivered
mkdir "$DELIVERED"

# alertmanager.yml sends to the address the receiver listens on by
# default.
url=$(sed -n 's/^[[:space:]]*- url:[[:space:]]*//p' \
    "$EX/alertmanager/alertmanager.yml")
listen=$(sed -n 's/.*"--listen", default="\([^"]*\)".*/\1/p' "$WEBHOOK")
if [ -n "$listen" ] && [ "$url" = "http://$listen/alert" ]; then
	pass "alertmanager: alertmanager.yml names the receiver's default $url"
else
	fail "alertmanager: alertmanager.yml names the receiver's default" \
	    "url \"$url\", receiver listens on \"$listen\""
fi

# start_webhook NAME ARGS...: starts a receiver on a free port; sets PORT.
start_webhook() {
	name=$1
	shift
	"$PY" "$WEBHOOK" -l 127.0.0.1:0 "$@" >"$DIR/$name.out" \
	    2>"$DIR/$name.err" &
	PIDS="$PIDS $!"
	i=0
	while ! grep -q '^listening on' "$DIR/$name.out" 2>/dev/null &&
	    [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	PORT=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$DIR/$name.out")
	[ -n "$PORT" ] || { echo "examples.sh: $name did not start" >&2;
	    cat "$DIR/$name.err" >&2; exit 1; }
}

# post PORT FILE: POSTs FILE as JSON; prints the status and the body.
post() {
	"$PY" - "$1" "$2" <<'EOF'
import sys, urllib.request, urllib.error
req = urllib.request.Request(f"http://127.0.0.1:{sys.argv[1]}/alert",
                             data=open(sys.argv[2], "rb").read(),
                             headers={"Content-Type": "application/json"})
try:
    with urllib.request.urlopen(req, timeout=20) as r:
        print(r.status, r.read().decode())
except urllib.error.HTTPError as e:
    print(e.code, e.read().decode())
EOF
}

start_webhook shipped -s "$SHIPPED" --deliver \
    "{ echo \"\$ONCALL_ADDRESS|\$ONCALL_SUBJECT|\$ONCALL_STAFFED\"; cat; } \
    >\"$DELIVERED/\$ONCALL_ROUTE\""
out=$(post "$PORT" "$EX/alertmanager/notification.json")
expect "webhook: sample notification, shipped config" 0 $? "$out" \
    '200 ' '"route": "schneider-incident"' '"address": "cert@se.com"'
out=$(cat "$DELIVERED/schneider-incident" 2>&1)
expect "webhook: delivered to the route's target" 0 $? "$out" \
    'cert@se.com|[FIRING:1] RansomwareBeacon|true' \
    'C2 beacon seen from the PLC gateway'

start_webhook test -s "$SOCK" -r queued --deliver \
    "{ echo \"\$ONCALL_ADDRESS|\$ONCALL_SUBJECT|\$ONCALL_STAFFED\"; cat; } \
    >\"$DELIVERED/\$ONCALL_ROUTE\""
TESTPORT=$PORT
cat >"$DIR/two.json" <<'EOF'
{"version": "4", "status": "firing", "receiver": "oncall",
 "groupLabels": {}, "commonLabels": {}, "commonAnnotations": {},
 "alerts": [
  {"status": "firing", "labels": {"alertname": "Exfil", "severity": "critical",
   "oncall_route": "escalates"}, "annotations": {"summary": "big upload"},
   "startsAt": "2026-11-23T08:00:00Z"},
  {"status": "firing", "labels": {"alertname": "Scan"},
   "annotations": {"description": "port scan"},
   "startsAt": "2026-11-23T08:01:00Z"}]}
EOF
out=$(post "$TESTPORT" "$DIR/two.json")
expect "webhook: alerts split by route, default route" 0 $? "$out" \
    '200 ' '"route": "escalates"' '"escalated": true' \
    '"route": "queued"' '"staffed": false'
out=$(cat "$DELIVERED/escalates" "$DELIVERED/queued" 2>&1)
expect "webhook: urgent prefix for critical alerts; queued delivery" 0 $? \
    "$out" 'always@example.org|[URGENT] [FIRING:1] Exfil|true' \
    'closed@example.org|[FIRING:1] Scan|false' 'port scan'

printf '{"alerts":[{"labels":{"oncall_route":"nosuch"}}]}' >"$DIR/unknown.json"
out=$(post "$TESTPORT" "$DIR/unknown.json")
expect "webhook: unknown route is 400" 0 $? "$out" '400 ' 'nosuch'
printf 'not json' >"$DIR/bad.json"
out=$(post "$TESTPORT" "$DIR/bad.json")
expect "webhook: bad JSON is 400" 0 $? "$out" '400 '

start_webhook down -s "$DIR/nothing.sock" -r escalates
out=$(post "$PORT" "$DIR/two.json")
expect "webhook: daemon unreachable is 503 (Alertmanager retries)" 0 $? \
    "$out" '503 ' 'nothing.sock'

test_summary
