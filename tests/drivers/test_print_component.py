"""The platforms' print components as printers, against the simulated component on
127.0.0.1 (a real WebSocket server) in each platform's dialect."""

from __future__ import annotations

import json

import pytest

from station.drivers.errors import DeviceError, DeviceOffline, DevicePrintFailed, DeviceTimeout
from station.drivers.printers import open_printer
from station.drivers.printers.component import ComponentPrinter, component_document
from station.drivers.simulators.print_component import SimulatedPrintComponent, task_problems

DIALECTS = ("cainiao", "pdd", "douyin")

# print data as the e-waybill services return them: opaque, signed, encrypted
PRINT_DATA = {
    "cainiao": {
        "encryptedData": "AES:Jk3nZ0uV8s+Qm1f2a9Xh7w==9dQ0…",
        "signature": "MD:4b9c1f0e7a2d",
        "templateURL": "http://cloudprint.cainiao.com/template/standard/101/605",
        "ver": "waybill_print_secret_version_1",
    },
    "pdd": {
        "encryptedData": "8f1e0c2d…",
        "signature": "c2lnbmF0dXJl",
        "templateUrl": "https://file-link.pinduoduo.com/yunda_std",
        "ver": "3",
        "userid": "180430",
    },
    "douyin": {
        "params": "logistics_provider=yunda&sign_type=MD5",
        "signature": "1d0f6f3a9c",
        "encryptedData": "ZXhhbXBsZQ==",
        "templateURL": "https://lf3-cm.ecombdstatic.com/obj/logistics-davinci/template/yunda.xml",
    },
}
CUSTOM = {
    "order": "2611230005",
    "barcode": "2611230005",
    "items": [{"sku": "SOCK-5P", "name": "纯棉袜子 5 双装", "qty": 2}],
    "remark": "送胶",
    "parcel": "1/1",
}
CUSTOM_TEMPLATE = "https://cloudprint.example.com/template/custom/station-items.xml"


@pytest.fixture(params=DIALECTS)
def component(request):
    with SimulatedPrintComponent(request.param, printers=("GP-1324D", "Deli DL-888T")) as sim:
        yield sim


def printer_of(sim, name="GP-1324D", timeout=5.0) -> ComponentPrinter:
    printer = open_printer(sim.printer_uri(name), timeout=timeout)
    assert isinstance(printer, ComponentPrinter)
    return printer


def job_for(sim, waybill="YT7515384205519", custom=True) -> bytes:
    return component_document(
        sim.language,
        waybill,
        PRINT_DATA[sim.language],
        CUSTOM if custom else None,
        CUSTOM_TEMPLATE if custom else "",
    )


def test_the_component_receives_the_task_its_protocol_expects(component):
    printer_of(component).print_job(job_for(component))
    (task,) = component.wait_for_tasks(1)
    assert task_problems(task) == []
    assert task["cmd"] == "print" and task["version"] == "1.0" and task["requestID"]
    assert task["task"]["taskID"] and task["task"]["printer"] == "GP-1324D"
    assert task["task"]["preview"] is False
    (document,) = task["task"]["documents"]
    assert document["documentID"] == "YT7515384205519"
    standard, custom = document["contents"]
    assert standard == PRINT_DATA[component.language]  # exactly as the service returned it
    key = "templateUrl" if component.language == "pdd" else "templateURL"
    assert custom == {"data": CUSTOM, key: CUSTOM_TEMPLATE}
    assert component.printed == [document]


def test_each_task_and_request_has_its_own_id(component):
    printer = printer_of(component)
    for n in range(3):
        printer.print_job(job_for(component, f"YT75153842055{n:02d}"))
    tasks = component.wait_for_tasks(3)
    assert len({t["task"]["taskID"] for t in tasks}) == 3
    assert len({t["requestID"] for t in tasks}) == 3


def test_print_data_given_as_json_text_goes_in_unaltered(component):
    text = json.dumps(PRINT_DATA[component.language], ensure_ascii=False)
    job = component_document(component.language, "YT1", text)
    printer_of(component).print_job(job)
    (task,) = component.wait_for_tasks(1)
    assert task["task"]["documents"][0]["contents"] == [json.loads(text)]


def test_without_a_custom_template_only_the_standard_area_is_sent(component):
    printer_of(component).print_job(job_for(component, custom=False))
    (task,) = component.wait_for_tasks(1)
    assert task["task"]["documents"][0]["contents"] == [PRINT_DATA[component.language]]


@pytest.mark.parametrize("reason", ["缺纸", "打印机脱机", "template render error"])
def test_a_failure_notification_is_a_print_failure_with_the_components_words(component, reason):
    component.fail_with = reason
    with pytest.raises(DevicePrintFailed) as failed:
        printer_of(component).print_job(job_for(component))
    assert reason in str(failed.value)
    assert component.printed == []


def test_a_refused_print_request_is_a_print_failure(component):
    component.refuse_with = "签名校验失败"
    with pytest.raises(DevicePrintFailed, match="签名校验失败"):
        printer_of(component).print_job(job_for(component))


def test_a_printer_the_component_does_not_have_is_refused(component):
    with pytest.raises(DevicePrintFailed, match="不存在"):
        printer_of(component, "HP LaserJet").print_job(job_for(component))


def test_component_not_running_is_offline():
    with SimulatedPrintComponent("cainiao") as sim:
        uri = sim.printer_uri()
    printer = open_printer(uri, timeout=5)  # nobody listens there now
    with pytest.raises(DeviceOffline, match="not running"):
        printer.print_job(b'{"documentID": "1", "contents": [{}]}')
    assert printer.status().online is False
    with pytest.raises(DeviceOffline):
        printer.list_printers()


def test_a_dropped_connection_is_offline(component):
    component.drop = True
    with pytest.raises(DeviceOffline):
        printer_of(component).print_job(job_for(component))


def test_silence_is_a_timeout(component):
    component.silent = True
    with pytest.raises(DeviceTimeout, match="no print result"):
        printer_of(component, timeout=0.5).print_job(job_for(component))
    assert len(component.tasks) == 1


def test_a_slow_component_within_the_limit_prints(component):
    component.delay = 0.2
    printer_of(component, timeout=10).print_job(job_for(component))
    assert len(component.printed) == 1


def test_get_printers_lists_the_names(component):
    names, default = printer_of(component).list_printers()
    assert names == ["GP-1324D", "Deli DL-888T"]
    assert default == "GP-1324D"
    assert any(r["cmd"] == "getPrinters" and r["version"] == "1.0" for r in component.requests)


def test_status_asks_for_the_printer_and_its_config(component):
    status = printer_of(component, "Deli DL-888T").status()
    assert status.online and not status.known
    assert json.loads(status.raw)["name"] == "Deli DL-888T"
    asked = [r for r in component.requests if r["cmd"] == "getPrinterConfig"]
    assert asked and asked[-1]["printer"] == "Deli DL-888T"
    missing = printer_of(component, "HP LaserJet").status()
    assert missing.online is False and "HP LaserJet" in missing.raw


@pytest.mark.parametrize(
    "job", [b"^XA^FDnot json^FS^XZ", b"[1, 2]", b'{"documentID": "1"}', b"\xff\xfe"]
)
def test_a_job_that_is_not_a_component_document_is_refused_before_sending(component, job):
    with pytest.raises(DeviceError, match="not a print component document"):
        printer_of(component).print_job(job)
    assert component.tasks == []


def test_component_printers_take_only_their_own_platforms_jobs(component):
    printer = printer_of(component)
    assert printer.can_print(component.language)
    assert not any(printer.can_print(lang) for lang in ("zpl", "tspl", "pdf"))
    others = set(DIALECTS) - {component.language}
    assert not any(printer.can_print(lang) for lang in others)
    label = open_printer("zpl+tcp://127.0.0.1:9")
    assert label.can_print("zpl") and not label.can_print(component.language)


def test_a_test_label_is_refused_with_a_reason(component):
    with pytest.raises(DeviceError, match="e-waybills"):
        printer_of(component).test_label()


@pytest.mark.parametrize(
    "address,name,expected",
    [
        (
            "cainiao+ws://127.0.0.1:13528",
            "GP-1324D",
            "cainiao+ws://127.0.0.1:13528?printer=GP-1324D",
        ),
        (
            "pdd+ws://127.0.0.1:5000?printer=Old",
            "Deli DL-888T",
            "pdd+ws://127.0.0.1:5000?printer=Deli%20DL-888T",
        ),
        ("douyin+ws://127.0.0.1", "汉印 N41", "douyin+ws://127.0.0.1?printer=汉印%20N41"),
        ("cainiao+ws://127.0.0.1", "A&B+C=1#2%", None),
    ],
)
def test_an_address_names_the_chosen_printer_whatever_its_name(address, name, expected):
    from station.drivers.printers.component import address_with_printer, is_component_address
    from station.drivers.uri import parse_uri

    made = address_with_printer(address, name)
    if expected is not None:
        assert made == expected
    assert parse_uri("printer", made).params == {"printer": name}
    assert is_component_address(made)


def test_each_message_about_the_task_restarts_the_wait(component):
    """A slow printer: accepted, rendered, printed, each within the limit of the one
    before though the whole task takes longer than the limit."""
    component.delay = component.gap = 1.2
    printer_of(component, timeout=2.0).print_job(job_for(component))
    assert len(component.printed) == 1


def test_a_server_that_never_completes_the_handshake_is_a_timeout():
    import socket

    from station.drivers.transports.websocket import WebSocketTransport

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)  # the connection is taken by the kernel, never answered
        transport = WebSocketTransport("127.0.0.1", server.getsockname()[1], connect_timeout=0.5)
        with pytest.raises(DeviceTimeout, match="no answer to connect"):
            transport.open()
        transport.close()
