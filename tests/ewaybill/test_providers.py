"""The three platform providers against the platform simulator on 127.0.0.1."""

from __future__ import annotations

import json
import re
import socket

import pytest

from station.ewaybill import Address, Recipient, provider_for
from station.ewaybill import errors as E
from tests.ewaybill.conftest import CARRIER, GET_METHOD, TOKENS, order, settings_for

NUMBER = {"YTO": r"YT\d{13}", "ZTO": r"7\d{12}", "zhongtong": r"7\d{12}"}


def get_calls(sim, platform):
    return sim.calls(GET_METHOD[platform])


def orders_in(platform, call) -> int:
    if platform == "douyin":
        return len(call.business["order_infos"])
    apply = json.loads(call.params["param_waybill_cloud_print_apply_new_request"])
    return len(apply["trade_order_info_dtos"])


def test_23_orders_go_out_as_3_calls_of_at_most_10(sim, provider, platform):
    carrier = CARRIER[platform]
    results = provider.request_waybills([order(platform, n) for n in range(23)])
    calls = get_calls(sim, platform)
    assert [orders_in(platform, c) for c in calls] == [10, 10, 3]
    assert all(c.answer == "ok" for c in calls)
    assert [r.request.object_id for r in results] == [f"parcel-{n}" for n in range(23)]
    codes = [r.unwrap()[0].waybill_code for r in results]
    assert len(set(codes)) == 23
    assert all(re.fullmatch(NUMBER[carrier], c) for c in codes), codes
    assert sim.balance(platform, TOKENS[platform], carrier) == 1000 - 23


def test_print_data_is_kept_exactly_as_the_platform_sent_it(sim, provider, platform):
    wb = provider.request_waybills([order(platform, 1)])[0].unwrap()[0]
    issued = sim.waybills[wb.waybill_code]
    assert wb.print_data == issued.print_data and wb.print_data
    assert wb.print_sign == issued.sign
    assert wb.routing.route_code == issued.routing["route_code"]
    assert wb.routing.sortation_name == issued.routing["sortation_name"]
    if platform != "pdd":  # Pinduoduo's print data names no consolidation point
        assert wb.routing.consolidation_code == issued.routing["consolidation_code"]
        assert wb.routing.consolidation_name == issued.routing["consolidation_name"]


def test_privacy_order_gets_encrypted_print_data(sim, platform):
    if platform == "cainiao":
        rec = Recipient(
            "李**",
            Address("北京市", "北京市", "朝阳区", "建国路**"),
            mobile="139****0000",
            oaid="oaid-abc",
        )
    else:
        mark = "~" if platform == "pdd" else "#"
        rec = Recipient(
            f"{mark}AgAAAAhZ{mark}",
            Address("北京市", "北京市", "朝阳区", f"{mark}dGhpcyBpcyBzZWNyZXQ{mark}"),
            mobile=f"{mark}MTM5MDAwMDAwMDA{mark}",
            encrypted=True,
        )
    with provider_for(platform, settings_for(sim, platform)) as p:
        wb = p.request_waybills([order(platform, 1, recipient=rec)])[0].unwrap()[0]
    if platform == "douyin":
        assert wb.print_data and wb.print_sign  # always sealed, signed separately
    else:
        doc = json.loads(wb.print_data)
        assert set(doc) >= {"encryptedData", "signature"}
        assert "李" not in wb.print_data and "13900000000" not in wb.print_data


def test_asking_again_for_the_same_order_gives_the_same_number(sim, provider, platform):
    first = provider.request_waybills([order(platform, 7)])[0].unwrap()[0]
    again = provider.request_waybills([order(platform, 7)])[0].unwrap()[0]
    assert again.waybill_code == first.waybill_code
    assert sim.balance(platform, TOKENS[platform], CARRIER[platform]) == 999


def test_multi_parcel_order_gets_children_under_one_parent(sim, provider, platform):
    wbs = provider.request_waybills([order(platform, 1, package_count=3)])[0].unwrap()
    parents = {w.parent_waybill_code for w in wbs}
    assert len(wbs) == 3 and len(parents) == 1
    parent = parents.pop()
    assert parent and parent not in {w.waybill_code for w in wbs}
    assert len({w.waybill_code for w in wbs}) == 3
    assert all(w.print_data for w in wbs)
    assert sim.balance(platform, TOKENS[platform], CARRIER[platform]) == 997


def test_cancel_twice_is_one_increment_and_the_platforms_already_cancelled(sim, provider, platform):
    carrier = CARRIER[platform]
    code = provider.request_waybills([order(platform, 1)])[0].unwrap()[0].waybill_code
    assert sim.balance(platform, TOKENS[platform], carrier) == 999
    first = provider.cancel(carrier, code)
    second = provider.cancel(carrier, code)
    assert (first.already, second.already) == (False, True)
    assert sim.balance(platform, TOKENS[platform], carrier) == 1000
    cancel_method = {
        "cainiao": "cainiao.waybill.ii.cancel",
        "pdd": "pdd.waybill.cancel",
        "douyin": "logistics.cancelOrder",
    }
    assert [c.answer for c in sim.calls(cancel_method[platform])] == ["ok", "cancelled"]


def test_cancel_of_a_number_never_issued_is_unknown(sim, provider, platform):
    with pytest.raises(E.UnknownWaybill) as exc:
        provider.cancel(CARRIER[platform], "YT9999999999999")
    assert exc.value.platform == platform and exc.value.reason


def test_no_balance_is_refused_with_the_platforms_reason(sim, provider, platform):
    sim.set_balance(platform, TOKENS[platform], CARRIER[platform], 2)
    results = provider.request_waybills([order(platform, n) for n in range(3)])
    errors = [r.error for r in results if r.error is not None]
    assert errors and all(isinstance(e, E.NoBalance) for e in errors)
    assert errors[0].code == "ewaybill_no_balance"
    assert "余额不足" in errors[0].reason
    issued = [r for r in results if r.ok]
    assert sim.balance(platform, TOKENS[platform], CARRIER[platform]) == 2 - len(issued) >= 0


def test_expired_token_is_refused(sim, provider, platform):
    sim.shops[(platform, TOKENS[platform])].expired = True
    results = provider.request_waybills([order(platform, n) for n in range(12)])
    assert all(isinstance(r.error, E.TokenExpired) for r in results)
    assert len(get_calls(sim, platform)) == 1  # the second batch was not asked
    assert results[0].error.platform_code and results[0].error.platform_msg
    with pytest.raises(E.TokenExpired):
        provider.balance(CARRIER[platform])


def test_refused_address_fails_only_its_own_order(sim, provider, platform):
    sim.unreachable_districts.add("墨脱县")
    far = Recipient(
        "王五", Address("西藏自治区", "林芝市", "墨脱县", "背崩乡 1 号"), mobile="13700000000"
    )
    reqs = [order(platform, n) for n in range(4)]
    reqs[2] = order(platform, 2, recipient=far)
    results = provider.request_waybills(reqs)
    assert [r.ok for r in results] == [True, True, False, True]
    err = results[2].error
    assert isinstance(err, E.AddressRefused) and "墨脱县" in err.reason
    assert sim.balance(platform, TOKENS[platform], CARRIER[platform]) == 997


def test_masked_address_without_the_encrypted_reference_is_refused(sim, provider, platform):
    masked = Recipient(
        "李**", Address("北京市", "北京市", "朝阳区", "建国路***"), mobile="139****0000"
    )
    results = provider.request_waybills([order(platform, 1, recipient=masked)])
    assert isinstance(results[0].error, E.MaskedAddressRefused)
    assert results[0].error.code == "ewaybill_masked_address_refused"
    assert "脱敏" in results[0].error.reason


def test_a_wrong_secret_is_refused_by_the_signature_check(sim, platform):
    with provider_for(platform, settings_for(sim, platform, app_secret="not-the-secret")) as p:
        results = p.request_waybills([order(platform, n) for n in range(15)])
        assert all(isinstance(r.error, E.BadSignature) for r in results)
        with pytest.raises(E.BadSignature):
            p.cancel(CARRIER[platform], "YT0000000000001")
    assert [c.answer for c in get_calls(sim, platform)] == ["signature"]
    assert sim.balance(platform, TOKENS[platform], CARRIER[platform]) == 1000


def test_each_sign_method_is_accepted(sim, platform):
    methods = {
        "cainiao": ["md5", "hmac", "hmac-sha256"],
        "pdd": ["md5"],
        "douyin": ["md5", "hmac-sha256"],
    }
    for m in methods[platform]:
        with provider_for(platform, settings_for(sim, platform, sign_method=m)) as p:
            assert p.balance(CARRIER[platform]) == 1000


def test_rate_limit_is_its_own_error(sim, provider, platform):
    sim.faults.append("ratelimit")
    result = provider.request_waybills([order(platform, 1)])[0]
    assert isinstance(result.error, E.RateLimited) and result.error.retryable


def test_slow_platform_times_out_as_unreachable(sim, platform):
    sim.faults.append("slow:2")
    with provider_for(platform, settings_for(sim, platform, timeout_s=0.3)) as p:
        result = p.request_waybills([order(platform, 1)])[0]
    assert isinstance(result.error, E.PlatformUnreachable)
    assert result.error.platform_code == "timeout" and result.error.retryable


@pytest.mark.parametrize("fault", ["down", "http:503", "http:502"])
def test_dropped_connection_or_gateway_error_is_unreachable(sim, provider, platform, fault):
    sim.faults.append(fault)
    result = provider.request_waybills([order(platform, 1)])[0]
    assert isinstance(result.error, E.PlatformUnreachable)
    assert sim.balance(platform, TOKENS[platform], CARRIER[platform]) == 1000


def test_platform_down_is_unreachable(platform):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    from station.ewaybill import PlatformSettings

    settings = PlatformSettings(f"http://127.0.0.1:{port}/x", "k", "s", "t", timeout_s=2, user_id=1)
    with provider_for(platform, settings) as p:
        results = p.request_waybills([order(platform, n) for n in range(12)])
        assert all(isinstance(r.error, E.PlatformUnreachable) for r in results)
        with pytest.raises(E.PlatformUnreachable):
            p.balance(CARRIER[platform])
        with pytest.raises(E.PlatformUnreachable):
            p.cancel(CARRIER[platform], "YT0000000000001")


def test_update_gives_new_print_data_for_the_same_number(sim, provider, platform):
    req = order(platform, 1)
    wb = provider.request_waybills([req])[0].unwrap()[0]
    moved = order(
        platform,
        1,
        recipient=Recipient(
            "李四", Address("上海市", "上海市", "浦东新区", "世纪大道 100 号"), mobile="13900000000"
        ),
    )
    new_print = provider.update(moved, wb.waybill_code)
    assert new_print and new_print != wb.print_data
    assert new_print == sim.waybills[wb.waybill_code].print_data
    assert sim.balance(platform, TOKENS[platform], CARRIER[platform]) == 999


def test_search_lists_the_subscription_and_its_counts(sim, provider, platform):
    carrier = CARRIER[platform]
    provider.request_waybills([order(platform, n) for n in range(3)])
    subs = provider.search(carrier)
    assert [(s.carrier_code, s.quantity, s.allocated) for s in subs] == [(carrier, 997, 3)]
    assert provider.balance(carrier) == 997


def test_a_missing_required_field_is_refused_naming_it(sim, provider, platform):
    if platform == "douyin":
        req, field = order(platform, 1, items=()), "items"
    else:
        req, field = order(platform, 1, template_url=""), "template_url"
    result = provider.request_waybills([req])[0]
    assert isinstance(result.error, E.BadRequest)
    assert field in result.error.reason
    assert sim.balance(platform, TOKENS[platform], CARRIER[platform]) == 1000


def test_a_request_signed_20_minutes_ago_is_refused(sim):
    """TOP allows ten minutes between the caller's clock and its own."""
    from datetime import UTC, datetime, timedelta

    import httpx

    from station.ewaybill.cainiao import top_timestamp
    from station.ewaybill.signing import top_sign
    from tests.ewaybill.conftest import APPS

    key, secret = APPS["cainiao"]
    answers = []
    for age in (timedelta(minutes=20), timedelta(minutes=1)):
        params = {
            "method": "cainiao.waybill.ii.search",
            "app_key": key,
            "session": TOKENS["cainiao"],
            "timestamp": top_timestamp(datetime.now(UTC) - age),
            "format": "json",
            "v": "2.0",
            "sign_method": "md5",
        }
        params["sign"] = top_sign(params, secret)
        answers.append(httpx.post(sim.url + "/router/rest", data=params).json())
    assert answers[0]["error_response"]["code"] == 41
    assert "cainiao_waybill_ii_search_response" in answers[1]


def test_the_shops_token_and_secret_stay_out_of_logs_and_reprs(sim, platform, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    settings = settings_for(sim, platform)
    with provider_for(platform, settings) as p:
        p.request_waybills([order(platform, 1)])
        p.balance(CARRIER[platform])
    text = "\n".join(r.getMessage() for r in caplog.records) + repr(settings)
    assert settings.access_token not in text
    assert settings.app_secret not in text
    if platform == "douyin":
        assert "access_token=***" in text  # the request was logged, redacted


def test_douyin_sends_weight_and_volume_only_where_its_document_allows(sim):
    sim.set_balance("douyin", TOKENS["douyin"], "SF", 10)
    with provider_for("douyin", settings_for(sim, "douyin")) as p:
        p.request_waybills([order("douyin", 1), order("douyin", 2, carrier_code="SF")])
    zto, sf = (c.business["order_infos"][0] for c in sim.calls("logistics.newCreateOrder"))
    assert not {"package_weight", "total_weight", "volume"} & set(zto)
    assert (sf["total_weight"], sf["volume"]) == ("820", "3000")


def test_mixed_carriers_go_in_separate_calls_and_one_carriers_empty_balance_spares_the_other(
    sim, provider, platform
):
    other = "STO"
    sim.set_balance(platform, TOKENS[platform], other, 0)
    reqs = [
        order(platform, n, carrier_code=CARRIER[platform] if n % 2 else other) for n in range(8)
    ]
    results = provider.request_waybills(reqs)
    assert [r.request.object_id for r in results] == [f"parcel-{n}" for n in range(8)]
    assert [r.ok for r in results] == [n % 2 == 1 for n in range(8)]
    assert all(isinstance(r.error, E.NoBalance) for r in results[0::2])
    assert all(r.waybill.carrier_code == CARRIER[platform] for r in results[1::2])


def test_douyin_number_is_kept_when_its_print_data_cannot_be_fetched(sim):
    sim.faults += ["", "http:503"]  # newCreateOrder answers, waybillApply fails
    with provider_for("douyin", settings_for(sim, "douyin")) as p:
        (result,) = p.request_waybills([order("douyin", 1)])
        (wb,) = result.waybills
        assert isinstance(result.error, E.PlatformUnreachable)
        assert wb.waybill_code in sim.waybills and wb.print_data == ""
        # asked again later: the same number, now with its print data
        (again,) = p.request_waybills([order("douyin", 1)])
    assert again.ok and again.waybill.waybill_code == wb.waybill_code
    assert again.waybill.print_data == sim.waybills[wb.waybill_code].print_data
    assert sim.balance("douyin", TOKENS["douyin"], CARRIER["douyin"]) == 999


def test_cainiao_without_the_sellers_user_id_asks_nothing(sim):
    with provider_for("cainiao", settings_for(sim, "cainiao", user_id=None)) as p:
        (result,) = p.request_waybills([order("cainiao", 1)])
    assert isinstance(result.error, E.BadRequest) and result.error.platform_code == "user_id"
    assert sim.calls("cainiao.waybill.ii.get") == []


@pytest.mark.parametrize(
    "platform,drop",
    [
        ("cainiao", "user_id"),
        ("cainiao", "recipient.name"),
        ("cainiao", "package_info.items.0.count"),
        ("pdd", "user_id"),
        ("pdd", "package_info.items.0.name"),
        ("pdd", "recipient.address.district"),
    ],
)
def test_the_simulator_refuses_each_documented_required_field(sim, platform, drop):
    """Signed by hand with one required field taken out of an otherwise good request."""
    import time as _time

    import httpx

    from station.ewaybill.cainiao import top_timestamp
    from station.ewaybill.signing import pdd_sign, top_sign
    from tests.ewaybill.conftest import APPS

    dto = {
        "object_id": "p1",
        "order_info": {"order_channels_type": "TB", "trade_order_list": ["1"]},
        "package_info": {"items": [{"name": "茶", "count": 1}]},
        "recipient": {
            "name": "李四",
            "address": {
                "province": "北京市",
                "city": "北京市",
                "district": "朝阳区",
                "detail": "建国路 1 号",
            },
        },
        "template_url": "http://cloudprint.cainiao.com/template/standard/101/605",
        "user_id": 1,
    }
    *parents, last = drop.split(".")
    cur = dto
    for part in parents:
        cur = cur[int(part)] if part.isdigit() else cur[part]
    del cur[last]
    sender = {
        "name": "仓",
        "address": {
            "province": "浙江省",
            "city": "杭州市",
            "district": "余杭区",
            "detail": "仓前路 8 号",
        },
    }
    key, secret = APPS[platform]
    if platform == "cainiao":
        apply = {"cp_code": "YTO", "sender": sender, "trade_order_info_dtos": [dto]}
        params = {
            "method": "cainiao.waybill.ii.get",
            "app_key": key,
            "session": TOKENS[platform],
            "timestamp": top_timestamp(),
            "format": "json",
            "v": "2.0",
            "sign_method": "md5",
            "param_waybill_cloud_print_apply_new_request": json.dumps(apply, ensure_ascii=False),
        }
        params["sign"] = top_sign(params, secret)
        answer = httpx.post(sim.url + "/router/rest", data=params).json()["error_response"]
        assert answer["code"] == 40
    else:
        apply = {"wp_code": "ZTO", "sender": sender, "trade_order_info_dtos": [dto]}
        params = {
            "type": "pdd.waybill.get",
            "client_id": key,
            "access_token": TOKENS[platform],
            "timestamp": str(int(_time.time())),
            "data_type": "JSON",
            "version": "V1",
            "param_waybill_cloud_print_apply_new_request": json.dumps(apply, ensure_ascii=False),
        }
        params["sign"] = pdd_sign(params, secret)
        answer = httpx.post(sim.url + "/api/router", data=params).json()["error_response"]
        assert answer["error_code"] == 10001
    assert last in answer["sub_msg"]
    assert sim.balance(platform, TOKENS[platform], CARRIER[platform]) == 1000


def test_numbers_stay_unique_when_four_callers_ask_at_once(sim, platform):
    import threading

    codes: list[str] = []
    lock = threading.Lock()

    def caller(k: int) -> None:
        with provider_for(platform, settings_for(sim, platform)) as p:
            results = p.request_waybills([order(platform, k * 100 + n) for n in range(25)])
        with lock:
            codes.extend(w.waybill_code for r in results for w in r.unwrap())

    threads = [threading.Thread(target=caller, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(codes) == 100 and len(set(codes)) == 100
    assert sim.balance(platform, TOKENS[platform], CARRIER[platform]) == 900


def test_douyin_asks_for_the_product_and_payment_codes_it_is_given(sim):
    with provider_for("douyin", settings_for(sim, "douyin")) as p:
        p.request_waybills(
            [
                order("douyin", 1, order_fields=(("pay_method", 1), ("product_type", 2))),
                order("douyin", 2),
            ]
        )
    (call,) = sim.calls("logistics.newCreateOrder")
    given, plain = call.business["order_infos"]
    assert (given["product_type"], given["pay_method"]) == (2, 1)
    assert not {"product_type", "pay_method"} & set(plain)


def test_the_service_of_plain_print_data_reaches_the_waybill(sim, provider, platform):
    """Cainiao's and Pinduoduo's plain print data carry the standard data's
    ``shippingOption`` where the platform gives one: its title and insurance
    reach the Waybill; Douyin's print data is sealed, so nothing does."""
    carrier = CARRIER[platform].upper()
    sim.shipping_options[carrier] = {"code": "X", "title": "标快", "services": {"SVC-INSURE": {}}}
    (res,) = provider.request_waybills([order(platform, 1)])
    service = res.unwrap()[0].service
    if platform == "douyin":
        assert not service
    else:
        assert (service.service_type, service.payment, service.insured) == ("标快", "", "保价")
    del sim.shipping_options[carrier]
    (res,) = provider.request_waybills([order(platform, 2)])
    assert not res.unwrap()[0].service
