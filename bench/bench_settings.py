"""Settings for the HTTP load benchmark: Sanad's own settings with the rate limits lifted (one client
address sends every request), nothing else changed."""

from sanad.settings import *  # noqa: F403
from sanad.settings import REST_FRAMEWORK

REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {scope: "1000000/min" for scope in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]},
}
