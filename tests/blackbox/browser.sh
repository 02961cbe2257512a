#!/bin/sh
# browser.sh - the status page in a real headless Chromium: starts the
# daemon with tests/data/http/browser.conf, whose drill team is staffed
# only by an extra event, and runs tests/blackbox/browser_check.py against
# it: the check adds that event a few seconds ahead once the page is up. Screenshots are kept under
# $BUILD/screenshots/. Run from the top of the tree:
#	BUILD=build sh tests/blackbox/browser.sh
# Prints "N passed, M failed" and exits non-zero if anything failed.

set -u

BUILD=${BUILD:-build}
case $BUILD in
/*)	;;
*)	BUILD=$(pwd)/$BUILD ;;
esac
ONCALLD=$BUILD/oncalld
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$HERE/../data/http
# Under valgrind the daemon answers slowly: the change comes later.
DELAY=${ONCALLD_TEST_DELAY:-5}

if [ ! -x "$ONCALLD" ]; then
	echo "browser.sh: $ONCALLD not built" >&2
	exit 1
fi
PY=
for p in ${PYTHON:-} python3 /usr/bin/python3; do
	if "$p" -c 'import selenium' 2>/dev/null; then
		PY=$p
		break
	fi
done
if [ -z "$PY" ] || [ ! -x /usr/bin/chromium ] ||
    [ ! -x /usr/bin/chromedriver ]; then
	echo "browser.sh: chromium, chromium-driver or python3-selenium" \
	    "is missing: run make deps" >&2
	exit 1
fi

NAME=browser
. "$(dirname "$0")/../lib.sh"

cp "$DATA/browser.conf" "$DIR/oncalld.conf"
sed -i "s|\"\.\./\.\./\.\./scheduler/web\"|\"$HERE/../../scheduler/web\"|" \
    "$DIR/oncalld.conf"
# The drill's extra event: none yet; the check writes it once the page is
# loaded, a few seconds ahead, and has the daemon reload.
printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//oncalld//tests//EN\r\nEND:VCALENDAR\r\n' \
    >"$DIR/extra.ics"

"$ONCALLD" -v -c "$DIR/oncalld.conf" -s "$DIR/oncalld.sock" \
    2>>"$DIR/oncalld.log" &
PID=$!
PIDS="$PIDS $PID"
if ! wait_http oncalld "$PID"; then
	fail "the daemon serves HTTP" "$(cat "$DIR/oncalld.log")"
	test_summary
	exit 1
fi

mkdir -p "$BUILD/screenshots"
"$PY" "$HERE/browser_check.py" "http://127.0.0.1:$PORT/" \
    "$DIR/oncalld.sock" "$DIR/extra.ics" "$BUILD/screenshots/status" \
    "$DELAY" \
    >"$DIR/check.out" 2>&1
st=$?
count_checks "$DIR/check.out" $st
if kill -0 "$PID" 2>/dev/null; then
	pass "the daemon is still running"
else
	fail "the daemon died" "$(tail -20 "$DIR/oncalld.log")"
fi
test_summary
