"""Distances and 'is this point in Oman' (pure Python; the network is a few thousand points)."""

import itertools
import json
import math
from functools import cache
from pathlib import Path

from sanad.geo.selectors import in_oman

EARTH_RADIUS_KM = 6371.0088
OUTLINE = Path(__file__).resolve().parents[1] / "static" / "geo" / "oman-outline.geojson"
# The outline is generalised (1:10 million): accept points this close to it (a centre on the corniche).
COAST_TOLERANCE_KM = 3.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(lat_min, lat_max, lon_min, lon_max) containing every point within radius_km of (lat, lon)."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    cos_lat = max(math.cos(math.radians(lat)), 1e-6)
    dlon = min(180.0, math.degrees(radius_km / (EARTH_RADIUS_KM * cos_lat)))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


@cache
def _rings() -> list[list[tuple[float, float]]]:
    """Every ring of the outline as (lon, lat) points; holes included (even-odd rule)."""
    feature = json.loads(OUTLINE.read_text(encoding="utf-8"))
    if feature.get("type") == "FeatureCollection":
        geometries = [f["geometry"] for f in feature["features"]]
    else:
        geometries = [feature["geometry"]]
    rings = []
    for geometry in geometries:
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        for polygon in polygons:
            rings.extend([tuple(point[:2]) for point in ring] for ring in polygon)
    return rings


def _inside(lon: float, lat: float) -> bool:
    inside = False
    for ring in _rings():
        for (x1, y1), (x2, y2) in itertools.pairwise(ring):
            if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
                inside = not inside
    return inside


def _near_edge(lon: float, lat: float, km: float) -> bool:
    kx = 111.32 * math.cos(math.radians(lat))
    ky = 110.57
    for ring in _rings():
        for (x1, y1), (x2, y2) in itertools.pairwise(ring):
            ax, ay, bx, by = (x1 - lon) * kx, (y1 - lat) * ky, (x2 - lon) * kx, (y2 - lat) * ky
            dx, dy = bx - ax, by - ay
            length = dx * dx + dy * dy
            t = 0.0 if length == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length))
            if math.hypot(ax + t * dx, ay + t * dy) <= km:
                return True
    return False


def point_in_oman(lat: float, lon: float, *, tolerance_km: float = COAST_TOLERANCE_KM) -> bool:
    """Inside Oman's outline (mainland, Musandam, Madha, Masirah, islands), or within a few km of it."""
    if not (math.isfinite(lat) and math.isfinite(lon)) or not in_oman(lat, lon):
        return False
    return _inside(lon, lat) or (tolerance_km > 0 and _near_edge(lon, lat, tolerance_km))
