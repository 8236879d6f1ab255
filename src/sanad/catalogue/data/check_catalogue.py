#!/usr/bin/env python3
"""Validate the Sanad service catalogue seed file (catalogue.json).

Standard library only. Usage:

    python3 check_catalogue.py [path/to/catalogue.json] [--strict] [--quiet]

Exit status is 0 when there are no errors, 1 when the file has errors (or,
with --strict, warnings), 2 when the file cannot be read or parsed.

Errors are structural problems the application cannot work with (bad
references, wrong types, missing Arabic names, ...). Warnings are content
guidelines (e.g. a service with more than 6 form fields) that do not break
anything.
"""

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parent / "catalogue.json"

TOP_LEVEL_KEYS = ("source_notes", "document_types", "categories", "institutions", "services")
INSTITUTION_KINDS = {"government", "private"}
CHANNELS = {"walk_in", "online"}
DOC_FORMATS = {"pdf", "jpg", "png"}
FIELD_TYPES = {
    "text",
    "textarea",
    "number",
    "date",
    "choice",
    "civil_number",
    "phone",
    "email",
    "vehicle_plate",
    "cr_number",
    "boolean",
}
CONSTRAINTS_BY_TYPE = {
    "text": {"max_length", "min_length", "pattern"},
    "textarea": {"max_length", "min_length", "pattern"},
    "phone": {"max_length", "min_length", "pattern"},
    "email": {"max_length", "min_length", "pattern"},
    "civil_number": {"max_length", "min_length", "pattern"},
    "vehicle_plate": {"max_length", "min_length", "pattern"},
    "cr_number": {"max_length", "min_length", "pattern"},
    "number": {"min", "max", "integer"},
    "date": {"not_before_today", "not_after_today"},
    "choice": {"choices"},
    "boolean": set(),
}
REQUIRED_ROP_SERVICE_NAME = "تجديد رخصة القيادة"

MIN_INSTITUTIONS = 14
MIN_SERVICES = 65
MIN_PRIVATE_INSTITUTIONS = 2
CENTRE_FEE_CAP_RANGE = (1000, 5000)  # guideline only (warning)
FIELDS_RANGE = (2, 6)  # guideline only (warning)
STEPS_RANGE = (2, 5)  # guideline only (warning)

ARABIC_RE = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
INSTITUTION_CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{1,11}$")
SERVICE_CODE_RE = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
SNAKE_RE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
CHOICE_VALUE_RE = re.compile(r"^[A-Za-z0-9_+\-.]+$")
E164_RE = re.compile(r"^\+[1-9][0-9]{6,14}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


class Report:
    def __init__(self):
        self.errors = []
        self.warnings = []

    def error(self, where, msg):
        self.errors.append(f"{where}: {msg}")

    def warn(self, where, msg):
        self.warnings.append(f"{where}: {msg}")


def is_int(value):
    """True for real integers (bool is excluded on purpose)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value):
    return (isinstance(value, (int, float))) and not isinstance(value, bool)


def nonempty_str(value):
    return isinstance(value, str) and value.strip() != ""


def check_ar_en(rep, where, obj, ar_key, en_key, required=True):
    ar, en = obj.get(ar_key), obj.get(en_key)
    if ar is None and en is None and not required:
        return
    if not nonempty_str(ar):
        rep.error(where, f"{ar_key} is missing or empty")
    elif not ARABIC_RE.search(ar):
        rep.error(where, f"{ar_key} contains no Arabic letters: {ar!r}")
    if not nonempty_str(en):
        rep.error(where, f"{en_key} is missing or empty")


def check_optional_ar_en(rep, where, obj, ar_key, en_key):
    """Optional bilingual pair: if one is present both must be, Arabic must be Arabic."""
    has_ar, has_en = ar_key in obj, en_key in obj
    if not has_ar and not has_en:
        return
    if has_ar != has_en:
        rep.warn(where, f"only one of {ar_key}/{en_key} is given")
    if has_ar:
        if not nonempty_str(obj[ar_key]):
            rep.error(where, f"{ar_key} is empty")
        elif not ARABIC_RE.search(obj[ar_key]):
            rep.error(where, f"{ar_key} contains no Arabic letters")
    if has_en and not nonempty_str(obj[en_key]):
        rep.error(where, f"{en_key} is empty")


def check_list_of_dicts(rep, where, value):
    if not isinstance(value, list):
        rep.error(where, "must be a list")
        return []
    good = []
    for i, item in enumerate(value):
        if isinstance(item, dict):
            good.append(item)
        else:
            rep.error(f"{where}[{i}]", "must be an object")
    return good


def check_simple_vocab(rep, name, items, code_re, code_desc):
    codes = set()
    seen = Counter()
    for i, item in enumerate(items):
        code = item.get("code")
        where = f"{name}[{i}]" + (f" ({code})" if isinstance(code, str) else "")
        if not isinstance(code, str) or not code_re.match(code):
            rep.error(where, f"code must be {code_desc}, got {code!r}")
        else:
            seen[code] += 1
            codes.add(code)
        check_ar_en(rep, where, item, "name_ar", "name_en")
    for code, n in seen.items():
        if n > 1:
            rep.error(name, f"duplicate code {code!r} ({n} times)")
    return codes


def check_institutions(rep, items):
    codes = check_simple_vocab(
        rep, "institutions", items, INSTITUTION_CODE_RE, "uppercase ASCII (2-12 chars)"
    )
    kinds = Counter()
    for i, inst in enumerate(items):
        where = f"institutions[{i}] ({inst.get('code')})"
        kind = inst.get("kind")
        if kind not in INSTITUTION_KINDS:
            rep.error(where, f"kind must be one of {sorted(INSTITUTION_KINDS)}, got {kind!r}")
        else:
            kinds[kind] += 1
        website = inst.get("website")
        if not isinstance(website, str) or not URL_RE.match(website):
            rep.error(where, f"website must be an http(s) URL, got {website!r}")
        if "phone" not in inst:
            rep.error(where, "phone key missing (use null when unknown)")
        elif inst["phone"] is not None and (
            not isinstance(inst["phone"], str) or not E164_RE.match(inst["phone"])
        ):
            rep.error(where, f"phone must be E.164 (e.g. +96824000000) or null, got {inst['phone']!r}")
        if "email" not in inst:
            rep.error(where, "email key missing (use null when unknown)")
        elif inst["email"] is not None and (
            not isinstance(inst["email"], str) or not EMAIL_RE.match(inst["email"])
        ):
            rep.error(where, f"email must be an address or null, got {inst['email']!r}")
    if len(items) < MIN_INSTITUTIONS:
        rep.error("institutions", f"need at least {MIN_INSTITUTIONS}, found {len(items)}")
    for kind in sorted(INSTITUTION_KINDS):
        if kinds[kind] == 0:
            rep.error("institutions", f"no institution of kind {kind!r}")
    if kinds["private"] < MIN_PRIVATE_INSTITUTIONS:
        rep.error(
            "institutions",
            f"need at least {MIN_PRIVATE_INSTITUTIONS} private institutions, found {kinds['private']}",
        )
    return codes


def check_constraints(rep, where, field):
    ftype = field.get("type")
    constraints = field.get("constraints")
    if constraints is None:
        if ftype == "choice":
            rep.error(where, "choice field must have constraints.choices")
        return
    if not isinstance(constraints, dict):
        rep.error(where, "constraints must be an object")
        return
    allowed = CONSTRAINTS_BY_TYPE.get(ftype, set())
    for key in constraints:
        if key not in allowed:
            rep.error(
                where,
                f"constraint {key!r} is not valid for type {ftype!r} (allowed: {sorted(allowed) or 'none'})",
            )
    for key in ("max_length", "min_length"):
        if key in constraints and (not is_int(constraints[key]) or constraints[key] < 0):
            rep.error(where, f"{key} must be a non-negative integer")
    if (
        is_int(constraints.get("min_length"))
        and is_int(constraints.get("max_length"))
        and constraints["min_length"] > constraints["max_length"]
    ):
        rep.error(where, "min_length > max_length")
    if "pattern" in constraints:
        pat = constraints["pattern"]
        if not isinstance(pat, str):
            rep.error(where, "pattern must be a string")
        else:
            try:
                re.compile(pat)
            except re.error as exc:
                rep.error(where, f"pattern does not compile: {exc}")
    for key in ("min", "max"):
        if key in constraints and not is_number(constraints[key]):
            rep.error(where, f"{key} must be a number")
    if (
        is_number(constraints.get("min"))
        and is_number(constraints.get("max"))
        and constraints["min"] > constraints["max"]
    ):
        rep.error(where, "min > max")
    for key in ("integer", "not_before_today", "not_after_today"):
        if key in constraints and not isinstance(constraints[key], bool):
            rep.error(where, f"{key} must be true/false")
    if constraints.get("not_before_today") is True and constraints.get("not_after_today") is True:
        rep.error(where, "not_before_today and not_after_today cannot both be true")
    if ftype == "choice":
        choices = constraints.get("choices")
        if not isinstance(choices, list) or len(choices) < 1:
            rep.error(where, "choice field must have at least one choice")
            return
        values = Counter()
        for j, ch in enumerate(choices):
            cw = f"{where}.choices[{j}]"
            if not isinstance(ch, dict):
                rep.error(cw, "must be an object")
                continue
            val = ch.get("value")
            if not isinstance(val, str) or not CHOICE_VALUE_RE.match(val):
                rep.error(cw, f"value must be a non-empty ASCII token, got {val!r}")
            else:
                values[val] += 1
            check_ar_en(rep, cw, ch, "label_ar", "label_en")
        for val, n in values.items():
            if n > 1:
                rep.error(where, f"duplicate choice value {val!r}")


def check_service(rep, idx, svc, inst_codes, cat_codes, doc_codes):
    code = svc.get("code")
    where = f"services[{idx}]" + (f" ({code})" if isinstance(code, str) else "")

    # code and references
    inst = svc.get("institution")
    if not isinstance(code, str) or not SERVICE_CODE_RE.match(code):
        rep.error(where, f"code must be uppercase ASCII words joined by '-', got {code!r}")
    elif isinstance(inst, str) and not code.startswith(inst + "-"):
        rep.error(where, f"code must start with the institution prefix {inst + '-'!r}")
    if inst not in inst_codes:
        rep.error(where, f"institution {inst!r} does not resolve to an institution code")
    if svc.get("category") not in cat_codes:
        rep.error(where, f"category {svc.get('category')!r} does not resolve to a category code")

    check_ar_en(rep, where, svc, "name_ar", "name_en")
    check_ar_en(rep, where, svc, "description_ar", "description_en")

    # channels
    channels = svc.get("channels")
    if not isinstance(channels, list) or not channels:
        rep.error(where, "channels must be a non-empty list")
    else:
        bad = [c for c in channels if c not in CHANNELS]
        if bad:
            rep.error(where, f"unknown channels {bad}; allowed {sorted(CHANNELS)}")
        if len(set(c for c in channels if isinstance(c, str))) != len(channels):
            rep.error(where, "channels contains duplicates")

    # sla
    sla = svc.get("sla_hours")
    if not is_int(sla) or sla <= 0:
        rep.error(where, f"sla_hours must be a positive integer, got {sla!r}")

    # fees
    fmin, fmax = svc.get("government_fee_min"), svc.get("government_fee_max")
    for key, val in (("government_fee_min", fmin), ("government_fee_max", fmax)):
        if not is_int(val) or val < 0:
            rep.error(where, f"{key} must be a non-negative integer (baisa), got {val!r}")
    if is_int(fmin) and is_int(fmax) and fmin > fmax:
        rep.error(where, f"government_fee_min ({fmin}) > government_fee_max ({fmax})")
    if not isinstance(svc.get("fee_is_estimate"), bool):
        rep.error(where, "fee_is_estimate must be true/false")
    if not nonempty_str(svc.get("fee_source")):
        rep.error(where, "fee_source must be a non-empty string ('estimate' when there is no source)")
    elif svc.get("fee_is_estimate") is False and svc["fee_source"].strip().lower() == "estimate":
        rep.error(where, "fee_is_estimate is false but fee_source only says 'estimate'")
    check_optional_ar_en(rep, where, svc, "fee_note_ar", "fee_note_en")
    if "fee_percent" in svc:
        pct = svc["fee_percent"]
        if not is_number(pct) or not (0 < pct <= 100):
            rep.error(where, f"fee_percent must be a number in (0, 100], got {pct!r}")
    cap = svc.get("centre_fee_cap")
    if not is_int(cap) or cap < 0:
        rep.error(where, f"centre_fee_cap must be a non-negative integer (baisa), got {cap!r}")
    elif not (CENTRE_FEE_CAP_RANGE[0] <= cap <= CENTRE_FEE_CAP_RANGE[1]):
        rep.warn(
            where,
            f"centre_fee_cap {cap} outside the usual {CENTRE_FEE_CAP_RANGE[0]}-{CENTRE_FEE_CAP_RANGE[1]} baisa",
        )

    # documents
    docs = check_list_of_dicts(rep, f"{where}.documents", svc.get("documents"))
    for j, doc in enumerate(docs):
        dw = f"{where}.documents[{j}]"
        if doc.get("type") not in doc_codes:
            rep.error(dw, f"type {doc.get('type')!r} is not a declared document type")
        if not isinstance(doc.get("mandatory"), bool):
            rep.error(dw, "mandatory must be true/false")
        formats = doc.get("formats")
        if not isinstance(formats, list) or not formats:
            rep.error(dw, "formats must be a non-empty list")
        elif any(f not in DOC_FORMATS for f in formats):
            rep.error(dw, f"formats must be a subset of {sorted(DOC_FORMATS)}, got {formats}")
        size = doc.get("max_size_kb")
        if not is_int(size) or size <= 0:
            rep.error(dw, f"max_size_kb must be a positive integer, got {size!r}")
        check_optional_ar_en(rep, dw, doc, "note_ar", "note_en")

    # fields
    fields = check_list_of_dicts(rep, f"{where}.fields", svc.get("fields"))
    if not fields:
        rep.error(where, "fields must contain at least one field")
    elif not (FIELDS_RANGE[0] <= len(fields) <= FIELDS_RANGE[1]):
        rep.warn(where, f"{len(fields)} fields (guideline {FIELDS_RANGE[0]}-{FIELDS_RANGE[1]})")
    keys = Counter()
    for j, field in enumerate(fields):
        key = field.get("key")
        fw = f"{where}.fields[{j}]" + (f" ({key})" if isinstance(key, str) else "")
        if not isinstance(key, str) or not SNAKE_RE.match(key):
            rep.error(fw, f"key must be snake_case ASCII, got {key!r}")
        else:
            keys[key] += 1
        if field.get("type") not in FIELD_TYPES:
            rep.error(fw, f"type {field.get('type')!r} not in {sorted(FIELD_TYPES)}")
        check_ar_en(rep, fw, field, "label_ar", "label_en")
        check_optional_ar_en(rep, fw, field, "help_ar", "help_en")
        if not isinstance(field.get("required"), bool):
            rep.error(fw, "required must be true/false")
        check_constraints(rep, fw, field)
    for key, n in keys.items():
        if n > 1:
            rep.error(where, f"duplicate field key {key!r}")

    # steps
    steps = check_list_of_dicts(rep, f"{where}.steps", svc.get("steps"))
    if not steps:
        rep.error(where, "steps must contain at least one step")
    elif not (STEPS_RANGE[0] <= len(steps) <= STEPS_RANGE[1]):
        rep.warn(where, f"{len(steps)} steps (guideline {STEPS_RANGE[0]}-{STEPS_RANGE[1]})")
    step_codes = Counter()
    for j, step in enumerate(steps):
        sw = f"{where}.steps[{j}]"
        scode = step.get("code")
        if not isinstance(scode, str) or not SNAKE_RE.match(scode):
            rep.error(sw, f"code must be snake_case ASCII, got {scode!r}")
        else:
            step_codes[scode] += 1
        check_ar_en(rep, sw, step, "name_ar", "name_en")
    for scode, n in step_codes.items():
        if n > 1:
            rep.error(where, f"duplicate step code {scode!r}")


def validate(data):
    rep = Report()
    if not isinstance(data, dict):
        rep.error("root", "top level must be a JSON object")
        return rep, {}
    for key in TOP_LEVEL_KEYS:
        if key not in data:
            rep.error("root", f"missing top-level key {key!r}")
    unknown = sorted(set(data) - set(TOP_LEVEL_KEYS))
    if unknown:
        rep.warn("root", f"unknown top-level keys {unknown}")

    notes = data.get("source_notes")
    if not isinstance(notes, list) or not notes or not all(nonempty_str(n) for n in notes):
        rep.error("source_notes", "must be a non-empty list of non-empty strings")
    elif not any("estimate" in n.lower() for n in notes):
        rep.error("source_notes", "must state that fees marked fee_is_estimate are estimates")

    doc_types = check_list_of_dicts(rep, "document_types", data.get("document_types"))
    doc_codes = check_simple_vocab(rep, "document_types", doc_types, SNAKE_RE, "snake_case ASCII")
    if "other" not in doc_codes:
        rep.warn("document_types", "no 'other' document type")

    categories = check_list_of_dicts(rep, "categories", data.get("categories"))
    cat_codes = check_simple_vocab(rep, "categories", categories, SNAKE_RE, "snake_case ASCII")
    if not categories:
        rep.error("categories", "at least one category is required")

    institutions = check_list_of_dicts(rep, "institutions", data.get("institutions"))
    inst_codes = check_institutions(rep, institutions)

    services = check_list_of_dicts(rep, "services", data.get("services"))
    if len(services) < MIN_SERVICES:
        rep.error("services", f"need at least {MIN_SERVICES}, found {len(services)}")
    codes = Counter(s.get("code") for s in services if isinstance(s.get("code"), str))
    for code, n in codes.items():
        if n > 1:
            rep.error("services", f"duplicate service code {code!r} ({n} times)")
    for i, svc in enumerate(services):
        check_service(rep, i, svc, inst_codes, cat_codes, doc_codes)

    if not any(
        s.get("institution") == "ROP" and s.get("name_ar") == REQUIRED_ROP_SERVICE_NAME for s in services
    ):
        rep.error("services", f"no ROP service named {REQUIRED_ROP_SERVICE_NAME!r}")

    used_inst = Counter(s.get("institution") for s in services)
    for code in sorted(inst_codes):
        if used_inst[code] == 0:
            rep.warn("institutions", f"{code} has no services")
    used_cat = Counter(s.get("category") for s in services)
    for code in sorted(cat_codes):
        if used_cat[code] == 0:
            rep.warn("categories", f"{code} has no services")

    stats = {
        "institutions": len(institutions),
        "categories": len(categories),
        "document_types": len(doc_types),
        "services": len(services),
        "services_per_institution": {c: used_inst[c] for c in [i.get("code") for i in institutions]},
        "estimated_fees": sum(1 for s in services if s.get("fee_is_estimate") is True),
    }
    return rep, stats


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "path", nargs="?", default=str(DEFAULT_PATH), help="catalogue JSON file (default: %(default)s)"
    )
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--quiet", action="store_true", help="print only problems")
    args = parser.parse_args(argv)

    try:
        with open(args.path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError) as exc:
        print(f"ERROR: cannot read {args.path}: {exc}", file=sys.stderr)
        return 2

    rep, stats = validate(data)
    for msg in rep.errors:
        print(f"ERROR   {msg}")
    for msg in rep.warnings:
        print(f"WARNING {msg}")
    if not args.quiet and stats:
        print(
            f"institutions={stats['institutions']} categories={stats['categories']} "
            f"document_types={stats['document_types']} services={stats['services']} "
            f"(fees marked estimate: {stats['estimated_fees']})"
        )
        for code, n in stats["services_per_institution"].items():
            print(f"  {code:<10} {n}")
    failed = bool(rep.errors) or (args.strict and bool(rep.warnings))
    print(f"{'FAIL' if failed else 'OK'}: {len(rep.errors)} error(s), {len(rep.warnings)} warning(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
