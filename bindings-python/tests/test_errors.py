"""Every exception class, its attributes, and the ERROR_CODES catalogue."""

from __future__ import annotations

import pickle
import re

import pytest

import promocode
from promocode import BatchError, CouponValidationError, PromocodeError, PromocodeTypeError

CATALOGUE = [
    "unknown_option", "invalid_type", "invalid_value", "unknown_platform", "invalid_case", "invalid_discount",
    "invalid_alphabet", "invalid_character", "unknown_placeholder", "unbalanced_brace", "invalid_placeholder",
    "unused_setting", "empty_format", "too_long", "empty_partner", "code_space_exhausted", "needs_partner",
    "invalid_seed", "input_too_deep", "batch_failed", "validation_failed", "random_unavailable",
    "internal_error",
    "invalid_store", "store_unavailable", "not_a_store", "store_corrupt", "store_key_version", "store_read_only",
    "unknown_locale", "reading_required", "invalid_code",
    "partner_id_required", "code_taken", "partner_has_code",
]


def test_hierarchy() -> None:
    assert issubclass(PromocodeError, ValueError)
    assert issubclass(PromocodeTypeError, PromocodeError) and issubclass(PromocodeTypeError, TypeError)
    assert issubclass(BatchError, PromocodeError) and issubclass(CouponValidationError, PromocodeError)
    assert not issubclass(BatchError, TypeError)
    for cls in (PromocodeError, PromocodeTypeError, BatchError, CouponValidationError):
        assert cls.__module__ == "promocode._errors" and cls.__doc__


def test_error_codes_catalogue() -> None:
    codes = promocode.ERROR_CODES
    assert list(codes) == CATALOGUE
    for code, template in codes.items():
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", code)
        assert template and not template[0].isupper()
    with pytest.raises(TypeError):
        codes["x"] = "y"  # type: ignore[index]
    assert "{field}" in codes["invalid_type"]


def test_constants() -> None:
    assert promocode.DEFAULT_ALPHABET == "23456789BCDFGHJKMNPQRSTVWXZ"
    assert promocode.PLATFORMS == ("generic", "stripe", "stripe-legacy", "paddle", "shopify", "woocommerce",
                                   "partnero", "partnero-coupon")
    assert promocode.REDEMPTION_REASONS[0] == "coupon_inactive" and len(promocode.REDEMPTION_REASONS) == 10
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", promocode.__version__)


def test_promocode_error_attributes() -> None:
    with pytest.raises(PromocodeError) as info:
        promocode.Format(name=True, max_lenght=10)
    e = info.value
    assert type(e) is PromocodeError
    assert e.code == "unknown_option" and e.field == "max_lenght" and e.position is None
    assert str(e) == e.message == "unknown option `max_lenght`; did you mean `max_length`?"
    assert e.details == {"code": "unknown_option", "message": e.message, "field": "max_lenght"}
    assert repr(e) == f"PromocodeError({e.message!r}, code='unknown_option')"
    assert isinstance(e, ValueError)


def test_position_and_details() -> None:
    with pytest.raises(PromocodeError) as info:
        promocode.Format(template="{name}-{nmae}", name=True)
    assert (info.value.code, info.value.position, info.value.field) == ("unknown_placeholder", 7, "template")
    with pytest.raises(PromocodeError) as info:
        promocode.Generator(promocode.Format(random=1, alphabet="AB")).generate_codes(3)
    e = info.value
    assert e.code == "code_space_exhausted" and e.details["requested"] == 3 and e.details["available"] == 2
    with pytest.raises(PromocodeError) as info:
        promocode.Format(name=True, discount=20).render({})
    assert info.value.code == "empty_partner" and info.value.details["fields"] == ["name"]


def test_type_error_is_a_type_error_naming_the_field() -> None:
    with pytest.raises(TypeError) as info:
        promocode.Format(name="yes")
    e = info.value
    assert isinstance(e, PromocodeTypeError) and isinstance(e, ValueError)
    assert e.code == "invalid_type" and e.field == "name"
    assert str(e) == "`name` must be true or false, got string"
    with pytest.raises(PromocodeTypeError) as info:
        promocode.Format(name=True).render({"name": ["Ann"]})
    assert info.value.field == "name" and str(info.value) == "`name` must be a string, got array"
    with pytest.raises(PromocodeTypeError) as info:
        promocode.Format(name=True).render("Ann")
    assert info.value.field == "partner" and "got string" in str(info.value)
    with pytest.raises(PromocodeTypeError) as info:
        promocode.validate(20)
    assert info.value.field == "code"


def test_batch_error() -> None:
    gen = promocode.Generator(promocode.Format(name=True, discount=20))
    with pytest.raises(BatchError) as info:
        gen.generate_all([{"name": "Ann"}, {}, {"name": "😀"}, {"name": "ann"}])
    e = info.value
    assert e.code == "batch_failed" and str(e) == "2 of 4 partners failed; see `errors` for each one"
    assert e.codes == ["ANN20", None, None, "ANN20-2"]
    assert sorted(e.errors) == [1, 2]
    assert all(type(x) is PromocodeError and x.code == "empty_partner" for x in e.errors.values())
    assert e.details["code"] == "batch_failed"
    assert len(gen) == 2  # the codes that were issued stay issued, nothing for the failures


def test_coupon_validation_error() -> None:
    request = {"coupon_discount_type": "percent", "coupon_discount_amount": 120, "coupon_duration_type": "days"}
    with pytest.raises(CouponValidationError) as info:
        promocode.validate_coupon(request)
    e = info.value
    assert e.code == "validation_failed"
    assert e.body == {
        "message": "The coupon discount amount must be between 0 and 100. (and 1 more error)",
        "errors": {
            "coupon_discount_amount": ["The coupon discount amount must be between 0 and 100."],
            "coupon_duration_value": ["The coupon duration value field is required when coupon duration type is days."],
        },
    }
    assert str(e) == e.body["message"] and e.details["body"] == e.body
    assert list(e.body["errors"]) == ["coupon_discount_amount", "coupon_duration_value"]  # check order
    with pytest.raises(CouponValidationError) as info:
        promocode.validate_coupon({**request, "coupon_discount_amount": 20, "coupon_duration_value": 3,
                                   "sync": {"provider": "stripe"}})
    assert str(info.value) == "stripe is not connected for this program."


@pytest.mark.parametrize(
    "make",
    [
        lambda: PromocodeError("boom", code="too_long", position=3, field="prefix", details={"code": "too_long"}),
        lambda: PromocodeTypeError("bad", code="invalid_type", field="name"),
        lambda: BatchError("1 of 2", codes=["A", None], errors={1: PromocodeError("x", code="empty_partner")}),
        lambda: CouponValidationError("The x.", body={"message": "The x.", "errors": {"x": ["The x."]}}),
    ],
)
def test_constructible_and_picklable(make) -> None:
    e = make()
    again = pickle.loads(pickle.dumps(e))
    assert type(again) is type(e) and again.args == e.args and again.__dict__.keys() == e.__dict__.keys()
    assert str(again) == str(e) and again.code == e.code and again.details == e.details
    if isinstance(e, BatchError):
        assert again.codes == e.codes and again.errors[1].code == "empty_partner"
    if isinstance(e, CouponValidationError):
        assert again.body == e.body


def test_raised_errors_pickle() -> None:
    with pytest.raises(PromocodeError) as info:
        promocode.Format(prefix="A B")
    again = pickle.loads(pickle.dumps(info.value))
    assert (again.code, again.position, again.field) == ("invalid_character", 1, "prefix")


def test_misuse_errors_of_coupon_calls() -> None:
    with pytest.raises(PromocodeTypeError) as info:
        promocode.validate_coupon(["not", "a", "dict"])
    assert info.value.field == "request"
    with pytest.raises(PromocodeError) as info:
        promocode.validate_coupon({}, connected=["stripe", "myspace"])
    assert info.value.code == "invalid_value" and info.value.field == "connected"
    with pytest.raises(PromocodeTypeError) as info:
        promocode.validate_coupon({}, connected="stripe")
    assert info.value.field == "connected"
    with pytest.raises(PromocodeError) as info:
        promocode.check_redemption({}, {}, {"amount": -1, "date": "2024-01-01", "first_order": True})
    assert info.value.code == "invalid_value"


def test_a_panic_is_a_coded_internal_error_not_a_panic_exception() -> None:
    from promocode import _promocode

    for _ in range(20):
        with pytest.raises(PromocodeError) as info:
            _promocode._panic_for_tests()  # type: ignore[attr-defined]
        assert info.value.code == "internal_error"
        assert str(info.value).startswith("internal error in promocode (a panic for the tests of the panic guard)")
    assert promocode.Format(name=True, discount=20).render({"name": "Ann"}) == "ANN20"
