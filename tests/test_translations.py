"""Swedish is complete: every string marked for translation has a Swedish translation,
none is fuzzy, and the compiled catalogues match their sources."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
# Django's own admin templates, copied with one change (templates/admin/): their strings are
# Django's and Django's catalogue translates them. The Makefile's `messages` ignores them too.
DJANGO_TEMPLATE_COPIES = (
    "templates/admin/change_list_results.html",
    "templates/admin/edit_inline/tabular.html",
)
IGNORED = {
    ".venv",
    "var",
    ".git",
    "node_modules",
    "__pycache__",
    ".pytest_cache",
    ".hypothesis",
    ".ruff_cache",
    ".mypy_cache",
}


def catalogues(root: Path) -> list[Path]:
    return sorted(
        p for p in root.glob("**/locale/sv/LC_MESSAGES/django.po") if not IGNORED & set(p.parts)
    )


def test_every_catalogue_is_complete_and_compiled():
    found = catalogues(ROOT)
    assert found, "no Swedish catalogues found"
    for po_path in found:
        po = polib.pofile(str(po_path))
        untranslated = [e.msgid for e in po.untranslated_entries()]
        fuzzy = [e.msgid for e in po.fuzzy_entries()]
        assert not untranslated, f"{po_path}: untranslated {untranslated}"
        assert not fuzzy, f"{po_path}: fuzzy {fuzzy}"
        mo = polib.mofile(str(po_path.with_suffix(".mo")))
        compiled = {
            (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo
        }
        source = {
            (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in po
            if not e.obsolete
        }
        assert compiled == source, f"{po_path.with_suffix('.mo')} is out of date: run make messages"


def test_no_string_marked_for_translation_is_missing_from_the_catalogues(tmp_path):
    if not shutil.which("xgettext"):
        if os.environ.get("STATSBIDRAG_REQUIRE_SERVICES") == "1":
            pytest.fail("GNU gettext (xgettext) is needed to check the catalogues")
        pytest.skip("GNU gettext (xgettext) is not installed")
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=lambda _d, names: [n for n in names if n in IGNORED])
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "sv",
            "--no-obsolete",
            "--ignore=tests/*",
            *(f"--ignore={path}" for path in DJANGO_TEMPLATE_COPIES),
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    missing = []
    for po_path in catalogues(copy):
        po = polib.pofile(str(po_path))
        missing += [
            f"{po_path.relative_to(copy)}: {e.msgid!r}" for e in po if not e.translated() or e.fuzzy
        ]
    assert not missing, "Strings without a Swedish translation (run make messages):\n" + "\n".join(
        missing
    )
