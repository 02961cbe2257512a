#!/bin/sh
# check-package.sh - the install test of the Debian package: installs the
# .deb on this machine (as root), checks what it installed, checks the
# configuration and the systemd units, runs the daemon from the installed
# files and asks it with the installed oncall-now, then purges the package
# and checks that nothing is left behind.
#	sh packaging/check-package.sh build/deb/oncalld_VERSION_ARCH.deb
# Run by `make check-package`, which builds the package first. With
# systemd running it starts oncalld.socket; without, it starts the daemon
# by hand as oncalld(8) documents, and under systemd-socket-activate.

set -u

DEB=${1:?usage: check-package.sh PACKAGE.deb}
PKG=oncalld
SOCK=/run/oncalld/oncalld.sock
MAX_EXPOSURE=2.0

if [ "$(id -u)" -ne 0 ]; then
	echo "check-package: installs a package: run it as root" >&2
	exit 1
fi
if dpkg-query -W -f='${Status}' $PKG 2>/dev/null | grep -q installed; then
	echo "check-package: $PKG is already installed; this test would purge" \
	    "it: apt-get purge $PKG first" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive

NAME=package
. "$(dirname "$0")/../tests/lib.sh"

test_cleanup_hook() {
	if dpkg-query -W -f='${Status}' $PKG 2>/dev/null | grep -q installed
	then
		apt-get purge -y -qq $PKG >/dev/null 2>&1
	fi
}

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

wait_socket() {
	i=0
	while [ ! -S "$1" ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ -S "$1" ]
}

# stop_daemon PID: SIGTERM, then waits for it to exit.
stop_daemon() {
	kill -TERM "$1" 2>/dev/null
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	! kill -0 "$1" 2>/dev/null
}

#
# Install.
#
if out=$(apt-get install -y -qq --no-install-recommends "$(realpath "$DEB")" 2>&1)
then
	pass "install $DEB"
else
	fail "install $DEB" "$out"
	echo "$passed passed, $failed failed"
	exit 1
fi

# The file list, without the directories.
dpkg -L $PKG | while read -r f; do [ -d "$f" ] || echo "$f"; done |
    sort >"$DIR/all-files"
# The holiday calendars, one per country and region, are counted apart.
grep -v '^/usr/share/oncalld/calendars/holidays/' "$DIR/all-files" \
    >"$DIR/files"
n=$(grep -c '^/usr/share/oncalld/calendars/holidays/.*\.ics$' \
    "$DIR/all-files")
if [ "$n" -ge 100 ] &&
    [ -f /usr/share/oncalld/calendars/holidays/INDEX ] &&
    [ -f /usr/share/oncalld/calendars/holidays/de-by.ics ] &&
    [ -f /usr/share/oncalld/calendars/holidays/us.ics ]; then
	pass "holiday calendars: $n countries and regions"
else
	fail "holiday calendars" "$n files"
fi
cat >"$DIR/want" <<'EOF'
/etc/oncalld/oncalld.conf
/lib/systemd/system/oncalld.service
/lib/systemd/system/oncalld.socket
/usr/bin/oncall-import
/usr/bin/oncall-now
/usr/sbin/oncalld
/usr/share/doc/oncalld/README.md.gz
/usr/share/doc/oncalld/README.packaging.md.gz
/usr/share/doc/oncalld/changelog.gz
/usr/share/doc/oncalld/copyright
/usr/share/doc/oncalld/examples/README.md
/usr/share/doc/oncalld/examples/alertmanager/alertmanager.yml
/usr/share/doc/oncalld/examples/alertmanager/notification.json
/usr/share/doc/oncalld/examples/alertmanager/oncall-webhook.py
/usr/share/doc/oncalld/examples/client/oncall-client.py
/usr/share/doc/oncalld/examples/nagios/commands.cfg
/usr/share/doc/oncalld/examples/nagios/icinga2.conf
/usr/share/doc/oncalld/examples/nagios/oncall-notify
/usr/share/lintian/overrides/oncalld
/usr/share/man/man1/oncall-import.1.gz
/usr/share/man/man1/oncall-now.1.gz
/usr/share/man/man5/oncalld.conf.5.gz
/usr/share/man/man8/oncalld.8.gz
/usr/share/oncalld/calendars/fr-public-holidays.ics
/usr/share/oncalld/calendars/us-federal-holidays.ics
/usr/share/oncalld/web/app.js
/usr/share/oncalld/web/index.html
/usr/share/oncalld/web/style.css
EOF
if out=$(diff -u "$DIR/want" "$DIR/files"); then
	pass "file list"
else
	fail "file list" "$out"
fi
check "conffile /etc/oncalld/oncalld.conf" sh -c \
    "dpkg-query -W -f='\${Conffiles}' $PKG | grep -q ' /etc/oncalld/oncalld.conf '"
check "system user and group oncalld" sh -c \
    'getent passwd oncalld >/dev/null && getent group oncalld >/dev/null'
check "/var/lib/oncalld/feeds belongs to oncalld" sh -c \
    '[ "$(stat -c %U:%G /var/lib/oncalld/feeds)" = oncalld:oncalld ]'
check "installed config names the installed calendars" sh -c \
    'grep -q "/usr/share/oncalld/calendars/us-federal-holidays.ics" \
        /etc/oncalld/oncalld.conf &&
     ! grep -q "\.\./calendars" /etc/oncalld/oncalld.conf'
check "installed config names the installed status page" sh -c \
    'grep -q "web_root = \"/usr/share/oncalld/web\";" /etc/oncalld/oncalld.conf'
check "oncall-import reads PDFs (poppler-glib, a dependency of the package)" \
    sh -c 'ldd /usr/bin/oncall-import | grep -q "libpoppler-glib" &&
        dpkg-query -W -f="\${Depends}" oncalld | grep -q "libpoppler-glib"'
for m in oncalld.8 oncall-now.1 oncall-import.1 oncalld.conf.5; do
	s=${m##*.}
	check "man page $m renders without warnings" sh -c \
	    "out=\$(mandoc -T lint -W warning /usr/share/man/man$s/$m.gz 2>&1 |
	        grep -v 'mandoc.db'); [ -z \"\$out\" ] || { echo \"\$out\"; exit 1; }"
done

#
# Configuration.
#
out=$(oncalld -n 2>&1)
case $out in
"configuration OK: 3 teams, 3 routes") pass "oncalld -n on the installed config" ;;
*) fail "oncalld -n on the installed config" "$out" ;;
esac
# With the commented closures enabled: the calendars are where it says.
sed 's|^\([[:space:]]*\)# closures = |\1closures = |' \
    /etc/oncalld/oncalld.conf >"$DIR/closures.conf"
check "installed config with closures enabled" oncalld -n -c "$DIR/closures.conf"
out=$(oncall-now -c "$DIR/closures.conf" -t 2026-12-25T15:00:00Z cpcert 2>&1)
[ $? -eq 1 ] && pass "cpcert closed on Christmas with closures" ||
    fail "cpcert closed on Christmas with closures" "$out"

# check_http WHERE: the HTTP listener of the installed configuration
# serves the installed status page and the API on loopback.
check_http() {
	out=$(curl -sS --max-time 5 http://127.0.0.1:8353/ 2>&1)
	printf '%s\n' "$out" | grep -q '<h1>On duty</h1>' &&
	    pass "status page on 127.0.0.1:8353, $1" ||
	    fail "status page on 127.0.0.1:8353, $1" "$out"
	out=$(curl -sS --max-time 5 \
	    http://127.0.0.1:8353/api/v1/now/schneider-incident 2>&1)
	printf '%s\n' "$out" | grep -q '"address":"cert@se.com"' &&
	    pass "GET /api/v1/now/schneider-incident, $1" ||
	    fail "GET /api/v1/now/schneider-incident, $1" "$out"
}

#
# systemd units, offline.
#
check "oncalld.service bounds its memory (MemoryMax=)" \
    grep -q '^MemoryMax=[0-9]' /lib/systemd/system/oncalld.service
if command -v systemd-analyze >/dev/null; then
	check "systemd-analyze verify" systemd-analyze verify \
	    /lib/systemd/system/oncalld.socket /lib/systemd/system/oncalld.service
	out=$(systemd-analyze security --offline=true \
	    /lib/systemd/system/oncalld.service 2>&1)
	score=$(printf '%s\n' "$out" |
	    sed -n 's/.*Overall exposure level for oncalld.service: \([0-9.]*\).*/\1/p')
	if [ -n "$score" ] && awk "BEGIN { exit !($score <= $MAX_EXPOSURE) }"
	then
		pass "systemd-analyze security: exposure $score"
	else
		fail "systemd-analyze security: exposure ${score:-?}" "$(printf '%s\n' "$out" | grep '✗')"
	fi
else
	fail "systemd-analyze verify and security" \
	    "systemd-analyze not found: apt-get install systemd"
fi

# An alert opened, committed to the store in /var/lib/oncalld by the
# daemon's user, and resolved (SPEC 7).
alert_round() {
	out=$(oncall-now -j --alert schneider-incident "package-test-$1" 2>&1)
	id=$(printf '%s' "$out" | python3 -c \
	    'import json, sys; print(json.load(sys.stdin)["alert"]["id"])' \
	    2>/dev/null)
	[ -n "$id" ] && pass "$1: ALERT answered" ||
	    fail "$1: ALERT answered" "$out"
	check "$1: the store belongs to oncalld" sh -c \
	    '[ "$(stat -c %U /var/lib/oncalld/alerts.sqlite)" = oncalld ]'
	check "$1: RESOLVE" oncall-now --resolve "${id:-0}"
}

#
# Run it from the installed files.
#
if [ -d /run/systemd/system ]; then
	check "systemctl start oncalld.socket" systemctl start oncalld.socket
	out=$(oncall-now --field address schneider-incident 2>&1)
	[ "$out" = cert@se.com ] && pass "oncall-now through systemd" ||
	    fail "oncall-now through systemd" "$out"
	check "oncalld.service active" systemctl is-active --quiet oncalld.service
	alert_round systemd
	check "systemctl reload oncalld" systemctl reload oncalld.service
	check_http "through systemd"
	check "feeds exported" test -s /var/lib/oncalld/feeds/cpcert.ics
	check "systemctl stop" systemctl stop oncalld.service oncalld.socket
else
	# oncalld(8), "Starting without systemd": as root, daemon.user set.
	install -d -o oncalld -g oncalld /run/oncalld
	oncalld 2>"$DIR/oncalld.log" &
	pid=$!
	PIDS="$PIDS $pid"
	if wait_socket $SOCK; then
		pass "manual start"
	else
		fail "manual start" "$(cat "$DIR/oncalld.log")"
	fi
	out=$(oncall-now 2>&1)
	rc=$?
	if [ $rc -le 1 ] && printf '%s\n' "$out" | grep -q schneider-incident
	then
		pass "oncall-now answers on the default socket"
	else
		fail "oncall-now answers on the default socket (exit $rc)" "$out"
	fi
	out=$(oncall-now --field address schneider-incident 2>&1)
	[ "$out" = cert@se.com ] && pass "oncall-now --field address" ||
	    fail "oncall-now --field address" "$out"
	uids=$(awk '/^Uid:/ { print $2, $3, $4, $5 }' /proc/$pid/status)
	gids=$(awk '/^Gid:/ { print $2, $3, $4, $5 }' /proc/$pid/status)
	u=$(id -u oncalld) g=$(id -g oncalld)
	groups=$(awk '/^Groups:/ { $1 = ""; print }' /proc/$pid/status |
	    tr -s ' ' | sed 's/^ //; s/ $//')
	[ "$uids" = "$u $u $u $u" ] && [ "$gids" = "$g $g $g $g" ] &&
	    [ "$groups" = "$g" ] &&
	    pass "privileges dropped to oncalld (uid $uids, gid $gids, groups $groups)" ||
	    fail "privileges dropped to oncalld" "uid $uids gid $gids groups $groups"
	[ "$(stat -c %U:%G:%a $SOCK)" = oncalld:oncalld:660 ] &&
	    pass "socket oncalld:oncalld 0660" ||
	    fail "socket oncalld:oncalld 0660" "$(stat -c %U:%G:%a $SOCK)"
	# A member of the group may connect; another user may not.
	check "a member of group oncalld connects" setpriv --reuid=nobody \
	    --regid=oncalld --clear-groups oncall-now schneider-incident
	if setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    oncall-now schneider-incident >/dev/null 2>&1; then
		fail "a stranger cannot connect"
	else
		pass "a stranger cannot connect"
	fi
	alert_round manual
	check_http "started by hand"
	check "feeds exported as oncalld" sh -c \
	    '[ "$(stat -c %U /var/lib/oncalld/feeds/cpcert.ics)" = oncalld ]'
	kill -HUP $pid
	sleep 0.3
	check "SIGHUP reloads" grep -q 'reload' "$DIR/oncalld.log"
	if stop_daemon $pid && [ ! -e $SOCK ]; then
		pass "SIGTERM stops it and removes the socket"
	else
		fail "SIGTERM stops it and removes the socket" "$(cat "$DIR/oncalld.log")"
	fi

	# Socket activation as the unit does it, with the notify protocol.
	if command -v systemd-socket-activate >/dev/null; then
		rm -rf /run/oncalld
		install -d /run/oncalld
		# The daemon runs as oncalld: it must reach the notify socket.
		chmod 0755 "$DIR"
		NOTIFY=$DIR/notify.sock
		/usr/bin/python3 -c '
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
os.chmod(sys.argv[1], 0o666)
with open(sys.argv[2], "w") as f:
    while True:
        f.write(s.recv(4096).decode() + "\n"); f.flush()
' "$NOTIFY" "$DIR/notify.log" &
		PIDS="$PIDS $!"
		wait_socket "$NOTIFY"
		# It waits for the first client to start the daemon, and
		# passes it only the environment named with -E.
		systemd-socket-activate -E NOTIFY_SOCKET="$NOTIFY" -l $SOCK \
		    setpriv --reuid=oncalld --regid=oncalld --init-groups \
		    oncalld 2>"$DIR/activate.log" &
		pid=$!
		PIDS="$PIDS $pid"
		wait_socket $SOCK
		out=$(oncall-now --field address schneider-incident 2>&1)
		[ "$out" = cert@se.com ] &&
		    pass "socket activation: oncall-now answers" ||
		    fail "socket activation: oncall-now answers" "$out $(cat "$DIR/activate.log")"
		i=0
		while ! grep -q '^READY=1' "$DIR/notify.log" 2>/dev/null &&
		    [ $i -lt 40 ]; do
			sleep 0.05
			i=$((i + 1))
		done
		check "socket activation: READY=1 sent" grep -q '^READY=1' \
		    "$DIR/notify.log"
		check "socket activation: logged" grep -q 'socket activation' \
		    "$DIR/activate.log"
		stop_daemon $pid
		rm -rf /run/oncalld
	else
		fail "socket activation" \
		    "systemd-socket-activate not found: apt-get install systemd"
	fi
fi

#
# Purge.
#
check "purge" apt-get purge -y -qq $PKG
left=
while read -r f; do
	[ -e "$f" ] && left="$left $f"
done <"$DIR/files"
for d in /etc/oncalld /var/lib/oncalld /usr/share/oncalld \
    /usr/share/doc/oncalld /run/oncalld; do
	[ -e "$d" ] && left="$left $d"
done
[ -z "$left" ] && pass "purge leaves nothing behind" ||
    fail "purge leaves nothing behind" "$left"
if dpkg-query -W -f='${Status}' $PKG 2>/dev/null | grep -q 'ok installed'
then
	fail "dpkg forgot the package" "$(dpkg-query -W -f='${Status}' $PKG)"
else
	pass "dpkg forgot the package"
fi

test_summary
