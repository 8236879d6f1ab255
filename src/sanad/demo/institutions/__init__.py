"""Simulated institution back-ends for the demo and the tests (ROP and MOL): they receive Sanad's
signed submissions over HTTP like a real institution's system, keep what they received (and count
duplicate filings, which must stay 0), and decide after a delay by calling Sanad's signed callback.
Switchable modes (up, down, slow, flaky) let the outage paths run. Not served in production."""
