#!/usr/bin/env python3
"""Generated corpora for oracles/run.sh, one hex-encoded UTF-8 string per line.

- `collation TRANSLIT_FILE`: strings for the MariaDB collation oracle: single code
  points of Latin (with strokes, hooks, ligatures), Greek, Cyrillic, Hebrew,
  Arabic, fullwidth and letterlike forms, decimal digits of every script,
  default-ignorable and format code points, combining marks, every code point a
  transliteration table covers below U+3000 and every string the tables emit
  (TRANSLIT_FILE: `oracle translit` output); each also between two letters
  (`a?b`), and base letters with each combining mark.
- `hostile`: inputs for the WooCommerce chain: entities, tags, comments,
  backslashes, quotes, whitespace and invisible characters at the ends, C0/C1
  controls, ß/ẞ, İ/ı, Σ/ς, fullwidth, NFD, emoji, newer case pairs, and a few
  300,000-character strings. Deterministic (fixed seed).
- `codepoints`: every Unicode scalar value as a one-character string.
"""
import random
import sys
import unicodedata

RANGES = [
    (0x20, 0x24F), (0x250, 0x2FF), (0x1D00, 0x1DBF), (0x1E00, 0x1EFF), (0x2C60, 0x2C7F),
    (0xA720, 0xA7FF), (0xAB30, 0xAB6F), (0xFB00, 0xFB06),
    (0x370, 0x3FF), (0x1F00, 0x1FFF),
    (0x400, 0x52F), (0x1C80, 0x1C8F), (0x2DE0, 0x2DFF), (0xA640, 0xA69F),
    (0x590, 0x6FF),
    (0xFF00, 0xFFEF), (0x2100, 0x218F), (0x2460, 0x24FF), (0x3200, 0x32FF), (0x1F100, 0x1F1FF),
    (0x300, 0x36F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F),
    (0x1100, 0x11FF), (0x3130, 0x318F),
]
# Default-ignorable and format code points (DerivedCoreProperties, General_Category Cf).
INVISIBLE = [
    (0xAD, 0xAD), (0x34F, 0x34F), (0x600, 0x605), (0x61C, 0x61C), (0x6DD, 0x6DD), (0x70F, 0x70F),
    (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x2028, 0x202E),
    (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFFB), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE007F), (0xE0100, 0xE01EF),
    (0x0, 0x1F), (0x7F, 0x9F),
]


def emit(s):
    sys.stdout.write(s.encode("utf-8", "surrogatepass").hex() + "\n")


def collation(translit_file):
    singles = set()
    for lo, hi in RANGES + INVISIBLE:
        singles.update(range(lo, hi + 1))
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        if unicodedata.category(chr(cp)) == "Nd":
            singles.add(cp)
    outputs = set()
    with open(translit_file) as f:
        for line in f:
            cp, out = line.split()
            if int(cp, 16) < 0x3000:
                singles.add(int(cp, 16))
            outputs.add(out)
    strings = set()
    for cp in sorted(singles):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        strings.add(c)
        strings.add("a" + c + "b")
    strings.update(outputs)
    strings.update(o.upper() for o in outputs)
    for base in "aeiouncAEIOUNCαεηιουωΑΩиеуИЕ":
        for mark in range(0x300, 0x370):
            strings.add(base + chr(mark))
    for s in sorted(strings):
        emit(s)


PIECES = [
    # entities
    "&amp;", "&amp;amp;", "&#65;", "&#x41;", "&lt;", "&gt;", "&quot;", "&#039;", "&apos;", "&nbsp;", "&eacute;",
    "&Eacute;", "&bogus;", "&", "&#", "&#0;", "&#xD800;", "&#1114112;", "&#8203;", "&hellip;", "&euro;",
    # tags and comments
    "<b>", "</b>", "<i>x</i>", "<script>alert(1)</script>", "<", ">", "< b", "<3", "a<b", "<!-- c -->", "<!--",
    "-->", "<!x>", "</ 1>", "<a href='x'>", "<br/>", "<<>>", "<b", "x>y",
    # backslashes and quotes
    "\\", "\\\\", "\\'", "'", '"', "\\0", "\\x", "`", "%20", "%",
    # whitespace and invisible characters
    " ", "  ", "\t", "\n", "\r", "\x0b", "\x0c", "\x00", "\u00a0", "\u2003", "\u3000", "\u200b", "\ufeff",
    "\u2028", "\u2029", "\u202e", "\u2060", "\u00ad", "\u180e", "\U000e0041",
    # controls
    "\x01", "\x08", "\x1b", "\x1f", "\x7f", "\x80", "\x85", "\x9f",
    # letters
    "ß", "ẞ", "İ", "ı", "I", "i", "Σ", "ς", "σ", "ΣΑΣ", "ΟΔΟΣ", "Ǆ", "ǅ", "ǆ", "ﬁ", "Ａ", "ｚ", "１", "Ⅻ", "①",
    "e\u0301", "E\u0301", "\u0301", "a\u0308", "ñ", "Ñ", "ø", "Ø", "ł", "Ł", "æ", "Æ", "œ", "đ", "ð", "þ",
    "😀", "👩\u200d💻", "🇩🇪", "❤\ufe0f", "Ꞔ", "\ua7cb", "ɤ", "Ɐ", "ᾳ", "ᾼ", "ŉ", "ǰ", "Ω", "K", "Å",
    "JOHN", "john", "John", "20", "0", "-", "_", "SUMMER", "sale", "Иван", "ΑΘΗΝΑ", "张伟", "한국", "ا",
]


def hostile():
    rnd = random.Random(12)
    out = []
    out.extend(PIECES)
    for p in PIECES:
        out.extend(["JOHN" + p + "20", p + "JOHN", "JOHN" + p, " " + p + " "])
    for _ in range(12000):
        n = rnd.randint(1, 6)
        out.append("".join(rnd.choice(PIECES) for _ in range(n)))
    for _ in range(3000):
        out.append(rnd.choice(["JOHN", "Ann", "SUMMER-"]) + "".join(rnd.choice(PIECES) for _ in range(2)) + "20")
    out.extend([
        "a" * 300_000, "Ä" * 300_000, ("<b>x" * 75_000), "&amp;" * 60_000, " " + "X" * 299_998 + "\u00a0",
        "\\" * 300_000, "İ" * 300_000,
    ])
    for s in out:
        emit(s)


def codepoints():
    for cp in range(0x110000):
        if not 0xD800 <= cp <= 0xDFFF:
            emit(chr(cp))


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "collation":
        collation(sys.argv[2])
    elif mode == "hostile":
        hostile()
    elif mode == "codepoints":
        codepoints()
    else:
        sys.exit(f"unknown mode {mode}")
