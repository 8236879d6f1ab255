"""The demo network is built by steps, in order. Each area adds its own step in demo/steps.py.

A step is a callable `(options, progress) -> str` that must be idempotent: running seed_demo twice
leaves the same data as running it once. `progress(n)` advances the progress bar by n units."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SeedStep:
    name: str
    run: Callable
    weight: int | Callable = 1  # progress units this step reports (or a function of the options)

    def units(self, options) -> int:
        return self.weight(options) if callable(self.weight) else self.weight


STEPS: list[SeedStep] = []


def step(name: str, *, weight: int | Callable = 1):
    def register(func: Callable) -> Callable:
        STEPS.append(SeedStep(name=name, run=func, weight=weight))
        return func

    return register
