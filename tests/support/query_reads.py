"""Which query-string parameters a request's code reads: ``request.GET`` is swapped for a
QueryDict that notes every name asked for (``get``, ``[]``, ``in``, ``getlist``), also by a
form bound to it."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.http import QueryDict

# Noted instead of a name when the code goes through every parameter (items(), urlencode(),
# copy()): it reads whatever is there without asking for a name.
EVERY = "*"


class _NotingQueryDict(QueryDict):
    noted: set[str] | None = None
    _whole = False
    _ready = False  # building the dict (and copying it) asks for names too: not noted

    def _note(self, key: Any) -> None:
        if self._ready and _NotingQueryDict.noted is not None and isinstance(key, str):
            _NotingQueryDict.noted.add(EVERY if self._whole else key)

    def _every(self, method: str, *args: Any, **kwargs: Any) -> Any:
        self._note(EVERY)
        self._whole = True
        try:
            result = getattr(super(), method)(*args, **kwargs)
            return list(result) if method in ("items", "lists", "values", "keys") else result
        finally:
            self._whole = False

    def items(self) -> Any:
        return self._every("items")

    def lists(self) -> Any:
        return self._every("lists")

    def values(self) -> Any:
        return self._every("values")

    def keys(self) -> Any:
        return self._every("keys")

    def __iter__(self) -> Any:
        return iter(self._every("keys"))

    def dict(self) -> Any:
        return self._every("dict")

    def urlencode(self, safe: Any = None) -> str:
        return self._every("urlencode", safe)

    def copy(self) -> Any:
        return self._every("copy")

    def __getitem__(self, key: Any) -> Any:
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key: Any) -> bool:
        self._note(key)
        return super().__contains__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        self._note(key)
        return super().get(key, default)

    def getlist(self, key: Any, default: Any = None) -> Any:
        self._note(key)
        return super().getlist(key, default)


class _NotingGET:
    """In place of WSGIRequest.GET (a cached property): built once per request."""

    def __get__(self, request: Any, owner: Any = None) -> Any:
        if request is None:
            return self
        raw = request.environ.get("QUERY_STRING", "").encode("iso-8859-1")
        query = _NotingQueryDict(raw, encoding=request.encoding)
        query._ready = True
        request.__dict__["GET"] = query
        return query


@contextmanager
def noting_query_reads() -> Iterator[set[str]]:
    """Within the block, the names of the query parameters read by any request (test client)
    are added to the set it gives."""
    noted: set[str] = set()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WSGIRequest, "GET", _NotingGET())
        _NotingQueryDict.noted = noted
        try:
            yield noted
        finally:
            _NotingQueryDict.noted = None
