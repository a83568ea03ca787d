"""Turning results into text for people or JSON for programs; no logic about the data here."""

from __future__ import annotations

import json
from typing import Any

from .result import ValidationResult


def validation_text(result: ValidationResult) -> str:
    lines = [str(p) for p in result.sorted_problems()]
    lines.append(result.summary())
    return "\n".join(lines)


def to_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)
