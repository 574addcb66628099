"""List the Swedish catalogue entries that are untranslated or fuzzy (run from the project root)."""

import glob

import polib

for path in sorted(glob.glob("**/locale/sv/LC_MESSAGES/django.po", recursive=True)):
    if ".venv" in path:
        continue
    for entry in polib.pofile(path):
        if not entry.translated() or entry.fuzzy:
            plural = f" || PLURAL {entry.msgid_plural!r}" if entry.msgid_plural else ""
            print(f"{path}: {entry.msgid!r}{plural} -> {entry.msgstr!r}")
