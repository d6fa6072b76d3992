#!/usr/bin/env bash
# Oracle suite: the canonical key and WooCommerce's `normalize`/`validate` checked
# against the real things, installed here if missing and stopped afterwards:
#   1. MariaDB (Debian's mariadb-server, a throwaway server in a temp dir on a unix
#      socket): every pair of corpus strings `utf8mb4_unicode_520_ci` (the
#      collation WordPress gives `wp_posts`) calls equal has one canonical key
#      (0 missed collisions); extra collisions and `utf8mb4_unicode_ci` (older
#      servers) are reported. MySQL 8's `utf8mb4_0900_ai_ci` is not checked: Debian
#      12 ships no MySQL 8 (see oracles/README.md).
#   2. PHP 8.2 + WordPress's own formatting/kses functions (Debian's `wordpress`
#      package, unpacked into the temp dir, never installed or committed) with the
#      WooCommerce chain in oracles/wc_chain.php: on a hostile corpus, `normalize`
#      either refuses (`invalid_code`, exactly when `validate` rejects) or equals
#      the stored form, for an administrator and for a shop manager without
#      `unfiltered_html`; the same for every code point as a one-character code.
# Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
. oracles/lib.sh
trap 'stop_mariadb; rm -rf "$ORACLE_TMP"' EXIT
T=$ORACLE_TMP
passed=0; failed=0
check() { # check NAME CONDITION-EXIT-STATUS
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1"; fi
}

need mariadb-server php-cli php-mbstring python3 || { echo "0 passed, 1 failed"; exit 1; }
cargo build -q -p promocode --example oracle || { echo "0 passed, 1 failed"; exit 1; }
ORACLE=target/debug/examples/oracle

# ---- 1. MariaDB collation ------------------------------------------------------
if [ "${ORACLES_ONLY:-all}" != php ]; then
start_mariadb || { echo "0 passed, 1 failed"; exit 1; }
$ORACLE translit >"$T/translit.txt"
python3 oracles/corpus.py collation "$T/translit.txt" >"$T/collation.hex"
$ORACLE key <"$T/collation.hex" >"$T/collation.keys"
awk '{print NR "\t" $0}' "$T/collation.hex" >"$T/collation.tsv"
sql "create table t (id int primary key, s text character set utf8mb4 collate utf8mb4_unicode_520_ci)"
mariadb --no-defaults -S "$T/mariadb/sock" -u root -D test --local-infile=1 -e \
  "load data local infile '$T/collation.tsv' into table t (id, @h) set s = convert(unhex(@h) using utf8mb4)"
for coll in utf8mb4_unicode_520_ci utf8mb4_unicode_ci; do
  sql "select id, dense_rank() over (order by s collate $coll) from t" >"$T/classes.$coll"
  python3 - "$T/collation.hex" "$T/collation.keys" "$T/classes.$coll" "$coll" >"$T/report.$coll" <<'PY'
import sys
hexes = open(sys.argv[1]).read().split("\n")
keys = open(sys.argv[2]).read().split("\n")
classes = {}
for line in open(sys.argv[3]):
    i, r = line.split()
    classes.setdefault(int(r), []).append(int(i) - 1)
text = lambda i: bytes.fromhex(hexes[i]).decode()
missed, examples = 0, []
for members in classes.values():
    first = keys[members[0]]
    for m in members[1:]:
        if keys[m] != first:
            missed += 1
            if len(examples) < 15:
                examples.append(f"  {text(members[0])!r} = {text(m)!r} but keys {bytes.fromhex(first).decode()!r} / {bytes.fromhex(keys[m]).decode()!r}")
by_key = {}
for r, members in classes.items():
    for m in members:
        by_key.setdefault(keys[m], set()).add(r)
extra = sum(len(rs) - 1 for rs in by_key.values())
print(f"{sys.argv[4]}: {len(hexes) - 1} strings, {len(classes)} collation classes, {len(by_key)} keys; "
      f"missed collisions {missed}, extra collisions {extra}")
print("\n".join(examples))
PY
  cat "$T/report.$coll"
done
grep -q "missed collisions 0," "$T/report.utf8mb4_unicode_520_ci"
check "mariadb utf8mb4_unicode_520_ci: no missed collision" $?
stop_mariadb
fi

# ---- 2. PHP + WordPress: the WooCommerce chain ---------------------------------
mkdir -p "$T/wp"
( cd "$T/wp" && { apt-get download wordpress >/dev/null 2>&1 || { as_root apt-get update -qq && apt-get download wordpress >/dev/null; }; } \
  && dpkg-deb -x wordpress_*.deb . ) || { echo "$passed passed, $((failed + 1)) failed"; exit 1; }
WP=$T/wp/usr/share/wordpress
compare() { # compare NAME HEXFILE
  php oracles/wc_chain.php "$WP" <"$2" >"$T/$1.php" || return 1
  $ORACLE woocommerce <"$2" >"$T/$1.ours" || return 1
  python3 - "$2" "$T/$1.php" "$T/$1.ours" "$1" <<'PY'
import sys
hexes = open(sys.argv[1]).read().split("\n")[:-1]
php = open(sys.argv[2]).read().split("\n")[:-1]
ours = open(sys.argv[3]).read().split("\n")[:-1]
assert len(hexes) == len(php) == len(ours), (len(hexes), len(php), len(ours))
accepted = agree = refused = wrong_refusal = over = bad = fatal = 0
examples = []
for h, p, o in zip(hexes, php, ours):
    admin, manager = p.split("\t")
    stored, issues = o.split("\t")
    s = bytes.fromhex(h).decode()
    fatal += admin.startswith("!") or manager.startswith("!")
    if stored.startswith("!"):
        refused += 1
        if stored != "!invalid_code" or not issues:
            wrong_refusal += 1
        if admin == manager == s.lower().encode().hex():
            over += 1  # refused, though WooCommerce would have stored its plain lowercase
        continue
    accepted += 1
    if issues:
        wrong_refusal += 1
    if stored == admin == manager:
        agree += 1
    else:
        bad += 1
        if len(examples) < 15:
            d = lambda x: x if x.startswith("!") else bytes.fromhex(x).decode(errors="replace")
            examples.append(f"  {s[:60]!r}: normalize {d(stored)[:60]!r}, admin {d(admin)[:60]!r}, manager {d(manager)[:60]!r}")
print(f"{sys.argv[4]}: {len(hexes)} inputs; normalize accepted {accepted}, agreeing with WooCommerce on {agree} "
      f"({agree}/{accepted}), disagreeing on {bad}; refused {refused} with invalid_code "
      f"({over} of them WooCommerce would store as their plain lowercase); inconsistent with validate: {wrong_refusal}; "
      f"the PHP chain threw on {fatal}")
print("\n".join(examples))
sys.exit(1 if bad or wrong_refusal else 0)
PY
}
python3 oracles/corpus.py hostile >"$T/hostile.hex"
compare hostile "$T/hostile.hex"
check "woocommerce: normalize agrees with WordPress + WooCommerce chain on the hostile corpus" $?
python3 oracles/corpus.py codepoints >"$T/codepoints.hex"
compare codepoints "$T/codepoints.hex"
check "woocommerce: normalize agrees on every code point as a one-character code" $?

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
