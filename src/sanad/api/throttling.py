"""API rate limits keyed on `sanad.core.clients.client_address` (never on a raw X-Forwarded-For).

Applied by default (settings `DEFAULT_THROTTLE_CLASSES`): `anon` per address for anonymous calls,
`user` per account for signed-in ones; views with a `throttle_scope` (token login, tracking) add
their own tighter bucket."""

from rest_framework import throttling

from sanad.core.clients import client_address


class _ClientIdentity:
    def get_ident(self, request):
        return client_address(request)


class AnonThrottle(_ClientIdentity, throttling.AnonRateThrottle):
    pass


class UserThrottle(_ClientIdentity, throttling.UserRateThrottle):
    pass


class ScopedThrottle(_ClientIdentity, throttling.ScopedRateThrottle):
    pass
