"""Type stubs for promocode (checked against the built module by mypy.stubtest)."""

from collections.abc import Iterable, Mapping
from typing import Any, Final, Literal, TypedDict, final

__version__: str

#: The default random alphabet: unambiguous, no vowels.
DEFAULT_ALPHABET: Final[str]
#: Every platform name, in documentation order.
PLATFORMS: Final[tuple[str, ...]]

class _PlatformRules(TypedDict):
    length: int
    case: Literal["upper", "lower"]
    lowercased: bool
    separator: bool
    characters: str

#: Each platform's facts: longest code, default case, stored lowercase, ``-``
#: allowed, the characters in words.
PLATFORM_RULES: Final[Mapping[str, _PlatformRules]]
#: Every reason ``check_redemption`` can give, in report order.
REDEMPTION_REASONS: Final[tuple[str, ...]]
#: Every error code, mapped to its message template.
ERROR_CODES: Final[Mapping[str, str]]

#: A partner: ``name``, ``surname``, ``email`` (str or None), ``id`` (str, int or
#: None); other keys are ignored.
_Partner = Mapping[str, Any]

class Attribution(TypedDict):
    partner: str
    source: Literal["promotion_code", "referral_cookie"]

# Exceptions -----------------------------------------------------------------

class PromocodeError(ValueError):
    """Base class of every promocode error; ``.code`` is stable."""

    code: str
    message: str
    position: int | None
    field: str | None
    details: dict[str, Any]
    def __init__(
        self,
        message: str,
        *,
        code: str,
        position: int | None = None,
        field: str | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None: ...

class PromocodeTypeError(PromocodeError, TypeError):
    """Code ``invalid_type``: an argument or field of the wrong type."""

class BatchError(PromocodeError):
    """Code ``batch_failed``: some partners of ``generate_all`` failed."""

    codes: list[str | None]
    errors: dict[int, PromocodeError]
    def __init__(
        self,
        message: str,
        *,
        codes: list[str | None],
        errors: dict[int, PromocodeError],
        details: Mapping[str, Any] | None = None,
    ) -> None: ...

class CouponValidationError(PromocodeError):
    """Code ``validation_failed``: ``.body`` is the API's 422 body."""

    body: dict[str, Any]
    def __init__(
        self,
        message: str,
        *,
        body: Mapping[str, Any],
        details: Mapping[str, Any] | None = None,
    ) -> None: ...

# Formats and generation -----------------------------------------------------

@final
class Format:
    """A checked format; keyword-only options, unknown ones raise ``unknown_option``."""

    def __new__(
        cls,
        *,
        prefix: str | None = ...,
        name: bool | None = ...,
        surname: bool | None = ...,
        email: bool | None = ...,
        discount: float | None = ...,
        random: int | None = ...,
        template: str | None = ...,
        separator: str | None = ...,
        platform: str | None = ...,
        case: Literal["upper", "lower"] | None = ...,
        alphabet: str | None = ...,
        max_length: int | None = ...,
        german_umlauts: bool | None = ...,
        check_symbol: bool | None = ...,
        locale: str | None = ...,
    ) -> Format: ...
    @property
    def entropy_bits(self) -> float: ...
    def render(self, partner: _Partner, seed: int | None = None) -> str: ...
    def explain(self, partner: _Partner, seed: int | None = None) -> _Explanation: ...

@final
class Generator:
    """Unique codes in one format; thread-safe."""

    def __new__(
        cls,
        format: Format,
        existing: Iterable[str] = (),
        seed: int | None = None,
        store: Store | str | None = None,
        coupon: str = "default",
        typo_guard: Literal["off", "warn", "avoid"] | None = None,
        lookup_index: bool | None = False,
    ) -> Generator: ...
    def generate(self, partner: _Partner) -> str: ...
    def generate_all(self, partners: Iterable[_Partner]) -> list[str]: ...
    def generate_codes(self, count: int) -> list[str]: ...
    def add_existing(self, codes: Iterable[str]) -> int: ...
    def contains(self, code: str) -> bool: ...
    def __len__(self) -> int: ...
    @property
    def remaining(self) -> int | None: ...
    @property
    def typo_guard(self) -> Literal["off", "warn", "avoid"]: ...
    def lookup(self, entered: str) -> Lookup: ...
    def suggest(self, entered: str, limit: int | None = 5) -> list[Suggestion]: ...
    def assign(self, partner: _Partner, code: str, replace: bool = False) -> _Assigned: ...

# Validation -----------------------------------------------------------------

@final
class Issue:
    """One problem with a code."""

    @property
    def code(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def position(self) -> int | None: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Report:
    """The result of ``validate``."""

    @property
    def valid(self) -> bool: ...
    @property
    def issues(self) -> list[Issue]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

def validate(code: str, platform: str | None = "generic") -> Report: ...
def normalize(code: str, platform: str | None = "generic") -> str: ...
def canonical_key(code: str) -> str: ...

# Coupons --------------------------------------------------------------------

def validate_coupon(
    request: Mapping[str, Any], connected: Iterable[str] = (), seed: int | None = None
) -> dict[str, Any]: ...
def validate_promotion_code(request: Mapping[str, Any], seed: int | None = None) -> dict[str, Any]: ...
def check_redemption(
    promotion_code: Mapping[str, Any], coupon: Mapping[str, Any], order: Mapping[str, Any]
) -> list[str]: ...
def attribute(
    promotion_code_partner: str | None = None, referral_cookie_partner: str | None = None
) -> Attribution | None: ...

__all__ = [
    "Attribution",
    "BatchError",
    "CouponValidationError",
    "DEFAULT_ALPHABET",
    "ERROR_CODES",
    "Format",
    "Generator",
    "Issue",
    "PLATFORMS",
    "PLATFORM_RULES",
    "PromocodeError",
    "PromocodeTypeError",
    "REDEMPTION_REASONS",
    "Report",
    "__version__",
    "attribute",
    "canonical_key",
    "check_redemption",
    "normalize",
    "validate",
    "validate_coupon",
    "validate_promotion_code",
    "Store",
]

# Provider requests ------------------------------------------------------------

class _ProviderRequest(TypedDict):
    method: str
    path: str
    headers: dict[str, str]
    body: Any

class _Unmapped(TypedDict):
    field: str
    reason: str

class _ProviderRequests(TypedDict):
    requests: list[_ProviderRequest]
    unmapped: list[_Unmapped]

def provider_requests(
    coupon: Mapping[str, Any],
    promotion_codes: Iterable[Mapping[str, Any]],
    provider: Literal["stripe", "paddle", "shopify", "woocommerce"],
    *,
    currency: str | None = None,
    amount_unit: Literal["major", "minor"] | None = None,
    api_version: str | None = None,
    starts_at: str | None = None,
) -> _ProviderRequests: ...
def existing_codes(provider: Literal["stripe", "paddle", "shopify", "woocommerce"], response: Any) -> list[str]: ...

__all__ += ["existing_codes", "provider_requests"]

# Lookup -----------------------------------------------------------------------

@final
class Suggestion:
    """One "did you mean": an issued code, its edit distance and its score."""

    @property
    def code(self) -> str: ...
    @property
    def distance(self) -> int: ...
    @property
    def score(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Lookup:
    """What ``Generator.lookup`` found."""

    @property
    def kind(self) -> Literal["exact", "normalized", "suggest", "ambiguous", "not_found"]: ...
    @property
    def code(self) -> str | None: ...
    @property
    def rule(self) -> str | None: ...
    @property
    def suggestions(self) -> list[Suggestion]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

__all__ += ["Lookup", "Suggestion"]

# Explain ----------------------------------------------------------------------

class _ExplainWarning(TypedDict):
    code: str
    field: str
    message: str

class _Explanation(TypedDict):
    code: str
    warnings: list[_ExplainWarning]
    transliteration_version: int

# Manual codes ---------------------------------------------------------------

class _AssignWarning(TypedDict):
    code: Literal["blocklisted", "confusable"]
    message: str

class _Assigned(TypedDict):
    code: str
    reused: bool
    replaced: str | None
    warnings: list[_AssignWarning]

# Program store --------------------------------------------------------------

@final
class Store:
    """Every code of a program and who holds it, across runs and processes."""

    def __new__(cls, uri: str, program: str = "default") -> Store: ...
    def code_of(self, partner_id: str, coupon: str = "default") -> str | None: ...
    def contains(self, code: str) -> bool: ...
    def add_existing(self, codes: Iterable[str]) -> int: ...
    def release(self, codes: Iterable[str]) -> int: ...
    def lookup(self, entered: str) -> Lookup: ...
    def suggest(self, entered: str, limit: int | None = 5) -> list[Suggestion]: ...
    def __len__(self) -> int: ...
    @property
    def program(self) -> str: ...
