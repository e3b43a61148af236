"""The part of JSON Schema that policy config schemas use, to validate pack config like the
engine does (it uses gojsonschema): type, enum, const, minimum/maximum, string length and
pattern, array items and length, object properties, required and additionalProperties.

The runtime has no JSON Schema library (jsonschema is a dev dependency), and a config
schema is small: this covers what CrossGuard packs declare. An unsupported keyword is
ignored, as a lenient validator would.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_TYPES = {
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer())
    ),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list | tuple),
    "object": lambda v: isinstance(v, Mapping),
    "null": lambda v: v is None,
}


def schema_errors(schema: Mapping[str, Any], value: Any, where: str = "") -> list[str]:
    """Every way `value` breaks `schema`, each as `<path>: <problem>`."""
    label = where or "(root)"
    expected = schema.get("type")
    if expected is not None:
        kinds = expected if isinstance(expected, list) else [expected]
        if not any(_TYPES.get(kind, lambda v: True)(value) for kind in kinds):
            return [f"{label}: expected {' or '.join(kinds)}, got {type(value).__name__} {value!r}"]
    errors: list[str] = []
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{label}: {value!r} is not one of {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        errors.append(f"{label}: must be {schema['const']!r}")
    if _TYPES["number"](value):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{label}: {value} is less than the minimum {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{label}: {value} is more than the maximum {schema['maximum']}")
    if isinstance(value, str):
        errors.extend(_string_errors(schema, value, label))
    if isinstance(value, list | tuple):
        errors.extend(_array_errors(schema, value, where))
    if isinstance(value, Mapping):
        errors.extend(_object_errors(schema, value, where))
    return errors


def _string_errors(schema: Mapping[str, Any], value: str, label: str) -> list[str]:
    errors = []
    if "minLength" in schema and len(value) < schema["minLength"]:
        errors.append(f"{label}: shorter than {schema['minLength']} characters")
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        errors.append(f"{label}: longer than {schema['maxLength']} characters")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        errors.append(f"{label}: does not match {schema['pattern']!r}")
    return errors


def _array_errors(
    schema: Mapping[str, Any], value: list[Any] | tuple[Any, ...], where: str
) -> list[str]:
    label = where or "(root)"
    errors = []
    if "minItems" in schema and len(value) < schema["minItems"]:
        errors.append(f"{label}: fewer than {schema['minItems']} items")
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        errors.append(f"{label}: more than {schema['maxItems']} items")
    items = schema.get("items")
    if isinstance(items, Mapping):
        for index, item in enumerate(value):
            errors.extend(
                schema_errors(items, item, f"{where}[{index}]" if where else f"[{index}]")
            )
    return errors


def _object_errors(schema: Mapping[str, Any], value: Mapping[str, Any], where: str) -> list[str]:
    label = where or "(root)"
    errors = [
        f"{label}: {key} is required" for key in schema.get("required", []) if key not in value
    ]
    properties = schema.get("properties", {})
    for key, item in value.items():
        path = f"{where}.{key}" if where else str(key)
        if key in properties:
            errors.extend(schema_errors(properties[key], item, path))
        elif schema.get("additionalProperties") is False:
            errors.append(f"{label}: additional property {key} is not allowed")
        elif isinstance(schema.get("additionalProperties"), Mapping):
            errors.extend(schema_errors(schema["additionalProperties"], item, path))
    return errors
