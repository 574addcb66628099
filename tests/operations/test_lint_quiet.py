"""`make test` shows a newcomer only what matters (issue 16): bandit, run as the Makefile runs
it, finds nothing and warns about nothing (a `# nosec` naming a test that does not fire, or
words after it that bandit takes for test names, each print a warning)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bandit_finds_nothing_and_warns_about_nothing():
    bandit = Path(sys.executable).with_name("bandit")
    done = subprocess.run(
        [str(bandit), "-c", "pyproject.toml", "-r", ".", "-ll", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "WARNING" not in output, output
