#!/bin/sh
# http.sh - black-box tests of the HTTP interface (SPEC 8): starts the real
# daemon with the shipped teams on a private socket and a free loopback
# port, and drives both with tests/blackbox/http_check.py: the API's bodies
# against the socket's answers byte for byte, feeds and their ETags,
# metrics through promtool, /events against WATCH, the page's files and the
# listener's limits. Then the http group's configuration checks (oncalld -n)
# and HTTPS with a certificate made here. Run from the top of the tree:
#	BUILD=build sh tests/blackbox/http.sh
# Prints "N passed, M failed" and exits non-zero if anything failed.

set -u

BUILD=${BUILD:-build}
case $BUILD in
/*)	;;
*)	BUILD=$(pwd)/$BUILD ;;
esac
ONCALLD=$BUILD/oncalld
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
# The first python3 with Debian's python3-icalendar (a pyenv or venv
# python3 earlier in PATH may lack it).
PY=
for p in ${PYTHON:-} python3 /usr/bin/python3; do
	if "$p" -c 'import icalendar' 2>/dev/null; then
		PY=$p
		break
	fi
done
# Slow runs (valgrind) give the daemon longer to answer.
DELAY=${ONCALLD_TEST_DELAY:-5}

if [ ! -x "$ONCALLD" ]; then
	echo "http.sh: $ONCALLD not built" >&2
	exit 1
fi
if [ -z "$PY" ]; then
	echo "http.sh: no python3 with icalendar: run make deps" >&2
	exit 1
fi
for tool in promtool certtool curl; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "http.sh: $tool is missing: run make deps" >&2
		exit 1
	fi
done

NAME=http
. "$(dirname "$0")/../lib.sh"

# conf FILE HTTP-GROUP-BODY: the shipped configuration with its http group
# replaced, its calendars named where they are, and no export.
conf() {
	sed -e '/^http = {/,/^};/d' -e '/export_dir = /d' \
	    -e "s|\"\.\./calendars/|\"$TOP/calendars/|" \
	    "$TOP/config/oncalld.conf" >"$1"
	printf 'http = { %s };\n' "$2" >>"$1"
}

# start NAME CONFIG: starts a daemon on $DIR/NAME.sock and waits for the
# port it serves HTTP on; sets PID and PORT.
start() {
	"$ONCALLD" -v -c "$2" -s "$DIR/$1.sock" 2>>"$DIR/$1.log" &
	PID=$!
	PIDS="$PIDS $PID"
	wait_http "$1" "$PID" && return 0
	fail "$1: the daemon did not start" "$(cat "$DIR/$1.log")"
	return 1
}

# Small limits, so that the limit tests are quick.
conf "$DIR/main.conf" "listen = \"127.0.0.1:0\"; web_root = \"$TOP/scheduler/web\";
    timeout = 2; per_ip_connections = 16; max_connections = 32;
    max_request = 8192;"
if start main "$DIR/main.conf"; then
	"$PY" "$HERE/http_check.py" --socket "$DIR/main.sock" \
	    --url "http://127.0.0.1:$PORT" --pid "$PID" --delay "$DELAY" \
	    --per-ip 16 --timeout 2 --tmp "$DIR" >"$DIR/check.out" 2>&1
	st=$?
	count_checks "$DIR/check.out" $st
	if kill -0 "$PID" 2>/dev/null; then
		pass "the daemon is still running after every request"
	else
		fail "the daemon died" "$(tail -20 "$DIR/main.log")"
	fi
fi

# Configuration checks: oncalld -n names the file, the line and the setting.
# expect_n DESCRIPTION WANT-STATUS PATTERN HTTP-GROUP-BODY
expect_n() {
	conf "$DIR/n.conf" "$4"
	out=$("$ONCALLD" -n -c "$DIR/n.conf" 2>&1)
	st=$?
	if [ "$st" -eq "$2" ] && printf '%s\n' "$out" | grep -q -- "$3"; then
		pass "$1"
	else
		fail "$1 (exit $st, want $2 and /$3/)" "$out"
	fi
}
expect_n "plain HTTP off loopback is refused" 78 \
    'n.conf:[0-9]*: http.listen: "0.0.0.0:8353" is off loopback without TLS' \
    'listen = "0.0.0.0:8353";'
expect_n "IPv6 off loopback is refused too" 78 \
    'n.conf:[0-9]*: http.listen: "\[::\]:8353" is off loopback' \
    'listen = "[::]:8353";'
expect_n "insecure = true allows it" 0 'configuration OK' \
    'listen = "0.0.0.0:8353"; insecure = true;'
expect_n "[::1] is loopback" 0 'configuration OK' 'listen = "[::1]:8353";'
expect_n "a listen without a port is refused" 78 \
    'n.conf:[0-9]*: http.listen: "localhost" is not address:port' \
    'listen = "localhost";'
expect_n "a host name is refused (no resolver at start)" 78 \
    'http.listen: "example.org:80" is not address:port' \
    'listen = "example.org:80";'
expect_n "a certificate without its key is refused" 78 \
    'n.conf:[0-9]*: http: tls_cert and tls_key go together' \
    'tls_cert = "cert.pem";'
expect_n "an unknown http setting is refused" 78 \
    'n.conf:[0-9]*: http.*colour' 'colour = "blue";'
expect_n "insecure must be a boolean" 78 \
    'n.conf:[0-9]*: http.insecure: must be true or false' 'insecure = 1;'
expect_n "timeout is range-checked" 78 \
    'n.conf:[0-9]*: http.timeout: 0 is out of range' 'timeout = 0;'
expect_n "base_url must be a web address" 78 \
    'http.base_url: "oncall.example.org" must start with https://' \
    'base_url = "oncall.example.org";'

# HTTPS: a self-signed certificate made here, verified by curl.
cat >"$DIR/cert.tmpl" <<EOF
cn = "127.0.0.1"
ip_address = "127.0.0.1"
expiration_days = 2
tls_www_server
signing_key
encryption_key
EOF
if certtool --generate-privkey --key-type=ecdsa --outfile "$DIR/key.pem" \
    >/dev/null 2>&1 && certtool --generate-self-signed \
    --load-privkey "$DIR/key.pem" --template "$DIR/cert.tmpl" \
    --outfile "$DIR/cert.pem" >/dev/null 2>&1; then
	conf "$DIR/tls.conf" "listen = \"127.0.0.1:0\";
	    tls_cert = \"$DIR/cert.pem\"; tls_key = \"$DIR/key.pem\";"
	if start tls "$DIR/tls.conf"; then
		body=$(curl -sS --cacert "$DIR/cert.pem" \
		    "https://127.0.0.1:$PORT/api/v1/list" 2>&1)
		want=$(printf 'LIST\n' | "$PY" "$HERE/http_check.py" \
		    --socket "$DIR/tls.sock" --ask)
		if [ -n "$body" ] && [ "$body" = "$want" ]; then
			pass "HTTPS answers LIST as the socket does"
		else
			fail "HTTPS answers LIST as the socket does" \
			    "got: $body
want: $want"
		fi
		if out=$(curl -sS "http://127.0.0.1:$PORT/api/v1/list" 2>&1) &&
		    [ -n "$out" ] && [ "$out" = "$want" ]; then
			fail "plain HTTP is not answered on the HTTPS port" "$out"
		else
			pass "plain HTTP is not answered on the HTTPS port"
		fi
	fi
else
	fail "certtool made a test certificate"
fi

test_summary
