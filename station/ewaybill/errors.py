"""E-waybill refusals as typed errors with stable codes the UI translates later.

Every error carries the platform's own code and message (``platform_code``,
``platform_msg``, and the ``sub_code``/``sub_msg`` where the platform has them), so
the packer and the supervisor see the platform's reason, not a guess of ours.
The ``code`` (``ewaybill_…``) never changes once published: the bench's
translations key on it.
"""

from __future__ import annotations

from station.core.errors import CodedError


class EwaybillError(CodedError):
    """A platform (or the pool) refused, or could not be asked.

    ``code`` is the stable UI code; ``params`` hold ``platform``, ``platform_code``,
    ``platform_msg``, ``sub_code`` and ``sub_msg`` (strings, empty where the
    platform sent none). ``retryable`` says whether asking again later can help
    without a person changing something (the network, a rate limit).
    """

    code_name = "ewaybill_refused"
    retryable = False

    def __init__(
        self,
        platform: str = "",
        platform_code: str | int = "",
        platform_msg: str = "",
        *,
        sub_code: str = "",
        sub_msg: str = "",
        **params,
    ):
        super().__init__(
            self.code_name,
            platform=platform,
            platform_code=str(platform_code),
            platform_msg=platform_msg,
            sub_code=sub_code,
            sub_msg=sub_msg,
            **params,
        )
        self.platform = platform
        self.platform_code = str(platform_code)
        self.platform_msg = platform_msg
        self.sub_code = sub_code
        self.sub_msg = sub_msg

    @property
    def reason(self) -> str:
        """The platform's own words, most specific first (for the packer's screen)."""
        return self.sub_msg or self.platform_msg or self.sub_code or self.platform_code

    def __str__(self) -> str:
        where = f"{self.platform} " if self.platform else ""
        return f"{self.code}: {where}[{self.platform_code}/{self.sub_code}] {self.reason}"


class BadSignature(EwaybillError):
    """The platform did not accept the request's signature (wrong app secret)."""

    code_name = "ewaybill_bad_signature"


class TokenExpired(EwaybillError):
    """The shop's authorisation (session / access token) has expired or was revoked."""

    code_name = "ewaybill_token_expired"


class NoBalance(EwaybillError):
    """The seller's e-waybill account for this carrier has no numbers left."""

    code_name = "ewaybill_no_balance"


class AddressRefused(EwaybillError):
    """The carrier does not deliver to (or cannot route) the recipient's address."""

    code_name = "ewaybill_address_refused"


class MaskedAddressRefused(EwaybillError):
    """The recipient was sent masked (``138****0000``) without the platform's
    encrypted reference: the platform cannot print a privacy waybill from it."""

    code_name = "ewaybill_masked_address_refused"


class RateLimited(EwaybillError):
    """Too many calls; ask again later."""

    code_name = "ewaybill_rate_limited"
    retryable = True


class PlatformUnreachable(EwaybillError):
    """No answer: connection refused, timeout, or the platform's gateway is down
    (HTTP 5xx, an answer that is not the platform's JSON)."""

    code_name = "ewaybill_platform_unreachable"
    retryable = True


class BadRequest(EwaybillError):
    """The platform says a required field is missing or wrong (our request's fault)."""

    code_name = "ewaybill_bad_request"


class UnknownWaybill(EwaybillError):
    """The platform (or the pool) does not know this waybill number."""

    code_name = "ewaybill_unknown_waybill"


class NotSupported(EwaybillError):
    """This provider cannot do that (e.g. updating a pool number)."""

    code_name = "ewaybill_not_supported"


class PlatformRefused(EwaybillError):
    """Any other refusal; the platform's code and message say what."""

    code_name = "ewaybill_refused"


# every stable code, for the UI's translation table and its test
CODES = tuple(
    cls.code_name
    for cls in (
        BadSignature,
        TokenExpired,
        NoBalance,
        AddressRefused,
        MaskedAddressRefused,
        RateLimited,
        PlatformUnreachable,
        BadRequest,
        UnknownWaybill,
        NotSupported,
        PlatformRefused,
    )
)
