"""How a parallel run (pytest-xdist, ``--dist loadscope``) hands out the tests.

xdist's loadscope keeps each module's tests in one worker (their module- and package-scoped
fixtures, such as the demo history, are set up once there) and hands out the modules with
the most tests first. Two things make that slow here: the longest tests are alone or nearly
so in their modules (the browser walks, the end-to-end runs with real servers), so they
came last and the run ended with one worker busy and the other idle; and one test per role
of the accessibility walk in one module would still all run in one worker.

So each browser test is a unit of its own (they share nothing but the session's browser and
live server, which every worker has), and the long units go first: the browser tests and
the operations tests (real gunicorn, Celery and pg_dump), then the rest as xdist orders it.
"""

from xdist.scheduler import LoadScopeScheduling

LONG = ("tests/browser/", "tests/operations/")


class LongTestsFirst(LoadScopeScheduling):
    _ordered = False

    def _split_scope(self, nodeid: str) -> str:
        if nodeid.startswith("tests/browser/"):
            return nodeid
        return super()._split_scope(nodeid)

    def _assign_work_unit(self, node) -> None:
        # The first call comes once xdist has filled and sorted the queue.
        if not self._ordered:
            long = [scope for scope in self.workqueue if scope.startswith(LONG)]
            for scope in reversed(long):
                self.workqueue.move_to_end(scope, last=False)
            self._ordered = True
        super()._assign_work_unit(node)
