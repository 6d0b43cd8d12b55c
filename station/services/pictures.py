"""Product pictures kept in the data directory, so a line shows its picture offline.

Head office names a product's picture by a reference (``Product.image``): a URL, or
a path under its media (``products/MAT-240.png``, served as ``/v1/media/…``). The
bytes come down off the GUI thread (``station.sync.pictures``) and are kept here:

- one file per reference, named by the SHA-256 of the reference (a changed
  picture comes with a new reference, so a stale file is never shown for it);
- checked before it is kept: a PNG, JPEG, GIF, WebP or BMP that decodes whole,
  at most ``MAX_PIXELS`` pixels (a decompression bomb is refused unread);
- scaled down to ``SIDE_PX`` on its longer side and stored as PNG (with
  transparency) or JPEG, so the screen never decodes a 20-megapixel photo;
- written to a temporary file, flushed and renamed: a crash never leaves half a
  picture under the real name;
- the folder is kept under ``limit_bytes``: pictures no product uses go first,
  then the oldest.

Nothing here raises on a bad picture: :meth:`PictureCache.store` raises
:class:`PictureRefused` with the reason, which the fetcher logs.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import tempfile
import warnings
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

SIDE_PX = 384  # longer side kept: a 128 px thumbnail on a 2x screen, a large view at 1x
MAX_DOWNLOAD_BYTES = 8 * 1024 * 1024  # a product picture larger than this is refused
MAX_PIXELS = 40_000_000  # width x height; more is refused before it is decoded
LIMIT_BYTES = 256 * 1024 * 1024  # the whole cache folder
FORMATS = ("PNG", "JPEG", "GIF", "WEBP", "BMP")
SUFFIXES = (".png", ".jpg")


class PictureRefused(ValueError):
    """Bytes that are not a picture this station keeps; ``str()`` says why."""


def picture_key(reference: str) -> str:
    """The file stem for a picture reference: 32 hex digits of its SHA-256."""
    return hashlib.sha256(reference.strip().encode("utf-8")).hexdigest()[:32]


class PictureCache:
    """The picture folder (``<data dir>/cache/pictures``); safe to use from any thread."""

    def __init__(
        self,
        folder: Path,
        *,
        side_px: int = SIDE_PX,
        max_pixels: int = MAX_PIXELS,
        limit_bytes: int = LIMIT_BYTES,
    ):
        self.folder = Path(folder)
        self.side_px = side_px
        self.max_pixels = max_pixels
        self.limit_bytes = limit_bytes

    def path_for(self, reference: str | None) -> Path | None:
        """The kept file of a reference, or None when there is none (yet)."""
        if not reference or not reference.strip():
            return None
        key = picture_key(reference)
        for suffix in SUFFIXES:
            path = self.folder / f"{key}{suffix}"
            if path.is_file():
                return path
        return None

    def has(self, reference: str | None) -> bool:
        return self.path_for(reference) is not None

    def kept_keys(self) -> set[str]:
        """The keys (file stems) of every picture kept, from one listing of the folder."""
        return {p.stem for p in self._files()}

    def store(self, reference: str, data: bytes) -> Path:
        """Check, scale and keep ``data`` as the picture of ``reference``; returns the file.

        Raises PictureRefused (not a picture, a format not kept, too many pixels,
        truncated or corrupt) and OSError (the folder cannot be written)."""
        image_bytes, suffix = self._normalise(data)
        self.folder.mkdir(parents=True, exist_ok=True)
        key = picture_key(reference)
        target = self.folder / f"{key}{suffix}"
        fd, tmp = tempfile.mkstemp(prefix=f".{key}.", suffix=".part", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(image_bytes)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        for other in SUFFIXES:  # the same reference kept earlier in the other format
            if other != suffix:
                with contextlib.suppress(OSError):
                    (self.folder / f"{key}{other}").unlink()
        return target

    def _normalise(self, data: bytes) -> tuple[bytes, str]:
        from PIL import Image, ImageOps, UnidentifiedImageError

        if not data:
            raise PictureRefused("empty file")
        try:
            with warnings.catch_warnings():
                # Pillow only warns of a picture of 90-180 megapixels: refuse it too
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                im = Image.open(io.BytesIO(data), formats=FORMATS)
            with im:
                width, height = im.size
                if width < 1 or height < 1 or width * height > self.max_pixels:
                    raise PictureRefused(f"{width}x{height} pixels is too large a picture")
                if im.format == "JPEG":  # decoded at the scale needed: several times faster
                    scale = min(1.0, self.side_px / max(width, height))
                    im.draft("RGB", (max(1, int(width * scale)), max(1, int(height * scale))))
                im.load()  # decodes it all: a truncated or corrupt file fails here
                im = ImageOps.exif_transpose(im)
                im.thumbnail((self.side_px, self.side_px), Image.Resampling.LANCZOS)
                has_alpha = im.mode in ("RGBA", "LA", "PA") or (
                    im.mode == "P" and "transparency" in im.info
                )
                out = io.BytesIO()
                if has_alpha:
                    im.convert("RGBA").save(out, "PNG", optimize=True)
                    return out.getvalue(), ".png"
                im.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
                return out.getvalue(), ".jpg"
        except PictureRefused:
            raise
        except UnidentifiedImageError:
            raise PictureRefused("not a picture") from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PictureRefused("too large a picture") from None
        except (OSError, ValueError, SyntaxError) as exc:
            raise PictureRefused(f"a damaged picture ({exc})") from None

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self._files())

    def _files(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return [p for p in self.folder.iterdir() if p.is_file() and p.suffix in SUFFIXES]

    def trim(self, in_use: Iterable[str] = ()) -> int:
        """Keep the folder under ``limit_bytes``: delete pictures no product refers to
        first, then the oldest. Left-over temporary files go too. Returns files deleted."""
        if self.folder.is_dir():
            for part in self.folder.glob(".*.part"):
                with contextlib.suppress(OSError):
                    part.unlink()
        used = {picture_key(r) for r in in_use if r}
        files = []
        for p in self._files():
            with contextlib.suppress(OSError):
                st = p.stat()
                files.append((p.stem in used, st.st_mtime, st.st_size, p))
        total = sum(f[2] for f in files)
        deleted = 0
        for _, _, size, path in sorted(files, key=lambda f: (f[0], f[1])):
            if total <= self.limit_bytes:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                total -= size
                deleted += 1
        if deleted:
            log.info("picture cache trimmed: %d files deleted, %d bytes kept", deleted, total)
        return deleted
