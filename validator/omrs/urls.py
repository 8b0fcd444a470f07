"""URLs shown to users with their credentials masked (time-stamp authorities, messages).

Low in the layers: the signing code and the configuration both show URLs.
"""

from __future__ import annotations

import re

#: A URL's authority that holds userinfo (the last ``@`` before the path ends it).
_AUTHORITY = re.compile(r"(://)([^/\s?#]*@[^/\s?#@]*)")
#: A query parameter whose name says it is a secret.
_SECRET_PARAM = re.compile(
    r"([?&](?:[^=&\s]*(?:key|token|secret|pass|sig|auth|credential)[^=&\s]*)=)[^&#\s]*", re.I
)


def shown_url(text: str) -> str:
    """``text`` (a URL, or a message quoting one) with the credentials in any URL masked.

    Time-stamp services that charge often take credentials in the URL: a user and password
    or a bare token before ``@``, or a key in the query (``?apikey=``). A CI log must not
    carry them, whether we or the SDK wrote the message.
    """
    text = _AUTHORITY.sub(_mask_userinfo, text)
    return _SECRET_PARAM.sub(lambda m: f"{m.group(1)}***", text)


def _mask_userinfo(match: re.Match[str]) -> str:
    userinfo, _, host = match.group(2).rpartition("@")
    user, colon, _ = userinfo.partition(":")
    shown = f"{user}:***" if colon and user else "***"
    return f"{match.group(1)}{shown}@{host}"
