"""The API root: authentication (bearer token or browser session), the token endpoint, parks.

Each domain app defines a Router in its own api.py; they are added here, in one place.
"""

from decimal import Decimal
from typing import Any, cast

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone
from ninja import NinjaAPI, Schema, Status
from ninja.pagination import paginate
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder
from ninja.security import HttpBearer, SessionAuth

from zoneops.core import queries, services, units
from zoneops.core.auth import (
    client_address,
    login_is_locked,
    note_login_failure,
    note_login_success,
)
from zoneops.core.http import AuthedRequest
from zoneops.core.models import ApiToken, User
from zoneops.core.pagination import Pagination
from zoneops.core.schemas import ErrorOut, InputSchema


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.valid().select_related("user").filter(key_hash=ApiToken.hash(token)).first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        request.api_token_hash = found.key_hash  # type: ignore[attr-defined]
        return found.user


class PlainNumbers(NinjaJSONEncoder):
    """A Decimal goes out as people write it (5000, never 5E+3): the one formatting path,
    units.plain, that forms, pages and files use too."""

    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            return units.plain(o)
        return super().default(o)


class PlainJSONRenderer(JSONRenderer):
    encoder_class = PlainNumbers


api = NinjaAPI(
    title="ZoneOps API",
    renderer=PlainJSONRenderer(),
    version="1",
    description="开发区经济运行调度与企业服务平台 API",
    auth=[BearerToken(), SessionAuth()],
    urls_namespace="api",
)


class TokenIn(InputSchema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


@api.post(
    "/token",
    auth=None,
    response={200: TokenOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    tags=["auth"],
)
def token_create(request: HttpRequest, body: TokenIn) -> Any:
    """Exchange a username and password for a bearer token (throttled like the login page).
    The token expires after API_TOKEN_DAYS, and when the password changes."""
    address = client_address(request)
    if login_is_locked(body.username, address):
        return Status(429, {"detail": "登录失败次数过多，请稍后再试"})
    user = authenticate(request, username=body.username, password=body.password)
    if user is None:
        note_login_failure(body.username, address)
        return Status(401, {"detail": "用户名或密码不正确"})
    note_login_success(body.username, address)
    return Status(200, {"token": ApiToken.issue(user)})


class TokensRevokedOut(Schema):
    revoked: int


@api.delete("/token", response={200: TokensRevokedOut}, tags=["auth"])
def token_revoke(request: HttpRequest) -> Any:
    """Revoke the bearer token of this request; signed in with a session instead, revoke every
    token of the signed-in user."""
    key_hash = getattr(request, "api_token_hash", None)
    user = cast(User, request.user)  # the endpoint's auth let only a signed-in user here
    revoked = services.tokens_revoke(actor=user, user=user, key_hash=key_hash)
    return {"revoked": revoked}


class ParkOut(Schema):
    id: int
    name: str
    division_code: str


@api.get("/parks", response=list[ParkOut], tags=["organisation"])
@paginate(Pagination)
def park_list(request: AuthedRequest) -> Any:
    return queries.park_list(user=request.user)
