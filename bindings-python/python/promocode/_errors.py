"""The exceptions of :mod:`promocode`.

Every error the library raises is a :class:`PromocodeError` (a ``ValueError``)
with a stable ``.code`` from :data:`promocode.ERROR_CODES`:

- :class:`PromocodeTypeError` (also a ``TypeError``) for ``invalid_type``;
- :class:`BatchError` for ``batch_failed`` (``Generator.generate_all``);
- :class:`CouponValidationError` for ``validation_failed`` (the coupon API's 422).

Messages come from the Rust core: lowercase, user input in backticks.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Tuple, Type

__all__ = ["PromocodeError", "PromocodeTypeError", "BatchError", "CouponValidationError"]


class PromocodeError(ValueError):
    """Base class of every promocode error.

    Attributes:
        code: the stable snake_case code, a key of ``promocode.ERROR_CODES``.
        message: what was wrong and what to do (also ``str(error)``).
        position: the 0-based character index the error points at, or None.
        field: the option or field the error is about, or None.
        details: structured data from the core; always ``code`` and ``message``,
            plus e.g. ``fields``, ``requested``/``available``, ``length``/``max``.
    """

    code: str
    message: str
    position: Optional[int]
    field: Optional[str]
    details: Dict[str, Any]

    def __init__(
        self,
        message: str,
        *,
        code: str,
        position: Optional[int] = None,
        field: Optional[str] = None,
        details: Optional[Mapping[str, Any]] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.position = position
        self.field = field
        self.details = dict(details) if details is not None else {"code": code, "message": message}

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, code={self.code!r})"

    def __reduce__(self) -> Tuple[Any, ...]:
        return (_restore, (type(self), self.message, dict(self.__dict__)))


class PromocodeTypeError(PromocodeError, TypeError):
    """An argument, option or field of the wrong type (code ``invalid_type``).

    Also a ``TypeError``, so ``except TypeError`` catches it. ``.field`` names
    the field, e.g. ``name`` for a partner whose name is not a string, or
    ``partners[3].name`` inside ``generate_all``.
    """


class BatchError(PromocodeError):
    """Some partners of ``Generator.generate_all`` failed (code ``batch_failed``).

    Attributes:
        codes: one entry per input partner, in input order: the code, or None
            where that partner failed. The codes are registered and issued.
        errors: ``{index: PromocodeError}`` for every partner that failed; no
            code was reserved for them.
    """

    codes: List[Optional[str]]
    errors: Dict[int, PromocodeError]

    def __init__(
        self,
        message: str,
        *,
        codes: List[Optional[str]],
        errors: Dict[int, PromocodeError],
        details: Optional[Mapping[str, Any]] = None,
    ) -> None:
        super().__init__(message, code="batch_failed", details=details)
        self.codes = codes
        self.errors = errors


class CouponValidationError(PromocodeError):
    """A coupon or promotion-code request broke the API's rules (code
    ``validation_failed``).

    Attributes:
        body: the API's 422 body, ``{"message": ..., "errors": {"field.path":
            [messages]}}``; ``message`` is its ``message``.
    """

    body: Dict[str, Any]

    def __init__(
        self,
        message: str,
        *,
        body: Mapping[str, Any],
        details: Optional[Mapping[str, Any]] = None,
    ) -> None:
        super().__init__(message, code="validation_failed", details=details)
        self.body = dict(body)


def _restore(cls: Type[PromocodeError], message: str, state: Dict[str, Any]) -> PromocodeError:
    """Unpickles an error without calling its ``__init__``."""
    err = cls.__new__(cls, message)
    err.args = (message,)
    err.__dict__.update(state)
    return err


def _from_core(details: Dict[str, Any]) -> PromocodeError:
    """The exception for a core error's details (called from Rust)."""
    code = details["code"]
    message = details["message"]
    if code == "validation_failed":
        return CouponValidationError(message, body=details.get("body") or {}, details=details)
    cls = PromocodeTypeError if code == "invalid_type" else PromocodeError
    return cls(message, code=code, position=details.get("position"), field=details.get("field"), details=details)


def _batch_error(
    details: Dict[str, Any], codes: List[Optional[str]], errors: Dict[int, PromocodeError]
) -> BatchError:
    """The exception for a batch with failures (called from Rust)."""
    return BatchError(details["message"], codes=codes, errors=errors, details=details)
