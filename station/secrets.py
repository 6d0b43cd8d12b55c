"""Where the head-office token is kept: the system keyring where there is one
(Windows Credential Manager, macOS Keychain, Secret Service on a Linux desktop),
else a file in the data directory that only its user can read.

The token never goes into settings, logs or exports.
"""

from __future__ import annotations

import logging
import os
import stat
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
    kr, err = _keyring()
    if kr is not None:
        try:
            token = kr.get_password(SERVICE, _account(data_dir))
        except err as exc:
            log.warning("the system keyring could not be read: %s", type(exc).__name__)
            token = None
        if token:
            return token
    path = token_path(data_dir)
    return path.read_text(encoding="utf-8").strip() if path.exists() else ""


def write_token(data_dir, token: str) -> str:
    """Keep the token; returns where: ``keyring`` or ``file``."""
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
    path = token_path(data_dir)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(token)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)  # also when the file was there before
    return "file"


def board_token_path(data_dir) -> Path:
    return Path(data_dir.root) / "supervisor.token"


def read_board_token(data_dir) -> str:
    """A supervisor's head-office token for the all-benches board on this bench
    (``station head-office --issue-supervisor NAME`` makes one), or "". Kept like
    the bench's token: the keyring where there is one, else ``supervisor.token``
    in the data directory (readable by its user only). Without one the board
    shows what head office gives the bench's own token: its own figures."""
    kr, err = _keyring()
    if kr is not None:
        try:
            token = kr.get_password(SERVICE, "supervisor-" + _account(data_dir))
        except err as exc:
            log.warning("the system keyring could not be read: %s", type(exc).__name__)
            token = None
        if token:
            return token
    path = board_token_path(data_dir)
    return path.read_text(encoding="utf-8").strip() if path.exists() else ""


def write_board_token(data_dir, token: str) -> str:
    """Keep the board's supervisor token; returns where: ``keyring`` or ``file``."""
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
    path = board_token_path(data_dir)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(token)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    return "file"
