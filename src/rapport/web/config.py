"""The web app's settings: one frozen object, built by ``rapport serve`` or by tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class WebSettings:
    db: str = "rapport.db"
    codebook: str = "kaye2021"
    #: the coder used after an import: None for the shipped learned coder, or "cues"
    model: str | None = None
    #: sign out after this long without a request
    idle_timeout: dt.timedelta = dt.timedelta(minutes=30)
    #: sign out after this long whatever happens
    session_lifetime: dt.timedelta = dt.timedelta(hours=12)
    #: failed sign-ins allowed per username and per client address within ``login_window``
    login_attempts: int = 5
    login_window: dt.timedelta = dt.timedelta(minutes=15)
    #: largest upload accepted, per file and in total
    max_upload_bytes: int = 20 * 1024 * 1024
    #: send cookies with Secure and HSTS even when the request looks like plain HTTP
    #: (for a TLS-terminating proxy on the same machine)
    force_https: bool = False
    #: bootstrap rounds for the reliability page's intervals (the CLI uses 1000)
    reliability_boot: int = 200
    page_size: int = 50
