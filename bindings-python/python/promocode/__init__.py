"""promocode: generate and validate affiliate promotion codes.

>>> import promocode
>>> fmt = promocode.Format(name=True, discount=20)
>>> fmt.render({"name": "José"})
'JOSE20'

The logic is the Rust core's (the same in Python, Node and the browser); this
package converts arguments and raises :class:`PromocodeError` subclasses.
See README.md for the whole surface.
"""

from types import MappingProxyType as _MappingProxyType
from typing import Literal as _Literal
from typing import Mapping as _Mapping
from typing import TypedDict as _TypedDict

from ._errors import BatchError, CouponValidationError, PromocodeError, PromocodeTypeError

from . import _promocode
from ._promocode import (
    DEFAULT_ALPHABET,
    PLATFORMS,
    PLATFORM_RULES,
    REDEMPTION_REASONS,
    Format,
    Generator,
    Issue,
    Report,
    Store,
    __version__,
    attribute,
    canonical_key,
    check_redemption,
    normalize,
    validate,
    validate_coupon,
    validate_promotion_code,
)

#: Every error code, mapped to its message template (``{name}`` marks details).
ERROR_CODES: _Mapping[str, str] = _MappingProxyType(_promocode.ERROR_CODES)


class Attribution(_TypedDict):
    """What :func:`attribute` returns: the partner a sale belongs to, and why."""

    partner: str
    source: _Literal["promotion_code", "referral_cookie"]


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

# Provider requests (issue 15) --------------------------------------------------
from ._promocode import existing_codes, provider_requests  # noqa: E402

__all__ += ["existing_codes", "provider_requests"]

# Lookup (issue 16) -------------------------------------------------------------
from ._promocode import Lookup, Suggestion  # noqa: E402

__all__ += ["Lookup", "Suggestion"]
