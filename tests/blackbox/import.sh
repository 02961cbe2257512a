#!/bin/sh
# import.sh - black-box tests of oncall-import(1): the facts it reads from
# the fixtures under tests/data/import/ (documents written for these tests
# in many shapes: numbered or not, French and German titles, CRLF, PDF page
# breaks, Markdown, several teams, obfuscated addresses, wrapped and
# unspaced fingerprints, a key id that does not match, a street number in
# an address, a 24/7 beside weekly hours, a lunch break, hours in UTC, by
# season or over a weekend), the UNCERTAIN and UNKNOWN marks, that every
# entry it prints is accepted by `oncalld -n` once the UNKNOWN placeholders
# of required settings are filled in, its exit statuses (binary input
# refused), the manual page's mdoc, and - where the seed documents are found at
# ../shared/seeds beside the repository - that importing them reproduces
# the facts of the shipped config/oncalld.conf.
# Run from anywhere:
#	BUILD=build sh tests/blackbox/import.sh
# Prints "N passed, M failed" and exits non-zero if anything failed.

set -u

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in
/*)	;;
*)	BUILD=$TOP/$BUILD ;;
esac
IMPORT=$BUILD/oncall-import
ONCALLD=$BUILD/oncalld
NOW=$BUILD/oncall-now
DATA=$TOP/tests/data/import
SEEDS=$TOP/../shared/seeds
PY=/usr/bin/python3

for p in "$IMPORT" "$ONCALLD" "$NOW"; do
	if [ ! -x "$p" ]; then
		echo "import.sh: $p not built" >&2
		exit 1
	fi
done
cd "$TOP" || exit 1
LC_ALL=C
export LC_ALL
TZDIR=${TZDIR:-/usr/share/zoneinfo}
export TZDIR

NAME=import
. "$(dirname "$0")/../lib.sh"

# facts JSONL EXPECT: every key of each expected object equals the same key
# of the imported object at the same position; "notes~" and "members~"
# list substrings that some note or member address must contain.
facts() {
	"$PY" - "$1" "$2" <<'EOF'
import json, sys
got = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
want = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
bad = []
if len(got) != len(want):
    bad.append("%d teams imported, %d expected" % (len(got), len(want)))
for g, w in zip(got, want):
    for k, v in w.items():
        if k == "notes~":
            for s in v:
                if not any(s in n for n in g["notes"]):
                    bad.append("%s: no note mentions %r" % (g["id"], s))
        elif k == "members~":
            emails = [m["email"] for m in g["members"]]
            if sorted(emails) != sorted(v):
                bad.append("%s: members %r, expected %r" % (g["id"], emails, v))
        elif k == "pgp":
            keys = [{"key_id": p["key_id"], "fingerprint": p["fingerprint"]}
                    for p in g["pgp"]]
            if keys != v:
                bad.append("%s: pgp %r, expected %r" % (g["id"], keys, v))
        elif k == "uncertain":
            if sorted(g[k]) != sorted(v):
                bad.append("%s: uncertain %r, expected %r" % (g.get("id"), g[k], v))
        elif g.get(k) != v:
            bad.append("%s: %s is %r, expected %r" % (g.get("id"), k, g.get(k), v))
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
}

# Every setting of an entry, but id, type and the closing lines, has a
# comment right above it (the quoted line, a remark or an UNKNOWN mark).
commented() {
	awk '
	/^[ \t]*(id|type) = / { prev = $0; next }
	/^[ \t]*[a-z_]+ = "/ {
		if (prev !~ /^[ \t]*#/) { print "no comment above: " $0; bad = 1 }
	}
	{ prev = $0 }
	END { exit bad }' "$1"
}

# The operator's part: each UNKNOWN placeholder filled in with a value.
fill() {
	sed -e 's/^\([ \t]*\)# hours = "";/\1hours = "Mon-Fri 09:00-17:00";/' \
	    -e 's/^\([ \t]*\)# timezone = "";/\1timezone = "UTC";/' \
	    -e 's/^\([ \t]*\)# name = "";/\1name = "Filled in";/' \
	    -e 's/^\([ \t]*\)# short_name = "";/\1short_name = "FILLED";/' \
	    -e 's/^\([ \t]*\)# { id = "email"; type = "email"; address = ""; }/\1{ id = "email"; type = "email"; address = "x@example.org"; }/' \
	    "$1"
}

# check_config NAME ENTRIES: wrapped in a config with no routes, the
# entries pass `oncalld -n` at once when they hold no UNKNOWN placeholder
# of a required setting, else only once those are filled in. Optional
# settings (address, phone, key, urgent prefix) are marked UNKNOWN too,
# but oncalld rightly accepts an entry without them.
check_config() {
	name=$1
	conf=$DIR/$name.conf
	{ echo 'teams = ('; cat "$2"; echo ');'; } >"$conf"
	out=$("$ONCALLD" -n -c "$conf" 2>&1)
	rc=$?
	if grep -q '^[[:space:]]*# \(name\|short_name\|timezone\|hours\) = "";\|^[[:space:]]*# { id = "email"' "$2"
	then
		if [ $rc -eq 78 ]; then
			pass "$name: oncalld -n refuses the entry while UNKNOWN values remain"
		else
			fail "$name: oncalld -n accepted an entry with UNKNOWN values" "$out"
		fi
		fill "$conf" >"$conf.filled"
		out=$("$ONCALLD" -n -c "$conf.filled" 2>&1)
		rc=$?
		conf=$conf.filled
	fi
	if [ $rc -eq 0 ]; then
		pass "$name: oncalld -n accepts the entry"
	else
		fail "$name: oncalld -n refuses the entry" \
		    "$out
$(cat "$conf")"
	fi
}

# ---- fixtures -------------------------------------------------------

for doc in "$DATA"/*.txt; do
	name=$(basename "$doc" .txt)
	expect=$DATA/$name.expect
	[ -f "$expect" ] || continue
	"$IMPORT" --json "$doc" >"$DIR/$name.jsonl" 2>"$DIR/$name.err"
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "$name: exit status $rc" "$(cat "$DIR/$name.err")"
		continue
	fi
	if out=$(facts "$DIR/$name.jsonl" "$expect"); then
		pass "$name: facts"
	else
		fail "$name: facts" "$out"
	fi
	"$IMPORT" "$doc" >"$DIR/$name.entry" 2>"$DIR/$name.err"
	if out=$(commented "$DIR/$name.entry"); then
		pass "$name: every value has its source above it"
	else
		fail "$name: values without a source" "$out"
	fi
	check_config "$name" "$DIR/$name.entry"
done

# ---- PDF input ------------------------------------------------------

# topdf TEXT PDF: TEXT set by groff in a fixed-width font, a line of the
# text a line of the PDF, a new page at each form feed and after 40 lines
# (page breaks, and their headers and footers, as in the PDFs teams
# publish).
topdf() {
	{
		printf '.nf\n.ft CR\n.ps 9\n.vs 11\n'
		awk '{ gsub(/\\/, "\\e")
			if ($0 ~ /^\f/) { print ".bp"; sub(/^\f/, ""); n = 0 }
			if (++n > 40) { print ".bp"; n = 1 }
			if ($0 ~ /^[.\047]/) $0 = "\\&" $0
			print }' "$1"
	} | groff -Kutf8 -Tpdf -P-pa4 >"$2" 2>"$2.err"
}

pdfs=
for name in indonesian pdf-french german; do
	if ! topdf "$DATA/$name.txt" "$DIR/$name.pdf" ||
	    ! head -c 5 "$DIR/$name.pdf" | grep -q '%PDF-'; then
		fail "$name: groff made no PDF" "$(cat "$DIR/$name.pdf.err")"
		continue
	fi
	pdfs="$pdfs $DIR/$name.pdf"
	"$IMPORT" --json "$DIR/$name.pdf" >"$DIR/$name-pdf.jsonl" \
	    2>"$DIR/$name-pdf.err"
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "$name.pdf: exit status $rc" "$(cat "$DIR/$name-pdf.err")"
	elif out=$(facts "$DIR/$name-pdf.jsonl" "$DATA/$name.expect"); then
		pass "$name.pdf: the same facts as its text"
	else
		fail "$name.pdf: facts" "$out"
	fi
done

# Several documents in one run: one fragment, ids unique, the same
# document twice included.
# shellcheck disable=SC2086
"$IMPORT" --json $pdfs "$DATA/indonesian.txt" >"$DIR/several.jsonl" \
    2>"$DIR/several.err"
if "$PY" - "$DIR/several.jsonl" <<'EOF'
import json, sys
ids = [json.loads(l)["id"] for l in open(sys.argv[1]) if l.strip()]
sys.exit(0 if len(ids) == 4 and len(set(ids)) == 4 else
    "ids: %s" % ids)
EOF
then
	pass "several documents: one team each, unique ids"
else
	fail "several documents" "$(cat "$DIR/several.jsonl" "$DIR/several.err")"
fi
# shellcheck disable=SC2086
"$IMPORT" $pdfs "$DATA/indonesian.txt" >"$DIR/several.entry" \
    2>"$DIR/several.err"
check_config "several documents" "$DIR/several.entry"

# A file that says it is a PDF and is not: refused, named.
printf '%%PDF-1.4\nnot a PDF at all\n' >"$DIR/broken.pdf"
"$IMPORT" "$DIR/broken.pdf" >/dev/null 2>"$DIR/broken.err"
rc=$?
if [ $rc -eq 65 ] && grep -q 'broken.pdf: not a PDF file' "$DIR/broken.err"
then
	pass "a damaged PDF: exit 65, the file named"
else
	fail "a damaged PDF: exit $rc" "$(cat "$DIR/broken.err")"
fi

# Uncertain readings are marked where the reader sees them.
"$IMPORT" "$DATA/multi-team.txt" >"$DIR/multi.entry" 2>&1
if grep -q 'UNCERTAIN: the document gives key id' "$DIR/multi.entry" &&
    grep -q '# pgp_key_id = "0x12345679";' "$DIR/multi.entry" &&
    ! grep -q '^[[:space:]]*pgp_key_id = "0x12345679"' "$DIR/multi.entry"
then
	pass "a key id that does not match its fingerprint is left out, marked"
else
	fail "mismatched key id not marked" "$(cat "$DIR/multi.entry")"
fi
"$IMPORT" "$DATA/ambiguous.txt" >"$DIR/amb.entry" 2>&1
if grep -q 'UNCERTAIN: "IST" as written' "$DIR/amb.entry" &&
    grep -q 'Europe/Dublin' "$DIR/amb.entry"; then
	pass "an ambiguous abbreviation lists its candidate zones"
else
	fail "ambiguous zone not marked" "$(cat "$DIR/amb.entry")"
fi
if grep -q 'Not imported: the people' "$DIR/amb.entry" &&
    ! grep -q 'address = "jane.doe' "$DIR/amb.entry"; then
	pass "team members' addresses are not made channels"
else
	fail "members' addresses" "$(cat "$DIR/amb.entry")"
fi

# marked FILE TEXT...: FILE holds each TEXT.
marked() {
	f=$1
	shift
	for want in "$@"; do
		if grep -qF -- "$want" "$f"; then
			pass "marked: $want"
		else
			fail "not marked: $want" "$(cat "$f")"
		fi
	done
}

# A 24/7 beside weekly hours, hours in another zone than the team's and
# hours by season are marked, each with its reason.
"$IMPORT" "$DATA/orca.txt" "$DATA/utc-hours.txt" "$DATA/seasonal.txt" \
    >"$DIR/doubts.entry" 2>&1
marked "$DIR/doubts.entry" \
    'UNCERTAIN: the same line also says 24/7' \
    'UNCERTAIN: the hours are given in UTC (line 10), not in' \
    'UNCERTAIN: the hours change with the season or the month' \
    'UNCERTAIN: the document states no time zone; Asia/Singapore is'

# What the document does not give is said, optional settings included.
"$IMPORT" "$DATA/minimal.txt" >"$DIR/unknown.entry" 2>&1
marked "$DIR/unknown.entry" \
    '# UNKNOWN: the document gives no postal address.' \
    '# address = "";' \
    '# UNKNOWN: the document gives no PGP key of the' \
    '# pgp_key_id = "";' \
    '# UNKNOWN: the document gives no subject prefix' \
    '# urgent_subject_prefix = "";' \
    '# UNKNOWN: the document gives no telephone number of the' \
    '# { id = "phone"; type = "phone"; address = ""; }'

# Several files at once make one list; standard input; --id.
"$IMPORT" "$DATA/numbered-crlf.txt" "$DATA/multi-team.txt" \
    "$DATA/german.txt" >"$DIR/all.entry" 2>&1
check_config several-files "$DIR/all.entry"
a=$("$IMPORT" --json - <"$DATA/german.txt" | sed 's/"source":"[^"]*"//')
b=$("$IMPORT" --json "$DATA/german.txt" | sed 's/"source":"[^"]*"//')
if [ -n "$a" ] && [ "$a" = "$b" ]; then
	pass "- reads standard input"
else
	fail "- reads standard input" "$a"
fi
out=$("$IMPORT" --json --id first --id second "$DATA/multi-team.txt" |
    sed -n 's/^{"id":"\([^"]*\)".*/\1/p' | tr '\n' ' ')
if [ "$out" = "first second " ]; then
	pass "--id names the teams in order"
else
	fail "--id names the teams in order" "$out"
fi

# Exit statuses.
status() {
	want=$1
	shift
	"$@" >/dev/null 2>"$DIR/status.err"
	rc=$?
	if [ $rc -eq "$want" ]; then
		pass "exit $want: $*"
	else
		fail "exit $rc, expected $want: $*" "$(cat "$DIR/status.err")"
	fi
}
status 64 "$IMPORT"
status 64 "$IMPORT" --id 'Bad Id' "$DATA/german.txt"
status 64 "$IMPORT" --bogus "$DATA/german.txt"
status 66 "$IMPORT" "$DATA/no-such-file.txt"
status 65 "$IMPORT" "$DATA/not-rfc2350.txt"
status 0 "$IMPORT" --help
# Binary data is refused by name, even when a team name hides in it.
printf 'Team name: X-CERT\nE-mail: cert@x.example\n\000\001\002\000' \
    >"$DIR/binary.bin"
status 65 "$IMPORT" "$DIR/binary.bin"
if grep -q "binary.bin: not a text document" "$DIR/status.err"; then
	pass "binary input: the message names the file"
else
	fail "binary input: message" "$(cat "$DIR/status.err")"
fi
printf 'Team name: X-CERT\n\001\002\003\004\005\006\016\017\020\021\022\n' \
    >"$DIR/controls.bin"
status 65 "$IMPORT" "$DIR/controls.bin"

# The manual page renders: no mdoc warnings (quotes inside macros).
if command -v mandoc >/dev/null 2>&1; then
	out=$(mandoc -T lint -W warning scheduler/oncall-import.1 2>&1)
	# Rendered, with its lines joined: a phrase may wrap.
	txt=$(mandoc -T ascii scheduler/oncall-import.1 |
	    sed 's/.\x08//g' | tr '\t\n' '  ' | tr -s ' ')
	if [ -z "$out" ] &&
	    printf '%s\n' "$txt" | grep -qF '(# hours = "";)' &&
	    printf '%s\n' "$txt" |
	    grep -qF '{"key_id", "fingerprint", "key_id_matches"}'; then
		pass "oncall-import.1: mandoc -T lint is silent"
	else
		fail "oncall-import.1: mandoc -T lint" "$out"
	fi
fi

# ---- the seed documents against the shipped configuration ------------

if [ ! -d "$SEEDS" ]; then
	echo "seed documents not found at $SEEDS; seed check not run"
else
	for seed in "$SEEDS"/*.txt; do
		name=$(basename "$seed" .txt)
		"$IMPORT" --json "$seed" >"$DIR/$name.jsonl" 2>"$DIR/$name.err"
		: >"$DIR/$name.shipped"
		for id in $(sed -n 's/^{"id":"\([^"]*\)".*/\1/p' \
		    "$DIR/$name.jsonl"); do
			"$NOW" -c config/oncalld.conf -j "$id" \
			    >>"$DIR/$name.shipped" 2>&1
		done
		out=$("$PY" - "$DIR/$name.jsonl" "$DIR/$name.shipped" \
		    config/oncalld.conf <<'EOF'
import json, re, sys
got = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
conf = open(sys.argv[3], encoding="utf-8").read()
shipped = {}
for l in open(sys.argv[2], encoding="utf-8"):
    try:
        o = json.loads(l)
    except ValueError:
        print("oncall-now: " + l.strip())
        sys.exit(1)
    if not o.get("ok"):
        print("not in the shipped config: %s" % l.strip())
        sys.exit(1)
    shipped[o["id"]] = o
bad = []
def fpr(s):
    return s.replace(" ", "").upper() if s else None
def digits(s):
    return "+" + re.sub(r"\D", "", s)
for g in got:
    s = shipped[g["id"]]
    chans = s["channels"]
    mails = [c["address"] for c in chans if c["type"] == "email"]
    phones = [digits(c["address"]) for c in chans if c["type"] == "phone"]
    keys = [{"key_id": c.get("pgp_key_id"), "fingerprint": fpr(c.get("pgp_fingerprint"))}
            for c in chans if c.get("pgp_fingerprint") or c.get("pgp_key_id")]
    prefix = [c["urgent_subject_prefix"] for c in chans if c.get("urgent_subject_prefix")]
    # The shipped hours of a team whose document states none are an
    # assumption, marked so in the config: the importer must say none.
    block = conf[conf.index('id = "%s"' % g["id"]):]
    block = block[:block.find("channels")]
    hours = None if "ASSUMPTION" in block else s["hours"]
    zone = None if s["hours"] == "24/7" and "timezone" not in block else s["timezone"]
    # oncall-now does not answer with the postal address: read it from
    # the team's own settings, above its channels.
    m = re.search(r'^\s*address = "((?:[^"\\]|\\.)*)";', block, re.M)
    address = m.group(1).replace('\\"', '"').replace("\\\\", "\\") if m else None
    want = {"name": s["name"], "short_name": s["short_name"], "emails": mails,
            "phones": phones, "timezone": zone, "hours": hours,
            "address": address,
            "urgent_subject_prefix": prefix[0] if prefix else None}
    for k, v in want.items():
        if sorted(g[k]) != sorted(v) if isinstance(v, list) else g[k] != v:
            bad.append("%s: %s is %r, shipped %r" % (g["id"], k, g[k], v))
    mine = [{"key_id": p["key_id"], "fingerprint": p["fingerprint"]} for p in g["pgp"]]
    if mine != keys:
        bad.append("%s: pgp %r, shipped %r" % (g["id"], mine, keys))
    print("%s: name %r, zone %s, hours %s, e-mail %s, phones %s, keys %s, prefix %s, address %r"
          % (g["id"], g["name"], g["timezone"], g["hours"], ",".join(g["emails"]),
             ",".join(g["phones"]) or "-", ",".join(k["key_id"] for k in mine),
             g["urgent_subject_prefix"], g["address"]))
if bad:
    print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
		)
		if [ $? -eq 0 ]; then
			pass "seed $name reproduces the shipped facts"
			printf '%s\n' "$out" | sed 's/^/	/'
		else
			fail "seed $name against config/oncalld.conf" "$out"
		fi
		"$IMPORT" "$seed" >"$DIR/$name.entry" 2>&1
		check_config "seed-$name" "$DIR/$name.entry"
	done
fi

test_summary
