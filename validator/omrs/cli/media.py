"""``omrs keygen``, ``omrs sign`` and ``omrs inspect``: click only, the work is in omrs.media.

Exit codes: 0 ok, 1 findings (an invalid or malformed file, an untrusted one under
``--require-trusted``, a bundle that fails its checks), 2 usage, configuration or I/O
errors. Private keys are read, never printed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from omrs.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from omrs.cli.common import INPUT_FILE, build_options, fail, load_cli_config, trust_options
from omrs.options import CheckOptions

if TYPE_CHECKING:
    from omrs.findings import FileResult, RunResult
    from omrs.media.report import C2paReport

_FILE = INPUT_FILE
_TEST_ONLY_WARNING = (
    "warning: OMRS TEST ONLY - NOT FOR PRODUCTION. These keys are unprotected test keys: "
    "anything signed with them proves nothing. Never use them for real deliverables."
)


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--alg", type=click.Choice(["es256", "ed25519"]), default="es256", show_default=True)
@click.option("--force", is_flag=True, help="Replace existing key files.")
def keygen(directory: Path, alg: str, force: bool) -> None:
    """Make a TEST-ONLY certificate chain and key for trying out `omrs sign`.

    Writes ca.pem (trust anchor), chain.pem (signing certificate, then intermediate),
    key.pem (mode 0600) and trust-config.cfg (accepted EKUs) into DIRECTORY.
    """
    from omrs.media.keygen import KeygenError, write_test_pki

    click.echo(_TEST_ONLY_WARNING, err=True)
    try:
        result = write_test_pki(directory, alg=alg, force=force)
    except KeygenError as exc:
        fail(str(exc))
    for label, path in (
        ("trust anchor", result.ca),
        ("signing chain", result.chain),
        ("private key", result.key),
        ("trust config", result.trust_config),
    ):
        click.echo(f"{label:>13}: {path}")
    click.echo(
        f"\nSign:   omrs sign MEDIA --bundle omrs.yaml --cert {result.chain} --key {result.key} "
        f"--trust-config {result.trust_config} -o OUT\n"
        f"Verify: omrs inspect OUT --trust-anchors {result.ca} --trust-config {result.trust_config}"
    )


def _bundle_gate(bundle: Path, options: CheckOptions, force: bool) -> None:
    """Refuse to sign what ``omrs check`` rejects (same configuration), unless --force."""
    from omrs.checker import check_paths

    result: RunResult = check_paths([bundle], options)
    errors = [f for f in result.findings if f.severity.value == "error" and not f.waived_by]
    if not errors and result.exit_code() == 0:
        return
    lines = [f"  {f.location.path}: {f.code}: {f.message}" for f in errors[:20]]
    shown = "\n".join(lines) or "  (the bundle could not be read)"
    if not force:
        click.echo(f"omrs: the bundle fails its checks; not signing:\n{shown}", err=True)
        click.echo("omrs: fix the bundle, or pass --force to sign anyway", err=True)
        raise SystemExit(EXIT_FINDINGS)
    click.echo(
        f"warning: --force: signing despite {len(errors)} bundle error(s):\n{shown}", err=True
    )


def _destination(media: Path, output: Path | None, in_place: bool, sidecar: bool) -> Path:
    chosen = sum([output is not None, in_place, sidecar])
    if chosen != 1:
        fail("choose exactly one of -o/--output, --in-place and --sidecar")
    if sidecar:
        return media.with_suffix(".c2pa")
    return media if in_place else output  # type: ignore[return-value]


@click.command()
@click.argument("media", type=_FILE)
@click.option("--bundle", type=_FILE, required=True, help="Bundle (omrs.yaml) naming the file.")
@click.option("--cert", "chain", type=_FILE, required=True, help="Signing chain, leaf first (PEM).")
@click.option("--key", type=_FILE, required=True, help="Private key of the signing certificate.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the signed media to this file.",
)
@click.option("--in-place", is_flag=True, help="Replace MEDIA with the signed file.")
@click.option("--sidecar", is_flag=True, help="Write MEDIA's manifest to a .c2pa file beside it.")
@click.option(
    "--privacy",
    type=click.Choice(["minimal", "full"]),
    default="minimal",
    show_default=True,
    help="minimal: consents as id, digest and scope only; full: whole records.",
)
@click.option(
    "--alg",
    type=click.Choice(["es256", "es384", "es512", "ps256", "ed25519"]),
    help="Signing algorithm (default: the one the key implies).",
)
@click.option("--force", is_flag=True, help="Sign even when the bundle fails its checks.")
@click.option(
    "--update-bundle",
    is_flag=True,
    help="With --in-place: re-pin the signed file's digest in the bundle (and in its "
    "disclosure), all or nothing, comments and order kept (as `omrs rehash`).",
)
@click.option(
    "--tsa-url",
    metavar="URL",
    help="RFC 3161 time-stamp authority to time-stamp the signature (default: none, no "
    "network). Its root must be among the trust anchors for the time-stamp to count.",
)
@click.option(
    "--merkle-chunk-kb",
    type=click.IntRange(min=0),
    help="MP4/MOV: hash the media data as a Merkle tree of chunks of this many KiB, so "
    "verifying needs little memory (default: 1024; 0: one hash over all of it).",
)
@trust_options
def sign(
    media: Path,
    bundle: Path,
    chain: Path,
    key: Path,
    output: Path | None,
    in_place: bool,
    sidecar: bool,
    privacy: str,
    alg: str | None,
    force: bool,
    update_bundle: bool,
    tsa_url: str | None,
    merkle_chunk_kb: int | None,
    **flags: Any,
) -> None:
    """Sign the OMRS records the bundle attaches to MEDIA into it as a C2PA manifest."""
    from omrs.bundles import BundleError, asset_records
    from omrs.config import tsa_url_problem
    from omrs.media.bundle import signing_content
    from omrs.media.certs import CertificateError, load_signer
    from omrs.media.labels import LabelError
    from omrs.media.sign import DEFAULT_MERKLE_CHUNK_KB, SigningError, sign_media

    dst = _destination(media, output, in_place, sidecar)
    if update_bundle and not in_place:
        fail("--update-bundle re-pins the file the bundle lists, so it needs --in-place")
    config = load_cli_config()
    options = build_options(config, {**flags, "jobs": 1})
    trust = options.trust
    tsa_url = tsa_url if tsa_url is not None else config.sign.get("tsa-url")
    if tsa_url is not None and tsa_url_problem(tsa_url):
        fail(f"--tsa-url: {tsa_url_problem(tsa_url)}")
    try:
        signer = load_signer(chain, key, trust_config=trust.trust_config)
        if alg and alg != signer.alg:
            fail(f"--alg {alg} does not fit the key in {key}, which signs with {signer.alg}")
        records = asset_records(bundle, media)
    except (CertificateError, BundleError) as exc:
        fail(str(exc))
    _bundle_gate(bundle, options, force)
    content = signing_content(records, "full" if privacy == "full" else "minimal")
    try:
        result = sign_media(
            media,
            dst,
            content,
            signer,
            trust=trust,
            sidecar=sidecar,
            in_place=in_place,
            tsa_url=tsa_url,
            merkle_chunk_kb=DEFAULT_MERKLE_CHUNK_KB if merkle_chunk_kb is None else merkle_chunk_kb,
        )
    except (SigningError, CertificateError, LabelError) as exc:
        fail(str(exc))
    if "TEST ONLY" in signer.leaf_subject:
        click.echo(_TEST_ONLY_WARNING, err=True)
    count = len(content.licences) + len(content.consents) + (content.disclosure is not None)
    how = "opened (earlier manifest kept in the parent ingredient)" if result.edited else "opened"
    stamp = result.report.timestamp
    when = f", time-stamped {stamp.time} ({stamp.state})" if stamp and stamp.time else ""
    click.echo(
        f"signed {media} -> {result.destination}: {result.report.state}, {how}, "
        f"{count} OMRS record(s), privacy {content.privacy}{when}"
    )
    if update_bundle:
        _update_bundle(bundle, result.media)
    elif not sidecar:
        from omrs.fileio import file_sha256

        click.echo(f"sha256 of the signed file: {file_sha256(result.media)}")
        click.echo(_bundle_advice(bundle, in_place))


def _bundle_advice(bundle: Path, in_place: bool) -> str:
    """What the bundle's pinned digest means now, and what to do about it."""
    if in_place:
        return (
            f"the asset's sha256 in {bundle} is now stale: `omrs rehash {bundle}` (or "
            "--update-bundle when signing) re-pins it, else `omrs check` reports "
            "bundle.digest-mismatch"
        )
    return (
        f"{bundle} still names the unsigned file (its path and sha256); to deliver the signed "
        "file instead, point the asset's path at it and set its sha256 to the digest above"
    )


def _update_bundle(bundle: Path, media: Path) -> None:
    from omrs.fileio import resolved
    from omrs.rehash import RehashError, rehash

    try:
        changes = rehash(bundle, {resolved(media)})
    except (RehashError, OSError) as exc:
        fail(f"signed, but the bundle was not updated (nothing was written to it): {exc}")
    for change in changes:
        click.echo(f"re-pinned {change.path} {change.pointer}: {change.new}")


def _text_report(path: Path, report: C2paReport, result: FileResult) -> str:
    from omrs.media.render import render_inspect

    return render_inspect(path, report, result)


def _json_report(report: C2paReport, result: FileResult) -> str:
    from omrs.version import STANDARD_VERSION, TOOL_VERSION

    doc = {
        "tool": {"name": "omrs", "version": TOOL_VERSION},
        "standardVersion": STANDARD_VERSION,
        "file": result.path,
        "mediaType": report.mime,
        "sidecar": report.sidecar,
        "fragments": list(report.fragments),
        **result.details,
        "assertions": [{"label": a.label, "data": a.data} for a in report.assertions],
        "findings": [f.to_dict() for f in result.findings],
    }
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False)


def _media_only(path: Path, command: str) -> None:
    """A record or bundle is the wrong input for ``command`` (exit 2): other files are
    sniffed by the media layer, which names the formats it reads."""
    from omrs.discovery import kind_of
    from omrs.findings import FileKind

    if kind_of(str(path)) is FileKind.RECORD:
        fail(
            f"{path} is a record or bundle (JSON/YAML), not a media file; "
            f"`omrs {command}` reads C2PA media: check it with `omrs check {path}`"
        )


@click.command()
@click.argument("media", type=_FILE)
@click.option("--sidecar", "sidecar", type=_FILE, help="Manifest store (.c2pa) to verify with.")
@click.option(
    "--fragment",
    "fragments",
    type=_FILE,
    multiple=True,
    help="Fragment of a fragmented MP4 whose init segment is MEDIA (repeatable).",
)
@click.option(
    "--records",
    type=_FILE,
    multiple=True,
    help="Full records to match the embedded digests against (repeatable).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--detailed",
    is_flag=True,
    help="Text: the manifest chain, signer, assertions in plain words, ingredients and the "
    "embedded records summarised (as in `omrs report`).",
)
@trust_options
def inspect(
    media: Path,
    sidecar: Path | None,
    fragments: tuple[Path, ...],
    records: tuple[Path, ...],
    fmt: str,
    detailed: bool,
    **flags: Any,
) -> None:
    """Show what MEDIA's C2PA manifest says: state, status codes, assertions, OMRS records."""
    from omrs.media.check import media_result
    from omrs.media.verify import verify_media

    _media_only(media, "inspect")
    options = build_options(load_cli_config(), {**flags, "records": records, "jobs": 1})
    report = verify_media(media, options.trust, sidecar=sidecar, fragments=fragments)
    result = media_result(media, report, options)
    if fmt == "json":
        text = _json_report(report, result)
    elif detailed:
        from omrs.media.detail import media_detail, render_detailed
        from omrs.reporters.base import visible

        lines = render_detailed(media_detail(media, report, result)).splitlines()
        text = "\n".join(visible(line, lines=False) for line in lines)
    else:
        text = _text_report(media, report, result)
    click.echo(text)
    if result.io_error:
        raise SystemExit(EXIT_ERROR)
    raise SystemExit(EXIT_FINDINGS if result.failed() else EXIT_OK)
