"""The base of every result the rules produce and the report carries: one set of types, from rule to JSON.

A result made by a rule (a band edge, a distance to the next band, the overall rating) is the very object
the report serialises, so there is no second, look-alike type to keep in step. Frozen, and every field is
required in the JSON Schema of the serialised output (defaults included), since the output always has it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Result(BaseModel):
    model_config = ConfigDict(frozen=True, json_schema_serialization_defaults_required=True)
