"""No page, e-mail, PDF or export formats a date, a time or an amount on its own: they all go
through core.formats (docs/formats.md), so a new page cannot drift from the rule.

What a machine reads keeps its own format and is allowed below, each with its reason."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRS = {".venv", "tests", "node_modules", "var", "static", ".git", "migrations"}
RULE_MODULE = Path("core/formats.py")

# In templates: Django's own date and time filters, the removed kr_exact, {% now %}.
TEMPLATE_PATTERN = re.compile(r"\|\s*(date|time)\b|\bkr_exact\b|{%\s*now\b")
# Lines a template may format on its own: machine formats an HTML element requires.
TEMPLATE_MACHINE_LINE = re.compile(r'type="date"|\bdatetime="')

# In Python: formatting a moment or a date by hand, or amounts with forced öre.
PYTHON_PATTERN = re.compile(
    r"\bstrftime\(|\bdateformat\.format\(|\bdate_format\(|\bshow_ore\b|\bkr_exact\b|%H|"
    r"timezone\.localtime\([^)]*\)\.date\(\)"
)
# Python lines allowed to use a time format themselves, and why.
PYTHON_ALLOWED = {
    "config/formats/sv/formats.py": "the input formats Django parses (a form field), not output",
    "config/formats/en/formats.py": "the input formats Django parses (a form field), not output",
    "requisitions/services.py": "payment file names (utbetalningar-DATE-HHMMSS.csv) for the bank",
    "requisitions/payment_files.py": "the pain.001 message id the bank requires",
    "repayments/services.py": "the stored file name of a recovery claim decision",
    "bench/web.py": "the benchmark's own log line, not shown to users",
}


def project_files(*suffixes: str) -> list[Path]:
    found = []
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if SKIPPED_DIRS & set(relative.parts) or not path.is_file():
            continue
        if path.suffix in suffixes:
            found.append(relative)
    return sorted(found)


def offending_lines(path: Path, pattern: re.Pattern[str], allowed_line=None) -> list[str]:
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    return [
        f"{path}:{number}: {line.strip()[:120]}"
        for number, line in enumerate(lines, start=1)
        if pattern.search(line) and not (allowed_line and allowed_line.search(line))
    ]


def test_the_scan_sees_the_project_files():
    templates = project_files(".html", ".txt")
    sources = project_files(".py")
    assert Path("templates/includes/requisition_facts.html") in templates
    assert Path("reminders/templates/reminders/email/digest.txt") in templates
    assert Path("reporting/exports.py") in sources
    assert RULE_MODULE in sources


def test_templates_format_dates_and_amounts_only_with_the_rule_filters():
    found = [
        line
        for path in project_files(".html", ".txt")
        for line in offending_lines(path, TEMPLATE_PATTERN, TEMPLATE_MACHINE_LINE)
    ]
    assert not found, (
        "Use |kr, |day, |day_iso, |moment, |moment_iso, |clock_time or |weekday "
        "(core.templatetags.formatting):\n" + "\n".join(found)
    )


def test_python_formats_dates_and_times_only_in_the_rule_module():
    found = [
        line
        for path in project_files(".py")
        if path != RULE_MODULE and str(path) not in PYTHON_ALLOWED
        for line in offending_lines(path, PYTHON_PATTERN)
    ]
    assert not found, "Use core.formats (amount, day, day_iso, moment, moment_iso):\n" + "\n".join(
        found
    )


def test_every_allowed_file_still_needs_its_exception():
    """An exception that is no longer used is removed, so the list stays a true one."""
    unused = [path for path in PYTHON_ALLOWED if not offending_lines(Path(path), PYTHON_PATTERN)]
    assert not unused, unused


def test_the_guard_catches_what_it_is_for(tmp_path):
    """The patterns find the kinds of drift this test exists for (and not the machine lines)."""
    for line in [
        '{{ x.submitted_at|date:"Y-m-d H:i:s" }}',
        "{{ x.at|date:'j F Y' }}",
        "{{ x.at|time:'H:i' }}",
        "{{ amount|kr_exact }}",
    ]:
        assert TEMPLATE_PATTERN.search(line), line
    assert TEMPLATE_MACHINE_LINE.search('<input type="date" value="{{ d|date:\'Y-m-d\' }}">')
    assert not TEMPLATE_PATTERN.search("{{ x.at|day }} {{ x.at|moment_iso }} {{ y|kr }}")
    for line in [
        'timezone.localtime(at).strftime("%Y-%m-%d %H:%M:%S")',
        'f"{moment:%Y-%m-%d %H:%M}"',
        "format_kronor(ore, show_ore=True)",
        'dateformat.format(day, "j F Y")',
        "timezone.localtime(claim.created_at).date().isoformat()",
    ]:
        assert PYTHON_PATTERN.search(line), line
