"""The writing end of a task channel: the named pipe the meter reads ``start NAME``/``stop NAME``/``epochs N`` from.

One descriptor per pipe, opened once and kept (task() costs one ``os.write``); one write per line, so that a
line (at most 4,007 bytes: 1,000 characters of name) arrives whole. Opening never blocks: a pipe nobody reads
(a ``FOOTPRINT_TASKS`` left over from a run that has ended) is no channel rather than a hang.
"""

import os
import stat

import footprint

_open: dict = {}  # path → Channel, or None where the path is no channel
_registry_cache: list = [None, None, None]  # [entry path, (inode, mtime) of the entry read, its Channel]


class Channel:
    """A task pipe open for writing; after a failed write it is closed and writes are dropped."""

    __slots__ = ("path", "fd")

    def __init__(self, path: str, fd: int) -> None:
        self.path = path
        self.fd = fd

    def write(self, line: str) -> None:
        fd = self.fd
        if fd < 0:
            return
        try:
            os.write(fd, line.encode())
        except OSError as error:
            # EPIPE: the meter has gone (the reader holds the pipe open as long as it runs).
            self.close()
            footprint._warn_once(
                "channel", f"footprint: the task channel {self.path} broke ({error.strerror}); tasks are not marked"
            )

    def close(self) -> None:
        fd, self.fd = self.fd, -1
        if fd >= 0:
            try:
                os.close(fd)
            except OSError:
                pass


def open_pipe(path: str):
    """A Channel for the pipe ``path``, or None when it is not a pipe with a reader."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        if not stat.S_ISFIFO(os.fstat(fd).st_mode):
            os.close(fd)
            return None
        # Once open, writes wait as `echo > $FOOTPRINT_TASKS` does: the meter drains the pipe on its own thread.
        os.set_blocking(fd, True)
    except OSError:
        os.close(fd)
        return None
    return Channel(path, fd)


def channel(path: str):
    """The Channel for ``path``, opened at its first use; None when the path is no channel."""
    try:
        return _open[path]
    except KeyError:
        found = _open[path] = open_pipe(path)
        return found


def registry_folder() -> str:
    """Where ``footprint attach`` registers the processes it measures (the folder it creates with mode 0700)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime.startswith("/"):
        return runtime + "/footprint/attached"
    temporary = os.environ.get("TMPDIR", "")
    base = temporary if temporary.startswith("/") else "/tmp"
    return f"{base}/footprint-{os.getuid()}/attached"


def registry_entry(pid: "int | None" = None):
    """The registry entry of a live ``footprint attach`` measuring ``pid`` (this process by default), or None."""
    import json

    try:
        with open(f"{registry_folder()}/{pid or os.getpid()}.json", encoding="utf-8") as file:
            entry = json.load(file)
        meter = int(entry["meter_pid"])
        if not entry.get("tasks"):
            return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    try:
        os.kill(meter, 0)
    except PermissionError:
        pass  # the meter runs as another user: alive all the same
    except OSError:
        return None  # a stale entry: its meter has gone
    return entry


def registry_channel():
    """The channel of a ``footprint attach`` started on this process from outside, or None.

    Costs one ``stat`` a call when there is none; the entry is read again only when its file changed.
    """
    cache = _registry_cache
    path = cache[0]
    if path is None or not path.endswith(f"/{os.getpid()}.json"):  # first call, or a forked child
        path = cache[0] = f"{registry_folder()}/{os.getpid()}.json"
        cache[1] = cache[2] = None
    try:
        status = os.stat(path)
    except OSError:
        cache[1] = cache[2] = None
        return None
    key = (status.st_ino, status.st_mtime_ns)
    if cache[1] != key:
        cache[1] = key
        entry = registry_entry()
        cache[2] = channel(entry["tasks"]) if entry else None
    return cache[2]
