#!/bin/sh
# exportdir.sh - run by run.sh inside a private mount namespace:
#	exportdir.sh ONCALLD DIR PYTHON STRESS_PY
# DIR holds oncalld.conf, valid-a.conf and valid-b.conf, and a feeds/
# folder this script mounts a small tmpfs on. The export fails twice, on a
# full and on a read-only folder: each time the failure must be logged, the
# feeds already there must stay intact, and queries must still be answered.

set -u
ONCALLD=$1
DIR=$2
PY=$3
STRESS=$4
SOCK=$DIR/ns.sock
LOG=$DIR/ns.log
failed=0
PID=

cleanup() {
	[ -n "$PID" ] && kill -9 "$PID" 2>/dev/null
	wait 2>/dev/null
	umount "$DIR/feeds" 2>/dev/null
}
trap cleanup EXIT

say() {
	echo "$1"
	case $1 in FAIL*) failed=1 ;; esac
}

ask() {
	"$PY" -c "
import json, sys
sys.path.insert(0, sys.argv[1])
import stress
print(json.dumps(stress.ask(sys.argv[2], sys.argv[3])))" \
	    "$(dirname "$STRESS")" "$SOCK" "$1"
}

sums() {
	(cd "$DIR/feeds" && ls -A | sort && cat ./*.ics | md5sum)
}

mount -t tmpfs -o size=1m,mode=0755 tmpfs "$DIR/feeds" || exit 1
"$ONCALLD" -c "$DIR/oncalld.conf" -s "$SOCK" 2>>"$LOG" &
PID=$!
i=0
while [ $i -lt 100 ] && ! [ -S "$SOCK" ]; do
	sleep 0.05
	i=$((i + 1))
done
sleep 0.5
before=$(sums)
n=$(ls "$DIR/feeds" | grep -c '\.ics$')
echo "feeds exported at start: $n"
[ "$n" -gt 0 ] || say "FAIL: no feed exported at start"

# Full: fill the tmpfs, then reload a configuration whose feeds differ.
dd if=/dev/zero of="$DIR/feeds/.filler" bs=4k 2>/dev/null
cp "$DIR/valid-b.conf" "$DIR/oncalld.conf"
out=$(ask RELOAD)
case $out in
*'"ok": true'*)	;;
*)		say "FAIL: RELOAD with a full export_dir: $out" ;;
esac
grep -q "No space left" "$LOG" && say "full export_dir: error logged" ||
    say "FAIL: full export_dir not logged"
rm -f "$DIR/feeds/.filler"
after=$(sums)
[ "$before" = "$after" ] && say "full export_dir: old feeds intact" ||
    say "FAIL: feeds changed on a full export_dir"
out=$(ask "NOW cpcert at=2026-11-28T14:00:00Z")
case $out in
*'"staffed": true'*)	say "full export_dir: queries answered, new config" ;;
*)			say "FAIL: query after a full export: $out" ;;
esac

# Read-only: remount, reload the first configuration again.
mount -o remount,ro "$DIR/feeds" || say "FAIL: remount read-only"
cp "$DIR/valid-a.conf" "$DIR/oncalld.conf"
kill -HUP "$PID"
sleep 0.5
grep -q "Read-only file system" "$LOG" &&
    say "read-only export_dir: error logged" ||
    say "FAIL: read-only export_dir not logged"
after=$(sums)
[ "$before" = "$after" ] && say "read-only export_dir: old feeds intact" ||
    say "FAIL: feeds changed on a read-only export_dir"
out=$(ask "NOW cpcert at=2026-11-28T14:00:00Z")
case $out in
*'"staffed": false'*)	say "read-only export_dir: queries answered" ;;
*)			say "FAIL: query after a read-only export: $out" ;;
esac

kill -TERM "$PID"
wait "$PID" || say "FAIL: daemon exit status $?"
PID=
exit $failed
