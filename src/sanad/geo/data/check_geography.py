#!/usr/bin/env python3
"""Sanity checks for oman_geography.json (standalone, stdlib only).

Usage:
    python3 check_geography.py [path/to/oman_geography.json]

Exits non-zero with an AssertionError message on the first failed check.
"""

import json
import re
import sys
from pathlib import Path

DEFAULT_PATH = Path(__file__).with_name("oman_geography.json")

# Wilayat counts per governorate under Royal Decree 114/2011 (61 in total).
# Later decrees may only add wilayats, so the data must have at least these.
DECREE_114_2011_COUNTS = {
    "OM-MA": 6,  # Muscat
    "OM-ZU": 10,  # Dhofar
    "OM-MU": 4,  # Musandam
    "OM-BU": 3,  # Al Buraimi
    "OM-DA": 8,  # Ad Dakhiliyah
    "OM-BS": 6,  # North Al Batinah
    "OM-BJ": 6,  # South Al Batinah
    "OM-SJ": 5,  # South Ash Sharqiyah
    "OM-SS": 6,  # North Ash Sharqiyah
    "OM-ZA": 3,  # Ad Dhahirah
    "OM-WU": 4,  # Al Wusta
}

# NCSI Electronic Census 2020, national total (reference date 12 Dec 2020).
NATIONAL_POPULATION_2020 = 4_471_148

# Rough bounding box of Oman (includes Musandam and the Madha exclave).
LAT_MIN, LAT_MAX = 16.6, 26.5
LON_MIN, LON_MAX = 51.8, 59.9

ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
WILAYAT_CODE = re.compile(r"^OM-[A-Z]{2}-[A-Z0-9]+$")


def check_point(where, centroid):
    assert isinstance(centroid, dict), f"{where}: centroid must be an object"
    lat, lon = centroid.get("lat"), centroid.get("lon")
    for name, value in (("lat", lat), ("lon", lon)):
        assert isinstance(value, (int, float)) and not isinstance(value, bool), (
            f"{where}: centroid.{name} must be a number, got {value!r}"
        )
        assert round(value, 4) == value, f"{where}: centroid.{name} has more than 4 decimals"
    assert LAT_MIN <= lat <= LAT_MAX, f"{where}: lat {lat} outside Oman box"
    assert LON_MIN <= lon <= LON_MAX, f"{where}: lon {lon} outside Oman box"


def check_arabic(where, text):
    assert isinstance(text, str) and text.strip() == text and text, f"{where}: bad Arabic name {text!r}"
    assert ARABIC_LETTER.search(text), f"{where}: name_ar {text!r} has no Arabic letters"


def check_english(where, text):
    assert isinstance(text, str) and text.strip(), f"{where}: missing name_en"
    assert not ARABIC_LETTER.search(text), f"{where}: name_en {text!r} contains Arabic letters"


def main(path):
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)

    assert isinstance(data, dict), "top level must be an object"
    for key in ("sources", "governorates"):
        assert key in data, f"missing top-level key {key!r}"
    assert isinstance(data["sources"], list) and data["sources"], "sources must be a non-empty list"
    assert all(isinstance(s, str) and s.strip() for s in data["sources"]), "sources must be strings"

    govs = data["governorates"]
    assert isinstance(govs, list), "governorates must be a list"
    assert len(govs) == 11, f"expected 11 governorates, found {len(govs)}"

    gov_codes = [g.get("code") for g in govs]
    assert len(set(gov_codes)) == len(gov_codes), f"duplicate governorate codes: {gov_codes}"
    assert set(gov_codes) == set(DECREE_114_2011_COUNTS), (
        f"governorate codes differ from ISO 3166-2:OM: {sorted(set(gov_codes) ^ set(DECREE_114_2011_COUNTS))}"
    )

    all_codes = set(gov_codes)
    wilayat_names_ar = set()
    total_wilayats = 0
    population_total = 0

    for g in govs:
        gc = g["code"]
        for key in ("name_ar", "name_en", "capital", "centroid", "population_2020", "source", "wilayats"):
            assert key in g, f"{gc}: missing key {key!r}"
        check_arabic(f"{gc}.name_ar", g["name_ar"])
        check_english(f"{gc}.name_en", g["name_en"])
        check_arabic(f"{gc}.capital.ar", g["capital"].get("ar"))
        check_english(f"{gc}.capital.en", g["capital"].get("en"))
        check_point(gc, g["centroid"])
        pop = g["population_2020"]
        assert isinstance(pop, int) and not isinstance(pop, bool) and pop > 0, (
            f"{gc}: bad population_2020 {pop!r}"
        )
        population_total += pop
        assert isinstance(g["source"], str) and g["source"].strip(), f"{gc}: missing source"

        wilayats = g["wilayats"]
        assert isinstance(wilayats, list), f"{gc}: wilayats must be a list"
        minimum = DECREE_114_2011_COUNTS[gc]
        assert len(wilayats) >= minimum, (
            f"{gc}: {len(wilayats)} wilayats, decree 114/2011 requires >= {minimum}"
        )
        total_wilayats += len(wilayats)

        local_codes = set()
        for w in wilayats:
            wc = w.get("code")
            where = f"{gc}/{wc}"
            assert isinstance(wc, str) and WILAYAT_CODE.match(wc), f"{where}: bad wilayat code"
            assert wc.startswith(gc + "-"), f"{where}: code does not start with governorate code"
            assert wc not in all_codes, f"{where}: duplicate code"
            all_codes.add(wc)
            local_codes.add(wc)
            for key in ("name_ar", "name_en", "centroid", "centroid_note", "population", "source"):
                assert key in w, f"{where}: missing key {key!r}"
            check_arabic(f"{where}.name_ar", w["name_ar"])
            check_english(f"{where}.name_en", w["name_en"])
            assert w["name_ar"] not in wilayat_names_ar, f"{where}: duplicate Arabic name {w['name_ar']}"
            wilayat_names_ar.add(w["name_ar"])
            for alt in w.get("alt_names_ar", []):
                check_arabic(f"{where}.alt_names_ar", alt)
            check_point(where, w["centroid"])
            assert isinstance(w["centroid_note"], str) and w["centroid_note"].strip(), (
                f"{where}: empty centroid_note"
            )
            wpop = w["population"]
            assert wpop is None or (isinstance(wpop, int) and not isinstance(wpop, bool) and wpop > 0), (
                f"{where}: population must be null or a positive int"
            )
            assert isinstance(w["source"], str) and w["source"].strip(), f"{where}: missing source"

        assert g["capital"].get("wilayat_code") in local_codes, (
            f"{gc}: capital wilayat_code not among its wilayats"
        )

    assert total_wilayats >= 61, f"expected at least 61 wilayats, found {total_wilayats}"
    assert population_total == NATIONAL_POPULATION_2020, (
        f"governorate populations sum to {population_total}, census 2020 national total is {NATIONAL_POPULATION_2020}"
    )

    print(
        f"OK: {len(govs)} governorates, {total_wilayats} wilayats, "
        f"population_2020 total {population_total:,} ({path})"
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_PATH)
