"""Token authentication: django-rest-knox's expiring, hashed tokens, checked in one query.

knox also reads every other token of the user on each request to delete the expired ones; that is a
second query on every API call, so here only the presented token's own expiry is checked (an expired
token is refused and deleted, as in knox) and the others are left to `housekeeping_prune`."""

from django.utils import timezone
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.signals import token_expired


class TokenAuthentication(KnoxTokenAuthentication):
    def _cleanup_token(self, auth_token) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            username = auth_token.user.get_username()
            auth_token.delete()
            token_expired.send(sender=self.__class__, username=username, source="auth_token")
            return True
        return False
