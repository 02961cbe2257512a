#!/bin/sh
# hang.sh - a notify command that never ends (killed at its timeout), with
# a child of its own, whose pid it leaves in ./hang.child, that must go
# with it.
echo started >>hang.count
sleep 300 &
echo $! >hang.child
sleep 300
