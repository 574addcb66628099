import pytest

from tests.support.services import clamd_server, s3_server


@pytest.fixture(scope="session")
def clamd_address(tmp_path_factory):
    with clamd_server(tmp_path_factory.mktemp("clamd")) as address:
        yield address


@pytest.fixture
def scanner(settings, clamd_address):
    """A configured virus scanner that answers."""
    settings.CLAMD_ADDRESS = clamd_address
    return clamd_address


@pytest.fixture
def scanner_down(settings):
    """A configured virus scanner that does not answer (nothing listens on the port)."""
    from tests.support.services import free_port

    settings.CLAMD_ADDRESS = f"tcp://127.0.0.1:{free_port()}"
    settings.CLAMD_TIMEOUT = 2


@pytest.fixture(scope="session")
def s3_endpoint():
    with s3_server() as endpoint:
        yield endpoint
