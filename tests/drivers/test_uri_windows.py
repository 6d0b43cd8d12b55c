"""Device addresses as a Windows bench writes them: folders with drive letters and
shares, COM ports, and examples that name the devices a Windows PC has."""

from __future__ import annotations

import sys
from pathlib import PurePosixPath, PureWindowsPath

import pytest

from station.drivers.errors import DeviceOffline, DeviceUriError
from station.drivers.transports.folder import FolderTransport
from station.drivers.transports.usb_lp import UsbLpTransport
from station.drivers.uri import examples, folder_address, parse_uri


@pytest.mark.parametrize(
    "text,folder",
    [
        ("pdf+file:///C:/labels/out", "C:/labels/out"),
        ("pdf+file://C:/labels/out", "C:/labels/out"),
        ("zpl+file:///C:\\labels\\out", "C:/labels/out"),
        ("zpl+file://C:\\labels\\out", "C:/labels/out"),
        ("tspl+file:///d:/Bench 7/标签", "D:/Bench 7/标签"),
        ("zpl+file:///C:/labels/out/?dpi=300", "C:/labels/out"),
        ("pdf+file://C:/", "C:/"),
        ("pdf+file://\\\\packsrv\\labels\\bench7", "//packsrv/labels/bench7"),
    ],
)
def test_a_windows_folder_is_read_with_windows_path_rules(text, folder):
    uri = parse_uri("printer", text)
    assert uri.transport == "file"
    assert PureWindowsPath(uri.path) == PureWindowsPath(folder)  # case-blind, / or \
    assert PureWindowsPath(uri.path).is_absolute()
    assert "/" not in uri.path  # written as Windows writes it, ready for open()


@pytest.mark.parametrize("text", ["pdf+file://C:", "pdf+file:///C:labels", "zpl+file://c:out"])
def test_a_drive_without_its_root_is_refused(text):
    with pytest.raises(DeviceUriError, match="not a full path"):
        parse_uri("printer", text)


@pytest.mark.parametrize("folder", ["/var/spool/station", "/tmp/x/output", "/srv/标签 7"])
def test_posix_folders_stay_as_they_are(folder):
    assert parse_uri("printer", f"pdf+file://{folder}").path == folder


@pytest.mark.parametrize(
    "folder",
    [
        PureWindowsPath(r"C:\Users\王五\AppData\Local\station\output"),
        PureWindowsPath(r"D:\bench 7\out"),
        PurePosixPath("/home/wang/.local/share/station/output"),
        PurePosixPath("/tmp/a b/标签"),
    ],
)
def test_a_folder_printer_address_is_read_back_as_its_folder(folder):
    for language in ("zpl", "pdf", "tspl"):
        text = folder_address(language, folder)
        assert "\\" not in text
        path = parse_uri("printer", text).path
        assert type(folder)(path) == folder


@pytest.mark.parametrize(
    "kind,text,port",
    [
        ("scanner", "serial://COM3", "COM3"),
        ("scanner", "serial://com3?baud=115200", "COM3"),
        ("scanner", "serial:///COM7", "COM7"),
        ("scanner", "serial://\\\\.\\COM10", "COM10"),
        ("printer", "zpl+serial://COM4?baud=9600", "COM4"),
        ("printer", "tspl+serial://\\\\.\\com12", "COM12"),
        ("scale", "mtsics+serial://COM256", "COM256"),
        ("scale", "toledo+serial:///COM1", "COM1"),
    ],
)
def test_com_ports_are_serial_ports(kind, text, port):
    uri = parse_uri(kind, text)
    assert uri.transport == "serial" and uri.path == port


@pytest.mark.parametrize("text", ["serial://COM0", "serial://COM257", "serial://com999"])
def test_a_com_port_that_cannot_exist_is_refused(text):
    with pytest.raises(DeviceUriError, match="COM1 to COM256"):
        parse_uri("scanner", text)


def test_linux_device_paths_are_untouched():
    assert parse_uri("scanner", "serial:///dev/ttyACM0").path == "/dev/ttyACM0"
    assert parse_uri("scale", "mtsics+serial:///dev/ttyUSB1").path == "/dev/ttyUSB1"


def test_examples_name_this_systems_devices(monkeypatch):
    for kind in ("scanner", "printer", "scale"):
        windows, linux = examples(kind, "win32"), examples(kind, "linux")
        assert "/dev/" not in windows and "/dev/" in linux
        for example in windows.split(", "):
            parse_uri(kind, example)  # every example shown is an address that works
        for example in linux.split(", "):
            if "DIR" not in example and "QUEUE" not in example:
                parse_uri(kind, example)
    monkeypatch.setattr(sys, "platform", "win32")
    with pytest.raises(DeviceUriError) as exc:
        parse_uri("scanner", "serial://")
    assert "COM3" in str(exc.value) and "/dev/" not in str(exc.value)


def test_a_usb_device_file_on_windows_says_to_use_the_driver(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    with pytest.raises(DeviceOffline, match="Windows driver"):
        UsbLpTransport("/dev/usb/lp0").open()


def test_a_windows_folder_on_another_system_is_offline_not_a_stray_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = parse_uri("printer", "pdf+file:///C:/labels").path
    with pytest.raises(DeviceOffline, match="Windows folder"):
        FolderTransport(folder, "pdf").open()
    assert list(tmp_path.iterdir()) == []  # no folder called "C:\labels" made here
