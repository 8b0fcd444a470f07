"""A local RFC 3161 time-stamp authority for the tests (no network beyond 127.0.0.1).

certomancer's ``TimeStamper`` builds the ``TimeStampResp`` (the signed TSTInfo with the
request's imprint and nonce); a small ``http.server`` on 127.0.0.1, on a port the system
picks, serves it from a daemon thread. The C2PA SDK posts ``application/timestamp-query``
and accepts only a reply typed exactly ``application/timestamp-reply``. Every socket has a
timeout, so a test can never hang on it.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from certomancer.services import TimeStamper
from cryptography import x509
from cryptography.hazmat.primitives import serialization

QUERY_TYPE = "application/timestamp-query"
REPLY_TYPE = "application/timestamp-reply"
#: Seconds a connection may stay silent before the server drops it.
SOCKET_TIMEOUT = 10.0
_MAX_REQUEST = 64 * 1024


def _stamper(chain: Path, key: Path) -> TimeStamper:
    """A TimeStamper for the TSA leaf (first in ``chain``), embedding the rest of the chain."""
    certs = x509.load_pem_x509_certificates(chain.read_bytes())
    private = serialization.load_pem_private_key(key.read_bytes(), password=None)
    der = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in certs]
    pkcs8 = private.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return TimeStamper(der[0], asn1_keys.PrivateKeyInfo.load(pkcs8), certs_to_embed=der[1:])


class LocalTsa:
    """``with LocalTsa(chain, key) as tsa:`` serves time-stamps at ``tsa.url``.

    ``status`` other than 200 makes it answer every request with that HTTP error, to test
    an authority that fails. ``requests`` records the content type of each request seen.
    """

    def __init__(self, chain: Path, key: Path, *, status: int = 200) -> None:
        self.stamper = _stamper(chain, key)
        self.status = status
        self.requests: list[str | None] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.timeout = SOCKET_TIMEOUT
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/tsa"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        tsa = self

        class Handler(BaseHTTPRequestHandler):
            timeout = SOCKET_TIMEOUT

            def do_POST(self) -> None:
                tsa.requests.append(self.headers.get("Content-Type"))
                length = min(int(self.headers.get("Content-Length") or 0), _MAX_REQUEST)
                body = self.rfile.read(length)
                if tsa.status != 200:
                    self.send_error(tsa.status)
                    return
                reply = tsa.stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
                self.send_response(200)
                self.send_header("Content-Type", REPLY_TYPE)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args: Any) -> None:
                """Quiet: the test output is not the place for an access log."""

        return Handler

    def __enter__(self) -> LocalTsa:
        self.thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=SOCKET_TIMEOUT)
