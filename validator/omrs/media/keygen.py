"""A throw-away test PKI (root, intermediate, signing leaf) for trying out ``omrs sign``.

C2PA only trusts a signature whose certificate is a non-CA leaf with the digitalSignature key
usage, an accepted extended key usage and an Authority Key Identifier, chained to a trust
anchor. Getting that right by hand with openssl is tedious, so ``omrs keygen`` makes a chain
that the C2PA SDK accepts. Every name and file says it is for tests only: these keys are
unprotected and must never sign anything real.

For time-stamp tests the same root can also certify a time-stamp authority (a leaf whose
only extended key usage is timeStamping, critical, as RFC 3161 §2.3 and C2PA 2.2 §14.5.1.1
want), and the signing leaf can be made short-lived (:class:`LeafProfile` ``not_after``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from omrs.fileio import atomic_write

TEST_ONLY = "OMRS TEST ONLY - NOT FOR PRODUCTION"

#: id-kp-emailProtection: accepted by the C2PA SDK without any trust configuration.
EKU_EMAIL_PROTECTION = ExtendedKeyUsageOID.EMAIL_PROTECTION
#: id-kp-documentSigning (RFC 9336): accepted only when listed in the trust configuration.
EKU_DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")

ALGORITHMS = ("es256", "ed25519")

CA_FILE, CHAIN_FILE, KEY_FILE, TRUST_CONFIG_FILE = (
    "ca.pem",
    "chain.pem",
    "key.pem",
    "trust-config.cfg",
)
#: The time-stamp authority's chain (TSA leaf, then intermediate) and its key, on request.
TSA_CHAIN_FILE, TSA_KEY_FILE = "tsa-chain.pem", "tsa-key.pem"
EKU_TIME_STAMPING = ExtendedKeyUsageOID.TIME_STAMPING

PrivateKey = ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey


class KeygenError(Exception):
    """The test PKI could not be written (existing files, unknown algorithm, I/O)."""


@dataclass(frozen=True, slots=True)
class LeafProfile:
    """What the signing certificate looks like; tests vary it to make bad signers."""

    ekus: tuple[ObjectIdentifier, ...] = (EKU_EMAIL_PROTECTION, EKU_DOCUMENT_SIGNING)
    digital_signature: bool = True
    authority_key_id: bool = True
    is_ca: bool = False
    not_before: dt.datetime | None = None
    not_after: dt.datetime | None = None
    common_name: str = f"{TEST_ONLY} signer"
    ekus_critical: bool = False


#: The time-stamp authority's certificate: timeStamping only, marked critical.
TSA_PROFILE = LeafProfile(
    ekus=(EKU_TIME_STAMPING,), common_name=f"{TEST_ONLY} time-stamp authority", ekus_critical=True
)


@dataclass(frozen=True, slots=True)
class GeneratedPki:
    """The generated certificates and keys, in memory."""

    root: x509.Certificate
    intermediate: x509.Certificate
    leaf: x509.Certificate
    leaf_key: PrivateKey
    root_key: PrivateKey = field(repr=False)
    intermediate_key: PrivateKey = field(repr=False)
    tsa: x509.Certificate | None = None
    tsa_key: PrivateKey | None = field(default=None, repr=False)

    def chain_pem(self) -> bytes:
        """Leaf first, then the intermediate: the order C2PA signers expect."""
        return b"".join(
            c.public_bytes(serialization.Encoding.PEM) for c in (self.leaf, self.intermediate)
        )

    def key_pem(self) -> bytes:
        return self.leaf_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def root_pem(self) -> bytes:
        return self.root.public_bytes(serialization.Encoding.PEM)

    def tsa_chain_pem(self) -> bytes:
        """The time-stamp authority's certificate, then the intermediate (empty without)."""
        if self.tsa is None:
            return b""
        return b"".join(
            c.public_bytes(serialization.Encoding.PEM) for c in (self.tsa, self.intermediate)
        )

    def tsa_key_pem(self) -> bytes:
        if self.tsa_key is None:
            return b""
        return self.tsa_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


@dataclass(frozen=True, slots=True)
class KeygenResult:
    """Where ``write_test_pki`` put the files."""

    directory: Path
    ca: Path
    chain: Path
    key: Path
    trust_config: Path
    alg: str
    tsa_chain: Path | None = None
    tsa_key: Path | None = None


def _new_key(alg: str) -> PrivateKey:
    if alg == "es256":
        return ec.generate_private_key(ec.SECP256R1())
    if alg == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    raise KeygenError(f"unknown algorithm {alg!r}; choose one of {', '.join(ALGORITHMS)}")


def _hash_for(key: PrivateKey) -> hashes.SHA256 | None:
    return None if isinstance(key, ed25519.Ed25519PrivateKey) else hashes.SHA256()


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, TEST_ONLY),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "OMRS test PKI"),
        ]
    )


def _ca_cert(
    subject: str,
    key: PrivateKey,
    issuer: tuple[x509.Certificate, PrivateKey] | None,
    now: dt.datetime,
    days: int,
) -> x509.Certificate:
    issuer_name = issuer[0].subject if issuer else _name(subject)
    signing_key = issuer[1] if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(
            x509.BasicConstraints(ca=True, path_length=None if issuer is None else 0), critical=True
        )
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    aki_source = issuer[1].public_key() if issuer else key.public_key()
    builder = builder.add_extension(
        x509.AuthorityKeyIdentifier.from_issuer_public_key(aki_source), critical=False
    )
    return builder.sign(signing_key, _hash_for(signing_key))


def _key_usage(*, cert_sign: bool = False, digital_signature: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=digital_signature,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _leaf_cert(
    profile: LeafProfile,
    key: PrivateKey,
    issuer: tuple[x509.Certificate, PrivateKey],
    now: dt.datetime,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(profile.common_name))
        .issuer_name(issuer[0].subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(profile.not_before or now - dt.timedelta(days=1))
        .not_valid_after(profile.not_after or now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=profile.is_ca, path_length=None), critical=True)
        .add_extension(
            _key_usage(digital_signature=profile.digital_signature, cert_sign=profile.is_ca),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if profile.ekus:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage(list(profile.ekus)), critical=profile.ekus_critical
        )
    if profile.authority_key_id:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer[1].public_key()),
            critical=False,
        )
    return builder.sign(issuer[1], _hash_for(issuer[1]))


def generate_test_pki(
    alg: str = "es256",
    *,
    leaf: LeafProfile | None = None,
    now: dt.datetime | None = None,
    tsa: bool = False,
) -> GeneratedPki:
    """Make a root, an intermediate and a signing leaf (and a TSA leaf), all test-only."""
    now = now or dt.datetime.now(dt.UTC)
    root_key, int_key, leaf_key = _new_key(alg), _new_key(alg), _new_key(alg)
    root = _ca_cert(f"{TEST_ONLY} root CA", root_key, None, now, days=3650)
    intermediate = _ca_cert(
        f"{TEST_ONLY} intermediate CA", int_key, (root, root_key), now, days=1825
    )
    issuer = (intermediate, int_key)
    leaf_cert = _leaf_cert(leaf or LeafProfile(), leaf_key, issuer, now)
    pki = GeneratedPki(root, intermediate, leaf_cert, leaf_key, root_key, int_key)
    if tsa:
        tsa_key = _new_key(alg)
        tsa_cert = _leaf_cert(TSA_PROFILE, tsa_key, issuer, now)
        pki = dataclasses.replace(pki, tsa=tsa_cert, tsa_key=tsa_key)
    return pki


def _banner(what: str) -> bytes:
    lines = [
        f"# {TEST_ONLY}",
        f"# {what}, made by `omrs keygen` for tests and demos.",
        "# Anyone can make a key like this: a signature from it proves nothing. Never ship it.",
    ]
    return ("\n".join(lines) + "\n").encode("ascii")


def _trust_config_text(ekus: Sequence[ObjectIdentifier]) -> bytes:
    lines = [f"// {TEST_ONLY}", "// Extended key usages accepted for C2PA signing certificates."]
    for oid in ekus:
        lines += [f"// {oid._name}", oid.dotted_string]
    return ("\n".join(lines) + "\n").encode("ascii")


def _write_atomic(path: Path, data: bytes, mode: int) -> None:
    """Write through a temporary file created with ``mode``, so a key is never readable."""
    atomic_write(path, data, mode=mode)


def write_test_pki(
    directory: Path,
    *,
    alg: str = "es256",
    force: bool = False,
    leaf: LeafProfile | None = None,
    tsa: bool = False,
) -> KeygenResult:
    """Generate a test PKI into ``directory``; refuse to replace existing files unless ``force``.

    ``leaf`` shapes the signing certificate (a short-lived one, say); ``tsa`` adds a
    time-stamp authority's chain and key under the same root.
    """
    if alg not in ALGORITHMS:
        raise KeygenError(f"unknown algorithm {alg!r}; choose one of {', '.join(ALGORITHMS)}")
    names: tuple[str, ...] = (CA_FILE, CHAIN_FILE, KEY_FILE, TRUST_CONFIG_FILE)
    names += (TSA_CHAIN_FILE, TSA_KEY_FILE) if tsa else ()
    targets = [directory / n for n in names]
    existing = [str(p) for p in targets if p.exists()]
    if existing and not force:
        raise KeygenError(
            f"refusing to overwrite {', '.join(existing)} (use --force to replace them)"
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
        pki = generate_test_pki(alg, leaf=leaf, tsa=tsa)
        _write_atomic(targets[0], _banner("Trust anchor (root CA)") + pki.root_pem(), 0o644)
        _write_atomic(
            targets[1], _banner("Signing chain: leaf, then intermediate") + pki.chain_pem(), 0o644
        )
        _write_atomic(
            targets[2],
            _banner("UNPROTECTED private key of the signing leaf") + pki.key_pem(),
            0o600,
        )
        _write_atomic(targets[3], _trust_config_text(LeafProfile().ekus), 0o644)
        if tsa:
            what = "Time-stamp authority chain: TSA leaf, then intermediate"
            _write_atomic(targets[4], _banner(what) + pki.tsa_chain_pem(), 0o644)
            what = "UNPROTECTED private key of the time-stamp authority"
            _write_atomic(targets[5], _banner(what) + pki.tsa_key_pem(), 0o600)
    except OSError as exc:
        raise KeygenError(
            f"cannot write the test PKI to {directory}: {exc.strerror or exc}"
        ) from exc
    ca, chain, key, trust_config = targets[:4]
    tsa_files = (targets[4], targets[5]) if tsa else (None, None)
    return KeygenResult(directory, ca, chain, key, trust_config, alg, *tsa_files)
