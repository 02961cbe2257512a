#!/bin/sh
# rotation.sh - rotations end to end (SPEC 6): the shipped example enabled
# the way a user would (uncommented), oncall-now's ON DUTY column and the
# turns; configuration errors with file:line; the independent cross-check
# (tests/rotation_check.py, Python's zoneinfo) against SHIFTS for four
# rotations in four zones over 2026 and 2090; and a daemon answering
# rotation and member ids over its socket as in-process, pushing a handoff
# to WATCH and exporting the rotation's and each member's feed.
#	BUILD=build sh tests/blackbox/rotation.sh
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
DATA=$TOP/tests/data/rotation
NAME=rotation
. "$TOP/tests/lib.sh"

for p in "$ONCALLD" "$ONCALL_NOW"; do
	if [ ! -x "$p" ]; then
		echo "rotation.sh: $p not built" >&2
		exit 1
	fi
done
PY=
for p in ${PYTHON:-} python3 /usr/bin/python3; do
	if "$p" -c 'import icalendar, zoneinfo' 2>/dev/null; then
		PY=$p
		break
	fi
done
if [ -z "$PY" ]; then
	echo "rotation.sh: no python3 with icalendar (make deps installs" \
	    "python3-icalendar)" >&2
	exit 1
fi

# has TEXT NEEDLE...: every needle is in TEXT.
has() {
	text=$1
	shift
	for n in "$@"; do
		case $text in
		*"$n"*)	;;
		*)	return 1 ;;
		esac
	done
	return 0
}

echo "# the shipped example"
mkdir "$DIR/config"
cp "$TOP/config/oncalld.conf" "$DIR/config/plain.conf"
sed 's/^\([[:space:]]*\)#~ /\1/' "$TOP/config/oncalld.conf" \
    >"$DIR/config/oncalld.conf"
out=$("$ONCALLD" -n -c "$DIR/config/oncalld.conf" 2>&1)
if [ $? -eq 0 ] && [ "$out" = "configuration OK: 3 teams, 3 routes" ]; then
	pass "the example rotation, uncommented, is a valid configuration"
else
	fail "the example rotation, uncommented" "$out"
fi
# Tuesday 2026-11-24 18:30 EST, after hours.
out=$("$ONCALL_NOW" -c "$DIR/config/oncalld.conf" -t 2026-11-24T23:30:00Z \
    cpcert 2>&1)
st=$?
# Weeks since 2026-01-05 09:00: 46 full ones by 2026-11-23 09:00, so turn
# 46, and 46 mod 3 = 1: officer-b.
if [ $st -eq 1 ] && has "$out" "ON DUTY" \
    "duty: Duty Officer B (placeholder) +1 202 555 0102"; then
	pass "oncall-now cpcert shows the person on duty"
else
	fail "oncall-now cpcert shows the person on duty (exit $st)" "$out"
fi
out=$("$ONCALL_NOW" -c "$DIR/config/plain.conf" -t 2026-11-24T23:30:00Z \
    cpcert 2>&1)
if ! has "$out" "ON DUTY"; then
	pass "without rotations the table has no ON DUTY column"
else
	fail "without rotations the table has no ON DUTY column" "$out"
fi
out=$("$ONCALL_NOW" -c "$DIR/config/oncalld.conf" \
    --from 2026-11-20T00:00:00Z --to 2026-12-08T00:00:00Z cpcert/duty 2>&1)
if has "$out" "cpcert/duty: shifts from 2026-11-20T00:00:00Z" \
    "Fri 2026-11-20 17:00 EST  Mon 2026-11-23 08:00 EST  2d15h   officer-a" \
    "Mon 2026-11-23 17:00 EST  Tue 2026-11-24 08:00 EST  15h00m  officer-b" \
    "Mon 2026-11-30 17:00 EST  Tue 2026-12-01 08:00 EST  15h00m  officer-c"
then
	pass "oncall-now --from --to cpcert/duty lists the turns and members"
else
	fail "oncall-now --from --to cpcert/duty lists the turns" "$out"
fi
out=$("$ONCALL_NOW" -c "$DIR/config/oncalld.conf" -t 2026-11-24T23:30:00Z \
    --field address schneider-vulnerability 2>&1)
# After hours the route escalates to SE-CERT, as without the example.
if [ "$out" = "cert@se.com" ]; then
	pass "routes are unchanged by the example"
else
	fail "routes are unchanged by the example" "$out"
fi

echo "# configuration errors"
cat >"$DIR/bad-overrides.ics" <<'EOF'
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//oncalld tests//EN
BEGIN:VEVENT
UID:nobody@oncalld.test
DTSTAMP:20260101T000000Z
DTSTART:20260301T000000Z
DTEND:20260302T000000Z
SUMMARY:mallory
END:VEVENT
END:VCALENDAR
EOF
cat >"$DIR/bad.conf" <<'EOF'
teams = ( { id = "t"; name = "T"; short_name = "T"; timezone = "Europe/Paris";
  hours = "24/7";
  channels = ( { id = "email"; type = "email"; address = "t@example.org"; } );
  members = (
    { id = "a"; name = "A"; email = "a@example.org"; },
    { id = "a"; name = "A again"; },
    { id = "b"; name = "B"; email = "b-at-example.org"; }
  );
  rotations = (
    { id = "email"; members = [ "a" ]; start = "2026-01-05 09:00"; length = "1w"; },
    { id = "r1"; members = [ "a", "zed" ]; start = "2026-02-30 09:00"; length = "3x"; },
    { id = "r2"; members = [ "a" ]; start = "2026-01-05 09:00"; length = "1w";
      contact = "phone"; overrides = "bad-overrides.ics"; colour = "red"; }
  );
} );
EOF
out=$("$ONCALLD" -n -c "$DIR/bad.conf" 2>&1)
st=$?
B=$DIR/bad.conf
ok=1
for want in \
    "$B:6: teams.t.members.a: duplicate member id \"a\"" \
    "$B:7: teams.t.members.b: e-mail address \"b-at-example.org\" has no '@'" \
    "$B:10: teams.t.rotations.email: rotation id \"email\" is already the id of a channel of team t" \
    "$B:11: teams.t.rotations.r1.members: unknown member \"zed\"" \
    "$B:11: teams.t.rotations.r1.start: \"2026-02-30 09:00\" is not a local date and time" \
    "$B:11: teams.t.rotations.r1.length: \"3x\" is not a number then h, d or w" \
    "$B:13: teams.t.rotations.r2: unknown setting \"colour\"" \
    "$B:12: teams.t.rotations.r2: member \"a\" has no phone, which contact = \"phone\" gives" \
    "$DIR/bad-overrides.ics:9: UID nobody@oncalld.test: SUMMARY \"mallory\" names no member of the rotation"
do
	if ! printf '%s\n' "$out" | grep -qF "$want"; then
		ok=0
		echo "missing: $want"
	fi
done
if [ $st -eq 78 ] && [ $ok -eq 1 ]; then
	pass "-n names every rotation mistake with file:line (and UID)"
else
	fail "-n on rotation mistakes (exit $st)" "$out"
fi

echo "# independent cross-check"
C=$DATA/cross.conf
# crosscheck TEAM ZONE START LENGTH HOURS MEMBERS OVERRIDES SEED
crosscheck() {
	team=$1
	shift
	for w in "2026-01-01T00:00:00Z 2027-01-01T00:00:00Z" \
	    "2089-12-01T00:00:00Z 2090-12-01T00:00:00Z"; do
		# shellcheck disable=SC2086
		set -- $w
		"$ONCALL_NOW" -c "$C" -j --from "$1" --to "$2" "$team/duty"
	done >"$DIR/shifts.$team" 2>&1
}
check_rotation() {
	team=$1
	shift
	crosscheck "$team"
	out=$("$PY" "$TOP/tests/rotation_check.py" "$@" 1000 \
	    <"$DIR/shifts.$team" 2>&1)
	if [ $? -eq 0 ]; then
		pass "$team/duty agrees with zoneinfo: $(echo "$out" | tail -1)"
	else
		fail "$team/duty disagrees with zoneinfo" "$out"
	fi
}
check_rotation ny America/New_York "2026-01-05 09:00" 1w \
    "Mon-Fri 17:00-08:00; Sat-Sun 00:00-24:00" a,b,c \
    "$DATA/ny-overrides.ics" 1
check_rotation lh Australia/Lord_Howe "2026-01-01 02:15" 1d 24/7 a,b - 2
check_rotation ch Pacific/Chatham "2026-03-30 02:45" 12h \
    "Mon-Fri 18:00-06:00" c,a,b - 3
check_rotation lon Europe/London "2026-03-27 01:30" 2d 24/7 a,b,c \
    "$DATA/lon-overrides.ics" 4

echo "# daemon"
# A rotation whose only duty is an override starting a few seconds from
# now: a WATCH client sees the handoff to b and back to nobody.
DELAY=${ONCALLD_TEST_DELAY:-4}
now=$(date +%s)
utc() {
	date -u -d "@$1" +%Y%m%dT%H%M%SZ
}
printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//oncalld//tests//EN\r\nBEGIN:VEVENT\r\nUID:cover@oncalld.test\r\nDTSTAMP:%s\r\nDTSTART:%s\r\nDTEND:%s\r\nSUMMARY:b\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' \
    "$(utc "$now")" "$(utc $((now + DELAY)))" "$(utc $((now + DELAY + 3)))" \
    >"$DIR/cover.ics"
mkdir "$DIR/feeds"
sed -e '/^routes/d' "$C" >"$DIR/live.conf"
for f in ny-overrides.ics lon-overrides.ics; do
	cp "$DATA/$f" "$DIR/$f"
done
cat >>"$DIR/live.conf" <<EOF
daemon = { export_dir = "$DIR/feeds"; };
EOF
sed -i 's|^teams = (|teams = (\
  { id = "w"; name = "W"; short_name = "W"; hours = "24/7";\
    channels = ( { id = "email"; type = "email"; address = "w@example.org"; } );\
    members = ( { id = "a"; name = "A"; email = "a@example.org"; },\
                { id = "b"; name = "B"; email = "b@example.org"; } );\
    rotations = ( { id = "duty"; members = [ "a" ]; start = "2099-01-01 00:00";\
                    length = "1d"; overrides = "cover.ics"; } ); },|' \
    "$DIR/live.conf"
SOCK=$DIR/sock
"$ONCALLD" -c "$DIR/live.conf" -s "$SOCK" 2>"$DIR/oncalld.log" &
PID=$!
PIDS="$PIDS $PID"
i=0
while [ ! -S "$SOCK" ] && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
"$PY" - "$SOCK" $((DELAY + 20)) >"$DIR/watch.out" 2>&1 <<'EOF' &
import json, socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.settimeout(float(sys.argv[2]))
s.sendall(b"WATCH\n")
f = s.makefile("rb")
json.loads(f.readline())
seen = []
deadline = time.time() + float(sys.argv[2])
while len(seen) < 2 and time.time() < deadline:
    ev = json.loads(f.readline())
    if ev.get("kind") == "rotation" and ev.get("id") == "w/duty":
        m = ev["member"]["id"] if ev["member"] else None
        seen.append((ev["staffed"], m, ev["address"], ev["override"]))
print(seen)
sys.exit(0 if seen == [(True, "b", "b@example.org", True),
                       (False, None, None, False)] else 1)
EOF
WATCH=$!
PIDS="$PIDS $WATCH"
same=1
for args in "-j -t 2026-03-08T03:00:00Z ny ny/duty ny/duty/a lh/duty" \
    "-n 5 -t 2026-10-24T20:00:00Z lon/duty lon/duty/a" \
    "--from 2026-03-01T00:00:00Z --to 2026-03-20T00:00:00Z ny/duty/c" \
    "-t 2026-04-05T00:00:00Z lh/duty ch/duty ch"; do
	# shellcheck disable=SC2086
	a=$("$ONCALL_NOW" -s "$SOCK" $args 2>&1)
	# shellcheck disable=SC2086
	b=$("$ONCALL_NOW" -c "$DIR/live.conf" $args 2>&1)
	if [ "$a" != "$b" ] || [ -z "$a" ]; then
		same=0
		fail "oncall-now -s equals -c: $args" \
		    "$(printf -- '-s:\n%s\n-c:\n%s' "$a" "$b")"
	fi
done
[ $same -eq 1 ] && pass "rotation and member ids: the daemon answers as -c"
out=$("$ONCALL_NOW" -s "$SOCK" -j -t 2026-03-08T03:00:00Z ny ny/duty/b 2>&1)
if has "$out" '"on_call":[{"rotation":"duty","member":{"id":"b","name":"Bob Stone","email":"b@example.org","phone":"+1 202 555 0102"},"since":"2026-03-08T00:00:00Z","until":"2026-03-08T06:00:00Z","override":true}]' \
    '{"id":"duty","type":"phone","rotation":"ny/duty","member":{"id":"b"' \
    '"address":"+1 202 555 0102"' \
    '"kind":"member","id":"ny/duty/b"' '"on_duty":true'; then
	pass "NOW: on_call, the rotation channel's member and address"
else
	fail "NOW: on_call, the rotation channel's member and address" "$out"
fi
out=$("$ONCALL_NOW" -s "$SOCK" -j --from 2026-03-07T00:00:00Z \
    --to 2026-03-08T12:00:00Z ny/duty 2>&1)
if has "$out" '{"start":"2026-03-07T00:00:00Z","end":"2026-03-08T00:00:00Z","member":"c","override":true},{"start":"2026-03-08T00:00:00Z","end":"2026-03-08T06:00:00Z","member":"b","override":true},{"start":"2026-03-08T06:00:00Z","end":"2026-03-08T12:00:00Z","member":"a","override":true}'
then
	pass "SHIFTS: overlapping overrides, the later DTSTART then the later in the file"
else
	fail "SHIFTS: overlapping overrides" "$out"
fi
out=$(printf 'LIST\n' | "$PY" -c '
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(sys.stdin.buffer.read()); print(s.makefile().readline())' "$SOCK")
if has "$out" '"id":"ny/duty","kind":"rotation"' '"turns":["a","b","c"]' \
    '"shifts_id":"ny/duty/a"'; then
	pass "LIST names rotations, their turns and members"
else
	fail "LIST names rotations" "$out"
fi
if wait "$WATCH"; then
	pass "WATCH pushes the handoff to the override and back"
else
	fail "WATCH pushes the handoff" "$(cat "$DIR/watch.out" "$DIR/oncalld.log")"
fi
if [ -s "$DIR/feeds/ny.duty.ics" ] && [ -s "$DIR/feeds/ny.duty.a.ics" ] &&
    grep -q "SUMMARY:NY duty: Alice Martin (a)" "$DIR/feeds/ny.duty.a.ics" &&
    ! grep -q "Bob Stone" "$DIR/feeds/ny.duty.a.ics" &&
    grep -q "Bob Stone" "$DIR/feeds/ny.duty.ics"; then
	pass "feeds exported: ny.duty.ics and each member's ny.duty.a.ics"
else
	fail "feeds exported for rotations and members" \
	    "$(ls "$DIR/feeds"; head -30 "$DIR/feeds/ny.duty.a.ics")"
fi
out=$("$ONCALL_NOW" -s "$SOCK" --ics ny/duty/b 2>&1)
if has "$out" "BEGIN:VCALENDAR" "X-WR-CALNAME:NY duty: shifts of b"; then
	pass "ICS ny/duty/b is b's own feed"
else
	fail "ICS ny/duty/b" "$out"
fi
kill "$PID"
wait "$PID" 2>/dev/null
test_summary
