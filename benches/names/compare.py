"""How many real names get a different code from transliteration v2 than from the
character-by-character reading of v1 (which equals `anyascii`), per script.

The corpus is every first- and last-name list of PyPI `faker` (names the rules were
not written from). A first name renders as `Format(name=True)`, a last name as
`Format(surname=True)`; "hinted" renders again with the locale hint the faker locale
implies (`uk`, `bg`, `zh-TW`, `ja`, `de`). Prints a Markdown table.

    python benches/names/compare.py            # needs promocode, faker, anyascii
    (benches/names/run.sh makes a venv with faker and anyascii and runs this)
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
import unicodedata
from collections import defaultdict

import anyascii
import faker.providers.person as person
import promocode

HINTS = {"uk": "uk", "bg": "bg", "zh_TW": "zh-TW", "ja": "ja", "de": "de"}


def hint_of(locale: str) -> str | None:
    for prefix, hint in HINTS.items():
        if locale == prefix or locale.startswith(prefix + "_") or locale.startswith(prefix):
            return hint
    return None


def names_of(provider: type, attrs: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for attr in attrs:
        value = getattr(provider, attr, None)
        if isinstance(value, (list, tuple, dict)):
            out.update(n for n in value if isinstance(n, str))
    return out


def script_of(name: str) -> str:
    for ch in name:
        if ch.isalpha():
            word = unicodedata.name(ch, "UNKNOWN").split()[0]
            return {"HIRAGANA": "KANA", "KATAKANA": "KANA", "CJK": "HAN"}.get(word, word)
    return "OTHER"


def v1(name: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", anyascii.anyascii(name).upper())


def render(fmt: promocode.Format, field: str, name: str, locale: str | None) -> str:
    partner = {field: name}
    if locale:
        partner["locale"] = locale
    try:
        return fmt.render(partner)
    except promocode.PromocodeError as err:
        return f"<{err.code}>"


def main() -> None:
    formats = {"name": promocode.Format(name=True), "surname": promocode.Format(surname=True)}
    seen: set[tuple[str, str, str | None]] = set()
    stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    examples: dict[str, list[str]] = defaultdict(list)
    for mod in pkgutil.iter_modules(person.__path__):
        locale = mod.name
        provider = importlib.import_module(f"{person.__name__}.{locale}").Provider
        hint = hint_of(locale)
        lists = {
            "name": names_of(provider, ("first_names", "first_names_female", "first_names_male")),
            "surname": names_of(provider, ("last_names",)),
        }
        for field, names in lists.items():
            for name in sorted(names):
                if (field, name, hint) in seen or name.isascii():
                    continue
                seen.add((field, name, hint))
                script = script_of(name)
                before = v1(name)
                after = render(formats[field], field, name, None)
                s = stats[script]
                s["names"] += 1
                s["changed"] += after != before
                s["no code before"] += before == ""
                s["no code after"] += after.startswith("<")
                if hint:
                    hinted = render(formats[field], field, name, hint)
                    s["hinted"] += 1
                    s["hint changed"] += hinted != after
                if after != before and len(examples[script]) < 3 and not after.startswith("<"):
                    examples[script].append(f"{name}: `{before or '∅'}`→`{after}`")
    print("| script | names | changed by v2 | no code v1 | no code v2 | with a hint | changed by the hint | examples |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    total = defaultdict(int)
    for script, s in sorted(stats.items(), key=lambda kv: -kv[1]["names"]):
        for k, v in s.items():
            total[k] += v
        pct = 100 * s["changed"] / s["names"]
        print(
            f"| {script.lower()} | {s['names']:,} | {s['changed']:,} ({pct:.0f} %) | {s['no code before']:,} | "
            f"{s['no code after']:,} | {s['hinted']:,} | {s['hint changed']:,} | {'; '.join(examples[script])} |"
        )
    pct = 100 * total["changed"] / max(total["names"], 1)
    print(
        f"| all | {total['names']:,} | {total['changed']:,} ({pct:.0f} %) | {total['no code before']:,} | "
        f"{total['no code after']:,} | {total['hinted']:,} | {total['hint changed']:,} | |"
    )
    version = formats["name"].explain({"name": "a"})["transliteration_version"]
    print(f"\ntransliteration version {version}; faker {importlib.import_module('faker').VERSION}", file=sys.stderr)


if __name__ == "__main__":
    main()
