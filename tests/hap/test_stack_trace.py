"""The frame walk that replaces the SDK's per-resource `extract_stack` sends the same stack
trace: the frames above the concrete resource class's `__init__`, innermost first, each
with its file URI and line, none for code that has no file."""

from __future__ import annotations

from pulumi.runtime import resource as runtime_resource
from pulumi.runtime.proto import source_pb2

from hap.stack_trace import fast_stack_traces, get_stack_trace

Traces = list[tuple[source_pb2.StackTrace, source_pb2.StackTrace]]


class _Resource:
    """Stands for `pulumi.Resource.__init__`, where the SDK takes the trace."""

    def __init__(self, traces: Traces) -> None:
        traces.append((runtime_resource._get_stack_trace(), get_stack_trace()))


class _CustomResource(_Resource):
    def __init__(self, traces: Traces) -> None:
        super().__init__(traces)


class _Bucket(_CustomResource):
    def __init__(self, traces: Traces) -> None:
        super().__init__(traces)


def _program(traces: Traces) -> None:
    _Bucket(traces)


def test_the_trace_starts_at_the_program_and_matches_the_sdk_frame_for_frame() -> None:
    traces: Traces = []
    _program(traces)
    ((sdk, ours),) = traces
    assert ours == sdk
    assert ours.frames[0].pc.uri == f"file://{__file__}"
    assert len(ours.frames) > 2


def test_code_without_a_file_gives_frames_without_a_position_as_in_the_sdk() -> None:
    traces: Traces = []
    exec(compile("_program(traces)", "<generated>", "exec"), {**globals(), "traces": traces})
    ((sdk, ours),) = traces
    assert ours == sdk
    # frames[0] is `_program`, frames[1] the generated code that called it.
    assert not ours.frames[1].HasField("pc")


def test_without_a_resource_class_above_there_is_no_trace_as_in_the_sdk() -> None:
    assert get_stack_trace() == runtime_resource._get_stack_trace() == source_pb2.StackTrace()


def test_the_sdk_function_is_swapped_for_the_block_only() -> None:
    original = runtime_resource._get_stack_trace
    with fast_stack_traces():
        assert runtime_resource._get_stack_trace is get_stack_trace
    assert runtime_resource._get_stack_trace is original
