"""Which media formats OMRS can sign and verify, decided by magic bytes first, extension second.

The C2PA SDK guesses the format from the file name; a renamed file (a PNG called ``.jpg``)
then gives a confusing parse error. Sniffing the first bytes lets the validator hand the
SDK the right MIME type and name the supported formats when a file is none of them.
No ``c2pa`` import here: ``omrs check`` uses this to decide whether a path is media at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from omrs.fileio import open_regular


@dataclass(frozen=True, slots=True)
class MediaFormat:
    """One format: a short name for messages, the MIME type given to the SDK, its extensions."""

    name: str
    mime: str
    extensions: tuple[str, ...]
    #: "bmff" or "riff" for box/chunk containers whose structure can be walked.
    container: str = ""


JPEG = MediaFormat("JPEG", "image/jpeg", (".jpg", ".jpeg", ".jpe"))
PNG = MediaFormat("PNG", "image/png", (".png",))
WEBP = MediaFormat("WebP", "image/webp", (".webp",), "riff")
GIF = MediaFormat("GIF", "image/gif", (".gif",))
TIFF = MediaFormat("TIFF", "image/tiff", (".tif", ".tiff"))
DNG = MediaFormat("DNG", "image/dng", (".dng",))
HEIC = MediaFormat("HEIC", "image/heic", (".heic",), "bmff")
HEIF = MediaFormat("HEIF", "image/heif", (".heif",), "bmff")
AVIF = MediaFormat("AVIF", "image/avif", (".avif",), "bmff")
JXL = MediaFormat("JPEG XL", "image/jxl", (".jxl",))
SVG = MediaFormat("SVG", "image/svg+xml", (".svg",))
MP4 = MediaFormat("MP4", "video/mp4", (".mp4", ".m4v", ".m4s", ".cmfv"), "bmff")
MOV = MediaFormat("QuickTime", "video/quicktime", (".mov", ".qt"), "bmff")
M4A = MediaFormat("M4A", "audio/mp4", (".m4a",), "bmff")
AVI = MediaFormat("AVI", "video/avi", (".avi",), "riff")
WAV = MediaFormat("WAV", "audio/wav", (".wav",), "riff")
MP3 = MediaFormat("MP3", "audio/mpeg", (".mp3",))
FLAC = MediaFormat("FLAC", "audio/flac", (".flac",))
PDF = MediaFormat("PDF", "application/pdf", (".pdf",))

FORMATS: tuple[MediaFormat, ...] = (
    JPEG, PNG, WEBP, GIF, TIFF, DNG, HEIC, HEIF, AVIF, JXL, SVG,
    MP4, MOV, M4A, AVI, WAV, MP3, FLAC, PDF,
)  # fmt: skip

#: A detached C2PA manifest store (``x.c2pa`` beside ``x.jpg``).
SIDECAR_EXTENSION = ".c2pa"

_BY_EXTENSION = {ext: fmt for fmt in FORMATS for ext in fmt.extensions}
_BMFF_BRANDS = {
    b"qt  ": MOV,
    b"heic": HEIC,
    b"heix": HEIC,
    b"mif1": HEIF,
    b"msf1": HEIF,
    b"avif": AVIF,
    b"avis": AVIF,
    b"M4A ": M4A,
}
_SNIFF_BYTES = 64


class UnsupportedFormat(ValueError):
    """The file is not a media format the C2PA layer can read."""


def supported_names() -> str:
    """The supported formats as a sentence fragment for error messages."""
    return ", ".join(f.name for f in FORMATS)


def _riff(head: bytes) -> MediaFormat | None:
    kind = head[8:12]
    return {b"WEBP": WEBP, b"WAVE": WAV, b"AVI ": AVI}.get(kind)


def _bmff(head: bytes) -> MediaFormat | None:
    box = head[4:8]
    if box == b"ftyp":
        return _BMFF_BRANDS.get(head[8:12], MP4)
    if box in (b"styp", b"moof", b"sidx", b"moov", b"mdat", b"free", b"wide"):
        return MP4
    return None


def _mp3(head: bytes) -> MediaFormat | None:
    if head.startswith(b"ID3"):
        return MP3
    if len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0 and (head[1] & 0x06):
        return MP3
    return None


def _svg(head: bytes) -> MediaFormat | None:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return SVG if text.startswith((b"<?xml", b"<svg", b"<!doctype svg")) else None


def _prefixed(prefix: bytes, fmt: MediaFormat) -> Callable[[bytes], MediaFormat | None]:
    return lambda head: fmt if head.startswith(prefix) else None


_SNIFFERS: tuple[Callable[[bytes], MediaFormat | None], ...] = (
    _prefixed(b"\xff\xd8\xff", JPEG),
    _prefixed(b"\x89PNG\r\n\x1a\n", PNG),
    lambda h: _riff(h) if h.startswith(b"RIFF") else None,
    _prefixed(b"II*\x00", TIFF),
    _prefixed(b"MM\x00*", TIFF),
    _prefixed(b"GIF8", GIF),
    _prefixed(b"%PDF-", PDF),
    _prefixed(b"fLaC", FLAC),
    _prefixed(b"\xff\x0a", JXL),
    _prefixed(b"\x00\x00\x00\x0cJXL \r\n\x87\n", JXL),
    _bmff,
    _mp3,
    _svg,
)


def sniff(head: bytes) -> MediaFormat | None:
    """The format the first bytes announce, or ``None``."""
    for sniffer in _SNIFFERS:
        fmt = sniffer(head)
        if fmt is not None:
            return fmt
    return None


def by_extension(path: Path) -> MediaFormat | None:
    return _BY_EXTENSION.get(path.suffix.lower())


def detect(path: Path, head: bytes | None = None) -> MediaFormat:
    """The file's format: magic bytes win over the extension (a TIFF-based DNG keeps its name).

    Raises :class:`UnsupportedFormat` naming the supported formats, and ``OSError`` when the
    file cannot be read or is not a regular file (a FIFO is never opened for reading).
    """
    if head is None:
        with open_regular(path) as fh:
            head = fh.read(_SNIFF_BYTES)
    sniffed = sniff(head)
    named = by_extension(path)
    if sniffed is TIFF and named is DNG:
        return DNG
    if sniffed is not None:
        return sniffed
    if not head:
        raise UnsupportedFormat(f"{path.name} is empty: no media to read")
    raise UnsupportedFormat(
        f"{path.name} is not a supported media format (supported: {supported_names()})"
    )


def is_fragment(path: Path) -> bool:
    """A BMFF media segment (``styp``/``moof`` first): only verifiable with its init segment."""
    with open_regular(path) as fh:
        head = fh.read(8)
    return head[4:8] in (b"styp", b"moof")


def looks_like_media(path: Path) -> bool:
    """Cheap test by extension, for directory walks that dispatch files to checkers."""
    return by_extension(path) is not None
