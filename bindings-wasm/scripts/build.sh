#!/usr/bin/env bash
# Builds the promocode-wasm packages (`make wasm`):
#   bindings-wasm/pkg/       browser ES module package (npm name `promocode-wasm`),
#                            cargo profile `wasm` (opt-level "z") + wasm-opt -Oz: small
#   bindings-wasm/pkg-node/  Node (CommonJS) package, entry pkg-node/index.js,
#                            cargo profile `wasm-node` (opt-level 3) + wasm-opt -O3 and
#                            feature `bulk` (lists cross in one piece): fast
# Same source, same behaviour (the tests compare the two). Prints the gzipped
# size of the browser package's wasm + JS glue. Installs its own tools when
# missing: the wasm32 rustup target, wasm-bindgen-cli (pinned to the crate's
# wasm-bindgen version) and the npm dev tools (binaryen's wasm-opt).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
WASM_BINDGEN_VERSION=0.2.130
TARGET=wasm32-unknown-unknown
cd "$ROOT"

say() { printf '[build-wasm] %s\n' "$*"; }

# --- tools -------------------------------------------------------------------
if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx "$TARGET"; then
  say "adding rustup target $TARGET"
  rustup target add "$TARGET"
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes a couple of minutes)"
  # No --locked: its lockfile wants a crate version the registry lacks (TOOLCHAIN.md).
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
if [ ! -x "$HERE/node_modules/.bin/wasm-opt" ] || [ "$HERE/package-lock.json" -nt "$HERE/node_modules/.package-lock.json" ]; then
  say "installing npm dev tools (binaryen, playwright-core, axe-core, referral-codes)"
  (cd "$HERE" && npm install --no-audit --no-fund --loglevel=error)
fi
WASM_OPT="$HERE/node_modules/.bin/wasm-opt"

# --- compile -----------------------------------------------------------------
# The browser build is size-critical (SPEC §10): it rebuilds the standard library
# (nightly `-Zbuild-std`) with std's `optimize_for_size` (smaller sort and fmt),
# without panic locations, with `Debug` formatting compiled out (no user-visible
# text uses `{:?}`) and with panics that trap at once (`immediate-abort`: no panic
# machinery; the JS wrapper turns the trap into `internal_error`, src/error.rs).
# -30 KB gzipped, measured.
# Without rustup's nightly it falls back to the stable toolchain (larger; size.mjs says so).
# Two browser builds: the full module (profile `wasm`) and the preview module
# (profile `wasm-preview`, feature `preview`: less src/full.rs).
BROWSER_TOOLCHAIN=stable
if [ -z "${PROMOCODE_WASM_STABLE:-}" ] && command -v rustup >/dev/null &&
  { rustup component list --toolchain nightly --installed 2>/dev/null | grep -q '^rust-src' ||
    rustup toolchain install nightly --profile minimal --component rust-src; }; then
  BROWSER_TOOLCHAIN=nightly
  for build in "wasm" "wasm-preview --features preview"; do
    say "cargo +nightly build -Zbuild-std --profile $build --target $TARGET -p promocode-wasm"
    # shellcheck disable=SC2086 # $build is a profile and its cargo flags
    if ! RUSTFLAGS="-Zlocation-detail=none -Zfmt-debug=none -Zunstable-options -Cpanic=immediate-abort" cargo +nightly build \
      -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size \
      --profile $build --target "$TARGET" -p promocode-wasm; then
      # Unstable flags can change between nightlies: a working (larger) package beats none.
      say "the nightly build failed: building with stable instead (size.mjs will report the size)"
      BROWSER_TOOLCHAIN=stable
      break
    fi
  done
fi
if [ "$BROWSER_TOOLCHAIN" = stable ]; then
  say "cargo build --profile wasm and wasm-preview --target $TARGET -p promocode-wasm (stable)"
  cargo build --profile wasm --target "$TARGET" -p promocode-wasm
  cargo build --profile wasm-preview --target "$TARGET" -p promocode-wasm --features preview
fi
say "cargo build --profile wasm-node --target $TARGET -p promocode-wasm --features bulk,panic-message"
cargo build --profile wasm-node --target "$TARGET" -p promocode-wasm --features bulk,panic-message
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"

VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -1)"

package_json() { # name main types module|commonjs
  local type_line="" exports_line=""
  [ "$4" = module ] && type_line='  "type": "module",'
  # The browser package has two modules: the full one and the preview one.
  [ "$4" = module ] && exports_line='
  "exports": {
    ".": { "types": "./index.d.ts", "default": "./index.js" },
    "./preview": { "types": "./preview.d.ts", "default": "./preview.js" },
    "./*": "./*"
  },'
  cat <<EOF
{
  "name": "$1",
  "version": "$VERSION",
  "description": "Generate and validate affiliate promotion codes (JOHN20, PARTNER-JOHN-XY) in the browser and Node: WebAssembly build of promocode",
  "license": "MIT OR Apache-2.0",
$type_line
  "main": "$2",
  "types": "$3",$exports_line
  "files": ["*.js", "*.d.ts", "*.wasm", "README.md"],
  "sideEffects": false,
  "keywords": ["coupon", "promo-code", "affiliate", "voucher", "wasm"]
}
EOF
}

# A JS entry point with its `// @include NAME` lines replaced by js/NAME: the
# guards all three entry points share (wrap.js), and the loader and constants of
# the two ES module entry points (esm.js).
entry() { # file
  grep -qx '// @include wrap.js' "$1" || { echo "build-wasm: $1 has no \`// @include wrap.js\` line" >&2; exit 1; }
  awk -v js="$HERE/js" '/^\/\/ @include [a-z]+\.js$/ { f = js "/" $3; while ((getline line < f) > 0) print line; close(f); next } { print }' "$1"
}

bindgen() { # target out-dir profile out-name
  # --no-typescript: the declarations are the Node package's (bindings-node/index.d.ts),
  # one source for both JS packages.
  wasm-bindgen --target "$1" --no-typescript --out-dir "$2" --out-name "$4" "$TARGET_DIR/$TARGET/$3/promocode_wasm.wasm"
}

say "wasm-bindgen --target web -> bindings-wasm/pkg (index.js: full module, preview.js: preview module)"
rm -rf "$HERE/pkg" "$HERE/pkg-node"
bindgen web "$HERE/pkg" wasm promocode_wasm
bindgen web "$HERE/pkg" wasm-preview promocode_preview
entry "$HERE/js/index.mjs" > "$HERE/pkg/index.js"
entry "$HERE/js/preview.mjs" > "$HERE/pkg/preview.js"
cp "$HERE/js/index.d.ts" "$HERE/pkg/index.d.ts"
cp "$HERE/js/preview.d.ts" "$HERE/pkg/preview.d.ts"
cp "$ROOT/bindings-node/index.d.ts" "$HERE/pkg/promocode.d.ts"
package_json promocode-wasm index.js index.d.ts module | grep -v '^$' > "$HERE/pkg/package.json"
# The browser downloads the glue: drop its comments, indentation and blank lines
# (the declarations are in index.d.ts). Neither file has multi-line strings.
node -e '
const fs = require("fs");
for (const f of process.argv.slice(1)) {
  const s = fs.readFileSync(f, "utf8").replace(/\/\*\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*\n/gm, "")
    .replace(/^[ \t]+/gm, "").replace(/\n\s*\n/g, "\n");
  fs.writeFileSync(f, s);
}' "$HERE"/pkg/promocode_wasm.js "$HERE"/pkg/promocode_preview.js "$HERE"/pkg/index.js "$HERE"/pkg/preview.js

say "wasm-bindgen --target nodejs -> bindings-wasm/pkg-node"
bindgen nodejs "$HERE/pkg-node" wasm-node promocode_wasm
entry "$HERE/js/index.cjs" > "$HERE/pkg-node/index.js"
cp "$ROOT/bindings-node/index.d.ts" "$HERE/pkg-node/index.d.ts"
package_json promocode-wasm index.js index.d.ts commonjs | grep -v '^$' > "$HERE/pkg-node/package.json"
for d in pkg pkg-node; do cp "$HERE/README.md" "$HERE/$d/README.md"; done

# --- optimise ----------------------------------------------------------------
for d in pkg/promocode_wasm:-Oz pkg/promocode_preview:-Oz pkg-node/promocode_wasm:-O3; do
  level="${d#*:}"; d="${d%:*}"
  wasm="$HERE/${d}_bg.wasm"
  say "wasm-opt $level ${d}_bg.wasm"
  # memory-packing would cut the data at every run of zeros (2,000 segments across the
  # tables): the zeros cost less gzipped than the segment headers (-7.5 KB measured).
  "$WASM_OPT" "$level" --converge --skip-pass=memory-packing --enable-reference-types --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-multivalue --strip-debug --strip-producers \
    "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
done

# --- size --------------------------------------------------------------------
echo "$BROWSER_TOOLCHAIN" > "$HERE/pkg/.toolchain"
node "$HERE/scripts/size.mjs"
