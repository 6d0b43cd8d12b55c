"""Request signatures of the three platforms, as their documents and SDKs state.

TOP (Taobao Open Platform gateway; Cainiao e-waybill APIs go through it):
    sort every parameter except ``sign`` by name, join ``name + value``;
    ``md5``: MD5(secret + joined + secret); ``hmac``: HMAC-MD5(key=secret, joined);
    ``hmac-sha256``: HMAC-SHA256(key=secret, joined); upper-case hex.
    Source: bububa/opentaobao core/client.go ``sign`` (md5, hmac) and the TOP
    signing document (hmac-sha256).
Pinduoduo:
    MD5(client_secret + sorted ``name + value`` pairs + client_secret), upper-case
    hex; every parameter except ``sign``. Source: SchafferJ/open-pdd
    src/http/mod.rs ``build_sign_source`` and src/utils.rs ``md5_str``.
Douyin shop (抖店):
    ``param_json`` is the business parameters as compact JSON with keys sorted (at
    every level), non-ASCII kept; the signed text is
    secret + "app_key" + app_key + "method" + method + "param_json" + param_json +
    "timestamp" + timestamp + "v" + v + secret; ``md5``: MD5 of it, ``hmac-sha256``:
    HMAC-SHA256(key=secret) of it; lower-case hex.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

TOP_SIGN_METHODS = ("md5", "hmac", "hmac-sha256")
DOUYIN_SIGN_METHODS = ("md5", "hmac-sha256")


def _joined(params: Mapping[str, str]) -> str:
    return "".join(f"{k}{params[k]}" for k in sorted(params) if k != "sign")


def top_sign(params: Mapping[str, str], secret: str, sign_method: str = "md5") -> str:
    """The TOP ``sign`` of ``params`` (all values already strings, files excluded).

    Raises ValueError for a sign method TOP does not have."""
    text = _joined(params)
    if sign_method == "md5":
        digest = hashlib.md5((secret + text + secret).encode()).hexdigest()
    elif sign_method == "hmac":
        digest = hmac.new(secret.encode(), text.encode(), hashlib.md5).hexdigest()
    elif sign_method == "hmac-sha256":
        digest = hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()
    else:
        raise ValueError(f"unknown TOP sign_method {sign_method!r}")
    return digest.upper()


def pdd_sign(params: Mapping[str, str], client_secret: str) -> str:
    """The Pinduoduo ``sign``: upper-case MD5 of secret + sorted pairs + secret."""
    text = client_secret + _joined(params) + client_secret
    return hashlib.md5(text.encode()).hexdigest().upper()


def douyin_param_json(business: Any) -> str:
    """Business parameters as Douyin signs them: keys sorted at every level, no
    spaces, non-ASCII characters as they are."""
    return json.dumps(business, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def douyin_sign(
    app_key: str,
    secret: str,
    method: str,
    param_json: str,
    timestamp: str,
    v: str = "2",
    sign_method: str = "md5",
) -> str:
    """The Douyin ``sign`` (lower-case hex). Raises ValueError for an unknown method."""
    text = (
        f"{secret}app_key{app_key}method{method}param_json{param_json}"
        f"timestamp{timestamp}v{v}{secret}"
    )
    if sign_method == "md5":
        return hashlib.md5(text.encode()).hexdigest()
    if sign_method == "hmac-sha256":
        return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()
    raise ValueError(f"unknown Douyin sign_method {sign_method!r}")


def same(a: str, b: str) -> bool:
    """Constant-time comparison of two signatures (case-insensitive hex)."""
    return hmac.compare_digest(a.lower().encode(), b.lower().encode())
