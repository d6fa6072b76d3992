#!/usr/bin/env bash
# Dumps the primary weights MariaDB's `utf8mb4_unicode_520_ci` (the collation
# WordPress gives `wp_posts`) assigns to every code point into
# core/tests/data/unicode_520_ci.txt, the reference `make tables` derives the
# canonical-key table from. Run it again only to move to another MariaDB.
#
# Format: `CP W1 W2 ...` (hex) for code points with explicit weights; `CP` or
# `A..B` for code points the collation ignores; implicit weights (`FBxx yyyy`,
# unique to one code point) are left out unless they point at another code point
# (compatibility ideographs), so a missing line means "equal to itself only".
set -euo pipefail
cd "$(dirname "$0")/.."
. oracles/lib.sh
trap 'stop_mariadb; rm -rf "$ORACLE_TMP"' EXIT
need mariadb-server
start_mariadb
out=core/tests/data/unicode_520_ci.txt
{
  echo "# Primary weights of MariaDB $(sql 'select version()') utf8mb4_unicode_520_ci, by oracles/mariadb-weights.sh."
  sql "select seq, hex(weight_string(convert(char(seq using utf32) using utf8mb4) collate utf8mb4_unicode_520_ci))
       from seq_0_to_1114111 where seq not between 55296 and 57343" | python3 -c '
import sys
rows = []
for line in sys.stdin:
    cp, h = line.rstrip("\n").split("\t")
    cp = int(cp)
    w = [h[i:i + 4] for i in range(0, len(h), 4)]
    if len(w) == 2 and "FB40" <= w[0] <= "FBFF":
        target = ((int(w[0], 16) & 0x3F) << 15) | (int(w[1], 16) & 0x7FFF)
        if target == cp:
            continue
    rows.append((cp, w))
i = 0
while i < len(rows):
    cp, w = rows[i]
    j = i
    if not w:
        while j + 1 < len(rows) and rows[j + 1][0] == rows[j][0] + 1 and not rows[j + 1][1]:
            j += 1
        print("%04X..%04X" % (cp, rows[j][0]) if j > i else "%04X" % cp)
    else:
        print("%04X %s" % (cp, " ".join(w)))
    i = j + 1
'
} >"$out"
echo "wrote $out ($(wc -l <"$out") lines)"
