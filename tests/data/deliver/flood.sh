#!/bin/sh
# flood.sh - a notify command that ignores its message, prints 8 MiB and
# then crashes.
head -c 8388608 /dev/zero | tr '\0' x
echo flooded >>flood.count
kill -SEGV $$
