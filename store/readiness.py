"""redis-py's check before every command, made without a turn of gevent's event loop.

Before lending a connection for a command, redis-py's pool asks whether anything is waiting
to be read on it (a ``poll`` with a zero timeout: a reply left over would answer the wrong
command). Under gevent's patched ``select`` (gunicorn's gevent workers) that check starts a
watcher, switches to the hub and runs one iteration of its event loop. A poll with a zero
timeout never waits, so the system's own poll answers it as truthfully, for one system call;
a poll that may wait still goes through gevent and lets other greenlets run meanwhile.
"""
import select
import sys
import types


class ZeroWaitPoll:
    """``select.poll`` as redis-py's reply parser uses it: the system's own when it must not wait, else gevent's."""

    native = select.poll  # the system's poll (``check_without_the_hub`` sets it past gevent's patching)

    def __init__(self):
        self._registered = []

    def register(self, fd, eventmask=select.POLLIN | select.POLLPRI | select.POLLOUT) -> None:
        """Watch ``fd`` for ``eventmask`` (kept until ``poll``, which picks the poller)."""
        self._registered.append((fd, eventmask))

    def poll(self, timeout=None) -> list:
        """The ready descriptors and their events, as ``select.poll().poll(timeout)``."""
        poller = self.native() if timeout == 0 else select.poll()
        for fd, eventmask in self._registered:
            poller.register(fd, eventmask)
        return poller.poll(timeout)


def check_without_the_hub() -> bool:
    """Once gevent has patched ``select``, give redis-py's reply parser ``ZeroWaitPoll``; whether it did."""
    monkey = sys.modules.get("gevent.monkey")  # never imported: nothing is patched
    if monkey is None or not monkey.is_module_patched("select"):
        return False
    from redis._parsers import hiredis

    if not hasattr(getattr(hiredis, "select", None), "poll"):
        return False  # a redis-py that polls otherwise: left as it is
    ZeroWaitPoll.native = monkey.get_original("select", "poll")
    constants = {name: value for name, value in vars(select).items() if name.isupper()}
    hiredis.select = types.SimpleNamespace(**constants, poll=ZeroWaitPoll)
    return True
