#!/bin/sh
# fetch.sh - scheduler/fetch.c (HTTP on the libev loop through libcurl)
# against a local HTTP server on 127.0.0.1: a calendar with an ETag and
# Last-Modified, the conditional request that gets 304, a server that
# hangs (the timeout fires, the loop keeps running), one that sends
# garbage, one that sends too much, one that refuses connections, and a
# URL that is not http(s).
#	BUILD=build sh tests/blackbox/fetch.sh
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in
/*)	;;
*)	BUILD=$TOP/$BUILD ;;
esac
GET=$BUILD/tests/fetchget
if [ ! -x "$GET" ]; then
	echo "fetch.sh: $GET not built" >&2
	exit 1
fi
NAME=fetch
. "$HERE/../lib.sh"

# The server: python3's http.server with a handler per path.
cat >"$DIR/server.py" <<'PY'
import http.server, socketserver, sys, time

CAL = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
       b"BEGIN:VEVENT\r\nUID:u@test\r\nDTSTAMP:20260101T000000Z\r\n"
       b"DTSTART:20260301T120000Z\r\nDTEND:20260301T130000Z\r\n"
       b"END:VEVENT\r\nEND:VCALENDAR\r\n")

class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def send(self, code, body, headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/cal.ics":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.send_header("ETag", '"v1"')
                self.end_headers()
                return
            self.send(200, CAL, [("ETag", '"v1"'), ("Last-Modified",
                      "Sun, 01 Mar 2026 12:00:00 GMT"),
                      ("Content-Type", "text/calendar")])
        elif self.path == "/hang":
            time.sleep(30)
        elif self.path == "/garbage":
            self.send(200, bytes(range(256)) * 4)
        elif self.path == "/big":
            self.send(200, b"X" * (2 * 1024 * 1024))
        elif self.path == "/gone":
            self.send(404, b"not here\n")
        else:
            self.send(500, b"")

class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True

s = S(("127.0.0.1", 0), H)
sys.stdout.write("%d\n" % s.server_address[1])
sys.stdout.flush()
s.serve_forever()
PY
python3 "$DIR/server.py" >"$DIR/port" 2>"$DIR/server.err" &
SERVER=$!
PIDS="$PIDS $SERVER"
i=0
while [ ! -s "$DIR/port" ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
PORT=$(cat "$DIR/port")
if [ -z "$PORT" ]; then
	echo "fetch.sh: the test server did not start: $(cat "$DIR/server.err")" >&2
	exit 1
fi
URL=http://127.0.0.1:$PORT

# run NAME STATUS ARGS...: fetchget ARGS must exit STATUS.
run() {
	name=$1 want=$2
	shift 2
	"$GET" "$@" >"$DIR/out" 2>"$DIR/err"
	rc=$?
	if [ $rc -eq "$want" ]; then
		pass "$name"
	else
		fail "$name: exit $rc, expected $want" "$(cat "$DIR/out" "$DIR/err")"
	fi
}
# has NAME TEXT: the last output holds TEXT.
has() {
	if grep -qF -- "$2" "$DIR/out" "$DIR/err"; then
		pass "$1"
	else
		fail "$1: no \"$2\"" "$(cat "$DIR/out" "$DIR/err")"
	fi
}

run "a calendar" 0 "$URL/cal.ics" 65536 5000
has "a calendar: status and length" "ok 200 "
has "a calendar: its ETag" 'etag "v1"'
has "a calendar: its Last-Modified" "last-modified Sun, 01 Mar 2026"
has "a calendar: the body" "BEGIN:VCALENDAR"
run "conditional request" 0 "$URL/cal.ics" 65536 5000 'If-None-Match: "v1"'
has "conditional request: 304, no body" "ok 304 0"
run "a 404 is an answer" 0 "$URL/gone" 65536 5000
has "a 404 is an answer: its status" "ok 404 "
run "garbage is an answer (the caller judges it)" 0 "$URL/garbage" 65536 5000
has "garbage: its length" "ok 200 1024"
run "too large" 1 "$URL/big" 65536 5000
has "too large: says so" "error the answer is larger than 65536 bytes"
# The timeout: 1 s, 3 s under valgrind (make valgrind), which slows the
# loop's every turn.
HANG_MS=1000
[ "${ONCALLD_VALGRIND:-0}" = 1 ] && HANG_MS=3000
start=$(date +%s)
run "a hanging server" 1 "$URL/hang" 65536 $HANG_MS
end=$(date +%s)
has "a hanging server: times out" "error no complete answer in time"
ticks=$(sed -n 's/^ticks //p' "$DIR/err")
# A tick each 10 ms: at least half of them came while it waited, so the
# loop kept running; and the request ended long before the server would.
if [ "${ticks:-0}" -ge $((HANG_MS / 20)) ] && [ $((end - start)) -le 20 ]; then
	pass "a hanging server: the loop kept running ($ticks ticks)"
else
	fail "a hanging server: the loop stalled" "ticks ${ticks:-none}, $((end - start)) s"
fi
# A port nothing listens on: the server's, once it is gone.
kill $SERVER 2>/dev/null
wait $SERVER 2>/dev/null
run "connection refused" 1 "$URL/cal.ics" 65536 2000
has "connection refused: says so" "error "
run "not http(s)" 1 "file:///etc/passwd" 65536 1000
has "not http(s): refused before any transfer" \
    "error not an http:// or https:// URL"
test_summary
