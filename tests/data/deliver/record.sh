#!/bin/sh
# record.sh - a notify command for tests/blackbox/deliver.sh: keeps the
# message and the ONCALL_* environment of each call in the folder it runs
# in (the daemon's state folder), one pair of files per alert and step.
name=sent.$ONCALL_ALERT_ID.$ONCALL_STEP
cat >"$name.msg"
env | grep '^ONCALL_' | sort >"$name.env"
pwd >"$name.pwd"
