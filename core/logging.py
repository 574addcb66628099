"""Log filters (LOGGING in config/settings/base.py)."""

import logging


class ClientErrorWithoutTraceback(logging.Filter):
    """A refused request (403, 404: the client's error) is one line, not a traceback.

    Django logs the PermissionDenied behind a 403 with its traceback; the traceback says
    where the refusal was raised, which is expected behaviour, not a fault to read.
    Server errors (5xx) keep theirs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
