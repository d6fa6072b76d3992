"""Hostile input: lone surrogates, NUL, megabyte strings, emoji, every script,
values of every type, deep and self-referential nesting.

The contract: a call returns a clean result or raises a PromocodeError
subclass with a short, house-style message — never another exception, never
a crash of the interpreter (a Rust panic would surface as PanicException).
"""

from __future__ import annotations

import datetime
import decimal
import json
import math
from typing import Any, Dict, Optional

import pytest
from hypothesis import given, strategies as st

import promocode
from conftest import ROOT

PLATFORMS = list(promocode.PLATFORMS)
ISSUE_CODES = {"empty", "invalid_character", "too_long", "surrounding_whitespace", "more_issues", "unusable_code",
               "invisible_character", "lone_combining_mark", "untypeable_lowercase", "unportable_case"}
NAMES = json.loads((ROOT / "benches" / "data" / "names.json").read_text(encoding="utf-8"))
SCRIPTS = sorted(set(NAMES["first"]) | set(NAMES["last"]))
MEGABYTE = "ü😀a\udc80\x00" * 200_000

SPECIAL = [
    "\x00", "\ud800", "\udfff", "\ufffd", "😀", "👨‍👩‍👧", "🇩🇪", "\u0301", "ß", "İ", "ﬁ", "Ⅻ", "\u200d",
    "\u202e", "`", "{", "}", "{{", "}}", "{name", "{random:0}", "{random:999}", "{name:}", "<", ">", "&",
    "\\", " ", "\t", "\n", "-", "_", "@", "+",
]
hostile_char = st.one_of(
    st.characters(),
    st.characters(categories=["Cs"]),  # lone surrogates
    st.sampled_from([c for c in SPECIAL if len(c) == 1]),
)
hostile_text = st.one_of(
    st.text(hostile_char, max_size=40),
    st.sampled_from(SCRIPTS + SPECIAL),
    st.lists(st.sampled_from(SCRIPTS + SPECIAL), max_size=8).map("".join),
    st.builds(lambda c, n: c * n, hostile_char, st.integers(256, 5000)),
)
wild_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=2**63 - 2, max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True), hostile_text, st.binary(max_size=4),
    st.sampled_from([decimal.Decimal("12.5"), datetime.date(2024, 1, 1), object(), 1j, frozenset({1})]),
)
wild = st.recursive(
    wild_scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.one_of(hostile_text, st.integers()), inner, max_size=4),
    ),
    max_leaves=12,
)


def check_clean(err: BaseException, *, text: Optional[str] = None) -> None:
    """An error is clean: a PromocodeError with a catalogued code and a short message."""
    assert isinstance(err, promocode.PromocodeError), f"{type(err).__name__}: {err}"
    assert err.code in promocode.ERROR_CODES
    message = str(err)
    assert message and len(message) < 2_000, message[:200]
    if err.code != "validation_failed":
        assert not message[0].isupper(), message
    if err.position is not None and text is not None:
        assert 0 <= err.position <= len(text)


def check_code(code: Any, platform: str) -> None:
    assert isinstance(code, str) and code
    report = promocode.validate(code, platform)
    assert report.valid, (code, report)


def attempt(call: Any, *, text: Optional[str] = None) -> Any:
    """Runs `call`; returns its result, or None after checking the error is clean."""
    try:
        return call()
    except promocode.PromocodeError as err:
        check_clean(err, text=text)
        return None


# -- properties ------------------------------------------------------------------


@given(option=st.sampled_from(["prefix", "separator", "template", "alphabet"]), value=hostile_text,
       platform=st.sampled_from(PLATFORMS))
def test_literal_options_give_a_format_or_a_clean_error(option: str, value: str, platform: str) -> None:
    kwargs: Dict[str, Any] = {option: value, "platform": platform}
    if option in ("separator", "alphabet"):
        kwargs.update(name=True, random=3)
    fmt = attempt(lambda: promocode.Format(**kwargs), text=value)
    if fmt is not None:
        assert isinstance(fmt.entropy_bits, float) and fmt.entropy_bits >= 0
        code = attempt(lambda: fmt.render({"name": "Ann"}, seed=1))
        if code is not None:
            check_code(code, platform)


@given(name=hostile_text, surname=hostile_text, email=hostile_text, platform=st.sampled_from(PLATFORMS),
       random=st.integers(0, 3), german=st.booleans())
def test_personal_parts_give_a_valid_code_or_a_clean_error(
    name: str, surname: str, email: str, platform: str, random: int, german: bool
) -> None:
    fmt = promocode.Format(name=True, surname=True, email=True, random=random, platform=platform,
                           german_umlauts=german)
    code = attempt(lambda: fmt.render({"name": name, "surname": surname, "email": email}, seed=7))
    if code is not None:
        check_code(code, platform)
        assert len(code) <= {"paddle": 32, "partnero": 100}.get(platform, 500)


@given(code=hostile_text, platform=st.sampled_from(PLATFORMS))
def test_validate_normalize_and_canonical_key_never_raise(code: str, platform: str) -> None:
    report = promocode.validate(code, platform)
    assert report.valid == (not report.issues)
    for issue in report.issues:
        assert issue.code in ISSUE_CODES and issue.message and len(issue.message) < 2_000
        assert issue.position is None or 0 <= issue.position < len(code)
    if report.valid:
        assert isinstance(promocode.normalize(code, platform), str)
    else:
        with pytest.raises(promocode.PromocodeError) as info:
            promocode.normalize(code, platform)
        assert info.value.code == "invalid_code"
    assert isinstance(promocode.canonical_key(code), str)


@given(names=st.lists(hostile_text, min_size=1, max_size=30), platform=st.sampled_from(PLATFORMS),
       seed=st.integers(0, 2**64 - 1), random=st.integers(0, 2))
def test_generated_codes_validate_on_their_platform_and_are_unique(
    names: list, platform: str, seed: int, random: int
) -> None:
    gen = promocode.Generator(promocode.Format(name=True, discount=10, random=random, platform=platform), seed=seed)
    partners = [{"name": n} for n in names]
    try:
        codes = gen.generate_all(partners)
    except promocode.BatchError as err:
        assert len(err.codes) == len(partners)
        for i, e in err.errors.items():
            assert err.codes[i] is None
            check_clean(e)
            assert e.code in ("empty_partner", "code_space_exhausted")
        codes = [c for c in err.codes if c is not None]
    for code in codes:
        check_code(code, platform)
        assert gen.contains(code)
    keys = [promocode.canonical_key(c) for c in codes]
    assert len(set(keys)) == len(keys)
    assert len(gen) == len(codes)


@given(partner=wild)
def test_any_partner_value_gives_a_code_or_a_clean_error(partner: Any) -> None:
    fmt = promocode.Format(name=True, surname=True, email=True, random=2)
    attempt(lambda: fmt.render(partner, seed=3))
    if isinstance(partner, dict):
        for key in ("name", "surname", "email", "id"):
            attempt(lambda: fmt.render({**partner, key: partner}, seed=3))


@given(fields=st.dictionaries(st.sampled_from(["name", "surname", "email", "id", "extra"]), wild, max_size=5))
def test_partner_fields_of_any_type(fields: Dict[str, Any]) -> None:
    gen = promocode.Generator(promocode.Format(name=True, surname=True, random=1), seed=1)
    attempt(lambda: gen.generate(fields))


@given(options=st.dictionaries(
    st.sampled_from(["prefix", "name", "surname", "email", "discount", "random", "template", "separator",
                     "platform", "case", "alphabet", "max_length", "german_umlauts", "max_lenght", "Name", "rnd"]),
    wild, max_size=6))
def test_format_options_of_any_type(options: Dict[str, Any]) -> None:
    attempt(lambda: promocode.Format(**options))


@given(request=wild, connected=wild, seed=st.one_of(st.none(), st.integers(0, 2**64 - 1)))
def test_coupon_requests_of_any_shape(request: Any, connected: Any, seed: Optional[int]) -> None:
    out = attempt(lambda: promocode.validate_coupon(request, connected=connected, seed=seed))
    if out is not None:
        json.dumps(out, allow_nan=False)
    out = attempt(lambda: promocode.validate_promotion_code(request, seed=seed))
    if out is not None:
        json.dumps(out, allow_nan=False)
    attempt(lambda: promocode.check_redemption(request, request, request))


@given(seed=st.one_of(st.integers(), st.floats(), wild_scalar))
def test_seeds_of_any_value(seed: Any) -> None:
    code = attempt(lambda: promocode.Format(random=4).render({}, seed=seed))
    if isinstance(seed, int) and not isinstance(seed, bool) and 0 <= seed < 2**64:
        assert code is not None


@given(codes=st.lists(hostile_text, max_size=20), probe=hostile_text)
def test_existing_codes_of_any_text(codes: list, probe: str) -> None:
    gen = promocode.Generator(promocode.Format(random=6), existing=codes, seed=5)
    for c in codes:
        assert gen.contains(c)
    assert isinstance(gen.contains(probe), bool)
    for code in gen.generate_codes(5):
        assert promocode.canonical_key(code) not in {promocode.canonical_key(c) for c in codes}


# -- explicit hostile cases ------------------------------------------------------


def test_megabyte_strings_are_just_strings() -> None:
    fmt = promocode.Format(name=True, surname=True, discount=20)
    code = fmt.render({"name": MEGABYTE, "surname": "x" * 1_000_000})
    assert len(code) <= 255 and code.endswith("20")
    report = promocode.validate(MEGABYTE, "paddle")
    assert not report.valid and len(report.issues) <= 102
    assert report.issues[-1].code in ("too_long", "more_issues")
    assert isinstance(promocode.canonical_key(MEGABYTE), str)
    with pytest.raises(promocode.PromocodeError) as info:
        promocode.normalize(MEGABYTE, "woocommerce")
    assert info.value.code == "invalid_code"
    with pytest.raises(promocode.PromocodeError) as info:
        promocode.Format(prefix="A" * 1_000_000)
    check_clean(info.value)
    assert info.value.code == "too_long"
    gen = promocode.Generator(promocode.Format(random=8), existing=[MEGABYTE, "x" * 1_000_000])
    assert gen.contains(MEGABYTE) and len(gen) == 2


def test_nul_is_an_ordinary_character() -> None:
    assert promocode.Format(name=True).render({"name": "Jo\x00hn"}) == "JOHN"
    with pytest.raises(promocode.PromocodeError) as info:
        promocode.Format(prefix="AB\x00C")
    assert (info.value.code, info.value.position, info.value.field) == ("invalid_character", 2, "prefix")
    assert "U+0000" in str(info.value)
    report = promocode.validate("A\x00B")
    assert [(i.code, i.position) for i in report.issues] == [("invalid_character", 1)]


def test_each_lone_surrogate_is_one_replacement_character() -> None:
    # Positions are those of the Python string: one U+FFFD per surrogate, even
    # for a high/low pair (Python keeps them as two code points).
    report = promocode.validate("ab\ud83d\ude00c\udc80", "generic")
    assert [i.position for i in report.issues] == [2, 3, 5]
    with pytest.raises(promocode.PromocodeError) as info:
        promocode.Format(prefix="XY\ud800", platform="stripe")
    assert info.value.code == "invalid_character" and info.value.position == 2
    assert promocode.Format(name=True).render({"name": "Jo\udc80hn"}) == "JOHN"
    assert promocode.canonical_key("a\ud800") == promocode.canonical_key("a\ufffd")
    assert promocode.normalize("A\ud800", "woocommerce") == "a\ufffd"
    gen = promocode.Generator(promocode.Format(random=4), existing=["\ud800"])
    assert gen.contains("\udfff")  # both become U+FFFD


@pytest.mark.parametrize("depth, ok", [(63, True), (64, True), (65, False), (100_000, False)])
def test_nesting_depth_is_limited(depth: int, ok: bool) -> None:
    metadata: Any = "leaf"
    for _ in range(depth - 1):
        metadata = {"a": metadata}
    request = {"coupon_discount_type": "percent", "coupon_discount_amount": 20, "coupon_duration_type": "once",
               "metadata": metadata}
    if ok:
        assert promocode.validate_coupon(request, seed=1)["coupon_discount_amount"] == 20
    else:
        with pytest.raises(promocode.PromocodeError) as info:
            promocode.validate_coupon(request, seed=1)
        assert info.value.code == "input_too_deep"


def test_self_referential_input_is_too_deep() -> None:
    loop: list = []
    loop.append(loop)
    ring: dict = {}
    ring["a"] = ring
    for value in (loop, ring):
        with pytest.raises(promocode.PromocodeError) as info:
            promocode.validate_promotion_code({"coupon_uuid": "C", "metadata": value})
        assert info.value.code == "input_too_deep"
    # ...but only where it is read: a partner's extra keys are ignored.
    assert promocode.Format(name=True).render({"name": "Ann", "crm": ring}) == "ANN"


def test_deep_partner_value_is_a_clean_error() -> None:
    deep: Any = "x"
    for _ in range(10_000):
        deep = [deep]
    with pytest.raises(promocode.PromocodeError) as info:
        promocode.Format(name=True).render({"name": deep})
    assert info.value.code == "input_too_deep"


def test_numbers_the_core_judges() -> None:
    fmt = promocode.Format
    assert fmt(name=True, discount=decimal.Decimal("12.5")).render({"name": "a"}) == "A12"
    for amount, code in [(math.nan, "invalid_discount"), (-math.inf, "invalid_discount"), (-1, "invalid_discount"),
                         (10**400, "invalid_discount"), (True, "invalid_type"), ("20", "invalid_type")]:
        with pytest.raises(promocode.PromocodeError) as info:
            fmt(name=True, discount=amount)
        assert info.value.code == code, amount
    for count in (10**30, -(10**30), 2**64):
        with pytest.raises(promocode.PromocodeError) as info:
            fmt(random=count)
        assert info.value.code == "invalid_value"
    for seed in (2**64, -1, -(2**70), 10**5000):
        with pytest.raises(promocode.PromocodeError) as info:
            fmt(random=3).render({}, seed=seed)
        assert info.value.code == "invalid_seed" and len(str(info.value)) < 200
    assert fmt(random=3).render({}, seed=2**64 - 1) == fmt(random=3).render({}, seed=2**64 - 1)


def test_values_without_a_python_json_form_are_type_errors() -> None:
    for bad in (b"John", bytearray(b"J"), 1j, object(), datetime.date(2024, 1, 1)):
        with pytest.raises(promocode.PromocodeTypeError) as info:
            promocode.Format(name=True).render({"name": bad})
        assert info.value.field == "name"
    with pytest.raises(promocode.PromocodeTypeError) as info:
        promocode.validate_coupon({"metadata": {"a": [1, {2: "x"}]}})
    assert info.value.field == "metadata.a.1"
    with pytest.raises(promocode.PromocodeTypeError) as info:
        promocode.validate_coupon({"metadata": {"k" * 1000: b"x"}})
    assert len(str(info.value)) < 200


def test_user_exceptions_while_reading_input_propagate() -> None:
    class Boom(Exception):
        pass

    def partners():
        yield {"name": "Ann"}
        raise Boom("from the iterable")

    gen = promocode.Generator(promocode.Format(name=True))
    with pytest.raises(Boom):
        gen.generate_all(partners())
    assert len(gen) == 0  # nothing issued: every partner is read first

    class Angry(dict):
        pass

    class BadMapping:
        def __getitem__(self, key: str) -> str:
            raise Boom(key)

        def __iter__(self):  # pragma: no cover - not called
            return iter(())

        def __len__(self) -> int:
            return 0

    import collections.abc

    collections.abc.Mapping.register(BadMapping)
    with pytest.raises(Boom):
        gen.generate(BadMapping())
    assert gen.generate(Angry(name="Ann")) == "ANN"
