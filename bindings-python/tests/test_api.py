"""The Python surface (SPEC §9): arguments, conversions, return types."""

from __future__ import annotations

import collections
import enum
import fractions
import types
from typing import Any, Dict, Iterator

import pytest

import promocode
from promocode import Format, Generator, PromocodeError, PromocodeTypeError


def test_format_is_keyword_only_and_checks_option_names() -> None:
    with pytest.raises(TypeError):
        Format("PARTNER")  # type: ignore[misc]
    with pytest.raises(PromocodeError) as info:
        Format(platfrom="stripe")  # type: ignore[call-arg]
    assert info.value.code == "unknown_option" and "did you mean `platform`?" in str(info.value)
    with pytest.raises(PromocodeError) as info:
        Format(colour="red")  # type: ignore[call-arg]
    assert str(info.value) == "unknown option `colour`; check the spelling against the documented options"


def test_format_defaults_are_the_cores() -> None:
    # None means "the default", exactly as leaving the option out.
    a = Format(prefix="P", random=4, platform=None, case=None, separator=None, alphabet=None, max_length=None)
    b = Format(prefix="P", random=4)
    assert a.render({}, seed=9) == b.render({}, seed=9) == "P-" + b.render({}, seed=9)[2:]
    assert repr(a) == "Format(prefix='P', random=4)"
    with pytest.raises(PromocodeError) as info:
        Format()
    assert info.value.code == "empty_format"


def test_spec_examples() -> None:
    john = {"name": "John", "surname": "Doe"}
    assert Format(name=True, discount=20).render(john) == "JOHN20"
    code = Format(prefix="PARTNER", name=True, random=2, platform="stripe").render(john)
    assert code.startswith("PARTNER-JOHN-") and len(code) == 15
    assert Format(name=True, surname=True, discount=15).render(john) == "JOHNDOE15"
    assert Format(name=True, platform="woocommerce", discount=5).render(john) == "john5"


def test_entropy_bits() -> None:
    assert Format(name=True).entropy_bits == 0.0
    assert abs(Format(random=8).entropy_bits - 38.0) < 0.1


def test_partners_are_any_mapping_with_extra_keys_ignored() -> None:
    fmt = Format(name=True, surname=True, email=True)

    class Record(collections.abc.Mapping):
        def __init__(self, **kw: Any) -> None:
            self._d = kw

        def __getitem__(self, k: str) -> Any:
            return self._d[k]

        def __iter__(self) -> Iterator[str]:
            return iter(self._d)

        def __len__(self) -> int:
            return len(self._d)

    expected = "JOHNDOEJD"
    base = {"name": "John", "surname": "Doe", "email": "j.d+promo@example.com"}
    for partner in (
        base,
        types.MappingProxyType(base),
        collections.OrderedDict(base),
        Record(**base),
        {**base, "id": 7, "created_at": object(), "tags": {"deep": [[[[]]]]}, 3: "int key"},
    ):
        assert fmt.render(partner) == expected
    assert fmt.render({"name": "John", "surname": None, "email": None, "id": None}) == "JOHN"
    with pytest.raises(PromocodeTypeError) as info:
        fmt.render({"name": "John", "id": [1]})
    assert info.value.field == "id"


def test_render_seed() -> None:
    fmt = Format(prefix="PARTNER", name=True, random=2)
    assert fmt.render({"name": "Ann"}, seed=7) == fmt.render({"name": "Ann"}, seed=7)
    assert fmt.render({"name": "Ann"}, seed=2**64 - 1) == Format(prefix="PARTNER", name=True, random=2).render(
        {"name": "Ann"}, seed=2**64 - 1)
    with pytest.raises(PromocodeTypeError):
        fmt.render({"name": "Ann"}, seed="7")


def test_generator_basics() -> None:
    fmt = Format(name=True, discount=20)
    gen = Generator(fmt, existing=("john20",))
    assert gen.generate({"name": "John"}) == "JOHN20-2"
    assert gen.generate({"name": "John"}) == "JOHN20-3"
    assert gen.contains("John20-2") and not gen.contains("JOHN20-4")
    assert len(gen) == 3 and gen.remaining is None
    assert gen.add_existing(["JOHN20-4", "john20-4", "JANE20"]) == 2
    assert len(gen) == 5
    assert repr(gen) == "Generator(Format(name=True, discount=20), len=5)"


def test_generator_existing_and_add_existing_take_any_iterable() -> None:
    fmt = Format(random=1, alphabet="ABC")
    assert Generator(fmt, existing=(c for c in ["A", "b"])).remaining == 1
    assert Generator(fmt, existing={"A"}).remaining == 2
    assert Generator(fmt, existing=None).remaining == 3
    gen = Generator(fmt)
    assert gen.add_existing(iter(["c"])) == 1 and gen.remaining == 2
    with pytest.raises(PromocodeTypeError) as info:
        Generator(fmt, existing="ABC")
    assert info.value.field == "existing"
    with pytest.raises(PromocodeTypeError) as info:
        gen.add_existing(["A", 3])
    assert info.value.field == "codes[1]"
    with pytest.raises(PromocodeTypeError) as info:
        Generator({"random": 4})  # type: ignore[arg-type]
    assert info.value.field == "format"


def test_generate_codes() -> None:
    gen = Generator(Format(prefix="SUMMER", random=2), seed=3)
    remaining = gen.remaining
    assert isinstance(remaining, int) and remaining > 600
    codes = gen.generate_codes(remaining)
    assert len(set(codes)) == len(codes) == remaining and all(c.startswith("SUMMER-") for c in codes)
    assert gen.remaining == 0
    with pytest.raises(PromocodeError) as info:
        gen.generate_codes(1)
    assert info.value.code == "code_space_exhausted"
    with pytest.raises(PromocodeError) as info:
        Generator(Format(name=True)).generate_codes(1)
    assert info.value.code == "needs_partner"
    for bad, code in [(True, "invalid_type"), (-1, "invalid_value"), (1.5, "invalid_value"), ("3", "invalid_type")]:
        with pytest.raises(PromocodeError) as info:
            gen.generate_codes(bad)
        assert info.value.code == code
    assert Generator(Format(random=8)).generate_codes(0) == []
    assert Generator(Format(random=80)).remaining == 2**128 - 1  # saturated: 27^80 is beyond u128


def test_generate_codes_feasibility_is_checked_up_front() -> None:
    gen = Generator(Format(random=2))
    with pytest.raises(PromocodeError) as info:
        gen.generate_codes(1_000_000)
    assert info.value.code == "code_space_exhausted" and len(gen) == 0


def test_generate_all_streams_any_iterable() -> None:
    gen = Generator(Format(name=True, random=3), seed=1)

    def partners() -> Iterator[Dict[str, str]]:
        for i in range(1000):
            yield {"name": f"p{i}"}

    codes = gen.generate_all(partners())
    assert len(codes) == len(set(codes)) == 1000 == len(gen)
    assert gen.generate_all([]) == [] and gen.generate_all(()) == []
    assert len(gen.generate_all(({"name": "x"},) * 5)) == 5


def test_generate_all_rejects_wrong_partner_types_before_issuing_anything() -> None:
    gen = Generator(Format(name=True))
    with pytest.raises(PromocodeTypeError) as info:
        gen.generate_all([{"name": "Ann"}, {"name": "Bob"}, {"name": 3}])
    assert info.value.field == "partners[2].name"
    with pytest.raises(PromocodeTypeError) as info:
        gen.generate_all([{"name": "Ann"}, "Bob"])
    assert info.value.field == "partners[1]"
    assert len(gen) == 0
    for not_a_list in ({"name": "Ann"}, "Ann", 3, None):
        with pytest.raises(PromocodeTypeError) as info:
            gen.generate_all(not_a_list)  # type: ignore[arg-type]
        assert info.value.field == "partners"


def test_generate_all_of_a_million_partners() -> None:
    gen = Generator(Format(name=True, surname=True, discount=15), seed=1)
    names = ["Ann", "José", "张伟", "Søren", "Иван", "O'Brien", "Zoë", "Łukasz"]
    codes = gen.generate_all({"name": names[i % 8], "surname": str(i), "id": i} for i in range(1_000_000))
    assert len(codes) == 1_000_000 == len(gen)
    assert codes[:3] == ["ANN015", "JOSE115", "ZHANGWEI215"]
    assert codes[-1] == "LUKASZ99999915"


def test_numbers_and_number_like_values() -> None:
    class Size(enum.IntEnum):
        FOUR = 4

    assert len(Format(random=Size.FOUR).render({}, seed=1)) == 4
    assert Format(name=True, discount=fractions.Fraction(25, 2)).render({"name": "a"}) == "A12"
    assert Format(name=True, discount=20.99).render({"name": "a"}) == "A20"
    assert Format(name=True).render({"name": "a", "id": 2**63}) == "A"


def test_report_and_issue() -> None:
    report = promocode.validate("PARTNER-JOHN-XY", "paddle")
    assert not report.valid and [(i.code, i.position) for i in report.issues] == [
        ("invalid_character", 7), ("invalid_character", 12)]
    issue = report.issues[0]
    assert issue.message == "`-` at position 7 is not allowed on paddle; use A-Z, a-z and 0-9"
    assert repr(issue) == ("Issue(code='invalid_character', position=7, "
                           "message='`-` at position 7 is not allowed on paddle; use A-Z, a-z and 0-9')")
    assert repr(report).startswith("Report(valid=False, issues=[Issue(code='invalid_character'")
    assert report == promocode.validate("PARTNER-JOHN-XY", "PADDLE") and hash(report) == hash(
        promocode.validate("PARTNER-JOHN-XY", "paddle"))
    assert report != promocode.validate("PARTNER-JOHN-XY", "stripe")
    assert issue == promocode.validate("PARTNER-JOHN-XY", "paddle").issues[0] and issue != report.issues[1]
    assert len({issue, report.issues[0], report.issues[1]}) == 2
    ok = promocode.validate("JOHN20")
    assert ok.valid and ok.issues == [] and repr(ok) == "Report(valid=True, issues=[])"
    with pytest.raises(AttributeError):
        report.valid = True  # type: ignore[misc]
    with pytest.raises(AttributeError):
        issue.code = "x"  # type: ignore[misc]
    too_long = promocode.validate("A" * 40, "paddle").issues[0]
    assert too_long.code == "too_long" and too_long.position is None


def test_validate_normalize_canonical_key() -> None:
    assert promocode.validate("JOHN_20").valid and promocode.validate("JOHN_20", None).valid
    assert not promocode.validate("JOHN_20", "stripe").valid
    with pytest.raises(PromocodeError) as info:
        promocode.validate("X", "myspace")
    assert info.value.code == "unknown_platform" and info.value.field == "platform"
    assert promocode.normalize("JOHN20", "woocommerce") == "john20"
    with pytest.raises(PromocodeError) as info:
        promocode.normalize("  JOHN<b>20</b>\\ ", "woocommerce")
    assert info.value.code == "invalid_code"
    assert promocode.normalize("John20", "stripe") == "John20" == promocode.normalize("John20")
    assert {promocode.canonical_key(c) for c in ("john20", "JOHN20", "ＪＯＨＮ２０", "jöhn20")} == {"john20"}


def test_coupons() -> None:
    request = {"coupon_discount_type": "percent", "coupon_discount_amount": 20, "coupon_duration_type": "once",
               "sync": {"provider": "stripe"}, "unknown": {"any": ["json"]}}
    coupon = promocode.validate_coupon(request, connected=("stripe",), seed=7)
    assert coupon["uuid_code"] == "XVFVRGNJGKHS" and coupon["name"] == "XVFVRGNJGKHS"
    assert coupon["sync"] == {"provider": "stripe"} and "unknown" not in coupon
    assert coupon == promocode.validate_coupon(coupon, connected=iter(["STRIPE"]), seed=1)
    code = promocode.validate_promotion_code({"coupon_uuid": "SPRING", "code": " JOHN20 "})
    assert code["code"] == "JOHN20" and code["times_redeemed"] == 0
    order = {"amount": 20, "date": "2026-01-01T00:30:00+01:00", "first_order": False}
    rules = {"first_time_order": True, "minimum_order_status": True, "minimum_order_value": 50,
             "expiration_date_status": True, "expiration_date_value": "2025-12-31"}
    assert promocode.check_redemption(rules, {"active": True}, order) == ["not_first_order", "below_minimum_order"]
    assert promocode.check_redemption({}, {}, {**order, "first_order": True}) == []
    assert promocode.attribute("p-code", "p-cookie") == {"partner": "p-code", "source": "promotion_code"}
    assert promocode.attribute(None, "p-cookie") == {"partner": "p-cookie", "source": "referral_cookie"}
    assert promocode.attribute(referral_cookie_partner="c") == {"partner": "c", "source": "referral_cookie"}
    assert promocode.attribute(" ", None) is None and promocode.attribute() is None
    with pytest.raises(PromocodeTypeError):
        promocode.attribute(42)  # type: ignore[arg-type]


def test_module_surface_is_exactly_the_documented_one() -> None:
    public = {n for n in dir(promocode) if not n.startswith("_")}
    assert public == set(promocode.__all__) - {"__version__"}


def test_generate_all_registers_its_codes_in_the_lookup_index() -> None:
    # The lookup index only changes speed: after a batch (with a partner that
    # failed) typos find the same codes with and without it.
    partners = [{"name": "Ann"}, {}, {"name": "Bob"}, {"name": "ann"}]
    found = []
    for index in (False, True):
        gen = promocode.Generator(promocode.Format(name=True, discount=20), lookup_index=index)
        with pytest.raises(promocode.BatchError) as err:
            gen.generate_all(partners)
        assert err.value.codes == ["ANN20", None, "BOB20", "ANN20-2"]
        found.append([gen.suggest(typo) for typo in ("ANM20", "B0B20", "ANN20-3")])
    assert found[0] == found[1]
    assert [[s.code for s in typo] for typo in found[1]][:2] == [["ANN20"], ["BOB20"]]


def test_partner_dicts_read_alike_whatever_their_keys() -> None:
    # Literal (interned) keys, keys built at run time, a str subclass, a key
    # that is no str, a lone surrogate, a wide record: the same partner.
    class Key(str):
        pass

    plain = {"name": "Ann", "surname": "Lee", "id": 7}
    variants = [
        {"".join(["na", "me"]): "Ann", "".join(["sur", "name"]): "Lee", "id": 7},
        {Key("name"): "Ann", Key("surname"): "Lee", "id": 7},
        {1: "x", "name": "Ann", "surname": "Lee", "id": 7},
        {"\ud800": "x", "name": "Ann", "surname": "Lee", "id": 7},
        {**{f"extra{i}": i for i in range(20)}, "name": "Ann", "surname": "Lee", "id": 7},
    ]
    fmt = Format(name=True, surname=True)
    expected = Generator(fmt).generate_all([plain])
    assert expected == [fmt.render(plain)]
    for partner in variants:
        assert Generator(fmt).generate_all([partner]) == expected, partner
    with pytest.raises(PromocodeTypeError, match=r"`partners\[1\]\.name` must be a string, got integer"):
        Generator(fmt).generate_all([plain, {"".join(["na", "me"]): 3}])
