"""The Python SDK's per-resource stack trace, without reading source files.

`pulumi.runtime.resource._get_stack_trace` (pulumi 3.272.0) runs for every resource a program
registers or reads. It calls `traceback.extract_stack()`, which stats every file on the stack
(`linecache.checkcache`) and reads each frame's source line, then turns each frame's file name
into a URI with `pathlib`. The request carries file names and line numbers only
(`StackTrace.frames[].pc`), so for a component tree ~25 frames deep that was about a sixth of a
preview's program time at 5,000 resources. `get_stack_trace` walks the frames itself and keeps
each file's URI once: the same `StackTrace` message, the same source position.

Upstream-ready: `_get_stack_trace` can take the body of `get_stack_trace` unchanged (the frame
walk replaces `extract_stack`, `_file_uri` the per-frame `pathlib` conversion). Until then
`hap` swaps the function in for the length of one program run only.
"""

from __future__ import annotations

import pathlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from types import FrameType

from pulumi.runtime import resource as runtime_resource
from pulumi.runtime.proto import source_pb2

# Resource.__init__, CustomResource/ComponentResource.__init__, then the concrete class's.
_INIT_FRAMES_TO_SKIP = 3


def get_stack_trace() -> source_pb2.StackTrace:
    """Same contract as the SDK's `_get_stack_trace` (see the module's docstring): the frames
    above the concrete resource class's `__init__`, innermost first; none when there is no
    such frame or nothing above it."""
    frame: FrameType | None = sys._getframe()
    inits = 0
    while frame is not None:
        if frame.f_code.co_name == "__init__":
            inits += 1
            if inits == _INIT_FRAMES_TO_SKIP:
                break
        frame = frame.f_back
    if frame is None or frame.f_back is None:
        return source_pb2.StackTrace()
    frames = []
    frame = frame.f_back
    while frame is not None:
        frames.append(_stack_frame(frame.f_code.co_filename, frame.f_lineno))
        frame = frame.f_back
    return source_pb2.StackTrace(frames=frames)


@lru_cache(maxsize=65536)
def _stack_frame(filename: str, line: int | None) -> source_pb2.StackFrame:
    # A message is copied into the StackTrace that lists it, so one can serve every trace.
    uri = _file_uri(filename) if filename else None
    if uri is None or line is None:
        return source_pb2.StackFrame()
    return source_pb2.StackFrame(pc=source_pb2.SourcePosition(uri=uri, line=line))


@lru_cache(maxsize=4096)
def _file_uri(filename: str) -> str | None:
    try:
        return pathlib.Path(filename).as_uri()
    except ValueError:  # a relative name (`<string>`): no position, as in the SDK
        return None


@contextmanager
def fast_stack_traces() -> Iterator[None]:
    """The SDK looks `_get_stack_trace` up in its module at each call. An interpreter with
    `sys.tracebacklimit` set keeps the SDK's own (it trims what `extract_stack` returns)."""
    if getattr(sys, "tracebacklimit", None) is not None:
        yield
        return
    original = runtime_resource._get_stack_trace
    runtime_resource._get_stack_trace = get_stack_trace
    try:
        yield
    finally:
        runtime_resource._get_stack_trace = original
