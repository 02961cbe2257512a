#!/bin/sh
# fail.sh - a notify command that reads its message and fails (exit 3),
# counting its calls in ./fail.count.
cat >/dev/null
echo x >>fail.count
echo "no route to the pager gateway" >&2
exit 3
