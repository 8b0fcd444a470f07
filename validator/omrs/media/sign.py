"""Sign OMRS records into a media file (or a ``.c2pa`` sidecar) as a C2PA manifest.

Signing never damages the input and never leaves a partial output: the signed file is
written to a temporary file in the destination's folder, flushed to disk, verified, and
only then renamed over the destination. Any failure removes the temporary file and leaves
the destination as it was. The file as received is the ``parentOf`` ingredient of the new
manifest (``c2pa.opened``); a manifest it already carries stays in that ingredient.

With a time-stamp authority (``tsa_url``), the SDK asks it for an RFC 3161 time-stamp over
the signature and embeds it (``sigTst2``), so the manifest stays valid after the signing
certificate expires. If the authority cannot be reached or answers badly, signing fails:
a manifest without the time-stamp asked for is never written.

Every native call on a user's file runs in an isolated child (:mod:`omrs.media.isolate`):
the check of the input, the signing itself (which reads the input and its manifest, as an
ingredient), and the verification of the output. A crash of the native library fails this
signing cleanly instead of killing the process.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from omrs.fileio import open_regular, replacing
from omrs.media import formats, isolate
from omrs.media.certs import CertificateError, SignerMaterial
from omrs.media.ingredients import PARENT_INGREDIENT
from omrs.media.labels import LabelError
from omrs.media.manifest import LABEL_ASSET, OmrsContent, build_definition, definition_resources
from omrs.media.report import C2paReport
from omrs.media.verify import verify_media
from omrs.options import TrustSettings
from omrs.urls import shown_url

#: How the SDK (0.91) words a failed time-stamp request: unreachable, an HTTP error, a
#: reply of the wrong type or one that does not decode (it gives up after 30 s of silence).
#: Its other signing errors (an expired certificate, say) are worded otherwise.
_TSA_FAILURE = "Signature: internal error ("


#: The Merkle chunk size ``omrs sign`` uses for MP4/MOV unless told otherwise: verifying
#: then reads 1 MiB at a time (flat memory), for a file about 0.02% larger (README).
DEFAULT_MERKLE_CHUNK_KB = 1024


class SigningError(Exception):
    """Signing failed; the destination is untouched. The message says why and what to do."""


@dataclass(frozen=True, slots=True)
class SignResult:
    """Where the manifest went and what verifying it afterwards found.

    ``edited`` says the file already carried a manifest (kept in the parent ingredient).
    """

    destination: Path
    media: Path
    sidecar: bool
    edited: bool
    report: C2paReport
    tsa_url: str | None = None


def _existing_manifest(src: Path, trust: TrustSettings) -> bool:
    """Whether ``src`` already embeds a manifest, to be kept as the parent ingredient.

    Unreadable media and remote manifests are refused rather than silently dropped.
    """
    report = verify_media(src, trust, discover_sidecar=False)
    if report.state == "malformed":
        raise SigningError(f"cannot sign {src}: {report.error}")
    if report.state == "remote":
        raise SigningError(
            f"cannot sign {src}: it refers to a remote manifest ({report.remote_url}) that was "
            "not fetched; fetch it first (--fetch-remote) or sign a copy without the reference"
        )
    return report.state != "none"


def _builder(
    definition: dict[str, Any],
    trust: TrustSettings,
    src: Path,
    mime: str,
    *,
    sidecar: bool,
    resources: dict[str, bytes] | None = None,
    merkle_chunk_kb: int | None = None,
) -> Any:
    """An SDK Builder with ``src``, as received, as the ``parentOf`` ingredient, and the data
    its ingredients embed (``resources``: a prompt's text, by identifier)."""
    import io

    import c2pa

    from omrs.media.trust import make_context

    context = make_context(trust, signing=True, merkle_chunk_kb=merkle_chunk_kb)
    builder = c2pa.Builder(definition, context)
    for identifier, data in (resources or {}).items():
        builder.add_resource(identifier, io.BytesIO(data))
    ingredient = {"title": src.name, "relationship": "parentOf", "label": PARENT_INGREDIENT}
    with open_regular(src) as source:
        builder.add_ingredient(ingredient, mime, source)
    if sidecar:
        builder.set_no_embed()
    return builder


def _sdk_sign(
    builder: Any,
    signer: SignerMaterial,
    mime: str,
    src: Path,
    out: BinaryIO,
    tsa_url: str | None,
) -> bytes:
    import c2pa

    info = c2pa.C2paSignerInfo(signer.alg.encode(), signer.chain_pem, signer.key_pem, tsa_url)
    with c2pa.Signer.from_info(info) as sdk_signer, open_regular(src) as source:
        manifest: bytes = builder.sign(sdk_signer, mime, source, out)
    return manifest


def _write_signed(
    definition: dict[str, Any],
    trust: TrustSettings,
    signer: SignerMaterial,
    src: Path,
    mime: str,
    out: BinaryIO,
    *,
    sidecar: Path | None,
    tsa_url: str | None,
    resources: dict[str, bytes] | None = None,
    merkle_chunk_kb: int | None = None,
) -> bytes:
    """In the isolated child: sign ``src`` into ``out``, or return the store for a sidecar.

    ``sidecar`` is the sidecar's folder: the SDK still copies the asset out, and an unnamed
    file there keeps big media off the heap and leaves nothing behind.
    """
    builder = _builder(
        definition,
        trust,
        src,
        mime,
        sidecar=sidecar is not None,
        resources=resources,
        merkle_chunk_kb=merkle_chunk_kb,
    )
    if sidecar is not None:
        with tempfile.TemporaryFile(dir=sidecar) as discard:
            return _sdk_sign(builder, signer, mime, src, discard, tsa_url)
    _sdk_sign(builder, signer, mime, src, out, tsa_url)
    out.flush()
    return b""


def _check_written(report: C2paReport, tsa_url: str | None) -> None:
    if report.state not in ("trusted", "valid"):
        detail = report.error or ", ".join(c.code for c in report.failures) or report.state
        raise SigningError(f"the signed output did not verify ({report.state}: {detail})")
    if report.assertion(LABEL_ASSET) is None:
        raise SigningError("the signed output does not carry the OMRS assertions")
    if tsa_url and (report.timestamp is None or report.timestamp.time is None):
        raise SigningError(f"the signed output carries no time-stamp from {shown_url(tsa_url)}")


def _plan(src: Path, dst: Path, *, sidecar: bool, in_place: bool) -> None:
    if dst.resolve() == src.resolve() and not (in_place or sidecar):
        raise SigningError(f"refusing to overwrite {src} without in_place (--in-place)")
    if sidecar and dst.suffix != formats.SIDECAR_EXTENSION:
        raise SigningError(f"a sidecar manifest must be written to a .c2pa file, not {dst}")
    if sidecar and dst.exists():
        # The SDK cannot take a bare manifest store as an ingredient, so replacing the
        # sidecar would drop its history: refuse instead of losing it silently.
        raise SigningError(
            f"{dst} already exists; replacing it would drop the manifest it holds. Embed the "
            "new manifest instead (-o/--in-place), or move the old sidecar away first"
        )
    if not dst.parent.is_dir():
        raise SigningError(f"the destination folder {dst.parent} does not exist")


def sign_media(
    src: Path,
    dst: Path,
    content: OmrsContent,
    signer: SignerMaterial,
    *,
    trust: TrustSettings | None = None,
    sidecar: bool = False,
    in_place: bool = False,
    tsa_url: str | None = None,
    merkle_chunk_kb: int | None = DEFAULT_MERKLE_CHUNK_KB,
) -> SignResult:
    """Sign ``content`` into ``src``, writing the signed media (or the sidecar) to ``dst``.

    ``sidecar`` leaves the media untouched and writes the manifest store to ``dst``
    (``x.c2pa`` beside ``x.jpg``). ``in_place`` allows ``dst == src``. ``tsa_url`` is an
    RFC 3161 time-stamp authority (``http://`` or ``https://``); without it nothing goes
    over the network. ``merkle_chunk_kb`` is the Merkle chunk size for MP4/MOV (None or 0:
    one hash over ``mdat``, which verifiers then read in blocks of up to 256 MiB). Raises
    :class:`SigningError` (destination untouched, no temporary file left).
    """
    trust = trust or TrustSettings()
    try:
        return _sign(
            src,
            dst,
            content,
            signer,
            trust,
            sidecar=sidecar,
            in_place=in_place,
            tsa_url=tsa_url,
            merkle_chunk_kb=merkle_chunk_kb,
        )
    except (SigningError, CertificateError, LabelError):
        raise
    except isolate.NativeCrash as crash:
        raise SigningError(
            f"cannot sign {src}: {crash} while signing; nothing was written"
        ) from crash
    except formats.UnsupportedFormat as exc:
        raise SigningError(str(exc)) from exc
    except OSError as exc:
        raise SigningError(f"cannot sign {src}: {exc.strerror or exc}") from exc
    except Exception as exc:  # SDK errors: one message, never a traceback
        if not isolate.from_sdk(exc):
            raise  # a bug of ours: an internal error (exit 2), not "the SDK refused"
        if tsa_url and _one_line(exc).startswith(_TSA_FAILURE):
            authority, reason = shown_url(tsa_url), shown_url(_one_line(exc))
            raise SigningError(
                f"cannot sign {src}: no time-stamp from the time-stamp authority {authority} "
                f"({reason}); nothing was written. Check the URL and the network, "
                "or sign without a time-stamp authority"
            ) from exc
        raise SigningError(
            f"the C2PA SDK refused to sign {src}: {shown_url(_one_line(exc))}"
        ) from exc


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _sign(
    src: Path,
    dst: Path,
    content: OmrsContent,
    signer: SignerMaterial,
    trust: TrustSettings,
    *,
    sidecar: bool,
    in_place: bool,
    tsa_url: str | None,
    merkle_chunk_kb: int | None,
) -> SignResult:
    _plan(src, dst, sidecar=sidecar, in_place=in_place)
    fmt = formats.detect(src)
    if formats.is_fragment(src):
        raise SigningError(f"{src.name} is a media fragment; sign its init segment instead")
    edit = _existing_manifest(src, trust)
    definition = build_definition(content, title=src.name, mime=fmt.mime)
    resources = definition_resources(content)
    with replacing(dst) as (tmp, handle):
        folder = dst.parent if sidecar else None
        store = isolate.call(
            lambda: _write_signed(
                definition,
                trust,
                signer,
                src,
                fmt.mime,
                handle,
                sidecar=folder,
                tsa_url=tsa_url,
                resources=resources,
                merkle_chunk_kb=merkle_chunk_kb,
            )
        )
        if sidecar:
            handle.write(store)
        handle.flush()
        os.fsync(handle.fileno())
        written = (src, tmp) if sidecar else (tmp, None)
        report = verify_media(written[0], trust, sidecar=written[1], discover_sidecar=False)
        _check_written(report, tsa_url)  # raising here removes the temporary file; dst is untouched
    media = src if sidecar else dst
    return SignResult(dst, media, sidecar, edit, report, tsa_url)
