"""Fill Arabic translations into a .po file from a JSON object {msgid: msgstr}, then compile it.

    .venv/bin/python tools/po_fill.py src/sanad/locale/ar/LC_MESSAGES/django.po translations.json

Entries already translated are kept unless the JSON gives a new text. Prints what is still empty.
"""

import json
import sys
from pathlib import Path

import polib


def main(po_path: str, json_path: str | None = None) -> int:
    po = polib.pofile(po_path, wrapwidth=0)
    given = json.loads(Path(json_path).read_text(encoding="utf-8")) if json_path else {}
    for entry in po:
        if entry.msgid in given:
            value = given[entry.msgid]
            if entry.msgid_plural:
                forms = value if isinstance(value, list) else [value]
                entry.msgstr_plural = {i: forms[min(i, len(forms) - 1)] for i in range(6)}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.metadata["Language"] = "ar"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.metadata["Plural-Forms"] = (
        "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;"
    )
    po.save(po_path)
    po.save_as_mofile(str(Path(po_path).with_suffix(".mo")))
    missing = [e.msgid for e in po if not e.translated() and not e.obsolete]
    for msgid in missing:
        print("untranslated:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
