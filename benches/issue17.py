"""The speed table of issue 17, read from the tables `make bench` just wrote.

    python3 benches/issue17.py benches/RESULTS.md   # prints the table (markdown)

Every figure comes from a row of the same run (the ratios too); a row whose
measurement is missing says so instead of guessing.
"""

import re
import sys


def rows(text):
    """Every markdown table row as a list of stripped cells."""
    for line in text.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            yield [c.strip() for c in line.strip().strip("|").split("|")]


def find(text, *needles):
    """The first table row whose cells contain every needle."""
    for cells in rows(text):
        joined = " | ".join(cells)
        if all(n in joined for n in needles):
            return cells
    return None


def number(cell):
    m = re.search(r"[0-9]+(?:\.[0-9]+)?", cell or "")
    return float(m.group()) if m else None


def main(path):
    text = open(path, encoding="utf-8").read()
    out = []

    def row(what, figure, target, met):
        status = "—" if met is None else ("met" if met else "missed")
        out.append(f"| {what} | {figure} | {target} | {status} |")

    # Core (the `measure` table): columns seconds, M/s, × naive Rust.
    packed = find(text, "`generate_codes_packed`, 8 chars")
    if packed:
        rate = number(packed[2])
        row("core `generate_codes_packed`, 8 chars vs 1M existing",
            f"{rate:.2f} M/s ({packed[3]} naive Rust `rand`+`HashSet`)", "≥ 20 M/s", rate >= 20)
    else:
        row("core `generate_codes_packed`", "not measured", "≥ 20 M/s", None)
    core_all = find(text, "`generate_all`, 1M multilingual partners")
    core_rate = number(core_all[2]) if core_all else None
    if core_all:
        packed_all = find(text, "`generate_all_packed`, 1M multilingual partners")
        extra = f"; `generate_all_packed` {number(packed_all[2]):.2f} M/s" if packed_all else ""
        row("core `generate_all`, 1M multilingual partners", f"{core_rate:.2f} M/s{extra}", "≥ 5 M/s", core_rate >= 5)
    else:
        row("core `generate_all`", "not measured", "≥ 5 M/s", None)

    # Python: columns seconds, codes/s.
    py = find(text, "promocode `generate_all`")
    if py:
        rate = number(py[2])
        core = f" (the core: {core_rate:.2f})" if core_rate else ""
        row("Python `generate_all` (dict partners)", f"{rate:.2f} M/s{core}", "≥ 2 M/s", rate >= 2)
    else:
        row("Python `generate_all`", "not measured", "≥ 2 M/s", None)

    # Node and WASM in Node: columns task, codes, seconds, codes/s, × referral-codes.
    for impl, target in (("napi", 4), ("wasm", 2)):
        r = find(text, f"promocode ({impl})", "codes, 8 chars")
        label = {"napi": "Node napi `generateCodes`", "wasm": "WASM in Node `generateCodes`"}[impl]
        if r:
            ratio = number(r[5])
            row(label, f"{ratio:.2f}× `referral-codes` ({r[4]}/s)", f"≥ {target}×", ratio >= target)
        else:
            row(label, "not measured", f"≥ {target}×", None)
    napi_all = find(text, "promocode (napi)", "generateAll")
    wasm_all = find(text, "promocode (wasm)", "generateAll")
    if napi_all:
        rate = number(napi_all[4])
        beside = f" (WASM build: {number(wasm_all[4]):.2f})" if wasm_all else ""
        row("Node napi `generateAll`", f"{rate:.2f} M/s{beside}", "≥ 2 M/s", rate >= 2)
    else:
        row("Node napi `generateAll`", "not measured", "≥ 2 M/s", None)

    # The preview page (browser): a row whose first cell names the first refresh.
    first = find(text, "first refresh")
    if first:
        ms = number(first[1])
        row("preview page, first refresh after load (20 partners)", first[1], "≤ 5 ms", ms is not None and ms <= 5)
    else:
        row("preview page, first refresh after load (20 partners)", "not measured", "≤ 5 ms", None)

    print("## Issue 17: speed targets, this run")
    print()
    print("| what | this run | target | |")
    print("|---|---|---|---|")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
