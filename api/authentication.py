"""The API reads as a key's unit (``Authorization: Api-Key <key>``) or as the signed-in user (session)."""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from api.principal import KeyHolder
from api.services import api_key_holder, api_key_used

KEYWORD = "Api-Key"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        keyword, _space, secret = header.partition(" ")
        if keyword.lower() != KEYWORD.lower():
            secret = request.META.get("HTTP_X_API_KEY")
            if secret is None:
                return None  # no key given: the session (or nobody) reads
        key = api_key_holder(secret.strip())
        if key is None:
            raise exceptions.AuthenticationFailed(_("Khóa API không đúng, đã bị thu hồi hoặc đã hết hạn."))
        api_key_used(key)
        return KeyHolder(key), key

    def authenticate_header(self, request):
        return KEYWORD
