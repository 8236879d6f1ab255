"""A simulated online payment gateway for the demo and the tests: its own hosted payment page, an
HMAC-SHA256-signed server callback, a server-side status query, and switchable modes so that Sanad's
real code paths run (succeed, decline, time out, callback late, callback twice)."""
