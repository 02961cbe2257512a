#!/bin/sh
# holidays.sh - the shipped holiday calendars (calendars/holidays/): every
# file loads through the build, and three dates per file for ten countries
# and a region agree with date-holidays itself, the version pinned in
# calendars/generator/package-lock.json, installed here into the build
# folder with npm ci (needs node and npm: make deps; and the npm registry).
#	BUILD=build sh tests/blackbox/holidays.sh
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in
/*)	;;
*)	BUILD=$TOP/$BUILD ;;
esac
CALEXPAND=$BUILD/tests/calexpand
if [ ! -x "$CALEXPAND" ]; then
	echo "holidays.sh: $CALEXPAND not built" >&2
	exit 1
fi
for tool in node npm; do
	if ! command -v "$tool" >/dev/null; then
		echo "holidays.sh: $tool not found (make deps installs it)" >&2
		exit 1
	fi
done
cd "$TOP" || exit 1
fail=0

# Every shipped calendar loads, in UTC (all-day events need a zone).
n=$(ls calendars/holidays/*.ics | wc -l)
if "$CALEXPAND" -c UTC calendars/holidays/*.ics calendars/*.ics \
    >"$BUILD/holidays-load.out" && [ "$n" -ge 100 ]; then
	echo "ok - $(tail -1 "$BUILD/holidays-load.out") ($n countries and regions)"
else
	echo "FAIL - shipped calendars:"
	head -20 "$BUILD/holidays-load.out"
	fail=1
fi

# The library, at the pinned version, beside the build.
NPMDIR=$BUILD/holidays-npm
if [ ! -f "$NPMDIR/node_modules/date-holidays/package.json" ] ||
    ! cmp -s calendars/generator/package-lock.json \
    "$NPMDIR/package-lock.json"; then
	rm -rf "$NPMDIR"
	mkdir -p "$NPMDIR"
	cp calendars/generator/package.json \
	    calendars/generator/package-lock.json "$NPMDIR/"
	if ! (cd "$NPMDIR" && npm ci --no-audit --no-fund --silent); then
		echo "holidays.sh: npm ci of date-holidays failed" >&2
		exit 1
	fi
fi
node tests/holidays_check.js "$CALEXPAND" calendars/holidays \
    "$NPMDIR/node_modules" de fr us gb jp in br au za se de-by || fail=1
exit $fail
