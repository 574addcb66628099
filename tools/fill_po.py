"""Fill the Swedish catalogues: untranslated and fuzzy entries get a translation from the
mapping file given, or else from a translation memory built from every catalogue; then every
catalogue is compiled to .mo. Run from the project root after `make messages`:

    .venv/bin/python tools/fill_po.py my_translations.py

where my_translations.py defines T = {"English msgid": "svensk text", "plural msgid":
("singular", "plural")}. Prints what is still missing.
"""

import glob
import os
import runpy
import sys

import polib

mapping = runpy.run_path(sys.argv[1])["T"] if len(sys.argv) > 1 else {}
files = [
    f
    for f in sorted(glob.glob("**/locale/sv/LC_MESSAGES/django.po", recursive=True))
    if ".venv" not in f
]
memory: dict = {}
for path in files:
    for entry in polib.pofile(path):
        if entry.translated() and "fuzzy" not in entry.flags:
            value = (
                (entry.msgstr_plural[0], entry.msgstr_plural[1])
                if entry.msgid_plural
                else entry.msgstr
            )
            memory.setdefault(entry.msgid, value)
memory.update(mapping)
missing = []
for path in files:
    po = polib.pofile(path, wrapwidth=0)
    po.metadata.update(
        {
            "Language": "sv",
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": "nplurals=2; plural=(n != 1);",
        }
    )
    for entry in po:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
            entry.msgstr_plural = {0: "", 1: ""} if entry.msgid_plural else {}
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
        if entry.translated() and entry.msgid not in mapping:
            continue
        value = memory.get(entry.msgid)
        if value is None:
            missing.append((path, entry.msgid))
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: value[0], 1: value[1]}
        else:
            entry.msgstr = value
    po.save(path)
    po.save_as_mofile(path[:-3] + ".mo")
for path, msgid in missing:
    print("MISSING", os.path.relpath(path), repr(msgid))
