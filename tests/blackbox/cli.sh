#!/bin/sh
# cli.sh - black-box tests of oncall-now (SPEC 3.2) answering in-process
# from the shipped config/oncalld.conf: every output mode at fixed times,
# compared with golden files under tests/golden/cli/, and every exit status.
# Run from anywhere:
#	BUILD=build sh tests/blackbox/cli.sh
#	UPDATE_GOLDEN=1 BUILD=build sh tests/blackbox/cli.sh   (rewrites them)
# A rewritten golden file is only right once a person has checked every
# value in it against the config and the SPEC.
# Prints "N passed, M failed" and exits non-zero if anything failed.

set -u

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in
/*)	;;
*)	BUILD=$TOP/$BUILD ;;
esac
NOW=$BUILD/oncall-now
GOLDEN=$TOP/tests/golden/cli
UPDATE=${UPDATE_GOLDEN:-0}
CONF=config/oncalld.conf
BAD=tests/data/config/several.conf

if [ ! -x "$NOW" ]; then
	echo "cli.sh: $NOW not built" >&2
	exit 1
fi
cd "$TOP" || exit 1
LC_ALL=C
export LC_ALL
unset ONCALLD_SOCKET

NAME=cli
. "$(dirname "$0")/../lib.sh"
[ "$UPDATE" = 1 ] && mkdir -p "$GOLDEN"

# golden NAME ARGS...: the output of oncall-now -c CONF ARGS, followed by
# its exit status, must equal tests/golden/cli/NAME.
golden() {
	name=$1
	shift
	"$NOW" -c "$CONF" "$@" >"$DIR/out" 2>"$DIR/err"
	echo "[exit $?]" >>"$DIR/out"
	compare "$name" "oncall-now $*"
}

# compare NAME DESCRIPTION: $DIR/out against the golden file NAME.
compare() {
	if [ "$UPDATE" = 1 ]; then
		cp "$DIR/out" "$GOLDEN/$1"
		pass "$2 (golden $1 written)"
	elif [ ! -f "$GOLDEN/$1" ]; then
		fail "$2: no golden file $1 (run with UPDATE_GOLDEN=1)"
	elif diff -u "$GOLDEN/$1" "$DIR/out" >"$DIR/diff"; then
		pass "$2"
	else
		fail "$2 differs from golden $1" "$(cat "$DIR/diff" "$DIR/err")"
	fi
}

# status WANT DESCRIPTION ARGS...: oncall-now ARGS exits with WANT.
status() {
	want=$1
	what=$2
	shift 2
	"$NOW" "$@" >"$DIR/out" 2>"$DIR/err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		pass "$what: exit $want"
	else
		fail "$what: exit $got, expected $want" "$(cat "$DIR/err")"
	fi
}

# stderr_has DESCRIPTION TEXT: the last command's stderr contains TEXT.
stderr_has() {
	if grep -qF -- "$2" "$DIR/err"; then
		pass "$1"
	else
		fail "$1: stderr lacks \"$2\"" "$(cat "$DIR/err")"
	fi
}

# The four instants: a weekday in November (CPCERT in, Thales gone home),
# a weekday in July (summer time on both sides, CPCERT just opened), a
# Saturday (the SPEC's example), and the Sunday the US springs forward.
NOV=2026-11-24T19:30:00Z
JUL=2026-07-15T12:00:00Z
SAT=2026-11-28T14:00:00Z
DST=2026-03-08T12:00:00Z

for t in NOV JUL SAT DST; do
	eval at=\$$t
	lc=$(echo $t | tr 'A-Z' 'a-z')
	golden "table-$lc" -t "$at"
	golden "json-$lc" -j -t "$at"
	golden "next-$lc" -n 5 -t "$at"
	for r in schneider-incident schneider-vulnerability thales-incident; do
		golden "field-$r-$lc" -t "$at" --field address "$r"
	done
done

# Named ids: one table of each kind, exit 1 when any is closed; JSON lines.
golden table-ids-sat -t "$SAT" cpcert schneider-vulnerability thales-incident
golden table-ids-staffed-sat -t "$SAT" se-cert schneider-vulnerability
golden json-ids-sat -j -t "$SAT" cpcert schneider-vulnerability
golden next-ids-dst -n 3 -t 2026-03-06T12:00:00Z cpcert \
    schneider-vulnerability
golden field-teams-nov -t "$NOV" --field address cpcert tha-cert
# Both spring changes: the US on 8 March, Europe on 29 March; and the
# autumn ones, 25 October and 1 November.
golden shifts-us-spring --from 2026-03-06T00:00:00Z \
    --to 2026-03-10T00:00:00Z cpcert tha-cert schneider-vulnerability \
    thales-incident
golden shifts-eu-spring --from 2026-03-27T00:00:00Z \
    --to 2026-03-31T00:00:00Z tha-cert thales-incident
golden shifts-autumn --from 2026-10-23T00:00:00Z \
    --to 2026-11-03T00:00:00Z cpcert tha-cert
golden shifts-all-jul --from 2026-07-13T00:00:00Z --to 2026-07-14T00:00:00Z
golden json-shifts --from 2026-11-27T00:00:00Z --to 2026-12-01T00:00:00Z \
    -j cpcert schneider-vulnerability

# --ics: DTSTAMP, the horizon (RRULE UNTIL) and the first DTSTART follow
# today's date, and VTIMEZONE follows tzdata: compare what stays.
ics_stable() {
	tr -d '\r' | awk '
	/^BEGIN:VTIMEZONE/	{ vtz++; skip = 1; print; next }
	/^END:VTIMEZONE/	{ skip = 0; print; next }
	/^TZID:/		{ print; next }
	skip			{ next }
	/^DTSTAMP:/		{ next }
	/^(DTSTART|DTEND)/	{ sub(/:[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T/,
				    ":YYYYMMDDT") }
	/^RRULE:/		{ sub(/UNTIL=[0-9TZ]+;?/, "") }
	{ print }'
}
for team in cpcert tha-cert; do
	"$NOW" -c "$CONF" --ics "$team" >"$DIR/ics" 2>"$DIR/err"
	rc=$?
	ics_stable <"$DIR/ics" >"$DIR/out"
	echo "[exit $rc]" >>"$DIR/out"
	compare "ics-$team" "oncall-now --ics $team (stable parts)"
	b=$(grep -c '^BEGIN:' "$DIR/ics")
	e=$(grep -c '^END:' "$DIR/ics")
	if [ "$b" -eq "$e" ] && [ "$b" -gt 2 ] &&
	    [ "$(grep -c '^BEGIN:VEVENT' "$DIR/ics")" -ge 1 ] &&
	    [ "$(tr -d '\r' <"$DIR/ics" | tail -n 1)" = "END:VCALENDAR" ]; then
		pass "--ics $team: $b BEGIN and END lines, ends with END:VCALENDAR"
	else
		fail "--ics $team: $b BEGIN, $e END lines"
	fi
done

# ---- exit statuses ------------------------------------------------------

status 0 "all named staffed" -c "$CONF" -t "$SAT" se-cert \
    schneider-vulnerability
status 1 "a named team closed" -c "$CONF" -t "$SAT" cpcert se-cert
status 1 "a named route queued" -c "$CONF" -t "$SAT" thales-incident
status 1 "-j: a named team closed" -c "$CONF" -j -t "$SAT" cpcert
status 0 "-j: all named staffed" -c "$CONF" -j -t "$NOV" cpcert

status 64 "unknown option" -c "$CONF" --bogus
stderr_has "unknown option: usage printed" "usage: oncall-now"
status 64 "-n 0" -c "$CONF" -n 0 cpcert
status 64 "-n not a number" -c "$CONF" -n three cpcert
status 64 "--from without --to" -c "$CONF" --from "$SAT" cpcert
status 64 "--to without --from" -c "$CONF" --to "$SAT" cpcert
status 64 "--to before --from" -c "$CONF" --from "$SAT" \
    --to 2026-11-27T00:00:00Z cpcert
status 64 "-c with -s" -c "$CONF" -s "$DIR/sock" cpcert
stderr_has "-c with -s: says why" "-c and -s exclude each other"
status 64 "-s with -c" -s "$DIR/sock" -c "$CONF" cpcert
status 64 "two modes" -c "$CONF" -n 3 --ics cpcert
status 64 "--field with -j" -c "$CONF" -j --field address cpcert
status 64 "--field without an id" -c "$CONF" --field address
# A half-open window may end at 2100-01-01T00:00:00Z: the end of 2099.
status 0 "--to 2100-01-01T00:00:00Z (window end)" -c "$CONF" \
    --from 2099-12-01T00:00:00Z --to 2100-01-01T00:00:00Z cpcert
status 65 "--to past 2100-01-01T00:00:00Z" -c "$CONF" \
    --from 2099-12-01T00:00:00Z --to 2100-01-01T00:00:01Z cpcert
status 65 "--from at 2100-01-01T00:00:00Z" -c "$CONF" \
    --from 2100-01-01T00:00:00Z --to 2100-01-01T00:00:00Z cpcert
status 64 "SHIFTS window over max_shift_days" -c "$CONF" \
    --from 2026-01-01T00:00:00Z --to 2027-03-01T00:00:00Z cpcert

status 65 "unknown id" -c "$CONF" nosuch
stderr_has "unknown id: named" "no team or route \"nosuch\""
status 65 "unknown id among known ones" -c "$CONF" cpcert nosuch
status 65 "unknown id with -j" -c "$CONF" -j cpcert nosuch
# -j prints every answer, the error too, so that scripts get its code.
if [ "$(sed -n '1s/^{"ok":true,.*"id":"cpcert".*/yes/p; 2s/^{"ok":false,"error":{"code":"unknown_id",.*/yes/p' "$DIR/out")" = "yes
yes" ]; then
	pass "unknown id with -j: both answers on stdout"
else
	fail "unknown id with -j: both answers on stdout" "$(cat "$DIR/out")"
fi
status 65 "unknown id with -n" -c "$CONF" -n 3 nosuch
status 65 "id with a space" -c "$CONF" "cp cert"
status 65 "id that reads as an option" -c "$CONF" "at=@0"
stderr_has "id that reads as an option: named" "no team or route \"at=@0\""
status 65 "bad -t" -c "$CONF" -t garbage
stderr_has "bad -t: quoted" "\"garbage\""
status 65 "-t before 1970" -c "$CONF" -t 1969-12-31T23:59:59Z
status 65 "-t on 30 February" -c "$CONF" -t 2026-02-30T12:00:00Z
status 65 "bad --from" -c "$CONF" --from yesterday --to "$SAT" cpcert
status 65 "unknown --field" -c "$CONF" --field colour cpcert

status 69 "-s where nothing listens" -s "$DIR/nothing.sock" cpcert
stderr_has "69: names the socket" "$DIR/nothing.sock"
stderr_has "69: says how to start the daemon" "oncalld -c FILE"
stderr_has "69: says how to do without one" "oncall-now -c FILE"
ONCALLD_SOCKET=$DIR/nothing-env.sock
export ONCALLD_SOCKET
status 69 "\$ONCALLD_SOCKET where nothing listens" cpcert
stderr_has "69: names \$ONCALLD_SOCKET's socket" "$DIR/nothing-env.sock"
status 0 "-c wins over \$ONCALLD_SOCKET" -c "$CONF" -t "$SAT" se-cert
unset ONCALLD_SOCKET
: >"$DIR/not-a-socket"
status 69 "-s naming a plain file" -s "$DIR/not-a-socket" cpcert

status 78 "broken config" -c "$BAD" cpcert
n=$(grep -c "^$BAD:[0-9]*: " "$DIR/err")
if [ "$n" -eq 12 ]; then
	pass "broken config: all 12 diagnostics printed"
else
	fail "broken config: $n diagnostics printed, expected 12" \
	    "$(cat "$DIR/err")"
fi
stderr_has "broken config: the overflow" \
    "$BAD:5: daemon.max_clients: 3000000000 is out of range"
stderr_has "broken config: a summary" "12 problems"
status 78 "missing config" -c "$DIR/nothing.conf" cpcert
stderr_has "missing config: named" "$DIR/nothing.conf: cannot read the file"

status 0 "--help" --help
for opt in -c --config -s --socket -t --time -j --json -n --next --from \
    --to --ics --field -h --help -V --version; do
	if grep -qF -- "$opt" "$DIR/out"; then
		pass "--help mentions $opt"
	else
		fail "--help does not mention $opt"
	fi
done
status 0 "-h" -h
status 0 "--version" --version
if grep -q '^oncall-now [0-9]' "$DIR/out"; then
	pass "--version prints the version"
else
	fail "--version prints the version" "$(cat "$DIR/out")"
fi

test_summary
