"""One's own API tokens: list, create (the token is in the answer once), revoke."""

from datetime import datetime

from django.http import Http404
from ninja import Router, Schema, Status

from siklus.accounts import services
from siklus.accounts.models import ApiToken
from siklus.core.schemas import Text

router = Router(tags=["akun"])


class TokenOut(Schema):
    id: int
    name: str
    created_at: datetime
    expires_at: datetime
    revoked: bool
    usable: bool


class TokenIn(Schema):
    name: Text(100, 1)


class NewTokenOut(TokenOut):
    token: str


@router.get("tokens", response=list[TokenOut], summary="Token API saya")
def list_tokens(request):
    return list(ApiToken.objects.filter(user=request.user))


@router.post("tokens", response={201: NewTokenOut}, summary="Buat token API (token hanya ditampilkan sekali)")
def create_token(request, payload: TokenIn):
    token, text = services.issue_token(request.user, payload.name)
    return Status(201, {**TokenOut.from_orm(token).dict(), "token": text})


@router.delete("tokens/{token_id}", response=TokenOut, summary="Cabut token API saya")
def revoke_token(request, token_id: str):
    token = ApiToken.objects.filter(pk=int(token_id) if token_id.isdigit() else 0, user=request.user).first()
    if token is None:
        raise Http404
    return services.revoke_token(request.user, token)
