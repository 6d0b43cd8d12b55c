"""The station on Windows: every module imports there, and the token file is private.

The imports are checked here, on Linux, by ``tests/windows_imports.py``: it imports
every module of the package in a process of its own with ``sys.platform`` set to
``win32`` and the POSIX-only modules, functions and signals taken away (see its
docstring for exactly what). No stub of a Windows-only module is put in: modules
that need ``msvcrt``, ``win32print`` or ``win32security`` import them inside the
function that uses them, and importing the module never runs that function.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKER = Path(__file__).resolve().parent / "windows_imports.py"


def _check(package: str, path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(path), str(ROOT)]))
    return subprocess.run(
        [sys.executable, str(CHECKER), package],
        capture_output=True,
        text=True,
        env=env,
        cwd=path,
        timeout=120,
    )


def test_every_station_module_imports_as_on_windows():
    r = _check("station", ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    count = int(r.stdout.strip().splitlines()[-1].split()[0])
    assert count > 200  # the whole package was walked, not an empty list


PLANTED = {
    "locking.py": "import fcntl\n",
    "deep/__init__.py": "",
    "deep/terminal.py": "import os\nimport termios\n",
    "owner.py": "import os\nOWNER = os.getuid()\n",
    "polling.py": "from select import poll\n",
    "killing.py": "import signal\nHARD = signal.SIGKILL\n",
    "windows_eager.py": "import sys\nif sys.platform == 'win32':\n    import msvcrt\n",
    "users.py": "try:\n    import pwd\nexcept KeyError:\n    pwd = None\n",
}
FINE = {
    "lazy.py": "def lock(fd):\n    import fcntl\n    fcntl.flock(fd, fcntl.LOCK_EX)\n",
    "guarded.py": "try:\n    import fcntl\nexcept ImportError:\n    fcntl = None\n",
    "branching.py": "import sys\nWINDOWS = sys.platform == 'win32'\n",
    "plain.py": "import json\nimport select\nSELECT = select.select\n",
}


def test_the_check_fails_on_each_posix_only_import_it_is_given(tmp_path):
    package = tmp_path / "planted"
    for name, text in {"__init__.py": "", **PLANTED, **FINE}.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text)
    r = _check("planted", tmp_path)
    assert r.returncode == 1, r.stdout + r.stderr
    failed = {line.split(":")[0] for line in r.stdout.splitlines() if line.startswith("planted")}
    expected = {
        "planted." + name.removesuffix(".py").replace("/", ".")
        for name in PLANTED
        if name.endswith(".py") and PLANTED[name]
    }
    assert failed == expected
    assert "planted.lazy" not in r.stdout and "planted.guarded" not in r.stdout


def test_the_check_fails_when_a_station_module_imports_fcntl_at_the_top(tmp_path):
    """A copy of the station with one top-level ``import fcntl`` added fails."""
    import shutil

    copy = tmp_path / "station"
    shutil.copytree(ROOT / "station", copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / "instance_lock.py"
    text = target.read_text(encoding="utf-8")
    future = "from __future__ import annotations\n"
    assert future in text
    target.write_text(text.replace(future, future + "import fcntl\n", 1), encoding="utf-8")
    r = subprocess.run(
        [sys.executable, str(CHECKER), "station"],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(tmp_path)),
        cwd=tmp_path,
        timeout=120,
    )
    assert r.returncode == 1, r.stdout + r.stderr
    assert "station.instance_lock: ModuleNotFoundError: import of fcntl halted" in r.stdout


def test_the_station_branches_on_sys_platform_never_os_name():
    """The import check imitates Windows by ``sys.platform``; a module that asked
    ``os.name`` would see "posix" there and go untested."""
    offenders = []
    for path in (ROOT / "station").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "name"
                and isinstance(node.value, ast.Name)
                and node.value.id == "os"
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


# --- the token file on Windows: an access list with the user alone -------------------


class _Acl:
    def __init__(self):
        self.entries = []

    def AddAccessAllowedAce(self, revision, mask, sid):  # noqa: N802 - pywin32's names
        self.entries.append((revision, mask, sid))


@pytest.fixture
def pywin32(monkeypatch):
    """pywin32's three modules as far as the token file uses them, recording what the
    station asks Windows to set. They are pywin32's, not ours: its real constants."""
    calls = []
    sec = types.ModuleType("win32security")
    sec.TOKEN_QUERY = 0x0008
    sec.TokenUser = 1
    sec.ACL_REVISION = 2
    sec.SE_FILE_OBJECT = 1
    sec.DACL_SECURITY_INFORMATION = 0x4
    sec.PROTECTED_DACL_SECURITY_INFORMATION = 0x80000000
    sec.ACL = _Acl
    sec.OpenProcessToken = lambda process, access: ("token", process, access)
    sec.GetTokenInformation = lambda token, what: ("S-1-5-21-7-1001", 7)

    def set_named(path, kind, info, owner, group, dacl, sacl):
        calls.append(
            dict(path=path, kind=kind, info=info, dacl=dacl, size=Path(path).stat().st_size)
        )

    sec.SetNamedSecurityInfo = set_named
    api = types.ModuleType("win32api")
    api.GetCurrentProcess = lambda: "this process"
    con = types.ModuleType("ntsecuritycon")
    con.FILE_ALL_ACCESS = 0x1F01FF
    for module in (sec, api, con):
        monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(sys, "platform", "win32")
    return calls


def test_the_token_file_on_windows_is_the_users_alone(data_dir, pywin32):
    from station.secrets import read_token, token_path, write_token

    path = token_path(data_dir)
    path.write_text("an older token, readable by anyone")
    assert write_token(data_dir, "tok-windows-1") == "file"
    assert read_token(data_dir) == "tok-windows-1"
    (call,) = pywin32
    assert call["path"] == str(path) and call["kind"] == 1
    assert call["info"] == 0x4 | 0x80000000  # the DACL, protected: nothing inherited
    assert call["dacl"].entries == [(2, 0x1F01FF, "S-1-5-21-7-1001")]  # the user alone
    assert call["size"] == 0  # made private before the token went in


def test_without_pywin32_no_token_file_is_written_on_windows(data_dir, monkeypatch):
    from station.secrets import FileNotProtected, token_path, write_token

    for name in ("win32security", "win32api", "ntsecuritycon"):
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setattr(sys, "platform", "win32")
    with pytest.raises(FileNotProtected, match="pywin32"):
        write_token(data_dir, "tok-nowhere")
    assert not token_path(data_dir).exists()


@pytest.mark.parametrize(
    "environ,folder",
    [
        ({}, "C:\\Windows\\Fonts\\"),
        ({"WINDIR": "D:\\WINNT"}, "D:\\WINNT\\Fonts\\"),
        ({"WINDIR": "E:\\Windows\\"}, "E:\\Windows\\Fonts\\"),
    ],
)
def test_label_fonts_are_looked_for_where_windows_is(environ, folder):
    from pathlib import PureWindowsPath

    from station.labels.fonts import windows_fonts

    assert windows_fonts(environ) == folder
    assert PureWindowsPath(windows_fonts(environ) + "msyh.ttc").parent == PureWindowsPath(folder)
