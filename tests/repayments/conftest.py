"""The reported case and its claim are fixtures of tests/conftest.py."""

from tests.conftest import UNUSED  # noqa: F401 - used by this package's tests
