"""The served API against its own document, with generated requests (schemathesis):
every GET route, asked with a signed-in manager's cookie and query parameters made
from the document (points, positions), never answers with a server error, and answers
only with the statuses, content types and bodies the document gives it. Bounded: a few
examples per route, a few seconds in all."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from uuid import UUID

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from live import STAFF_PASSWORD
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from shared_server import SharedServer

from board.web.openapi import openapi_document

SCHEMA = schemathesis.openapi.from_dict(openapi_document()).include(method="GET")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def signed_in_server(
    shared_server: SharedServer,
) -> Iterator[tuple[str, UUID, requests.Session]]:
    """The session's live server, a demo case of this module's own (allocated to the
    manager), and an HTTP session with the manager's cookie (closed at the end, so no
    socket is left open)."""
    server, case_id = shared_server.live, shared_server.new_case()
    with httpx.Client(base_url=server.url, headers={"Origin": server.url}) as client:
        answer = client.post("/signin", data={"username": "manager", "password": STAFF_PASSWORD})
        assert answer.status_code == 303
        cookie = f"board_session={client.cookies['board_session']}"
    with requests.Session() as session:
        session.headers["Cookie"] = cookie
        yield server.url, case_id, session
    gc.collect()  # a socket left open here would warn now, in this module, not later


@SCHEMA.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_get_answers_as_its_document_says(
    case: schemathesis.Case, signed_in_server: tuple[str, UUID, requests.Session]
) -> None:
    base_url, case_id, session = signed_in_server
    if case.path_parameters and "case_id" in case.path_parameters:
        case.path_parameters["case_id"] = str(case_id)  # the case the manager may open
    case.call_and_validate(base_url=base_url, session=session, checks=CHECKS)
