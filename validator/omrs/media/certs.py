"""Check a signing certificate and key before the C2PA SDK sees them.

The SDK's own refusals are terse ("the certificate is invalid") and name no fix. The C2PA
trust model asks for a non-CA leaf with digitalSignature key usage, an accepted extended key
usage and an Authority Key Identifier, currently valid, whose key matches, passed leaf first.
Each check here fails with a message that says what to change.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID

from omrs.fileio import open_regular

#: Accepted by the SDK with no trust configuration.
DEFAULT_EKUS = frozenset({ExtendedKeyUsageOID.EMAIL_PROTECTION.dotted_string})
_ANY_EKU = "2.5.29.37.0"
_EC_ALGS = {"secp256r1": "es256", "secp384r1": "es384", "secp521r1": "es512"}


class CertificateError(ValueError):
    """The certificate chain or key cannot sign a C2PA manifest; the message names the fix."""


@dataclass(frozen=True, slots=True)
class SignerMaterial:
    """A checked chain and key, ready for the SDK. ``key_pem`` is never shown anywhere."""

    alg: str
    chain_pem: bytes
    key_pem: bytes = field(repr=False)
    leaf_subject: str


def read_eku_config(path: Path | None) -> frozenset[str]:
    """EKU OIDs accepted: the SDK's default plus those a trust configuration file lists."""
    if path is None:
        return DEFAULT_EKUS
    try:
        with open_regular(path) as fh:
            lines = fh.read().decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CertificateError(f"cannot read the trust configuration {path}: {exc}") from exc
    oids = {ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("//")}
    return DEFAULT_EKUS | oids


def _load_chain(data: bytes, source: str) -> list[x509.Certificate]:
    try:
        certs = x509.load_pem_x509_certificates(data)
    except ValueError as exc:
        raise CertificateError(
            f"{source} is not a PEM certificate chain; give the signing certificate first, "
            "then its intermediates, each as -----BEGIN CERTIFICATE-----"
        ) from exc
    return certs


def _load_key(data: bytes, source: str) -> object:
    try:
        return serialization.load_pem_private_key(data, password=None)
    except TypeError as exc:
        raise CertificateError(
            f"{source} is an encrypted private key; give an unencrypted PKCS#8 PEM key"
        ) from exc
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise CertificateError(
            f"{source} is not a PEM private key (expected -----BEGIN PRIVATE KEY-----)"
        ) from exc


def _alg_for(key: object, source: str) -> str:
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return "ed25519"
    if isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name in _EC_ALGS:
        return _EC_ALGS[key.curve.name]
    if isinstance(key, rsa.RSAPrivateKey):
        return "ps256"
    raise CertificateError(
        f"{source} uses a key type C2PA cannot sign with; use ECDSA P-256/384/521, Ed25519 or RSA"
    )


def _public_der(key: object) -> bytes:
    public = key.public_key()  # type: ignore[attr-defined]
    der: bytes = public.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return der


def _extension(cert: x509.Certificate, kind: type[x509.ExtensionType]) -> object | None:
    try:
        return cert.extensions.get_extension_for_class(kind).value
    except x509.ExtensionNotFound:
        return None


def _check_role(leaf: x509.Certificate) -> None:
    basic = _extension(leaf, x509.BasicConstraints)
    if isinstance(basic, x509.BasicConstraints) and basic.ca:
        raise CertificateError(
            "the first certificate in the chain is a CA certificate; C2PA signs with an "
            "end-entity (leaf) certificate issued by the CA: put the leaf first"
        )
    if leaf.issuer == leaf.subject:
        raise CertificateError(
            "the signing certificate is self-signed and can never be trusted; "
            "use a leaf issued by a CA (omrs keygen makes a test chain)"
        )


def _check_usage(leaf: x509.Certificate, accepted: frozenset[str]) -> None:
    usage = _extension(leaf, x509.KeyUsage)
    if not (isinstance(usage, x509.KeyUsage) and usage.digital_signature):
        raise CertificateError(
            "the signing certificate lacks the digitalSignature key usage; "
            "issue it with keyUsage = critical, digitalSignature"
        )
    eku = _extension(leaf, x509.ExtendedKeyUsage)
    oids = {o.dotted_string for o in eku} if isinstance(eku, x509.ExtendedKeyUsage) else set()
    if not oids or _ANY_EKU in oids or not (oids & accepted):
        listed = ", ".join(sorted(oids)) or "none"
        raise CertificateError(
            f"the signing certificate's extended key usages ({listed}) include none that the "
            "C2PA trust settings accept; issue it with id-kp-emailProtection "
            "(1.3.6.1.5.5.7.3.4), or list its EKU in the trust configuration (--trust-config)"
        )
    if _extension(leaf, x509.AuthorityKeyIdentifier) is None:
        raise CertificateError(
            "the signing certificate has no Authority Key Identifier extension; "
            "C2PA requires it: reissue the certificate with authorityKeyIdentifier=keyid"
        )


def _check_dates(leaf: x509.Certificate, now: dt.datetime) -> None:
    if now > leaf.not_valid_after_utc:
        raise CertificateError(
            f"the signing certificate expired on {leaf.not_valid_after_utc:%Y-%m-%d}; "
            "renew it (for tests: omrs keygen DIR --force)"
        )
    if now < leaf.not_valid_before_utc:
        raise CertificateError(
            f"the signing certificate is not valid before {leaf.not_valid_before_utc:%Y-%m-%d}"
        )


def _check_order(chain: list[x509.Certificate]) -> None:
    for child, parent in itertools.pairwise(chain):
        if child.issuer != parent.subject:
            raise CertificateError(
                "the certificate chain is out of order: list the signing certificate first, "
                "then the intermediate that issued it, and so on towards the root"
            )


def _cert_der(cert: x509.Certificate) -> bytes:
    return cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _check_key(
    key: object, chain: list[x509.Certificate], chain_source: str, key_source: str
) -> None:
    mine = _public_der(key)
    if mine == _cert_der(chain[0]):
        return
    if any(mine == _cert_der(c) for c in chain[1:]):
        raise CertificateError(
            f"the certificate chain is out of order: {key_source} belongs to a later "
            f"certificate in {chain_source}; list the signing certificate first"
        )
    raise CertificateError(
        f"{key_source} does not match the signing certificate (the first one in "
        f"{chain_source}); pass the key that was issued with that certificate"
    )


def check_signer(
    chain_pem: bytes,
    key_pem: bytes,
    *,
    accepted_ekus: Iterable[str] = DEFAULT_EKUS,
    now: dt.datetime | None = None,
    chain_source: str = "the certificate chain",
    key_source: str = "the private key",
) -> SignerMaterial:
    """Check ``chain_pem`` and ``key_pem`` together; raise :class:`CertificateError`."""
    chain = _load_chain(chain_pem, chain_source)
    key = _load_key(key_pem, key_source)
    alg = _alg_for(key, key_source)
    leaf = chain[0]
    _check_key(key, chain, chain_source, key_source)
    _check_role(leaf)
    _check_usage(leaf, frozenset(accepted_ekus))
    _check_dates(leaf, now or dt.datetime.now(dt.UTC))
    _check_order(chain)
    pem = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in chain)
    return SignerMaterial(alg, pem, key_pem, leaf.subject.rfc4514_string())


def load_signer(
    chain_path: Path, key_path: Path, *, trust_config: Path | None = None
) -> SignerMaterial:
    """Read and check the chain and key files; unreadable files are certificate errors too."""
    try:
        with open_regular(chain_path) as fh:
            chain = fh.read()
    except OSError as exc:
        raise CertificateError(f"cannot read {chain_path}: {exc.strerror or exc}") from exc
    try:
        with open_regular(key_path) as fh:
            key = fh.read()
    except OSError as exc:
        raise CertificateError(f"cannot read {key_path}: {exc.strerror or exc}") from exc
    return check_signer(
        chain,
        key,
        accepted_ekus=read_eku_config(trust_config),
        chain_source=str(chain_path),
        key_source=str(key_path),
    )
