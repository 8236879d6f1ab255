"""Online requests to "any centre near me" (filled in below)."""


def dispatch_advance(*, now=None) -> int:
    return 0
