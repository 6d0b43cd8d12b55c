"""Import every module of a package as Windows would: ``python windows_imports.py PACKAGE``.

Run in a process of its own (it changes the interpreter for good). It prints one
line per module that failed to import and exits 1 if any did, 0 otherwise.

How Windows is imitated on this machine:

1. first, with the real platform, every module that is not part of PACKAGE and
   that a module of PACKAGE imports at its top level (the standard library,
   PySide6, pyserial, platformdirs, …) is imported: those choose their own
   Windows or POSIX code at import and are known to run on Windows; imported
   under a false ``sys.platform`` they would reach for ``_winapi`` and fail for
   a reason that is not ours;
2. then ``sys.platform`` becomes ``"win32"``; the modules Windows does not have
   (``fcntl``, ``termios``, ``pwd``, ``grp``, ``resource``, ``posix``, ``tty``,
   ``pty``, …) are hidden (``sys.modules[name] = None``: importing one raises
   ImportError, as on Windows); ``select.poll``/``epoll``, the POSIX-only
   functions and flags of ``os`` (``getuid``, ``fork``, ``O_NOCTTY``, …) and
   the signals Windows lacks (``SIGKILL``, ``SIGHUP``, …) are removed;
3. then every module of PACKAGE (found like ``pkgutil.walk_packages`` does) is imported, each
   exactly as its first importer would.

``os.name`` stays ``"posix"``: ``pathlib`` picks its path class by ``os.name``
when a path is made, and would refuse every path. The station branches on
``sys.platform`` only, which ``tests/test_windows.py`` checks.

No stub of a Windows-only module (``msvcrt``, ``win32print``, ``win32security``,
``winreg``) is put in: a module that needs one must import it inside the
function that uses it, so importing the module never reaches it. The lazy
branches are parsed (every module is compiled when imported) but not run.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import importlib.util
import os
import pkgutil
import signal
import sys
import traceback
from pathlib import Path

# Modules of the standard library that exist on POSIX systems only.
POSIX_ONLY = (
    "fcntl",
    "termios",
    "tty",
    "pty",
    "pwd",
    "grp",
    "spwd",
    "crypt",
    "resource",
    "posix",
    "syslog",
    "nis",
    "ossaudiodev",
    "readline",
    "_posixsubprocess",
    "_posixshmem",
)
# Windows-only modules: imported only inside the function that needs them.
WINDOWS_ONLY = ("msvcrt", "winreg", "winsound", "_winapi", "nt", "win32print", "win32security")
SELECT_POSIX = ("poll", "epoll", "kqueue", "kevent", "devpoll", "POLLIN", "POLLOUT", "EPOLLIN")
OS_POSIX = (
    "getuid",
    "geteuid",
    "getgid",
    "getegid",
    "getgroups",
    "setuid",
    "setgid",
    "fork",
    "forkpty",
    "killpg",
    "getpgid",
    "setpgid",
    "setsid",
    "getsid",
    "setpgrp",
    "getpgrp",
    "getloadavg",
    "uname",
    "mkfifo",
    "mknod",
    "fchmod",
    "fchown",
    "chown",
    "lchown",
    "chroot",
    "sync",
    "pipe2",
    "openpty",
    "wait3",
    "wait4",
    "WNOHANG",
    "O_NOCTTY",
    "O_NONBLOCK",
    "O_NOFOLLOW",
    "O_CLOEXEC",
    "O_SYNC",
    "O_DSYNC",
    "O_DIRECTORY",
    "O_ASYNC",
    "O_NDELAY",
)
SIGNAL_POSIX = (
    "SIGKILL",
    "SIGHUP",
    "SIGQUIT",
    "SIGUSR1",
    "SIGUSR2",
    "SIGALRM",
    "SIGCHLD",
    "SIGPIPE",
    "SIGSTOP",
    "SIGCONT",
    "SIGTSTP",
    "alarm",
    "setitimer",
    "getitimer",
    "pause",
    "pthread_kill",
    "pthread_sigmask",
    "sigwait",
    "siginterrupt",
)


def _top_level_imports(path: Path) -> set[str]:
    """The absolute module names a file imports outside any function or class body
    (``if``/``try`` blocks at the top level count: they run at import)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(body):
        for node in body:
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, (ast.If, ast.Try, ast.With)):
                for field in ("body", "orelse", "finalbody", "handlers"):
                    for child in getattr(node, field, []) or []:
                        visit(child.body if isinstance(child, ast.ExceptHandler) else [child])

    visit(tree.body)
    return found


def _modules(package: str) -> list[tuple[str, Path]]:
    """Every module of ``package`` with its file, found on disk without importing any
    (``pkgutil.walk_packages`` imports each subpackage to look inside it, which here
    would be done under the real platform)."""
    spec = importlib.util.find_spec(package)
    out = [(package, Path(spec.origin))]

    def walk(folder: Path, prefix: str) -> None:
        for info in pkgutil.iter_modules([str(folder)]):
            name = prefix + info.name
            if info.ispkg:
                out.append((name, folder / info.name / "__init__.py"))
                walk(folder / info.name, name + ".")
            else:
                out.append((name, folder / f"{info.name}.py"))

    for folder in spec.submodule_search_locations:
        walk(Path(folder), package + ".")
    return out


def _preimport(package: str, modules: list[tuple[str, Path]]) -> None:
    hidden = set(POSIX_ONLY) | set(WINDOWS_ONLY)
    for _, path in modules:
        for name in sorted(_top_level_imports(path)):
            if name.split(".")[0] in hidden or name.split(".")[0] == package:
                continue
            # ``from x import a_function`` names no module; an optional one may be absent
            with contextlib.suppress(ImportError):
                importlib.import_module(name)


def imitate_windows() -> None:
    sys.platform = "win32"
    for name in POSIX_ONLY:
        sys.modules[name] = None
    for name in WINDOWS_ONLY:
        sys.modules.pop(name, None)  # absent here: importing one fails as it should
    import select

    for name in SELECT_POSIX:
        if hasattr(select, name):
            delattr(select, name)
    for name in OS_POSIX:
        if hasattr(os, name):
            delattr(os, name)
    for name in SIGNAL_POSIX:
        if hasattr(signal, name):
            delattr(signal, name)


def main(argv: list[str]) -> int:
    package = argv[0]
    walk = _modules(package)
    _preimport(package, walk)
    imitate_windows()
    failed = 0
    for name, _ in walk:
        if name.rpartition(".")[2] == "__main__":
            continue  # runs the program; what it imports is imported on its own
        if name in sys.modules:
            continue  # imported as a dependency of one before it: it did not fail
        try:
            importlib.import_module(name)
        except BaseException:  # noqa: BLE001 - a SystemExit at import is a failure too
            failed += 1
            last = traceback.format_exc().strip().splitlines()
            print(f"{name}: {last[-1]}")
            where = [ln.strip() for ln in last if ln.strip().startswith("File ")]
            if where:
                print(f"    at {where[-1]}")
    print(f"{len(walk)} modules, {failed} failed to import as on Windows")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
