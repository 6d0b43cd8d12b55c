"""Where the head-office token is kept: the system keyring where there is one
(Windows Credential Manager, macOS Keychain, Secret Service on a Linux desktop),
else a file in the data directory that only its user can read: mode 0600 on
Linux and macOS; on Windows an access list naming the current user alone, with
nothing inherited from the folder (:func:`protect_file`).

The token never goes into settings, logs or exports.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
from pathlib import Path

log = logging.getLogger(__name__)

SERVICE = "station"


def _keyring():
    """The system keyring, or None where there is no usable one."""
    try:
        import keyring
        from keyring.errors import KeyringError

        kr = keyring.get_keyring()
    except Exception:  # no keyring package or a broken backend: the file it is
        return None, Exception
    if getattr(kr, "priority", 0) <= 0:  # keyring's "fail" backend: nothing installed
        return None, KeyringError
    return kr, KeyringError


def _account(data_dir) -> str:
    return f"head-office-token:{Path(data_dir.root).resolve()}"


def token_path(data_dir) -> Path:
    return Path(data_dir.root) / "head_office.token"


def where_token_is(data_dir) -> str:
    """keyring | file | none"""
    kr, err = _keyring()
    if kr is not None:
        try:
            if kr.get_password(SERVICE, _account(data_dir)):
                return "keyring"
        except err:
            pass
    return "file" if token_path(data_dir).exists() else "none"


def read_token(data_dir) -> str:
    return _read_secret(_account(data_dir), token_path(data_dir))


def _read_secret(account: str, path: Path) -> str:
    """The secret kept under ``account`` in the system keyring, else in ``path``;
    "" when neither has one."""
    kr, err = _keyring()
    if kr is not None:
        try:
            token = kr.get_password(SERVICE, account)
        except err as exc:
            log.warning("the system keyring could not be read: %s", type(exc).__name__)
            token = None
        if token:
            return token
    return path.read_text(encoding="utf-8").strip() if path.exists() else ""


def write_token(data_dir, token: str) -> str:
    """Keep the token; returns where: ``keyring`` or ``file``. Raises
    :class:`FileNotProtected` (an OSError) when there is no keyring and the file
    cannot be made private; no file is left then."""
    kr, err = _keyring()
    if kr is not None:
        try:
            kr.set_password(SERVICE, _account(data_dir), token)
        except err as exc:
            log.warning(
                "the system keyring refused the token (%s); using a file", type(exc).__name__
            )
        else:
            token_path(data_dir).unlink(missing_ok=True)  # no second copy lying around
            return "keyring"
    return _write_private(token_path(data_dir), token)


def _write_private(path: Path, token: str) -> str:
    """``token`` into ``path``, emptied and made private before the token is in it:
    never readable by others; no file is left when it cannot be made private."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            protect_file(path)  # also when the file was there before, readable by others
            fh.write(token.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
    except FileNotProtected:
        path.unlink(missing_ok=True)
        raise
    return "file"


class FileNotProtected(OSError):
    """A secret's file could not be made readable by its user alone; nothing secret
    is written into it."""


def protect_file(path: Path | str) -> None:
    """Let only the current user read and write ``path`` (an existing file).

    POSIX: mode 0600. Windows: the file's access list (DACL) is replaced by one
    entry, full access for the user this process runs as (its token's SID), and
    protected, so no entry is inherited from the folder (Administrators, Users);
    through pywin32's ``win32security``. Raises :class:`FileNotProtected` when
    that cannot be done (pywin32 missing, a file system without access lists)."""
    if sys.platform != "win32":
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
        return
    try:
        import ntsecuritycon
        import win32api
        import win32security
    except ImportError as exc:
        raise FileNotProtected(
            f"{path}: pywin32 is not installed, so the file cannot be made private "
            "(pip install pywin32)"
        ) from exc
    try:
        process = win32security.OpenProcessToken(
            win32api.GetCurrentProcess(), win32security.TOKEN_QUERY
        )
        user, _ = win32security.GetTokenInformation(process, win32security.TokenUser)
        dacl = win32security.ACL()
        dacl.AddAccessAllowedAce(win32security.ACL_REVISION, ntsecuritycon.FILE_ALL_ACCESS, user)
        win32security.SetNamedSecurityInfo(
            str(path),
            win32security.SE_FILE_OBJECT,
            win32security.DACL_SECURITY_INFORMATION
            | win32security.PROTECTED_DACL_SECURITY_INFORMATION,
            None,
            None,
            dacl,
            None,
        )
    except Exception as exc:  # pywin32 raises its own pywintypes.error
        raise FileNotProtected(f"{path}: its access list could not be set: {exc}") from exc


def board_token_path(data_dir) -> Path:
    return Path(data_dir.root) / "supervisor.token"


def read_board_token(data_dir) -> str:
    """A supervisor's head-office token for the all-benches board on this bench
    (``station head-office --issue-supervisor NAME`` makes one), or "". Kept like
    the bench's token: the keyring where there is one, else ``supervisor.token``
    in the data directory (readable by its user only). Without one the board
    shows what head office gives the bench's own token: its own figures."""
    return _read_secret("supervisor-" + _account(data_dir), board_token_path(data_dir))


def write_board_token(data_dir, token: str) -> str:
    """Keep the board's supervisor token; returns where: ``keyring`` or ``file``.
    Raises :class:`FileNotProtected` as :func:`write_token` does."""
    kr, err = _keyring()
    if kr is not None:
        try:
            kr.set_password(SERVICE, "supervisor-" + _account(data_dir), token)
        except err as exc:
            log.warning(
                "the system keyring refused the token (%s); using a file", type(exc).__name__
            )
        else:
            board_token_path(data_dir).unlink(missing_ok=True)
            return "keyring"
    return _write_private(board_token_path(data_dir), token)
