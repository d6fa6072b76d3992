"""Every case of every shared vector file (core/tests/vectors/*.json).

Formats: core/tests/vectors/README.md (formats, scripts, platforms, generation)
and COUPONS.md (coupons). One pytest test per case, named by file and case.
"""

from __future__ import annotations

import json
import math
from typing import Any, Callable, Dict, List, Tuple

import pytest

import promocode
from conftest import VECTORS

FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def decode(v: Any) -> Any:
    """JSON → Python, decoding the tags: {"$float": "NaN" | "Infinity" | "-Infinity"},
    {"$bigint": "decimal"} (an int of any size) and {"$repeat": [text, n]}."""
    if isinstance(v, dict):
        if list(v) == ["$float"]:
            return FLOATS[v["$float"]]
        if list(v) == ["$bigint"]:
            return int(v["$bigint"])
        if list(v) == ["$repeat"]:
            return v["$repeat"][0] * v["$repeat"][1]
        return {k: decode(x) for k, x in v.items()}
    if isinstance(v, list):
        return [decode(x) for x in v]
    return v


def seed_of(holder: Dict[str, Any]) -> Any:
    """A seed: absent → None; a decimal string (u64 above 2^53) → int; else as is."""
    s = holder.get("seed")
    return int(s) if isinstance(s, str) else decode(s)


def load() -> List[Tuple[str, Dict[str, Any]]]:
    cases = []
    names = set()
    for path in sorted(VECTORS.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            assert case["name"] not in names, f"duplicate case name {case['name']}"
            names.add(case["name"])
            cases.append((f"{path.stem}:{case['name']}", case))
    return cases


CASES = load()


def test_every_file_is_loaded() -> None:
    files = {p.stem for p in VECTORS.glob("*.json")}
    assert files >= {"formats", "scripts", "platforms", "generation", "coupons"}
    assert {cid.split(":", 1)[0] for cid, _ in CASES} == files
    assert len(CASES) >= 500


# -- comparing ------------------------------------------------------------------


def same(expected: Any, actual: Any) -> bool:
    """JSON equality; floats within 1e-6 (entropy bits)."""
    if isinstance(expected, float):
        number = isinstance(actual, (int, float)) and not isinstance(actual, bool)
        return number and abs(expected - actual) < 1e-6
    if isinstance(expected, dict):
        return isinstance(actual, dict) and expected.keys() == actual.keys() and all(same(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(same(a, b) for a, b in zip(expected, actual))
    return type(expected) is type(actual) and expected == actual


def check_error(expected: Dict[str, Any], err: promocode.PromocodeError) -> None:
    assert err.code == expected["code"], f"expected error {expected['code']}, got {err.code}: {err}"
    assert err.code in promocode.ERROR_CODES
    if "position" in expected:
        assert err.position == expected["position"], f"position {err.position} != {expected['position']}: {err}"
    if "field" in expected:
        assert err.field == expected["field"], f"field {err.field!r} != {expected['field']!r}: {err}"
    if "body" in expected:
        assert isinstance(err, promocode.CouponValidationError)
        assert err.body == expected["body"]
    message = str(err)
    assert message and message == err.message
    if err.code != "validation_failed":
        assert not message[0].isupper(), f"message not in house style: {message!r}"
    if err.code == "invalid_type":
        assert isinstance(err, promocode.PromocodeTypeError) and isinstance(err, TypeError)
    if "paths" in expected:
        assert isinstance(err, promocode.CouponValidationError)
        assert list(err.body["errors"]) == expected["paths"]


def outcome(holder: Dict[str, Any], call: Callable[[], Any]) -> None:
    """Runs `call` and compares with holder's `expect` / `expect_error`."""
    assert ("expect" in holder) != ("expect_error" in holder), "needs exactly one of expect / expect_error"
    try:
        actual = call()
    except promocode.PromocodeError as err:
        assert "expect_error" in holder, f"expected {holder.get('expect')!r}, got error {err.code}: {err}"
        check_error(holder["expect_error"], err)
        return
    assert "expect" in holder, f"expected error {holder['expect_error']}, got {actual!r}"
    assert same(holder["expect"], actual), f"expected {holder['expect']!r}, got {actual!r}"


# -- operations -----------------------------------------------------------------


def build_format(case: Dict[str, Any]) -> promocode.Format:
    return promocode.Format(**decode(case["format"]))


def report_json(r: promocode.Report) -> Dict[str, Any]:
    return {"valid": r.valid, "issues": [{"code": i.code, "position": i.position} for i in r.issues]}


def batch(gen: promocode.Generator, partners: List[Any]) -> List[Any]:
    """generate_all mapped to the vector form: codes, or {"error": {...}}."""
    try:
        return gen.generate_all(partners)
    except promocode.BatchError as err:
        assert len(err.codes) == len(partners)
        assert set(err.errors) == {i for i, c in enumerate(err.codes) if c is None}
        out: List[Any] = []
        for i, code in enumerate(err.codes):
            if code is not None:
                out.append(code)
            else:
                e = err.errors[i]
                assert isinstance(e, promocode.PromocodeError) and str(e)
                entry: Dict[str, Any] = {"code": e.code}
                if e.position is not None:
                    entry["position"] = e.position
                out.append({"error": entry})
        return out


def assigned(r: Dict[str, Any]) -> Dict[str, Any]:
    """An ``assign`` answer in the vector form: warnings by their codes."""
    assert set(r) == {"code", "reused", "replaced", "warnings"}, r
    assert all(isinstance(w["message"], str) and w["message"] for w in r["warnings"])
    return {**r, "warnings": [w["code"] for w in r["warnings"]]}


def run_generator(case: Dict[str, Any]) -> None:
    def setup() -> promocode.Generator:
        return promocode.Generator(
            build_format(case),
            existing=decode(case.get("existing", [])),
            seed=seed_of(case),
            store=case.get("store"),
            coupon=case.get("coupon"),
        )

    if "expect_error" in case:
        outcome(case, setup)
        return
    gen = setup()
    for i, step in enumerate(case["steps"]):
        op = step["op"]
        calls: Dict[str, Callable[[], Any]] = {
            "generate": lambda: gen.generate(decode(step["partner"])),
            "generate_all": lambda: batch(gen, decode(step["partners"])),
            "generate_codes": lambda: gen.generate_codes(decode(step["count"])),
            "add_existing": lambda: gen.add_existing(decode(step["codes"])),
            "contains": lambda: gen.contains(decode(step["code"])),
            "len": lambda: len(gen),
            "remaining": lambda: big(gen.remaining),
            "assign": lambda: assigned(gen.assign(decode(step["partner"]), decode(step["code"]), replace=step.get("replace"))),
        }
        assert op in calls, f"step {i}: unknown op {op}"
        if op == "add_existing" and "expect_error" not in step:
            calls[op]()
            continue
        try:
            outcome(step, calls[op])
        except AssertionError as e:
            raise AssertionError(f"step {i} ({op}): {e}") from None


def big(n: Any) -> Any:
    """Large integers in results above 2^53 - 1 are decimal strings."""
    return str(n) if isinstance(n, int) and n > 2**53 - 1 else n


def run_coupon(case: Dict[str, Any]) -> Any:
    op = case["op"]
    if op == "validate_coupon":
        return promocode.validate_coupon(decode(case["request"]), connected=case.get("connected", []), seed=case.get("seed"))
    if op == "validate_promotion_code":
        return promocode.validate_promotion_code(decode(case["request"]), seed=case.get("seed"))
    if op == "check_redemption":
        return promocode.check_redemption(decode(case["promotion_code"]), decode(case["coupon"]), decode(case["order"]))
    if op == "attribute":
        return promocode.attribute(case["promotion_code_partner"], case["referral_cookie_partner"])
    raise AssertionError(f"unknown coupon op {op}")


def run_case(case: Dict[str, Any]) -> None:
    op = case["op"]
    if op == "format":
        outcome(case, lambda: {"entropy_bits": build_format(case).entropy_bits})
    elif op == "render":
        outcome(case, lambda: build_format(case).render(decode(case["partner"]), seed=seed_of(case)))
    elif op == "validate":
        outcome(case, lambda: report_json(promocode.validate(decode(case["code"]), case["platform"])))
    elif op == "normalize":
        outcome(case, lambda: promocode.normalize(decode(case["code"]), case["platform"]))
    elif op == "canonical_key":
        outcome(case, lambda: promocode.canonical_key(decode(case["code"])))
    elif op == "platform_rules":
        outcome(case, lambda: promocode.PLATFORM_RULES)
    elif op == "generator":
        run_generator(case)
    elif op in ("validate_coupon", "validate_promotion_code", "check_redemption", "attribute"):
        # Compare as JSON values (COUPONS.md): round-trip through the encoder.
        outcome(case, lambda: json.loads(json.dumps(run_coupon(case), allow_nan=False)))
    elif op == "provider_requests" and not isinstance(case.get("options") or {}, dict):
        # Options arrive as keywords, so options that are not an object (the
        # core's `invalid_type`, checked by Rust and JS) cannot reach it from Python.
        with pytest.raises(TypeError):
            promocode.provider_requests({}, [], case["provider"], **case["options"])
    elif op in ("provider_requests", "existing_codes"):
        outcome(case, lambda: run_provider(case))
    else:
        raise AssertionError(f"unknown op {op}")


def run_provider(case: Dict[str, Any]) -> Any:
    """The provider calls (core/tests/providers/README.md), compared as JSON."""
    if case["op"] == "existing_codes":
        return promocode.existing_codes(case["provider"], decode(case.get("response")))
    options = decode(case.get("options") or {})
    answer = promocode.provider_requests(decode(case.get("coupon")), decode(case.get("promotion_codes")), case["provider"], **options)
    return json.loads(json.dumps(answer, allow_nan=False))


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[cid for cid, _ in CASES])
def test_vector(case: Dict[str, Any]) -> None:
    run_case(case)


# -- lookup (core/tests/vectors/lookup/*.json) ---------------------------------------
#
# The same cases as core/tests/lookup.rs. Steps `near` (the `warn` guard's list)
# and `validate` (a format's own check, with its check symbol) and the format's
# `random_space` are Rust-only surfaces; every other step runs here.

LOOKUP_CASES = [
    (f"lookup/{p.stem}:{c['name']}", c)
    for p in sorted((VECTORS / "lookup").glob("*.json"))
    for c in json.loads(p.read_text(encoding="utf-8"))["cases"]
]
RUST_ONLY_STEPS = {"near", "validate"}


def lookup_json(r: promocode.Lookup) -> Dict[str, Any]:
    return {"kind": r.kind, "code": r.code, "rule": r.rule, "suggestions": suggestions_json(r.suggestions)}


def suggestions_json(items: List[promocode.Suggestion]) -> List[Dict[str, Any]]:
    return [{"code": s.code, "distance": s.distance, "score": s.score} for s in items]


def run_lookup_case(case: Dict[str, Any]) -> None:
    if case["op"] == "format":
        holder = dict(case)
        if "expect" in holder:
            holder["expect"] = {"entropy_bits": case["expect"]["entropy_bits"]}
        outcome(holder, lambda: {"entropy_bits": build_format(case).entropy_bits})
        return
    if case["op"] == "generator_options":
        # The options as the binding reads them: the guard in force and the
        # existing codes registered (`lookup_index` only changes speed).
        def options() -> Dict[str, Any]:
            gen = promocode.Generator(promocode.Format(random=8), **case["options"])
            existing = case["options"].get("existing", [])
            assert len(gen) == len(existing) and all(gen.contains(c) for c in existing)
            return {"typo_guard": gen.typo_guard, "existing": existing}

        holder = dict(case)
        if "expect" in holder:
            holder["expect"] = {k: case["expect"][k] for k in ("typo_guard", "existing")}
        outcome(holder, options)
        return
    assert case["op"] == "generator", case["op"]

    store = promocode.Store(case["store"]) if "store" in case else None

    def setup() -> promocode.Generator:
        return promocode.Generator(
            build_format(case),
            existing=case.get("existing", []),
            seed=case.get("seed"),
            typo_guard=case.get("typo_guard"),
            lookup_index=case.get("lookup_index", False),
            store=store,
        )

    if "expect_error" in case:
        outcome(case, setup)
        return
    gen = setup()
    for i, step in enumerate(case["steps"]):
        op = step["op"]
        if op in RUST_ONLY_STEPS:
            continue
        calls: Dict[str, Callable[[], Any]] = {
            "lookup": lambda: lookup_json(gen.lookup(decode(step["entered"]))),
            "suggest": lambda: suggestions_json(gen.suggest(decode(step["entered"]), step.get("limit"))),
            "generate": lambda: gen.generate(decode(step["partner"])),
            "generate_codes": lambda: gen.generate_codes(step["count"]),
            "remaining": lambda: None if gen.remaining is None else str(gen.remaining),
        }
        if store is not None:
            own: promocode.Store = store
            calls["store_lookup"] = lambda: lookup_json(own.lookup(decode(step["entered"])))
            calls["store_suggest"] = lambda: suggestions_json(own.suggest(decode(step["entered"]), step.get("limit")))
        assert op in calls, f"step {i}: unknown op {op}"
        try:
            outcome(step, calls[op])
        except AssertionError as e:
            raise AssertionError(f"step {i} ({op}): {e}") from None


@pytest.mark.parametrize("case", [c for _, c in LOOKUP_CASES], ids=[cid for cid, _ in LOOKUP_CASES])
def test_lookup_vector(case: Dict[str, Any]) -> None:
    run_lookup_case(case)
