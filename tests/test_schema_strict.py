"""schemas/extraction.schema.json stays inside OpenAI's structured-outputs strict mode."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from briefer.extract.openai_backend import response_schema
from briefer.resources import load_schema

MAX_OBJECT_DEPTH = 5
FORBIDDEN = {
    "allOf",
    "not",
    "if",
    "then",
    "else",
    "oneOf",
    "dependentRequired",
    "dependentSchemas",
    "patternProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "propertyNames",
    "prefixItems",
    "contains",
}
TYPES = {"string", "number", "integer", "boolean", "object", "array", "null"}
JSON_TYPE = {str: "string", bool: "boolean", int: "integer", float: "number", type(None): "null"}


def strict_violations(schema: dict[str, Any]) -> list[str]:
    """Every way `schema` breaks OpenAI strict-mode rules, as 'path: problem' lines."""
    problems: list[str] = []
    defs = schema.get("$defs", {})

    def resolve(node: dict, path: str, seen: tuple[str, ...]) -> tuple[dict, str, tuple[str, ...]]:
        ref = node.get("$ref")
        if ref is None:
            return node, path, seen
        if not ref.startswith("#/$defs/") or ref[len("#/$defs/") :] not in defs:
            problems.append(f"{path}: $ref {ref!r} does not point into $defs")
            return {}, path, seen
        if ref in seen:
            problems.append(f"{path}: recursive $ref {ref!r}")
            return {}, path, seen
        extra = set(node) - {"$ref", "description"}
        if extra:
            problems.append(f"{path}: $ref with sibling keywords {sorted(extra)}")
        return defs[ref[len("#/$defs/") :]], ref, (*seen, ref)

    def walk(node: Any, path: str, depth: int, seen: tuple[str, ...]) -> None:
        if not isinstance(node, dict):
            problems.append(f"{path}: a schema must be an object")
            return
        node, path, seen = resolve(node, path, seen)
        for keyword in sorted(FORBIDDEN & set(node)):
            problems.append(f"{path}: keyword {keyword!r} is not allowed")
        if "anyOf" in node:
            for i, branch in enumerate(node["anyOf"]):
                walk(branch, f"{path}.anyOf[{i}]", depth, seen)
            return
        types = node.get("type")
        type_list = types if isinstance(types, list) else [types]
        if types is None:
            problems.append(f"{path}: no 'type'")
            return
        for t in type_list:
            if t not in TYPES:
                problems.append(f"{path}: unknown type {t!r}")
        if "enum" in node:
            for value in node["enum"]:
                kind = JSON_TYPE.get(type(value))
                ok = kind in type_list or (kind == "integer" and "number" in type_list)
                if not ok:
                    problems.append(f"{path}: enum value {value!r} is not of type {types}")
            if "null" in type_list and None not in node["enum"]:
                problems.append(f"{path}: nullable enum lacks null among its values")
        if "object" in type_list:
            if depth + 1 > MAX_OBJECT_DEPTH:
                problems.append(f"{path}: objects nested deeper than {MAX_OBJECT_DEPTH}")
            if node.get("additionalProperties") is not False:
                problems.append(f"{path}: additionalProperties must be false")
            props = node.get("properties", {})
            required = node.get("required", [])
            if sorted(required) != sorted(props):
                missing = sorted(set(props) - set(required))
                problems.append(f"{path}: every property must be required (missing {missing})")
            for name, sub in props.items():
                walk(sub, f"{path}.{name}", depth + 1, seen)
        if "array" in type_list:
            if "items" not in node:
                problems.append(f"{path}: array without 'items'")
            else:
                walk(node["items"], f"{path}[]", depth, seen)

    if schema.get("type") != "object" or "anyOf" in schema:
        problems.append("$: the root must be a plain object schema")
    walk(schema, "$", 0, ())
    return problems


def test_extraction_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(load_schema("extraction"))


def test_extraction_schema_obeys_openai_strict_rules():
    assert strict_violations(response_schema()) == []


def test_schema_sent_to_the_model_drops_only_meta_keys():
    schema_file = load_schema("extraction")
    sent = response_schema()
    assert sent == {k: v for k, v in schema_file.items() if k not in ("$schema", "$id")}
    assert "$schema" in schema_file and "$id" in schema_file
    json.dumps(sent)  # serializable as the request body


def _nest_too_deep(schema: dict) -> None:
    """range (already 4 objects deep) gains two more nested objects."""
    leaf = {"type": "object", "additionalProperties": False, "required": [], "properties": {}}
    middle = {
        "type": "object",
        "additionalProperties": False,
        "required": ["x"],
        "properties": {"x": {"$ref": "#/$defs/leaf"}},
    }
    schema["$defs"].update({"leaf": leaf, "middle": middle})
    schema["$defs"]["range"]["properties"]["deep"] = {"$ref": "#/$defs/middle"}
    schema["$defs"]["range"]["required"].append("deep")


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (lambda s: s["$defs"]["range"].pop("additionalProperties"), "additionalProperties"),
        (
            lambda s: s["$defs"]["person"]["required"].remove("role"),
            "every property must be required",
        ),
        (lambda s: s["$defs"]["figure"].update({"allOf": [{"type": "object"}]}), "'allOf'"),
        (lambda s: s["$defs"]["figure"].update({"if": {"type": "object"}}), "'if'"),
        (lambda s: s["$defs"]["side"]["enum"].append(3), "enum value 3"),
        (_nest_too_deep, "nested deeper"),
    ],
)
def test_the_strict_check_catches_each_breakage(breakage, expected):
    schema = copy.deepcopy(response_schema())
    breakage(schema)
    assert any(expected in problem for problem in strict_violations(schema))
