# tests/lib.sh - what the shell test scripts share: a private folder, the
# processes to stop on exit, and TAP-like "ok"/"FAIL" lines counted for the
# closing "N passed, M failed" line.
#
# Usage: NAME=short-name; . tests/lib.sh; ...; test_summary
# A script that must undo more on exit defines test_cleanup_hook().

passed=0
failed=0
skipped=0
PIDS=
DIR=$(mktemp -d "${TMPDIR:-/tmp}/oncalld-${NAME:-test}.XXXXXX") || exit 1

test_cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	if command -v test_cleanup_hook >/dev/null 2>&1; then
		test_cleanup_hook
	fi
	rm -rf "$DIR"
}
trap test_cleanup EXIT
trap 'exit 1' HUP INT TERM

pass() {
	passed=$((passed + 1))
	echo "ok - $1"
}

# fail DESCRIPTION [DETAIL]: the detail's first 40 lines, indented.
fail() {
	failed=$((failed + 1))
	echo "FAIL - $1"
	if [ -n "${2:-}" ]; then
		printf '%s\n' "$2" | head -40 | sed 's/^/	/'
	fi
}

# skip DESCRIPTION: said, and counted in the summary; never silent.
skip() {
	skipped=$((skipped + 1))
	echo "skip - $1"
}

# Prints the closing line and exits non-zero on any failure.
test_summary() {
	if [ "$skipped" -gt 0 ]; then
		echo "$passed passed, $failed failed, $skipped skipped"
	else
		echo "$passed passed, $failed failed"
	fi
	[ "$failed" -eq 0 ]
}

# wait_http NAME PID: waits until the daemon PID, logging to $DIR/NAME.log,
# says which port its HTTP listener serves; sets PORT (empty on failure).
wait_http() {
	PORT=
	i=0
	while [ $i -lt $((${ONCALLD_TEST_DELAY:-5} * 20)) ]; do
		PORT=$(sed -n 's|.*http: serving https\{0,1\}://[^ ]*:\([0-9]*\)/$|\1|p' \
		    "$DIR/$1.log" | tail -1)
		[ -n "$PORT" ] && [ -S "$DIR/$1.sock" ] && return 0
		kill -0 "$2" 2>/dev/null || break
		sleep 0.05
		i=$((i + 1))
	done
	PORT=
	return 1
}

# count_checks FILE STATUS: shows the "ok - "/"FAIL - " lines a checking
# program wrote to FILE and counts them; a program that exited non-zero
# without a FAIL line (it stopped on an exception) counts as one failure.
count_checks() {
	cat "$1"
	passed=$((passed + $(grep -c '^ok - ' "$1")))
	nfail=$(grep -c '^FAIL - ' "$1")
	if [ "$nfail" -eq 0 ] && [ "$2" -ne 0 ]; then
		nfail=1
	fi
	failed=$((failed + nfail))
}
