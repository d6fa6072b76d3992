"""Python batch benchmark (not a test): promocode against its Python peers, side
by side in one run (SPEC §10: ≥ 20× secrets+set, ≥ 5× nanoid).

- 1M unique 8-character random codes:
  `promocode.Generator(Format(random=8)).generate_codes(1_000_000)` (including the
  case-insensitive uniqueness check and the Python list of results) against
  `secrets.choice` over a 62-character alphabet + a `set` until 1M are unique, and
  PyPI `nanoid` (its default 64-character alphabet, size 8) + a `set`.
- `generate_all` over the shared synthetic 1M-partner list (benches/data/README.md:
  xorshift32 over names.json) with the format name + surname + discount, the
  partners as dicts; beside it the core's own rate on the same list (the `measure`
  binary, `ONLY=names`, when it is built), so the binding's overhead is a ratio
  within the run (issue 17: ≥ 2 M/s, i.e. the core's rate).

Run through bindings-python/scripts/bench.sh (release build, nanoid installed).
Prints a markdown table; each time is the best of --repeat runs.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pathlib
import platform
import re
import secrets
import string
import subprocess
import sys
import time
from typing import Callable, Dict, List, Optional, Tuple

import promocode

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
N = 1_000_000


def synthetic_partners(n: int) -> List[Dict[str, str]]:
    """The shared synthetic partner list (benches/data/README.md)."""
    pools = json.loads((DATA / "names.json").read_text(encoding="utf-8"))
    first, last = pools["first"], pools["last"]
    state = 2463534242

    def next_u32() -> int:
        nonlocal state
        state ^= (state << 13) & 0xFFFFFFFF
        state ^= state >> 17
        state ^= (state << 5) & 0xFFFFFFFF
        return state

    out = []
    for i in range(n):
        name = first[next_u32() % len(first)]
        surname = last[next_u32() % len(last)]
        out.append({"name": name, "surname": surname, "email": f"partner{i}@example.com", "id": str(i)})
    return out


def secrets_set(n: int) -> int:
    alphabet = string.ascii_letters + string.digits
    choice = secrets.choice
    seen: set = set()
    while len(seen) < n:
        seen.add("".join([choice(alphabet) for _ in range(8)]))
    return len(seen)


def nanoid_set(n: int) -> int:
    from nanoid import generate

    seen: set = set()
    while len(seen) < n:
        seen.add(generate(size=8))
    return len(seen)


def ours_codes(n: int) -> int:
    codes = promocode.Generator(promocode.Format(random=8)).generate_codes(n)
    return len(codes)


def ours_all(partners: List[Dict[str, str]]) -> Callable[[int], int]:
    def run(n: int) -> int:
        gen = promocode.Generator(promocode.Format(name=True, surname=True, discount=15))
        return len(gen.generate_all(partners[:n] if n < len(partners) else partners))

    return run


def measure_binary() -> Optional[pathlib.Path]:
    """The core's `measure` binary (release), if it is built."""
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", DATA.parents[1] / "target"))
    path = target / "release" / "measure"
    return path if path.is_file() else None


def core_all(binary: pathlib.Path) -> Callable[[int], int]:
    """The core's `generate_all` over the same synthetic list, timed by the binary itself
    (setup excluded); returns the count, leaving the time in `core_all.last`."""

    def run(n: int) -> int:
        env = dict(os.environ, ONLY="names", N=str(n))
        out = subprocess.run([str(binary)], env=env, capture_output=True, text=True, check=True).stderr
        rate = float(re.search(r"generate_all: ([0-9.]+) M/s", out).group(1)) * 1e6  # type: ignore[union-attr]
        run.last = n / rate  # type: ignore[attr-defined]
        return n

    return run


def best_core(repeat: int, fn: Callable[[int], int], n: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        fn(n)
        best = min(best, fn.last)  # type: ignore[attr-defined]
    return best


def best_of(repeat: int, fn: Callable[[int], int], n: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        made = fn(n)
        elapsed = time.perf_counter() - start
        assert made == n, (made, n)
        best = min(best, elapsed)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best is kept)")
    parser.add_argument("--count", type=int, default=N, help="codes / partners per run (default 1M)")
    parser.add_argument("--only-all", action="store_true",
                        help="just the generate_all rows (Python and core), no peers")
    args = parser.parse_args()
    n = args.count

    partners = synthetic_partners(N)
    expected = json.loads((DATA / "expected-first5.json").read_text(encoding="utf-8"))
    assert partners[:5] == expected, "synthetic partner list differs from benches/data/expected-first5.json"

    try:
        import nanoid  # noqa: F401

        have_nanoid = True
    except ImportError:
        have_nanoid = False
        print("nanoid is not installed: run through bindings-python/scripts/bench.sh", file=sys.stderr)

    runs: List[Tuple[str, Optional[float]]] = []
    print(f"measuring {n:,} codes per run, best of {args.repeat} ...", file=sys.stderr)
    peer_secrets: Optional[float] = None
    peer_nanoid: Optional[float] = None
    if not args.only_all:
        peer_secrets = best_of(args.repeat, secrets_set, n)
        peer_nanoid = best_of(args.repeat, nanoid_set, n) if have_nanoid else None
        runs.append(("Python `secrets.choice` + `set` (62 chars)", peer_secrets))
        runs.append(("PyPI `nanoid` + `set` (size 8)", peer_nanoid))
        runs.append(("promocode `generate_codes` (random=8)", best_of(args.repeat, ours_codes, n)))
    all_name = "promocode `generate_all` (name+surname+discount, synthetic dict partners)"
    core_name = "core `generate_all` (Rust, the same partners; `measure`)"
    ours_all_secs = best_of(args.repeat, ours_all(partners), n)
    runs.append((all_name, ours_all_secs))
    binary = measure_binary()
    core_secs = best_core(args.repeat, core_all(binary), n) if binary else None
    if binary is None:
        print("target/release/measure is not built: run through bindings-python/scripts/bench.sh", file=sys.stderr)
    runs.append((core_name, core_secs))

    print(f"\nPython {platform.python_version()}, promocode {promocode.__version__}, {platform.machine()}; "
          f"{n:,} unique codes per run, best of {args.repeat}\n")
    print("| run | seconds | codes/s | × secrets+set | × nanoid+set |")
    print("|---|---:|---:|---:|---:|")
    for name, secs in runs:
        if secs is None:
            print(f"| {name} | — | — | — | — |")
            continue
        rate = n / secs
        vs_secrets = f"{peer_secrets / secs:.1f}×" if peer_secrets else "—"
        vs_nanoid = f"{peer_nanoid / secs:.1f}×" if peer_nanoid else "—"
        print(f"| {name} | {secs:.3f} | {rate / 1e6:.2f} M | {vs_secrets} | {vs_nanoid} |")

    if peer_secrets:
        ours = dict(runs)["promocode `generate_codes` (random=8)"]
        assert ours is not None
        print("\nTargets (SPEC §10, generate_codes):")
        print(f"- ≥ 20× secrets+set: {peer_secrets / ours:.1f}× {'met' if peer_secrets / ours >= 20 else 'MISSED'}")
        if peer_nanoid:
            print(f"- ≥ 5× nanoid+set: {peer_nanoid / ours:.1f}× {'met' if peer_nanoid / ours >= 5 else 'MISSED'}")
    rate = n / ours_all_secs / 1e6
    print("\nTarget (issue 17, `generate_all` with dict partners):")
    line = f"- ≥ 2 M/s: {rate:.2f} M/s {'met' if rate >= 2 else 'MISSED'}"
    if core_secs:
        line += f"; Python/core {core_secs / ours_all_secs:.2f} (the core alone: {n / core_secs / 1e6:.2f} M/s)"
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
