#!/bin/sh
# calendars.sh - the real-world calendar test set (SPEC 9): every file of
# tests/data/realworld/ through the build (calexpand, calendar_load()) and
# through Python's icalendar with recurring_ical_events; valid ones must
# agree over 1970-2099, invalid ones be refused at their line and UID.
#	BUILD=build sh tests/blackbox/calendars.sh
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in
/*)	;;
*)	BUILD=$TOP/$BUILD ;;
esac
if [ ! -x "$BUILD/tests/calexpand" ]; then
	echo "calendars.sh: $BUILD/tests/calexpand not built" >&2
	exit 1
fi
# The first python3 that has the calendar modules (a pyenv or venv python3
# earlier in PATH may lack Debian's python3-icalendar).
PY=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import icalendar, recurring_ical_events' 2>/dev/null; then
		PY=$p
		break
	fi
done
if [ -z "$PY" ]; then
	echo "calendars.sh: no python3 with icalendar and recurring_ical_events" \
	    "(apt-get install python3-icalendar python3-recurring-ical-events)" >&2
	exit 1
fi
cd "$TOP" || exit 1
TZDIR=/usr/share/zoneinfo "$PY" tests/calcheck.py "$BUILD/tests/calexpand" \
    tests/data/realworld/MANIFEST
