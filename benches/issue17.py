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


# Each target: its label, the row that holds its figure (needles), the column,
# how the figure reads, the target, and a row whose figure goes beside it.
TARGETS = [
    ("core `generate_codes_packed`, 8 chars vs 1M existing", ("`generate_codes_packed`, 8 chars",), 2,
     "{:.2f} M/s", "≥ 20 M/s", lambda x: x >= 20, (("`generate_codes_packed`, 8 chars",), 3, "{} naive Rust")),
    ("core `generate_all`, 1M multilingual partners", ("`generate_all`, 1M multilingual partners",), 2,
     "{:.2f} M/s", "≥ 5 M/s", lambda x: x >= 5, (("`generate_all_packed`, 1M multilingual",), 2, "packed: {} M/s")),
    ("Python `generate_all` (dict partners)", ("promocode `generate_all`",), 2,
     "{:.2f} M/s", "≥ 2 M/s", lambda x: x >= 2, (("`generate_all`, 1M multilingual partners",), 2, "the core: {} M/s")),
    ("Node napi `generateCodes`", ("promocode (napi)", "codes, 8 chars"), 5,
     "{:.2f}× `referral-codes`", "≥ 4×", lambda x: x >= 4, (("promocode (napi)", "codes, 8 chars"), 4, "{}/s")),
    ("WASM in Node `generateCodes`", ("promocode (wasm)", "codes, 8 chars"), 5,
     "{:.2f}× `referral-codes`", "≥ 2×", lambda x: x >= 2, (("promocode (wasm)", "codes, 8 chars"), 4, "{}/s")),
    ("Node napi `generateAll`", ("promocode (napi)", "generateAll"), 4,
     "{:.2f} M/s", "≥ 2 M/s", lambda x: x >= 2, (("promocode (wasm)", "generateAll"), 4, "WASM build: {}/s")),
    ("preview page, first refresh after load (20 partners)", ("first refresh",), 1,
     "{:.1f} ms", "≤ 5 ms", lambda x: x <= 5, None),
]


def main(path):
    text = open(path, encoding="utf-8").read()
    print("## Issue 17: speed targets, this run")
    print()
    print("| what | this run | target | |")
    print("|---|---|---|---|")
    for label, needles, column, shown, target, met, beside in TARGETS:
        cells = find(text, *needles)
        value = number(cells[column]) if cells and len(cells) > column else None
        if value is None:
            print(f"| {label} | not measured | {target} | — |")
            continue
        figure = shown.format(value)
        if beside:
            other = find(text, *beside[0])
            if other and len(other) > beside[1]:
                figure += f" ({beside[2].format(other[beside[1]])})"
        print(f"| {label} | {figure} | {target} | {'met' if met(value) else 'missed'} |")


if __name__ == "__main__":
    main(sys.argv[1])
