"""Schemathesis against the JSON API's OpenAPI schema: every GET answers within its schema
(and never with a server error) for generated inputs, under a researcher's API token."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings

from rapport import store
from rapport.web import create_app
from rapport.web import testing as seed
from rapport.web.config import WebSettings
from rapport.web.passwords import TOKEN_PREFIX, new_token, token_digest

ENGINE = store.open_workspace("sqlite:///:memory:")
seed.add_people(ENGINE)
seed.import_examples(ENGINE)
TOKEN = new_token(TOKEN_PREFIX)
with store.transaction(ENGINE) as _conn:
    store.users.add_token(_conn, "rita", "schemathesis", token_digest(TOKEN))
APP = create_app(WebSettings(model="cues"), engine=ENGINE)
AUTH = {"authorization": f"Bearer {TOKEN}"}
SCHEMA = schemathesis.openapi.from_asgi("/api/openapi.json", APP, headers=AUTH)


@SCHEMA.include(method="GET").exclude(path_regex="reports").parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_keeps_its_schema(case: Any) -> None:
    response = case.call(headers=AUTH)
    assert response.status_code < 500
    # Pydantic reads dates leniently (``until=0`` is 1970-01-01), which schemathesis counts as
    # accepting bad input; every other check applies.
    case.validate_response(response, excluded_checks=[schemathesis.checks.negative_data_rejection])
