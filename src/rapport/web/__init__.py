"""The web app (``rapport serve``): FastAPI with server-rendered pages and htmx.

FastAPI and its friends come with the ``web`` extra and are imported only here, when
the app is built, so the core library and CLI work without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rapport.web.config import WebSettings


def create_app(settings: WebSettings | None = None, **kwargs: Any) -> Any:
    """The ASGI app; see ``rapport.web.app.create_app``."""
    from rapport.web.app import create_app as build

    return build(settings, **kwargs)


__all__ = ["create_app"]
