"""An app's settings as a short string a teacher can paste into a handout."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..language import say


def encode(settings: Mapping[str, object]) -> str:
    """'lr=0.005;decay=0.001;...' in the order given."""
    return ";".join(f"{key}={value_text(value)}" for key, value in settings.items())


def decode(text: str, fields: Mapping[str, Callable]) -> dict[str, object]:
    """Parse a string made by `encode`; `fields` maps each key to its parser.

    Raises ValueError naming every key that is unknown, missing or unreadable.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError(say("the state string is empty; paste one copied from an app"))
    pairs, problems = {}, []
    for part in text.strip().strip(";").split(";"):
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or key not in fields:
            expected = ", ".join(fields)
            problems.append(
                say("unknown part {part!r} (the parts are {expected})",
                    part=part.strip(), expected=expected)
            )  # fmt: skip
            continue
        try:
            pairs[key] = fields[key](value.strip())
        except (TypeError, ValueError):
            problems.append(say("{key}: cannot read {value!r}", key=key, value=value.strip()))
    missing = [key for key in fields if key not in pairs and not any(key in p for p in problems)]
    problems += [say("{key} is missing", key=key) for key in missing]
    if problems:
        raise ValueError(say("this state string does not fit: {problems}",
                             problems="; ".join(problems)))  # fmt: skip
    return pairs


def value_text(value: object) -> str:
    """One value as a state string writes it: floats short (0.005, 1e-05), the rest as str."""
    return f"{value:g}" if isinstance(value, float) else str(value)
