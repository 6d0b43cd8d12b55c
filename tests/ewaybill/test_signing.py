"""Each platform's signature against a vector built by hand from its SDK's steps.

The expected text in each test is written out literally, in the order the SDK's
code builds it (sorted names, name+value, the secret where the SDK puts it), so a
mistake in our sorting or wrapping cannot hide in a shared helper."""

import hashlib
import hmac

import pytest

from station.ewaybill.signing import douyin_param_json, douyin_sign, pdd_sign, top_sign

SECRET = "helloworld"

TOP_PARAMS = {
    "method": "cainiao.waybill.ii.cancel",
    "app_key": "12345678",
    "session": "6100e23657fb0b2d0c78568e55a3031134be9a3a5d4b3a365753805",
    "timestamp": "2026-11-30 20:00:00",
    "format": "json",
    "v": "2.0",
    "sign_method": "md5",
    "cp_code": "YTO",
    "waybill_code": "YT1234567890123",
}
# bububa/opentaobao core/client.go sign(): keys sorted, then k + v for each
TOP_JOINED = (
    "app_key12345678"
    "cp_codeYTO"
    "formatjson"
    "methodcainiao.waybill.ii.cancel"
    "session6100e23657fb0b2d0c78568e55a3031134be9a3a5d4b3a365753805"
    "sign_methodmd5"
    "timestamp2026-11-30 20:00:00"
    "v2.0"
    "waybill_codeYT1234567890123"
)


def test_top_md5_wraps_the_joined_parameters_in_the_secret():
    expected = hashlib.md5((SECRET + TOP_JOINED + SECRET).encode()).hexdigest().upper()
    assert top_sign(TOP_PARAMS, SECRET, "md5") == expected


def test_top_hmac_is_hmac_md5_keyed_by_the_secret_without_wrapping():
    params = TOP_PARAMS | {"sign_method": "hmac"}
    joined = TOP_JOINED.replace("sign_methodmd5", "sign_methodhmac")
    expected = hmac.new(SECRET.encode(), joined.encode(), hashlib.md5).hexdigest().upper()
    assert top_sign(params, SECRET, "hmac") == expected


def test_top_sign_leaves_out_the_sign_itself_and_sees_every_value():
    signed = top_sign(TOP_PARAMS, SECRET)
    assert top_sign(TOP_PARAMS | {"sign": signed}, SECRET) == signed
    for key in TOP_PARAMS:
        assert top_sign(TOP_PARAMS | {key: TOP_PARAMS[key] + "x"}, SECRET) != signed
    assert top_sign(TOP_PARAMS, SECRET + "x") != signed


def test_top_json_parameter_with_chinese_is_signed_as_utf8():
    params = {"a": '{"name":"张三"}', "b": "1"}
    expected = hashlib.md5(f'{SECRET}a{{"name":"张三"}}b1{SECRET}'.encode()).hexdigest().upper()
    assert top_sign(params, SECRET) == expected


def test_top_unknown_sign_method_is_refused():
    with pytest.raises(ValueError):
        top_sign(TOP_PARAMS, SECRET, "sha1")


def test_pdd_md5_of_secret_pairs_secret_upper_hex():
    params = {
        "type": "pdd.waybill.cancel",
        "client_id": "4b6b2a9c",
        "access_token": "tok-1",
        "timestamp": "1796040000",
        "data_type": "JSON",
        "version": "V1",
        "wp_code": "ZTO",
        "waybill_code": "7300000000001",
    }
    # SchafferJ/open-pdd build_sign_source: secret, then BTreeMap order k+v, then secret
    text = (
        SECRET + "access_tokentok-1"
        "client_id4b6b2a9c"
        "data_typeJSON"
        "timestamp1796040000"
        "typepdd.waybill.cancel"
        "versionV1"
        "waybill_code7300000000001"
        "wp_codeZTO" + SECRET
    )
    expected = hashlib.md5(text.encode()).hexdigest().upper()
    assert pdd_sign(params, SECRET) == expected
    assert expected.isupper() and len(expected) == 32


def test_douyin_param_json_sorts_keys_at_every_level_compact_and_keeps_chinese():
    business = {
        "order_infos": [{"order_id": "1", "items": [{"item_name": "茶", "item_count": 1}]}],
        "logistics_code": "zto",
    }
    assert douyin_param_json(business) == (
        '{"logistics_code":"zto","order_infos":[{"items":[{"item_count":1,"item_name":"茶"}],"order_id":"1"}]}'
    )


def test_douyin_md5_and_hmac_sha256():
    param_json = '{"logistics_code":"zto","track_no":"7300000000001"}'
    text = (
        SECRET + "app_key7000000000000000001"
        "methodlogistics.cancelOrder"
        'param_json{"logistics_code":"zto","track_no":"7300000000001"}'
        "timestamp1796040000"
        "v2" + SECRET
    )
    args = ("7000000000000000001", SECRET, "logistics.cancelOrder", param_json, "1796040000", "2")
    assert douyin_sign(*args, sign_method="md5") == hashlib.md5(text.encode()).hexdigest()
    assert (
        douyin_sign(*args, sign_method="hmac-sha256")
        == hmac.new(SECRET.encode(), text.encode(), hashlib.sha256).hexdigest()
    )
    with pytest.raises(ValueError):
        douyin_sign(*args, sign_method="sha1")
