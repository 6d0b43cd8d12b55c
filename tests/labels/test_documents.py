"""Waybills and packing lists: rendered, rasterised or emulated, and decoded."""

import json
import subprocess
import sys

import pytest

from fuzz.commands import tspl_split
from station.config import Settings
from station.core.scan import Scan
from station.core.tracking import check_number
from station.db.models import Operator, Parcel, SalesOrder
from station.drivers.printers import open_printer
from station.drivers.simulators.label_printer import SimulatedLabelPrinter
from station.labels.layout import TemplateError, load_template
from station.resources import read_json
from station.services.documents import SIZES, DocumentError, DocumentService, sample_waybill_fields
from station.services.operators import Session
from tests.barcodes import decode_pdf, decode_zpl, pdf_text, template_symbols

SAMPLE = sample_waybill_fields()


@pytest.fixture
def docs():
    return DocumentService(lambda: Settings())


def test_sample_tracking_number_is_a_valid_s10():
    assert check_number(SAMPLE["tracking"], "s10") is None


@pytest.mark.parametrize("size", SIZES)
def test_waybill_pdf_every_size_decodes_and_carries_chinese_text(docs, size):
    pdf = docs.render_waybill(SAMPLE, "pdf", size)
    wanted = template_symbols(load_template(f"waybill_{size}"), SAMPLE)
    assert ("Code128", SAMPLE["tracking"]) in wanted and ("QRCode", SAMPLE["qr"]) in wanted
    assert decode_pdf(pdf) == [wanted]
    text = pdf_text(pdf)
    assert "刘贺" in text and "四川省成都市" in text  # the font is embedded, the text is real
    assert b"/FontFile2" in pdf  # a TrueType font program inside the PDF


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("tracking", [SAMPLE["tracking"], "4312000000001", "SF1408000000001"])
def test_waybill_zpl_every_size_decodes_on_a_printer_emulator(docs, size, tracking):
    zpl = docs.render_waybill({**SAMPLE, "tracking": tracking}, "zpl", size)
    assert zpl.startswith(b"^XA") and zpl.rstrip().endswith(b"^XZ")
    fields = {**SAMPLE, "tracking": tracking}
    assert decode_zpl(zpl) == [template_symbols(load_template(f"waybill_{size}"), fields)]


def test_waybill_tspl_on_the_simulated_printer(docs):
    tspl = docs.render_waybill(SAMPLE, "tspl")
    with SimulatedLabelPrinter(language="tspl") as sim:
        open_printer(sim.uri).print_job(tspl)
        job = sim.wait_for_jobs(1)[0]
    text = b"".join(p + b"\r\n" for p in tspl_split(job) if isinstance(p, bytes)).decode("gb18030")
    assert f'BARCODE 61,120,"128",120,0,0,3,3,"{SAMPLE["tracking"]}"' in text
    assert f'QRCODE 605,128,M,7,A,0,"{SAMPLE["qr"]}"' in text
    assert '"TSS24.BF2",0,2,2,"刘贺  138****5521"' in text
    assert text.startswith("SIZE 100 mm,150 mm") and text.rstrip().endswith("PRINT 1,1")


def test_a_users_template_overrides_the_shipped_one(tmp_path, docs):
    user = tmp_path / "labels"
    user.mkdir()
    shipped = read_json("labels", "waybill_100x150.json")
    shipped["elements"] = [
        e for e in shipped["elements"] if e["type"] != "barcode" or e["value"] != "{order}"
    ]
    (user / "waybill_100x150.json").write_text(json.dumps(shipped, ensure_ascii=False))
    custom = DocumentService(lambda: Settings(), user)
    wanted = [("Code128", SAMPLE["tracking"]), ("QRCode", SAMPLE["qr"])]
    assert decode_pdf(custom.render_waybill(SAMPLE, "pdf")) == [wanted]
    (user / "waybill_100x150.json").write_text('{"size_mm": [100], "elements": []}')
    with pytest.raises(TemplateError, match="not valid"):
        load_template("waybill_100x150", user)


def test_packing_list_pdf(docs, demo_services):
    order = SalesOrder.get(SalesOrder.number == "2611230001")
    for size in ("a4", "100x150"):
        pdf = demo_services.documents.packing_list(order, size)
        assert decode_pdf(pdf)[0] == [("Code128", "2611230001")]
        text = "".join(pdf_text(pdf).split())  # lines wrap between Chinese characters
        assert "销货清单" in text and "刘贺" in text and "赠品" in text


def test_waybill_of_a_packed_parcel_and_never_of_an_open_one(demo_services):
    svc = demo_services.packing
    who = Session(Operator.get(Operator.name == "张伟"), "b")
    _, state = svc.open(Scan("2611230005"), who)
    parcel = state.parcel
    with pytest.raises(DocumentError, match="no_waybill_unverified"):
        demo_services.documents.waybill(parcel, "pdf")
    ean = next(p for p in read_json("demo", "products.json") if p["sku"] == "SOCK-5P")["barcodes"][
        0
    ]["code"]
    from datetime import UTC, datetime, timedelta

    for n in range(2):
        svc.scan_item(state.order, Scan(ean, at=datetime.now(UTC) + timedelta(seconds=n)), who)
    result = svc.close(state.order, who, weight_g=470)
    zpl = demo_services.documents.waybill(Parcel.get_by_id(result.parcel.id), "zpl")
    tracking = result.tracking_number
    assert decode_zpl(zpl) == [
        sorted([("Code128", "2611230005"), ("Code128", tracking), ("QRCode", tracking)])
    ]


def test_cli_label_commands(tmp_path):
    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "station", *args, "--data-dir", str(tmp_path / "d")],
            capture_output=True,
            text=True,
        )

    out = tmp_path / "w.pdf"
    r = run("label", "waybill", "--sample", "--format", "pdf", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert decode_pdf(out.read_bytes())[0][1] == ("Code128", SAMPLE["tracking"])
    out = tmp_path / "w.zpl"
    assert (
        run(
            "label", "waybill", "--sample", "--format", "zpl", "--size", "76x130", "-o", str(out)
        ).returncode
        == 0
    )
    assert ("Code128", SAMPLE["tracking"]) in decode_zpl(out.read_bytes())[0]
    out = tmp_path / "p.pdf"
    assert run("label", "packing-list", "--sample", "-o", str(out)).returncode == 0
    assert "送胶" in pdf_text(out.read_bytes())
    assert run("demo").returncode == 0
    r = run("label", "waybill", "2611230001", "-o", str(tmp_path / "x.pdf"))
    assert r.returncode == 3 and "verified" in r.stderr  # not packed: no waybill


def test_cli_import_tracking_numbers(tmp_path):
    from station.core.tracking import s10_check_digit

    numbers = [f"EE{n:08d}{s10_check_digit(f'{n:08d}')}CN" for n in range(500, 510)]
    f = tmp_path / "ems.csv"
    f.write_text("\n".join(numbers))

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "station", *args, "--data-dir", str(tmp_path / "d")],
            capture_output=True,
            text=True,
        )

    r = run(
        "import", "tracking-numbers", str(f), "--carrier", "EMS", "--account", "X", "--rule", "s10"
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.splitlines()[-1])["added"] == 10
    f.write_text("EE000000019CN\n" + numbers[0])
    r = run("import", "tracking-numbers", str(f), "--carrier", "EMS", "--account", "X")
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert r.returncode == 1 and lines[0] == {
        "line": 1,
        "number": "EE000000019CN",
        "refused": "check_digit",
    }


@pytest.mark.parametrize(
    "content", [b'{"size_mm": [100, 150], "elements": [', b"\xff\xfe not utf-8", b""]
)
def test_a_users_template_that_cannot_be_read_is_a_template_error(tmp_path, content):
    (tmp_path / "waybill_100x150.json").write_bytes(content)
    with pytest.raises(TemplateError, match="waybill_100x150.json"):
        load_template("waybill_100x150", tmp_path)
