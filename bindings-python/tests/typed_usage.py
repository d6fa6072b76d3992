"""Typed use of the promocode API: `mypy --strict` must accept this file (and
the wrong calls at the end must be flagged, see test_types.py)."""

from __future__ import annotations

from typing import Dict, List, Mapping, Optional

import promocode
from promocode import Attribution, BatchError, Format, Generator, Issue, PromocodeError, Report

fmt: Format = promocode.Format(prefix="PARTNER", name=True, random=2, platform="stripe", case="upper")
bits: float = fmt.entropy_bits
preview: str = fmt.render({"name": "John", "surname": "Doe", "id": 7}, seed=42)

gen: Generator = Generator(fmt, existing=("PARTNER-JOHN-XY",), seed=1)
one: str = gen.generate({"name": "Ann"})
partners: List[Dict[str, str]] = [{"name": "José"}, {"name": "张伟"}]
try:
    codes: List[str] = gen.generate_all(p for p in partners)
except BatchError as err:
    aligned: List[Optional[str]] = err.codes
    failures: Dict[int, PromocodeError] = err.errors
bulk: List[str] = Generator(Format(random=8)).generate_codes(10)
added: int = gen.add_existing(["a", "b"])
present: bool = gen.contains("a")
size: int = len(gen)
left: Optional[int] = gen.remaining

report: Report = promocode.validate(preview, "paddle")
issues: List[Issue] = report.issues
positions: List[Optional[int]] = [i.position for i in issues]
stored: str = promocode.normalize(preview, platform="woocommerce")
key: str = promocode.canonical_key(preview)

coupon: Dict[str, object] = promocode.validate_coupon(
    {"coupon_discount_type": "percent", "coupon_discount_amount": 20, "coupon_duration_type": "once"},
    connected=["stripe"],
    seed=7,
)
reasons: List[str] = promocode.check_redemption({}, coupon, {"amount": 1, "date": "2024-01-01", "first_order": True})
who: Optional[Attribution] = promocode.attribute("p1", None)
catalogue: Mapping[str, str] = promocode.ERROR_CODES
try:
    promocode.validate_promotion_code({"coupon_uuid": "X"})
except promocode.CouponValidationError as e:
    body: Dict[str, object] = e.body
except promocode.PromocodeTypeError as e:
    field: Optional[str] = e.field

picked = promocode.Generator(promocode.Format(name=True)).assign({"id": "p1"}, "ANN20", replace=False)
picked_code: str = picked["code"]
released: Optional[str] = picked["replaced"]
warned: List[str] = [w["code"] for w in picked["warnings"]]
