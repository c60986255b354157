"""The web app from the command line: ``rapport serve`` and ``rapport users``."""

from __future__ import annotations

import getpass
import os
from typing import Annotated

import typer

from rapport import store
from rapport.cli.shared import (
    CodebookOption,
    DbOption,
    _engine,
    _notify,
    _table,
    app,
    friendly_errors,
    out,
)
from rapport.errors import RapportError
from rapport.settings import setting
from rapport.store.users import ROLES

users_app = typer.Typer(
    help="Accounts of the web app (rapport serve): add, list, disable, reset passwords, tokens.",
    no_args_is_help=True,
)
app.add_typer(users_app, name="users")

PASSWORD_ENV = "RAPPORT_PASSWORD"
Username = Annotated[str, typer.Argument(help="The account's username.")]


def _password(username: str, prompt: str = "Password") -> str:
    """From $RAPPORT_PASSWORD (for scripts), else asked twice without echo; never an option,
    so it stays out of shell history and process lists."""
    from rapport.web.passwords import check_password_policy

    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = getpass.getpass(f"{prompt} for {username}: ")
        if getpass.getpass("Again: ") != password:
            raise RapportError("the two passwords differ")
    check_password_policy(password, username)
    return password


def _audit(action: str, username: str, detail: dict[str, object] | None, db: str) -> None:
    with store.transaction(_engine(db)) as conn:
        store.audit.record(
            conn,
            action,
            actor=f"cli:{getpass.getuser()}",
            object_type="user",
            object_id=username,
            detail=detail,
            client="command line",
        )


@app.command("serve")
@friendly_errors
def serve(
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on. Keep 127.0.0.1 unless a "
            "TLS proxy on this machine faces the network."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: DbOption = setting("db"),
    codebook: CodebookOption = setting("codebook"),
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            help="Coder for imports: a `rapport train` folder or 'cues'. "
            "Default: the shipped learned coder.",
        ),
    ] = None,
    https: Annotated[
        bool, typer.Option("--https", help="Behind a TLS proxy: mark cookies Secure and send HSTS.")
    ] = False,
    session_minutes: Annotated[
        int, typer.Option(help="Sign people out after this many idle minutes.")
    ] = 30,
) -> None:
    """Run the web app: browse, review and adjudicate codings, import, and download reports."""
    import datetime as dt

    try:
        import uvicorn

        from rapport.web import create_app
        from rapport.web.config import WebSettings
    except ImportError:
        raise RapportError("the web app needs the web extra: pip install 'rapport[web]'") from None
    settings = WebSettings(
        db=db,
        codebook=codebook,
        model=model,
        force_https=https,
        idle_timeout=dt.timedelta(minutes=session_minutes),
    )
    web_app = create_app(settings)
    with web_app.state.engine.connect() as conn:
        if store.users.count_users(conn) == 0:
            out.print(
                f"No accounts yet: open http://{host}:{port}/setup to create the "
                "administrator, or run `rapport users add NAME --role admin`."
            )
    if host not in ("127.0.0.1", "localhost", "::1") and not https:
        out.print(
            "[bold yellow]warning:[/] listening beyond this machine without TLS; put a "
            "TLS proxy in front and pass --https."
        )
    # Compile the cue phrases now, so the first encounter page does not wait about a second.
    from rapport.coding.cues import load_cues

    load_cues()
    _build_models_once(codebook, model)
    uvicorn.run(
        web_app, host=host, port=port, proxy_headers=https, server_header=False, log_level="info"
    )


def _build_models_once(codebook: str, model: str | None) -> None:
    """Build what a first import or export would otherwise build inside a web request
    (minutes for the shipped coder, about a minute for the de-identification tagger), with
    a message; once built, this only checks they are there."""
    if model is None and codebook == "kaye2021":
        from rapport.coding.model_files import ensure_shipped_model

        ensure_shipped_model(_notify)
    try:
        from rapport.privacy.tagger import prepare
    except ImportError:  # no privacy extra: exports say so when asked for
        return
    prepare(_notify)


@users_app.command("add")
@friendly_errors
def users_add(
    username: Username,
    role: Annotated[str, typer.Option(help=f"One of {', '.join(ROLES)}.")] = "researcher",
    name: Annotated[str | None, typer.Option(help="Full name, shown in the app.")] = None,
    clinician: Annotated[
        list[str] | None,
        typer.Option(
            help="A speaker name under which this clinician appears in transcripts (repeat)."
        ),
    ] = None,
    db: DbOption = setting("db"),
) -> None:
    """Add an account; the password is asked for (or read from $RAPPORT_PASSWORD)."""
    from rapport.web.passwords import hash_password

    if role not in ROLES:
        raise RapportError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    password = _password(username)
    with store.transaction(_engine(db)) as conn:
        store.users.add_user(
            conn,
            username,
            password_hash=hash_password(password),
            role=role,
            display_name=name,
            clinician_names=clinician or [],
            projects=() if role == "admin" else (store.users.DEFAULT_PROJECT,),
        )
    _audit("user_add", username, {"role": role}, db)
    out.print(f"Added {username} ({role}).")


@users_app.command("list")
@friendly_errors
def users_list(db: DbOption = setting("db")) -> None:
    """List the accounts, their roles and clinician names."""
    with _engine(db).connect() as conn:
        users = store.users.list_users(conn)
    table = _table("user", "role", "name", "clinician names", "project", "status", title="Users")
    for user in users:
        table.add_row(
            user.username,
            user.role,
            user.display_name or "",
            ", ".join(user.clinician_names),
            ", ".join(user.projects),
            "disabled" if user.disabled else "active",
        )
    out.print(table)


@users_app.command("disable")
@friendly_errors
def users_disable(
    username: Username,
    enable: Annotated[bool, typer.Option("--enable", help="Enable the account again.")] = False,
    db: DbOption = setting("db"),
) -> None:
    """Disable an account: it can no longer sign in, and its sessions and tokens end."""
    with store.transaction(_engine(db)) as conn:
        store.users.set_disabled(conn, username, not enable)
    _audit("user_enable" if enable else "user_disable", username, None, db)
    out.print(f"{username} is {'enabled' if enable else 'disabled'}.")


@users_app.command("reset-password")
@friendly_errors
def users_reset_password(username: Username, db: DbOption = setting("db")) -> None:
    """Set a new password (asked for, or $RAPPORT_PASSWORD); the user's sessions end."""
    from rapport.web.passwords import hash_password

    password = _password(username, "New password")
    with store.transaction(_engine(db)) as conn:
        store.users.set_password(conn, username, hash_password(password))
    _audit("user_password", username, None, db)
    out.print(f"New password set for {username}.")


@users_app.command("token")
@friendly_errors
def users_token(
    username: Username,
    label: Annotated[str, typer.Option("--label", help="What the token is for.")] = "script",
    db: DbOption = setting("db"),
) -> None:
    """Create an API token for scripts; it is shown once, and only its hash is stored."""
    from rapport.web.passwords import TOKEN_PREFIX, new_token, token_digest

    token = new_token(TOKEN_PREFIX)
    with store.transaction(_engine(db)) as conn:
        user = store.users.get_user(conn, username)
        if user.disabled:
            raise RapportError(f"{username} is disabled")
        store.users.add_token(conn, username, label, token_digest(token))
    _audit("token_add", username, {"label": label}, db)
    out.print(f"API token for {username} ({label}); it will not be shown again:")
    print(token)
