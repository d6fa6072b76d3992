"""The calls of issues 15, 16 and 21 as a user meets them (their shared vectors run
in test_vectors.py): explain, lookup answers as objects, the typo guard option,
and the partner fields locale / name_reading through render and generate_all."""

from __future__ import annotations

import pytest

import promocode


def test_explain_gives_the_code_and_its_warnings() -> None:
    fmt = promocode.Format(name=True, discount=20)
    out = fmt.explain({"name": "محمد"})
    assert out["code"] == "MHMD20"
    assert [(w["code"], w["field"]) for w in out["warnings"]] == [("abjad_without_vowels", "name")]
    assert isinstance(out["transliteration_version"], int)
    assert fmt.explain({"name": "John"})["warnings"] == []


def test_partner_locale_and_readings_reach_every_reader() -> None:
    fmt = promocode.Format(name=True, discount=20)
    assert fmt.render({"name": "Ганна", "locale": "uk"}) == "HANNA20"
    assert fmt.render({"name": "翔太", "name_reading": "しょうた"}) == "SHOTA20"
    gen = promocode.Generator(fmt)
    partners = [{"name": "Ганна", "locale": "uk"}, {"name": "翔太", "name_reading": "しょうた"}, {"name": "Ганна"}]
    assert gen.generate_all(partners) == ["HANNA20", "SHOTA20", "GANNA20"]
    assert promocode.Format(name=True, locale="uk").render({"name": "Ганна"}) == "HANNA"


def test_lookup_answers_with_attributes_and_typo_guard_is_an_option() -> None:
    gen = promocode.Generator(promocode.Format(name=True, discount=20), existing=["JOHN20", "MARY20"], typo_guard="warn")
    hit = gen.lookup("john20")
    assert (hit.kind, hit.code, hit.rule, hit.suggestions) == ("exact", "JOHN20", None, [])
    near = gen.lookup("JON20")
    assert near.kind == "suggest" and near.suggestions[0].code == "JOHN20"
    assert near.suggestions[0].distance == 1 and near.suggestions[0].score > 0
    assert [s.code for s in gen.suggest("JON20", 1)] == ["JOHN20"]
    with pytest.raises(promocode.PromocodeError) as e:
        promocode.Generator(promocode.Format(random=4), typo_guard="maybe")
    assert (e.value.code, e.value.field) == ("invalid_value", "typo_guard")
    with pytest.raises(promocode.PromocodeTypeError):
        gen.lookup(5)  # type: ignore[arg-type]


def test_platform_rules_are_the_core_facts() -> None:
    rules = promocode.PLATFORM_RULES
    assert list(rules) == list(promocode.PLATFORMS)
    assert rules["woocommerce"]["lowercased"] and rules["woocommerce"]["case"] == "lower"
    assert rules["paddle"] == {**rules["paddle"], "length": 32, "separator": False}
    for name, r in rules.items():
        assert promocode.validate("A" * r["length"], platform=name).valid
        assert not promocode.validate("A" * (r["length"] + 1), platform=name).valid
        assert promocode.validate("A-A", platform=name).valid == r["separator"]
