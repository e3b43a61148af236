"""Convert between Pulumi's gRPC property format (protobuf Struct) and the Plan's plain values.

Reading: secrets become `Secret`, unknowns `UNKNOWN`, resource references their URN, assets
and archives Pulumi YAML's `{"fn::fileArchive": ...}` spelling, whole floats `int`.
Writing (fake outputs back to the program): `Secret` and `UNKNOWN` become their wire form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from google.protobuf import struct_pb2  # type: ignore[import-untyped]
from pulumi.runtime import rpc

from hap.plan import UNKNOWN, Secret

_SIG = rpc._special_sig_key
_SECRET = rpc._special_secret_sig
_ASSET = rpc._special_asset_sig
_ARCHIVE = rpc._special_archive_sig
_RESOURCE = rpc._special_resource_sig
_OUTPUT_VALUE = rpc._special_output_value_sig
_UNKNOWN_WIRE = rpc.UNKNOWN
# Floats above this are not exact integers in a double; keep them as floats.
_MAX_EXACT_INT = 2**53


def from_struct(struct: struct_pb2.Struct) -> dict[str, Any]:
    """A request's properties as plain values with markers."""
    return {key: from_wire(value) for key, value in struct.items()}


def from_wire(value: Any) -> Any:
    if isinstance(value, str):
        return UNKNOWN if value == _UNKNOWN_WIRE else value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < _MAX_EXACT_INT else value
    if isinstance(value, struct_pb2.Struct):
        if _SIG in value:
            return _special(value)
        return {key: from_wire(item) for key, item in value.items()}
    if isinstance(value, struct_pb2.ListValue):
        return [from_wire(item) for item in value]
    return value


def _special(struct: struct_pb2.Struct) -> Any:
    signature = struct[_SIG]
    if signature == _SECRET:
        return Secret(from_wire(struct["value"]) if "value" in struct else None)
    if signature == _RESOURCE:
        # A protobuf Struct has `in` and `[]`, no `.get` (ruff cannot know).
        return struct["urn"] if "urn" in struct else UNKNOWN  # noqa: SIM401
    if signature == _OUTPUT_VALUE:
        inner = from_wire(struct["value"]) if "value" in struct else UNKNOWN
        return Secret(inner) if struct.get("secret") else inner
    if signature in (_ASSET, _ARCHIVE):
        return _asset_or_archive(struct, signature == _ASSET)
    return {key: from_wire(item) for key, item in struct.items() if key != _SIG}


def _asset_or_archive(struct: struct_pb2.Struct, is_asset: bool) -> dict[str, Any]:
    kind = "Asset" if is_asset else "Archive"
    if "assets" in struct:
        return {"fn::assetArchive": from_wire(struct["assets"])}
    if "text" in struct:
        return {"fn::stringAsset": struct["text"]}
    if "path" in struct:
        return {f"fn::file{kind}": struct["path"]}
    if "uri" in struct:
        return {f"fn::remote{kind}": struct["uri"]}
    return {f"fn::{kind.lower()}": None}


def to_wire(value: Any) -> Any:
    """A value a fake produced, in the form `Struct.update` accepts and the SDK decodes."""
    if isinstance(value, Secret):
        return {_SIG: _SECRET, "value": to_wire(value.value)}
    if value is UNKNOWN:
        return _UNKNOWN_WIRE
    if isinstance(value, Mapping):
        return {str(key): to_wire(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_wire(item) for item in value]
    return value


def merge_into_struct(struct: struct_pb2.Struct, values: Mapping[str, Any]) -> None:
    """Write `values` over `struct` in place, nested objects key by key.

    The same merge as `hap.fakes.merge_outputs`, so the program reads what the plan shows.
    """
    for key, value in values.items():
        current = struct[key] if key in struct else None  # noqa: SIM401 (Struct has no .get)
        if (
            isinstance(value, Mapping)
            and isinstance(current, struct_pb2.Struct)
            and _SIG not in current
        ):
            merge_into_struct(current, value)
        else:
            struct[key] = to_wire(value)


def to_struct(properties: Mapping[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(to_wire(properties))
    return struct
