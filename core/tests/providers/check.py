#!/usr/bin/env python3
"""Checks every golden request of providers.json against the providers' official
schemas (vendored in schemas/, no network), and the rules those schemas leave to
prose.

The Rust test (core/tests/providers.rs) proves the library builds exactly these
requests; this script proves the requests are what the providers accept:

- Stripe: the form body is decoded (`a[b]=c` -> nested), values coerced to the
  schema's types, then validated against `PostCoupons` / `PostPromotionCodes`
  (API 2026-09-30.endive). Bodies for API versions before 2025-09-30 carry
  `coupon=<id>`; that field is checked and then rewritten to the current
  `promotion[type]=coupon&promotion[coupon]=<id>` for the schema check.
  Prose rules: code characters (`[A-Za-z0-9-]`, no `-` before 2026-02-25),
  percent_off in (0, 100], amount_off > 0 with a currency, promotion-code
  limits and expiry within the coupon's.
- Paddle: JSON Schema 2020-12 `discount-create` (paddle-openapi @ 792a49e), with
  formats; no read-only property; percentage 0.01-100; flat needs currency_code.
- WooCommerce: our own schema (schemas/woocommerce), at most 100 items a batch,
  percent amount <= 100.
- Stripe, again: every request's parameters sent through the official SDK
  (stripe-python) to a loopback recorder must come out encoded as ours.
- Shopify: the GraphQL document and variables against the Admin API 2025-01
  schema (graphql-core validate + execute with variables); percentage in [0, 1];
  Decimal values as decimal strings; title/code/startsAt/customerGets/
  customerSelection present; codes per bulk add <= 100 (2025-01..2025-07) or 250
  (2025-10 on); one create per distinct restriction set; `{{N.path}}` refers
  to an earlier create request.

Prints one line per failure and ends with "N passed, N failed".
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import parse_qsl

import graphql
from jsonschema import Draft202012Validator, FormatChecker

HERE = Path(__file__).resolve().parent
SCHEMAS = HERE / "schemas"


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


STRIPE = {
    "/v1/coupons": Draft202012Validator(load(SCHEMAS / "stripe/post_coupons.json")),
    "/v1/promotion_codes": Draft202012Validator(load(SCHEMAS / "stripe/post_promotion_codes.json")),
}
PADDLE = Draft202012Validator(load(SCHEMAS / "paddle/discount_create.json"), format_checker=FormatChecker())
PADDLE_READ_ONLY = {k for k, v in load(SCHEMAS / "paddle/discount_create.json")["properties"].items() if v.get("readOnly")}
WOO = Draft202012Validator(load(SCHEMAS / "woocommerce/coupons-batch.schema.json"), format_checker=FormatChecker())
SHOPIFY = graphql.build_schema((SCHEMAS / "shopify/admin_2025-01_discounts.graphql").read_text(encoding="utf-8"))
assert not graphql.validate_schema(SHOPIFY)

DECIMAL = re.compile(r"^[0-9]+(\.[0-9]+)?$")
DATETIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")
PLACEHOLDER = re.compile(r"^\{\{([0-9]+)\.data\.discountCodeBasicCreate\.codeDiscountNode\.id\}\}$")


class Failed(Exception):
    pass


def require(condition: bool, message: str) -> None:
    if not condition:
        raise Failed(message)


def schema_errors(validator, body) -> None:
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.path))
    require(not errors, "; ".join(f"{'/'.join(map(str, e.path)) or '.'}: {e.message}" for e in errors[:3]))


# ---- Stripe ---------------------------------------------------------------------


def decode_form(body: str) -> dict:
    """`a[b][c]=v&...` -> {"a": {"b": {"c": "v"}}} (Stripe's deepObject encoding)."""
    out: dict = {}
    require(body == "" or "&&" not in body, "empty pair in the form")
    for key, value in parse_qsl(body, keep_blank_values=True, strict_parsing=bool(body)):
        parts = re.findall(r"[^\[\]]+", key)
        require(key == parts[0] + "".join(f"[{p}]" for p in parts[1:]), f"malformed key {key!r}")
        node = out
        for p in parts[:-1]:
            node = node.setdefault(p, {})
            require(isinstance(node, dict), f"{key!r} nests under a value")
        require(parts[-1] not in node, f"{key!r} sent twice")
        node[parts[-1]] = value
    return out


def coerce(value, schema):
    """Form values are text: turn them into what the schema's types say."""
    if isinstance(value, dict):
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        out = {}
        for k, v in value.items():
            sub = props.get(k) or (extra if isinstance(extra, dict) else {})
            if "anyOf" in sub:
                sub = next((s for s in sub["anyOf"] if s.get("type") == "object"), sub)
            out[k] = coerce(v, sub)
        return out
    kind = schema.get("type")
    if kind == "integer" and re.fullmatch(r"-?[0-9]+", value):
        return int(value)
    if kind == "number" and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value):
        return float(value)
    if kind == "boolean" and value in ("true", "false"):
        return value == "true"
    return value


def check_stripe(case, requests) -> int:
    checks = 0
    coupon = None
    for i, r in enumerate(requests):
        require(r["method"] == "POST" and r["path"] in STRIPE, f"request {i}: {r['method']} {r['path']}")
        headers = r["headers"]
        require(headers.get("Content-Type") == "application/x-www-form-urlencoded", f"request {i}: content type")
        version = headers.get("Stripe-Version", "")
        require(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(\.[a-z]+)?", version), f"request {i}: Stripe-Version {version!r}")
        require(isinstance(r["body"], str), f"request {i}: a form body is a string")
        body = decode_form(r["body"])
        if r["path"] == "/v1/coupons":
            require(i == 0, "the coupon comes first")
            schema = load(SCHEMAS / "stripe/post_coupons.json")
            body = coerce(body, schema)
            schema_errors(STRIPE[r["path"]], body)
            if "percent_off" in body:
                require(0 < body["percent_off"] <= 100, f"percent_off {body['percent_off']} not in (0, 100]")
                require("amount_off" not in body, "percent_off and amount_off")
            else:
                require(body.get("amount_off", 0) > 0, "amount_off must be above 0")
                require(re.fullmatch(r"[a-z]{3}", body.get("currency", "")), "amount_off needs a lower-case currency")
            if body.get("duration") == "repeating":
                require(body.get("duration_in_months", 0) >= 1, "repeating needs duration_in_months")
            else:
                require("duration_in_months" not in body, "duration_in_months without repeating")
            coupon = body
        else:
            require(coupon is not None, "a promotion code before its coupon")
            schema = load(SCHEMAS / "stripe/post_promotion_codes.json")
            body = coerce(body, schema)
            if version[:10] < "2025-09-30":
                require("promotion" not in body and body.get("coupon") == coupon["id"], "old API: coupon=<id>")
                body = {"promotion": {"type": "coupon", "coupon": body.pop("coupon")}, **body}
            else:
                require(body.get("promotion", {}).get("coupon") == coupon["id"], "promotion[coupon] is the coupon's id")
            schema_errors(STRIPE[r["path"]], body)
            allowed = r"[A-Za-z0-9-]+" if version[:10] >= "2026-02-25" else r"[A-Za-z0-9]+"
            require(re.fullmatch(allowed, body["code"]), f"code {body['code']!r} breaks {allowed} for {version}")
            if "max_redemptions" in body:
                require(body["max_redemptions"] >= 1, "max_redemptions >= 1")
                require(body["max_redemptions"] <= coupon.get("max_redemptions", body["max_redemptions"]), "code limit over the coupon's")
            if "expires_at" in body:
                require(body["expires_at"] <= coupon.get("redeem_by", body["expires_at"]), "code expiry after the coupon's redeem_by")
            restrictions = body.get("restrictions", {})
            if "minimum_amount" in restrictions:
                require(restrictions["minimum_amount"] >= 0, "minimum_amount >= 0")
                require(re.fullmatch(r"[a-z]{3}", restrictions.get("minimum_amount_currency", "")), "minimum_amount needs its currency")
            if "customer" in body:
                require(body["customer"].startswith("cus_"), "customer is a cus_ id")
        checks += 1
    return checks


# ---- Paddle ---------------------------------------------------------------------


def check_paddle(case, requests) -> int:
    for i, r in enumerate(requests):
        require((r["method"], r["path"]) == ("POST", "/discounts"), f"request {i}: {r['method']} {r['path']}")
        require(r["headers"] == {"Content-Type": "application/json"}, f"request {i}: headers")
        body = r["body"]
        schema_errors(PADDLE, body)
        require(not (PADDLE_READ_ONLY & set(body)), f"read-only fields sent: {PADDLE_READ_ONLY & set(body)}")
        require(isinstance(body["amount"], str) and DECIMAL.match(body["amount"]), "amount is a decimal string")
        if body["type"] == "percentage":
            require(0.01 <= float(body["amount"]) <= 100, f"percentage {body['amount']} not in [0.01, 100]")
            require("currency_code" not in body, "currency_code on a percentage")
        else:
            require(body.get("currency_code") and re.fullmatch(r"[0-9]+", body["amount"]), "flat: whole minor units + currency_code")
            require(int(body["amount"]) > 0, "flat amount above 0")
        if "maximum_recurring_intervals" in body:
            require(body.get("recur") is True, "maximum_recurring_intervals needs recur")
        if "expires_at" in body:
            require(DATETIME.match(body["expires_at"]), "expires_at as YYYY-MM-DDTHH:MM:SSZ")
    return len(requests)


# ---- WooCommerce ----------------------------------------------------------------


def check_woocommerce(case, requests) -> int:
    for i, r in enumerate(requests):
        require((r["method"], r["path"]) == ("POST", "/wp-json/wc/v3/coupons/batch"), f"request {i}: path")
        require(r["headers"] == {"Content-Type": "application/json"}, f"request {i}: headers")
        body = r["body"]
        schema_errors(WOO, body)
        total = sum(len(body.get(k, [])) for k in ("create", "update", "delete"))
        require(1 <= total <= 100, f"batch of {total} items (limit 100)")
        for item in body["create"]:
            if item.get("discount_type") == "percent":
                require(float(item["amount"]) <= 100, f"percent amount {item['amount']} over 100")
    return len(requests)


# ---- Shopify --------------------------------------------------------------------


def shopify_errors(query: str, variables: dict) -> list:
    document = graphql.parse(query)
    errors = graphql.validate(SHOPIFY, document)
    if not errors:
        result = graphql.execute_sync(SHOPIFY, document, variable_values=variables)
        errors = [e for e in (result.errors or []) if "Cannot return null" not in e.message]
    return [e.message for e in errors]


def check_shopify(case, requests) -> int:
    creates = []
    for i, r in enumerate(requests):
        m = re.fullmatch(r"/admin/api/([0-9]{4}-[0-9]{2})/graphql\.json", r["path"])
        require(r["method"] == "POST" and m, f"request {i}: path {r['path']}")
        require(r["headers"] == {"Content-Type": "application/json"}, f"request {i}: headers")
        version = m.group(1)
        body = r["body"]
        require(set(body) == {"query", "variables"}, "body is {query, variables}")
        errors = shopify_errors(body["query"], body["variables"])
        require(not errors, f"request {i}: {errors[:2]}")
        variables = body["variables"]
        if "basicCodeDiscount" in variables:
            d = variables["basicCodeDiscount"]
            for key in ("title", "code", "startsAt", "customerGets", "customerSelection"):
                require(d.get(key) is not None, f"create without {key}")
            require(DATETIME.match(d["startsAt"]) and DATETIME.match(d.get("endsAt", d["startsAt"])), "DateTime as YYYY-MM-DDTHH:MM:SSZ")
            value = d["customerGets"]["value"]
            if "percentage" in value:
                require(isinstance(value["percentage"], float) and 0 <= value["percentage"] <= 1, f"percentage {value['percentage']} not in [0, 1]")
            else:
                require(isinstance(value["discountAmount"]["amount"], str) and DECIMAL.match(value["discountAmount"]["amount"]), "Decimal amount as a string")
            minimum = (d.get("minimumRequirement") or {}).get("subtotal", {}).get("greaterThanOrEqualToSubtotal")
            require(minimum is None or (isinstance(minimum, str) and DECIMAL.match(minimum)), "Decimal subtotal as a string")
            if d.get("recurringCycleLimit") not in (None, 1):
                require(d["customerGets"].get("appliesOnSubscription") is True, "a cycle limit other than 1 needs subscription items")
            rest = {k: v for k, v in d.items() if k != "code"}
            require(rest not in [c for _, c in creates], "two discounts with the same restriction set")
            creates.append((i, rest))
        else:
            ref = PLACEHOLDER.match(variables["discountId"])
            require(ref and int(ref.group(1)) in [j for j, _ in creates], f"discountId {variables['discountId']!r} names no earlier create")
            limit = 250 if version >= "2025-10" else 100
            require(1 <= len(variables["codes"]) <= limit, f"{len(variables['codes'])} codes in one bulk add (limit {limit} in {version})")
    return len(requests)


# ---- Stripe SDK capture ---------------------------------------------------------


def stripe_capture(cases) -> tuple[int, int]:
    """Sends every golden Stripe request's parameters through the official Python SDK
    (stripe 16.1.0) to a loopback recorder: the SDK must encode them as we do (same
    keys in the same order, same values; numbers compared as numbers, since the SDK
    writes 20.0 where we write 20) and send the same Stripe-Version."""
    import http.server
    import threading

    import stripe

    captured = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            length = int(self.headers.get("Content-Length", 0))
            captured.append((self.path, self.headers.get("Stripe-Version"), self.rfile.read(length).decode()))
            reply = b'{"id": "x", "object": "coupon"}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = {"api": f"http://127.0.0.1:{server.server_port}"}

    def same(a: str, b: str) -> bool:
        if a == b:
            return True
        try:
            return float(a) == float(b)
        except ValueError:
            return False

    passed = failed = 0
    try:
        for case in cases:
            if case["provider"] != "stripe" or case["op"] != "provider_requests" or "expect" not in case:
                continue
            for r in case["expect"]["requests"]:
                version = r["headers"]["Stripe-Version"]
                client = stripe.StripeClient("sk_test_loopback", base_addresses=base, stripe_version=version, max_network_retries=0)
                schema = load(SCHEMAS / ("stripe/post_coupons.json" if r["path"] == "/v1/coupons" else "stripe/post_promotion_codes.json"))
                params = coerce(decode_form(r["body"]), schema)
                captured.clear()
                (client.v1.coupons if r["path"] == "/v1/coupons" else client.v1.promotion_codes).create(params)
                path, sent_version, body = captured[0]
                ours, theirs = parse_qsl(r["body"], keep_blank_values=True), parse_qsl(body, keep_blank_values=True)
                ok = (path, sent_version) == (r["path"], version) and len(ours) == len(theirs) and all(
                    k1 == k2 and same(v1, v2) for (k1, v1), (k2, v2) in zip(ours, theirs)
                )
                if ok:
                    passed += 1
                else:
                    failed += 1
                    print(f"FAIL {case['name']}: the Stripe SDK sends {path} {sent_version} {body!r}, we send {r['body']!r}")
    finally:
        server.shutdown()
    print(f"stripe-python {stripe.VERSION}: {passed} requests encoded alike")
    return passed, failed


# promocode::provider::SHOPIFY_CODES_QUERY (core/tests/providers.rs checks that it is this text).
SHOPIFY_CODES_QUERY = "query promocodeExistingCodes($first: Int!, $after: String, $codes: Int!) { codeDiscountNodes(first: $first, after: $after) { nodes { codeDiscount { ... on DiscountCodeBasic { codes(first: $codes) { nodes { code } } } ... on DiscountCodeBxgy { codes(first: $codes) { nodes { code } } } ... on DiscountCodeFreeShipping { codes(first: $codes) { nodes { code } } } ... on DiscountCodeApp { codes(first: $codes) { nodes { code } } } } } pageInfo { hasNextPage endCursor } } }"


def check_codes_query() -> int:
    errors = shopify_errors(SHOPIFY_CODES_QUERY, {"first": 250, "codes": 250})
    require(not errors, f"SHOPIFY_CODES_QUERY: {errors[:2]}")
    return 1


CHECKERS = {"stripe": check_stripe, "paddle": check_paddle, "shopify": check_shopify, "woocommerce": check_woocommerce}


def self_test() -> int:
    """The checks must also fail: known-bad requests, one per kind of rule."""
    bad = [
        ("stripe", [{"method": "POST", "path": "/v1/coupons", "headers": {"Content-Type": "application/x-www-form-urlencoded", "Stripe-Version": "2026-09-30.endive"}, "body": "id=A&percent_off=0&duration=once"}]),
        ("stripe", [{"method": "POST", "path": "/v1/coupons", "headers": {"Content-Type": "application/x-www-form-urlencoded", "Stripe-Version": "2026-09-30.endive"}, "body": "id=A&name=" + "x" * 41 + "&percent_off=5"}]),
        ("stripe", [{"method": "POST", "path": "/v1/coupons", "headers": {"Content-Type": "application/x-www-form-urlencoded", "Stripe-Version": "2026-09-30.endive"}, "body": "id=A&percent_off=5"},
                    {"method": "POST", "path": "/v1/promotion_codes", "headers": {"Content-Type": "application/x-www-form-urlencoded", "Stripe-Version": "2026-09-30.endive"}, "body": "promotion[type]=coupon&promotion[coupon]=A&code=JOHN_20"}]),
        ("stripe", [{"method": "POST", "path": "/v1/coupons", "headers": {"Content-Type": "application/x-www-form-urlencoded", "Stripe-Version": "2026-09-30.endive"}, "body": "id=A&percent_off=5"},
                    {"method": "POST", "path": "/v1/promotion_codes", "headers": {"Content-Type": "application/x-www-form-urlencoded", "Stripe-Version": "2026-09-30.endive"}, "body": "coupon=A&code=JOHN20"}]),
        ("paddle", [{"method": "POST", "path": "/discounts", "headers": {"Content-Type": "application/json"}, "body": {"description": "x", "type": "percentage", "amount": 20, "code": "JOHN20"}}]),
        ("paddle", [{"method": "POST", "path": "/discounts", "headers": {"Content-Type": "application/json"}, "body": {"description": "x", "type": "percentage", "amount": "20", "code": "A" * 33}}]),
        ("paddle", [{"method": "POST", "path": "/discounts", "headers": {"Content-Type": "application/json"}, "body": {"description": "x", "type": "percentage", "amount": "20", "expires_at": "tomorrow"}}]),
        ("woocommerce", [{"method": "POST", "path": "/wp-json/wc/v3/coupons/batch", "headers": {"Content-Type": "application/json"}, "body": {"create": [{"code": "a", "amount": 5}]}}]),
        ("woocommerce", [{"method": "POST", "path": "/wp-json/wc/v3/coupons/batch", "headers": {"Content-Type": "application/json"}, "body": {"create": [{"code": f"c{i}"} for i in range(101)]}}]),
        ("shopify", [{"method": "POST", "path": "/admin/api/2025-01/graphql.json", "headers": {"Content-Type": "application/json"}, "body": {"query": "mutation m($b: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $b) { userErrors { code } } }", "variables": {"b": {"context": {"all": "ALL"}}}}}]),
        ("shopify", [{"method": "POST", "path": "/admin/api/2025-01/graphql.json", "headers": {"Content-Type": "application/json"}, "body": {"query": "mutation m($basicCodeDiscount: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) { userErrors { code } } }", "variables": {"basicCodeDiscount": {"title": "t", "code": "C", "startsAt": "2026-01-01T00:00:00Z", "customerSelection": {"all": True}, "customerGets": {"value": {"percentage": 20.0}, "items": {"all": True}}}}}}]),
    ]
    passed = 0
    for provider, requests in bad:
        try:
            CHECKERS[provider]({}, requests)
            print(f"FAIL self-test: a bad {provider} request passed: {json.dumps(requests)[:200]}")
        except Failed:
            passed += 1
    return passed


def main() -> int:
    cases = load(HERE.parent / "vectors" / "providers.json")["cases"]
    passed = failed = 0
    seen = set()
    for case in cases:
        if case["op"] != "provider_requests" or "expect" not in case:
            continue
        try:
            passed += CHECKERS[case["provider"]](case, case["expect"]["requests"])
            seen.add(case["provider"])
        except (Failed, KeyError, ValueError, TypeError) as e:
            failed += 1
            print(f"FAIL {case['name']}: {type(e).__name__}: {e}")
    missing = set(CHECKERS) - seen
    if missing:
        failed += 1
        print(f"FAIL no requests checked for {sorted(missing)}")
    try:
        passed += check_codes_query()
    except Failed as e:
        failed += 1
        print(f"FAIL {e}")
    sdk_passed, sdk_failed = stripe_capture(cases)
    passed += sdk_passed
    failed += sdk_failed
    ok = self_test()
    bad_total = 11
    passed += ok
    failed += bad_total - ok
    print(f"graphql-core {graphql.__version__}, Shopify Admin API 2025-01; Stripe API 2026-09-30.endive; Paddle @792a49e")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
