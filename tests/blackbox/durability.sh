#!/bin/sh
# durability.sh - kill -9 during a storm of ALERT and ACK (SPEC 7): twenty
# rounds of pipelined writes on several connections, the daemon killed
# with SIGKILL at a random moment of each, restarted; every write it
# answered, in every round so far, must be in the store.
#	BUILD=build sh tests/blackbox/durability.sh

set -u

BUILD=${BUILD:-build}
case $BUILD in
/*)	;;
*)	BUILD=$(pwd)/$BUILD ;;
esac
ONCALLD=$BUILD/oncalld
HERE=$(cd "$(dirname "$0")" && pwd)
PY=${PYTHON:-python3}
# Twenty rounds; under valgrind (make valgrind), where each start takes
# seconds, three.
ROUNDS=${DURABILITY_ROUNDS:-20}
if [ -n "${ONCALLD_VALGRIND:-}" ]; then
	ROUNDS=${DURABILITY_ROUNDS:-3}
fi

if [ ! -x "$ONCALLD" ]; then
	echo "durability.sh: $ONCALLD not built" >&2
	exit 1
fi

NAME=durability
. "$(dirname "$0")/../lib.sh"

SOCK=$DIR/s.sock
cat >"$DIR/storm.conf" <<CONF
daemon = { state_dir = "$DIR/state"; };
teams = ( { id = "soc"; name = "SOC"; short_name = "SOC"; hours = "24/7";
	channels = ( { id = "email"; type = "email"; address = "soc@example.org"; } ); } );
routes = ( { id = "storm"; steps = [ "soc/email" ]; } );
CONF

start() {
	"$ONCALLD" -c "$DIR/storm.conf" -s "$SOCK" 2>>"$DIR/daemon.log" &
	PID=$!
	PIDS="$PIDS $PID"
	i=0
	while [ $i -lt 400 ]; do
		[ -S "$SOCK" ] && "$PY" -c '
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(b"PING\n"); assert s.recv(100)' "$SOCK" 2>/dev/null && return 0
		sleep 0.05
		i=$((i + 1))
	done
	fail "the daemon did not start" "$(tail -5 "$DIR/daemon.log")"
	exit 1
}

: >"$DIR/answered"
round=1
while [ $round -le "$ROUNDS" ]; do
	start
	rm -f "$DIR/answered.started"
	"$PY" "$HERE/storm.py" write "$SOCK" "$DIR/answered" $round &
	writer=$!
	# Once the storm is answered (Python may take seconds to start on
	# a loaded machine), somewhere between 0.1 and 0.6 s into it.
	i=0
	while [ ! -e "$DIR/answered.started" ] && [ $i -lt 600 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	sleep "0.$(( $(od -An -N1 -tu1 /dev/urandom) % 6 + 1 ))"
	kill -9 "$PID"
	wait "$PID" 2>/dev/null
	wait "$writer"
	rm -f "$SOCK"
	round=$((round + 1))
done
start
if out=$("$PY" "$HERE/storm.py" verify "$SOCK" "$DIR/answered"); then
	pass "$ROUNDS kill -9 rounds: every answered write is stored ($out)"
else
	fail "$ROUNDS kill -9 rounds: answered writes lost" "$out"
fi
kill "$PID"
wait "$PID"
test_summary
