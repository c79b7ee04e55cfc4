"""Turn a render into work for a second core: a forked child renders while the caller goes on.

A brief's DOCX does not depend on its PDF, but fitting the brief to its pages renders PDFs first; on
a machine with two cores the DOCX of the full-size draft can be written meanwhile, which takes most
of its time off a rebuild. The child is a fork of the caller, so it starts at once with everything
imported and loaded, and runs the same code on the same input: its bytes are the bytes the caller
would render. Where forking is not safe (not Linux, or other threads running, whose locks a fork
would copy held) nothing is started and the caller renders as usual.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from dataclasses import dataclass

from briefing.render.style import Meta, Style


@dataclass
class Pending:
    """A render running in a child process; take its bytes with `result`, or `cancel` it."""

    markdown: str
    fmt: str
    style: Style
    meta: Meta
    pid: int
    fd: int
    """Read end of the pipe the child writes the rendered bytes to."""
    done: bool = False

    def matches(self, markdown: str, fmt: str, style: Style, meta: Meta) -> bool:
        """Whether this render is of exactly that document."""
        return (self.markdown, self.fmt, self.style, self.meta) == (markdown, fmt, style, meta)

    def result(self) -> bytes:
        """The rendered bytes; rendered here instead if the child failed (so its error is raised here)."""
        from briefing.render import render

        self.done = True
        try:
            with os.fdopen(self.fd, "rb") as pipe:
                data = pipe.read()
        except BaseException:  # interrupted or timed out while waiting: the child goes too
            _stop(self.pid)
            raise
        _, status = os.waitpid(self.pid, 0)
        if os.waitstatus_to_exitcode(status) == 0 and data:
            return data
        return render(self.markdown, self.fmt, self.style, self.meta)

    def cancel(self) -> None:
        """Stop the child and release its pipe (nothing to do once `result` was taken)."""
        if self.done:
            return
        self.done = True
        os.close(self.fd)
        _stop(self.pid)


def _stop(pid: int) -> None:
    """Kill a child that has not been waited for yet (so its id cannot be reused) and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def can_fork() -> bool:
    """Whether a render can run in a forked child here: Linux, and no other thread running."""
    return sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1


def render_in_background(markdown: str, fmt: str, style: Style, meta: Meta) -> Pending | None:
    """Start rendering `markdown` to `fmt` in a forked child; None when forking is not safe here."""
    if not can_fork():
        return None
    from briefing.render import render

    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, hand the bytes over, and leave without running any cleanup
        code = 1
        try:
            os.close(read_fd)
            data = render(markdown, fmt, style, meta)
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write_fd)
    return Pending(markdown, fmt, style, meta, pid, read_fd)
