#!/bin/sh
# daemon.sh - black-box tests of oncalld: starts the real daemon on private
# sockets in a temporary directory and drives it with tests/blackbox/client.py
# (a raw socket client) and with oncall-now. Run from the top of the tree:
#	BUILD=build sh tests/blackbox/daemon.sh
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
DATA=$HERE/../data/daemon
PY=${PYTHON:-python3}

if [ ! -x "$ONCALLD" ]; then
	echo "daemon.sh: $ONCALLD not built" >&2
	exit 1
fi

NAME=daemon
. "$(dirname "$0")/../lib.sh"

# check DESCRIPTION COMMAND...: passes when the command exits 0.
check() {
	desc=$1
	shift
	if out=$("$@" 2>&1); then
		pass "$desc"
	else
		fail "$desc" "$out"
	fi
}

# client SOCKET SCENARIO [ARGS...]
client() {
	"$PY" "$HERE/client.py" "$@"
}

# expect_status WANT DESCRIPTION COMMAND...: the exit status must be WANT.
expect_status() {
	want=$1
	desc=$2
	shift 2
	out=$("$@" 2>&1)
	st=$?
	if [ "$st" -eq "$want" ]; then
		pass "$desc"
	else
		fail "$desc (exit $st, want $want)" "$out"
	fi
}

# start NAME CONFIG SOCKET: starts a daemon, waits until it answers; sets PID.
# With NOFILE set (ulimit's words, e.g. "-Sn 1024"), under that limit on
# open files.
start() {
	if [ -n "${NOFILE:-}" ]; then
		# shellcheck disable=SC2086
		(ulimit $NOFILE && exec "$ONCALLD" -v -c "$2" -s "$3") \
		    2>>"$DIR/$1.log" &
	else
		"$ONCALLD" -v -c "$2" -s "$3" 2>>"$DIR/$1.log" &
	fi
	PID=$!
	PIDS="$PIDS $PID"
	i=0
	while [ $i -lt 100 ]; do
		if [ -S "$3" ] && client "$3" ping >/dev/null 2>&1; then
			return 0
		fi
		if ! kill -0 "$PID" 2>/dev/null; then
			break
		fi
		sleep 0.05
		i=$((i + 1))
	done
	fail "daemon $1 did not start" "$(cat "$DIR/$1.log")"
	return 1
}

# stop PID: SIGTERM, then the exit status of the daemon.
stop() {
	kill -TERM "$1" 2>/dev/null
	wait "$1"
}

# stopped DESCRIPTION PID: SIGTERM must end the daemon with status 0.
stopped() {
	stop "$2"
	st=$?
	if [ $st -eq 0 ]; then
		pass "$1"
	else
		fail "$1 (exit $st)"
	fi
}

utc() {
	date -u -d "@$1" +%Y%m%dT%H%M%SZ
}

ulimit -n 4096 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null

# The configurations: the test one, a valid variant where SE-CERT is never
# staffed, and an invalid one with two mistakes.
CONF=$DIR/oncalld.conf
cp "$DATA/oncalld.conf" "$DIR/valid-a.conf"
sed 's|hours = "24/7";|timezone = "UTC"; hours = "never";|' \
    "$DIR/valid-a.conf" >"$DIR/valid-b.conf"
sed -e 's|Mon-Fri 08:00-17:00|Mon-Fry 08:00-17:00|' \
    -e 's|max_line = 4096;|max_line = 1;|' \
    "$DIR/valid-a.conf" >"$DIR/invalid.conf"
cp "$DIR/valid-a.conf" "$CONF"
mkdir "$DIR/feeds"

# The drill team's only staffed time: an extra event starting a few seconds
# from now (ten: a loaded machine takes seconds to start the daemon and
# the client), so that a WATCH client sees it begin and end. It is written
# again just before the main daemon starts, so that a slow machine running
# the command-line tests first does not let it begin unseen.
# ONCALLD_TEST_DELAY moves it later for slow runs (make valgrind).
DRILL=${ONCALLD_TEST_DELAY:-10}
write_drill() {
	now=$(date +%s)
	printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//oncalld//tests//EN\r\nBEGIN:VEVENT\r\nUID:drill@oncalld.test\r\nDTSTAMP:%s\r\nDTSTART:%s\r\nDTEND:%s\r\nSUMMARY:drill\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' \
	    "$(utc "$now")" "$(utc $((now + DRILL)))" "$(utc $((now + DRILL + 3)))" \
	    >"$DIR/extra.ics"
}
write_drill

echo "# command line"
expect_status 0 "-V prints the version" "$ONCALLD" -V
expect_status 0 "-h prints the usage" "$ONCALLD" --help
expect_status 64 "unknown option is a usage error" "$ONCALLD" -x
expect_status 64 "operand is a usage error" "$ONCALLD" -c "$CONF" extra
out=$("$ONCALLD" -n -c "$CONF" 2>&1)
if [ $? -eq 0 ] && [ "$out" = "configuration OK: 3 teams, 3 routes" ]; then
	pass "-n on a valid configuration"
else
	fail "-n on a valid configuration" "$out"
fi
# Valid but most likely mistaken settings: warnings, and still exit 0.
WARN_CONF=$(cd "$HERE/../data/config" && pwd -P)/warnings.conf
out=$("$ONCALLD" -n -c "$WARN_CONF" 2>&1)
st=$?
n=$(printf '%s\n' "$out" | grep -c "^$WARN_CONF:[0-9][0-9]*: warning: teams\.")
if [ $st -eq 0 ] && [ "$n" -eq 5 ] &&
    printf '%s\n' "$out" | grep -qx "configuration OK: 7 teams, 0 routes, 5 warnings" &&
    printf '%s\n' "$out" | grep -q "^$WARN_CONF:46: warning: teams.narrow.channels.phone.hours: "; then
	pass "-n prints each warning as file:line: warning: and exits 0"
else
	fail "-n on a configuration with warnings (exit $st, $n warnings)" "$out"
fi
out=$("$ONCALLD" -n -c "$DIR/invalid.conf" 2>&1)
st=$?
n=$(printf '%s\n' "$out" | grep -c "invalid.conf:[0-9][0-9]*: ")
if [ $st -eq 78 ] && [ "$n" -ge 2 ]; then
	pass "-n reports every problem as file:line and exits 78"
else
	fail "-n on an invalid configuration (exit $st, $n diagnostics)" "$out"
fi
expect_status 78 "an invalid configuration at start exits 78" \
    "$ONCALLD" -c "$DIR/invalid.conf" -s "$DIR/never.sock"
out=$("$ONCALLD" -c "$CONF" -s "$DIR/no/such/dir/sock" 2>&1)
if [ $? -ne 0 ] && printf '%s' "$out" | grep -q "does not exist"; then
	pass "a missing socket directory is reported"
else
	fail "a missing socket directory is reported" "$out"
fi

echo "# main daemon"
SOCK=$DIR/oncalld.sock
write_drill
start main "$CONF" "$SOCK" || exit 1
MAIN=$PID
client "$SOCK" watch $((DRILL + 15)) >"$DIR/watch.out" 2>&1 &
WATCH=$!
PIDS="$PIDS $WATCH"

for sc in commands errors pipeline longline garbage utf8 midline midanswer \
    halfclose noread; do
	check "$sc" client "$SOCK" "$sc"
done
check "1100 concurrent connections" client "$SOCK" many 1100

out=$(ls -A "$DIR/feeds")
if [ -f "$DIR/feeds/cpcert.ics" ] && [ -f "$DIR/feeds/drill-route.ics" ] &&
    head -c 15 "$DIR/feeds/cpcert.ics" | grep -q "BEGIN:VCALENDAR" &&
    ! printf '%s\n' "$out" | grep -q '^\.'; then
	pass "feeds exported, no temporary file left"
else
	fail "feeds exported" "$out"
fi

check "reload under traffic, valid and invalid in turn" \
    client "$SOCK" reload "$CONF" "$DIR/valid-a.conf" "$DIR/valid-b.conf" \
    "$DIR/invalid.conf" 6

# SIGHUP: the same transaction.
cp "$DIR/invalid.conf" "$CONF"
kill -HUP "$MAIN"
sleep 0.3
if client "$SOCK" ping >/dev/null 2>&1 &&
    grep -q "invalid.conf\|oncalld.conf:[0-9]" "$DIR/main.log"; then
	pass "SIGHUP with an invalid configuration keeps serving, logs why"
else
	fail "SIGHUP with an invalid configuration" "$(tail -5 "$DIR/main.log")"
fi
cp "$DIR/valid-b.conf" "$CONF"
kill -HUP "$MAIN"
sleep 0.3
out=$(client "$SOCK" ask NOW se-cert)
case $out in
*'"staffed":false'*)	pass "SIGHUP with a valid configuration swaps it" ;;
*)			fail "SIGHUP with a valid configuration" "$out" ;;
esac
cp "$DIR/valid-a.conf" "$CONF"
kill -HUP "$MAIN"
sleep 0.3

check "STATS counts connections, requests, errors and reloads" \
    client "$SOCK" stats 1100 8 7

if wait "$WATCH"; then
	pass "WATCH sees the extra event begin and end"
else
	fail "WATCH sees the extra event begin and end" "$(cat "$DIR/watch.out")"
fi

# RELOAD and connections from another user.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1 &&
    [ -x /usr/bin/python3 ]; then
	cp "$HERE/client.py" "$DIR/client.py"
	chmod 0755 "$DIR"
	AS_NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
	check "RELOAD by another user is forbidden" \
	    $AS_NOBODY /usr/bin/python3 "$DIR/client.py" "$SOCK" \
	    forbidden-reload
else
	AS_NOBODY=
	skip "RELOAD by another user (needs root and setpriv)"
fi

# oncall-now against the daemon and in-process.
if [ -x "$ONCALL_NOW" ]; then
	for args in "-t 2026-11-23T14:00:00Z" "-t 2026-11-23T03:00:00Z" \
	    "-j -t 2026-11-23T03:00:00Z cpcert schneider-vulnerability" \
	    "-n 5 -t 2026-11-23T03:00:00Z cpcert" \
	    "--from 2026-11-23T00:00:00Z --to 2026-11-30T00:00:00Z cpcert"; do
		# shellcheck disable=SC2086
		a=$("$ONCALL_NOW" -s "$SOCK" $args 2>&1)
		sa=$?
		# shellcheck disable=SC2086
		b=$("$ONCALL_NOW" -c "$CONF" $args 2>&1)
		sb=$?
		if [ "$a" = "$b" ] && [ $sa -eq $sb ] && [ -n "$a" ]; then
			pass "oncall-now -s equals -c: $args"
		else
			fail "oncall-now -s equals -c: $args (exit $sa/$sb)" \
			    "$(printf -- '-s:\n%s\n-c:\n%s' "$a" "$b")"
		fi
	done
else
	skip "oncall-now not built"
fi

# Started as root without daemon.user: one warning at start, none per
# reload.
if [ "$(id -u)" -eq 0 ]; then
	n=$(grep -c "running as root" "$DIR/main.log")
	if [ "$n" -eq 1 ]; then
		pass "running as root: warned once in the log"
	else
		fail "running as root: warned $n times, want once"
	fi
fi

if stop "$MAIN" && [ ! -e "$SOCK" ]; then
	pass "SIGTERM exits 0 and removes the socket"
else
	fail "SIGTERM exits 0 and removes the socket" "$(tail -5 "$DIR/main.log")"
fi

echo "# limits"
# max_clients = 2, idle_timeout = 1, on a socket left by a dead daemon.
SMALL=$DIR/small.conf
sed -e 's|max_clients = 2000;|max_clients = 2;|' \
    -e 's|idle_timeout = 300;|idle_timeout = 1;|' \
    -e 's|export_dir = "feeds";||' "$CONF" >"$SMALL"
SOCK2=$DIR/small.sock
client "$SOCK2" stale
if start small "$SMALL" "$SOCK2"; then
	pass "a stale socket is replaced"
	SMALLPID=$PID
	out=$("$ONCALLD" -c "$SMALL" -s "$SOCK2" 2>&1)
	if [ $? -ne 0 ] && printf '%s' "$out" | grep -q "another oncalld"; then
		pass "a second daemon on the same socket refuses to start"
	else
		fail "a second daemon on the same socket refuses to start" \
		    "$out"
	fi
	check "idle timeout, WATCH exempt, too_many_clients" \
	    client "$SOCK2" idle
	stopped "small daemon exits 0 on SIGTERM" "$SMALLPID"
fi

# Open files: Debian's default soft limit (1024) and the default
# max_clients (1024): the daemon raises the soft limit, serves 1024 and
# refuses the rest. Then a hard limit of 1024 too: it warns, serves what
# it can and refuses the rest, none left waiting without an answer.
DEFAULTS=$DIR/defaults.conf
sed -e 's|max_clients = 2000;||' -e 's|export_dir = "feeds";||' \
    "$CONF" >"$DEFAULTS"
SOCK5=$DIR/defaults.sock
if [ -n "${ONCALLD_VALGRIND:-}" ]; then
	# valgrind keeps its own limit on open files below the real one: it
	# lets the kernel accept a connection over it, then closes it.
	skip "open-file limits (under valgrind, which imposes its own)"
elif NOFILE="-Sn 1024" start soft "$DEFAULTS" "$SOCK5"; then
	check "soft limit 1024: 1100 clients, 1024 served, the rest refused" \
	    client "$SOCK5" limit 1100 1024 exact
	stopped "soft limit daemon exits 0 on SIGTERM" "$PID"
fi
if [ -z "${ONCALLD_VALGRIND:-}" ] &&
    NOFILE="-n 1024" start hard "$DEFAULTS" "$SOCK5"; then
	HARDPID=$PID
	check "hard limit 1024: 1100 clients, each served or refused" \
	    client "$SOCK5" limit 1100 1024 most
	if grep -q "open files are limited to 1024" "$DIR/hard.log"; then
		pass "hard limit 1024: a warning names the limit"
	else
		fail "hard limit 1024: a warning names the limit" \
		    "$(cat "$DIR/hard.log")"
	fi
	stopped "hard limit daemon exits 0 on SIGTERM" "$HARDPID"
fi

# Allow-lists: only root may connect.
LOCKED=$DIR/locked.conf
sed -e 's|max_clients = 2000;|max_clients = 2000; allow_uids = [ 0 ];|' \
    -e 's|export_dir = "feeds";||' "$CONF" >"$LOCKED"
SOCK3=$DIR/locked.sock
if start locked "$LOCKED" "$SOCK3"; then
	LOCKEDPID=$PID
	if [ -n "$AS_NOBODY" ]; then
		check "a uid outside allow_uids is refused" \
		    $AS_NOBODY /usr/bin/python3 "$DIR/client.py" "$SOCK3" \
		    forbidden-connect
		check "root is always allowed" client "$SOCK3" ping
	elif [ "$(id -u)" -ne 0 ]; then
		check "a uid outside allow_uids is refused" \
		    client "$SOCK3" forbidden-connect
	fi
	stopped "locked daemon exits 0 on SIGTERM" "$LOCKEDPID"
fi

# Allow-lists by group: root's group only.
GLOCKED=$DIR/glocked.conf
sed -e 's|max_clients = 2000;|max_clients = 2000; allow_gids = [ 0 ];|' \
    -e 's|export_dir = "feeds";||' "$CONF" >"$GLOCKED"
SOCK6=$DIR/glocked.sock
if [ -n "$AS_NOBODY" ] && start glocked "$GLOCKED" "$SOCK6"; then
	check "a gid outside allow_gids is refused" \
	    $AS_NOBODY /usr/bin/python3 "$DIR/client.py" "$SOCK6" \
	    forbidden-connect
	check "root is admitted by a group allow-list" client "$SOCK6" ping
	stopped "group-locked daemon exits 0 on SIGTERM" "$PID"
fi

# Privileges dropped to daemon.user before binding; the feeds directory is
# then not writable: a failed export is logged, never fatal.
if [ -n "$AS_NOBODY" ]; then
	DROP=$DIR/drop.conf
	user=$(getent passwd 65534 | cut -d: -f1)
	sed "s|max_clients = 2000;|max_clients = 2000; user = \"$user\";|" \
	    "$CONF" >"$DROP"
	# The daemon binds as daemon.user: its folder is that user's.
	install -d -m 0755 -o "$user" "$DIR/drop"
	SOCK5=$DIR/drop/oncalld.sock
	if start drop "$DROP" "$SOCK5"; then
		DROPPID=$PID
		uids=$(awk '/^Uid:/ { print $2 $3 $4 $5 }' /proc/$DROPPID/status)
		gids=$(awk '/^Gid:/ { print $2 $3 $4 $5 }' /proc/$DROPPID/status)
		groups=$(awk '/^Groups:/ { $1 = ""; print }' \
		    /proc/$DROPPID/status)
		want=$(id -G "$user" | tr ' ' '\n' | sort -n | tr '\n' ' ')
		got=$(printf '%s\n' $groups | sort -n | tr '\n' ' ')
		gid=$(id -g "$user")
		if [ "$gids" = "$gid$gid$gid$gid" ] && [ "$got" = "$want" ]; then
			pass "group and supplementary groups dropped to daemon.user's"
		else
			fail "groups dropped" "gids $gids, groups $got, want $want"
		fi
		if grep -q "running as root" "$DIR/drop.log"; then
			fail "no running-as-root warning when daemon.user is set"
		fi
		if [ "$uids" = "65534655346553465534" ] &&
		    grep -q "running as $user" "$DIR/drop.log"; then
			pass "privileges dropped to daemon.user"
		else
			fail "privileges dropped to daemon.user" "uids $uids"
		fi
		if grep -q "feed.*Permission denied" "$DIR/drop.log"; then
			pass "a failed feed export is logged, not fatal"
		else
			fail "a failed feed export is logged" \
			    "$(cat "$DIR/drop.log")"
		fi
		out=$(client "$SOCK5" ask RELOAD)
		case $out in
		*'"ok":true'*)	pass "RELOAD after dropping privileges" ;;
		*)		fail "RELOAD after dropping privileges" "$out" ;;
		esac
		stopped "unprivileged daemon exits 0 on SIGTERM" "$DROPPID"
	fi
else
	skip "privilege drop (needs root and setpriv)"
fi

echo "# systemd"
NOTIFY=$DIR/notify
client "$NOTIFY" notify 10 >"$DIR/notify.out" 2>&1 &
NPID=$!
PIDS="$PIDS $NPID"
i=0
while [ ! -e "$NOTIFY.ready" ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
SOCK4=$DIR/notify.sock
NOTIFY_SOCKET=$NOTIFY
export NOTIFY_SOCKET
if start notify "$SMALL" "$SOCK4"; then
	kill -HUP "$PID"
	sleep 0.3
	stop "$PID"
fi
unset NOTIFY_SOCKET
wait "$NPID"
want=$(printf '%s\n' READY=1 STATUS RELOADING=1 MONOTONIC_USEC READY=1 \
    STATUS STOPPING=1)
got=$(cat "$DIR/notify.out")
if [ "$got" = "$want" ]; then
	pass "sd_notify READY, RELOADING, READY, STOPPING"
else
	fail "sd_notify READY, RELOADING, READY, STOPPING" "$got"
fi
check "socket activation (LISTEN_FDS)" \
    client "$DIR/activated.sock" activate "$ONCALLD" "$SMALL"

# Sanitizer builds report to stderr, which went to the logs.
bad=$(grep -l "Sanitizer\|runtime error" "$DIR"/*.log 2>/dev/null)
if [ -n "$bad" ]; then
	fail "daemon logs are clean" "$(grep -h -m5 -A5 "Sanitizer\|runtime error" $bad)"
else
	pass "daemon logs are clean"
fi

test_summary
