"""Staff accounts, for administrators: list, create, disable and re-enable. Disabling
an account (or changing its password) ends its sessions at once, on every process."""

from __future__ import annotations

from typing import Annotated

import msgspec
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from board.application.records import AccountError, StaffAccount
from board.practice import Role
from board.web.answers import Account, json_response
from board.web.bodies import json_body
from board.web.gate import Refusal, problem
from board.web.services import Services
from board.web.viewers import Staff


class NewAccount(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A staff account to create. The password is stored only as an Argon2 hash."""

    username: str
    name: Annotated[str, msgspec.Meta(description="the name people will see")]
    role: Role
    password: str
    administrator: Annotated[bool, msgspec.Meta(description="may look after accounts")] = False


async def _administrator(request: Request) -> Services:
    services: Services = request.app.state.services
    viewer = await services.viewer(request)
    if viewer is None:
        raise Refusal(401, "not_signed_in", "Please sign in first.")
    if not isinstance(viewer, Staff) or not viewer.administrator:
        raise Refusal(403, "forbidden", "Accounts are looked after by an administrator.")
    return services


def _shown(account: StaffAccount) -> Account:
    return Account(
        username=account.username,
        name=account.name,
        role=account.role,
        administrator=account.administrator,
        enabled=account.enabled,
    )


async def accounts(request: Request) -> Response:
    """GET: every account (never a password hash). POST: create one (`NewAccount`)."""
    try:
        services = await _administrator(request)
        if request.method == "GET":
            found = await run_in_threadpool(services.accounts.all)
            return json_response([_shown(a) for a in found.values()])
        body = await json_body(request, NewAccount)
        if body.username in await run_in_threadpool(services.accounts.all):
            return problem(409, "exists", "There is already an account with that username.")
        account = await run_in_threadpool(
            lambda: services.accounts.save(
                body.username, body.name, body.role, body.password, administrator=body.administrator
            )
        )
    except Refusal as refusal:
        return problem(refusal.status, refusal.code, refusal.message)
    except AccountError as error:
        return problem(400, "invalid", str(error))
    services.forget_accounts()
    return json_response(_shown(account), 201)


async def _set_enabled(request: Request, enabled: bool) -> Response:
    try:
        services = await _administrator(request)
        username = request.path_params["username"]
        account = await run_in_threadpool(services.accounts.set_enabled, username, enabled)
    except Refusal as refusal:
        return problem(refusal.status, refusal.code, refusal.message)
    except AccountError as error:
        return problem(404, "unknown_account", str(error))
    services.forget_accounts()
    return json_response(_shown(account))


async def disable(request: Request) -> Response:
    return await _set_enabled(request, False)


async def enable(request: Request) -> Response:
    return await _set_enabled(request, True)


routes = [
    Route("/api/accounts", accounts, methods=["GET", "POST"]),
    Route("/api/accounts/{username}/disable", disable, methods=["POST"]),
    Route("/api/accounts/{username}/enable", enable, methods=["POST"]),
]
