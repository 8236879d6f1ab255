"""Panels on the case page that other areas contribute (payments adds its own), so the case page
does not need to know them. A panel is a template rendered with the case context plus what its
context function returns; it shows only if `visible(case, user)` is true."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable  # (request, case) -> dict
    visible: Callable = lambda case, user: True
    order: int = 100
    slot: str = "side"  # "side": the side column; "top": above the page's columns (the counter's actions)


PANELS: list[Panel] = []


def register(panel: Panel) -> None:
    if all(p.name != panel.name for p in PANELS):
        PANELS.append(panel)
        PANELS.sort(key=lambda p: p.order)


def panels_for(request, case) -> list[dict]:
    return [
        {
            "name": p.name,
            "template": p.template,
            "slot": p.slot,
            "context": {**p.context(request, case), "case": case},
        }
        for p in PANELS
        if p.visible(case, request.user)
    ]


# Banners above the centre console (e.g. "an institution is not answering"): callables
# (request) -> list of {"level": "warning"|"danger"|"info", "text": …}.
BANNERS: list[Callable] = []


def register_banner(func: Callable) -> Callable:
    if func not in BANNERS:
        BANNERS.append(func)
    return func


def banners_for(request) -> list[dict]:
    return [banner for func in BANNERS for banner in func(request)]
