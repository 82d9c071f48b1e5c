"""The worker process and the pipe to it, from the crawl's side."""

from __future__ import annotations

import asyncio
import collections
import json
import multiprocessing.connection
import os
import pickle
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from newscrawler.worker.protocol import Request
from newscrawler.worker.serve import IN_FLIGHT

_BOOT = "from newscrawler.worker.start import main; main()"
"""What the worker process runs: worker/start.py, before anything else is imported."""

_parent_end: int | None = None


def _alive_fd() -> int:
    """The read end of a pipe whose write end only this process holds (never inherited):
    each worker is given it, and reads its end of file when the crawl process is gone."""
    global _parent_end
    if _parent_end is None:
        _parent_end, _write_end = os.pipe()  # the write end stays open, unused, until we exit
    return _parent_end


class WorkerDied(Exception):
    """The worker process ended with a request in hand (killed, out of memory)."""


class WorkerTraceback(Exception):
    """The traceback of an exception raised in the worker process (its ``__cause__`` in the crawl)."""

    def __str__(self) -> str:
        return f'\n"""\n{self.args[0]}"""'


class Channel:
    """One worker process and the pipe to it.

    Not a ProcessPoolExecutor: its result reader blocks on a reply cut short by a SIGKILL and
    the pool never learns that its worker died (the crawl hung, 2 runs in 12 of the worker
    tests). Here the end of the pipe is the death: the requests in hand fail with
    :class:`WorkerDied` and go again, to a new worker. Requests are pickled and written by a
    thread of their own, in order, up to ``IN_FLIGHT`` ahead of the replies (the worker
    answers in order), so the worker never waits for the crawl to hand it the next item.
    """

    def __init__(self) -> None:
        # A plain ``python -c``, not multiprocessing's spawn, which re-imports the crawl's main
        # module (the scrapy script: all of Scrapy and Twisted) in the worker before anything.
        ours, theirs = socket.socketpair()
        parent_end = _alive_fd()
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-c", _BOOT, str(theirs.fileno()), str(parent_end), json.dumps(sys.path)],
            pass_fds=(theirs.fileno(), parent_end),
            stdin=subprocess.DEVNULL,
        )
        theirs.close()  # the worker holds the only other end: its death is our end of file
        self._conn = multiprocessing.connection.Connection(ours.detach())
        self._loop = asyncio.get_running_loop()
        self._replies: collections.deque[asyncio.Future[Any]] = collections.deque()
        self._room = asyncio.Semaphore(IN_FLIGHT)
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pipeline-worker-send")
        self.dead = False
        # The crawl holds no copy of the worker's end, so the worker's death is the end of file
        # here, even in the middle of a reply (a pool's shared result queue never sees one).
        self._reader = threading.Thread(target=self._read, name="pipeline-worker-read", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        """Thread: receive and unpickle replies, hand each to the event loop, in order."""
        while True:
            try:
                answer = pickle.loads(self._conn.recv_bytes())
            except (EOFError, OSError):
                self._loop.call_soon_threadsafe(self._ended)
                return
            self._loop.call_soon_threadsafe(self._deliver, answer)

    def _deliver(self, answer: Any) -> None:
        if self._replies:
            reply = self._replies.popleft()
            if not reply.done():
                reply.set_result(answer)

    def _ended(self) -> None:
        if self.dead:
            return
        self.dead = True
        while self._replies:
            reply = self._replies.popleft()
            if not reply.done():
                reply.set_exception(WorkerDied(f"pipeline worker (pid {self.process.pid}) died"))

    def _send(self, request: Request) -> None:
        self._conn.send_bytes(pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))

    async def call(self, request: Request) -> Any:
        """Send one request (:mod:`~newscrawler.worker.protocol`) and return the worker's reply
        (its exception, raised here)."""
        async with self._room:
            if self.dead:
                raise WorkerDied(f"pipeline worker (pid {self.process.pid}) died")
            reply = self._loop.create_future()
            self._replies.append(reply)  # before the write: replies come back in the order sent
            try:
                await self._loop.run_in_executor(self._writer, self._send, request)
            except (OSError, ValueError):
                self._ended()
            answer = await reply
        if answer[0] == "raise":
            raise answer[1] from WorkerTraceback(answer[2])
        return answer[1]

    async def close(self) -> None:
        """End the worker (its requests stop: it exits) and wait for it and the reader thread."""
        self._writer.shutdown(wait=True)
        try:  # end of input for the worker; our reading end stays open for its last words
            with socket.socket(fileno=os.dup(self._conn.fileno())) as sock:
                sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        try:
            await self._loop.run_in_executor(None, self.process.wait, 30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            await self._loop.run_in_executor(None, self.process.wait, 30)
        await self._loop.run_in_executor(None, self._reader.join, 30)
        self._ended()
        self._conn.close()
