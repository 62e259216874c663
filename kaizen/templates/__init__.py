"""Templates shipped with the app as package data.

``processes/*.json``: process model documents (docs/process-model.md) a new map can start from.
:func:`process_templates` lists that folder, so a template is added by dropping a JSON file in it
(pyproject.toml packages ``processes/*.json``). Pure: no Qt, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from kaizen.domain.process_model import ModelError, ProcessModel, loads

# The empty map is offered first; the others follow by title.
FIRST = "blank"


@dataclass(frozen=True)
class ProcessTemplate:
    key: str  # the file name without .json: "manufacturing_line"
    title: str  # the document's name
    model: ProcessModel


def process_templates() -> list[ProcessTemplate]:
    """Every template in ``kaizen/templates/processes``, parsed (blank first, then by title).

    A template that does not parse is a packaging bug: its ModelError names the file.
    """
    folder = resources.files(__name__) / "processes"
    found = []
    for entry in folder.iterdir():
        if not entry.name.endswith(".json"):
            continue
        key = entry.name.removesuffix(".json")
        try:
            model = loads(entry.read_text(encoding="utf-8"))
        except ModelError as exc:
            raise ModelError(f"Template {entry.name}: {exc}", exc.field) from None
        found.append(ProcessTemplate(key=key, title=model.name, model=model))
    return sorted(found, key=lambda t: (t.key != FIRST, t.title.casefold()))


def process_template(key: str) -> ProcessTemplate:
    """The template named ``key`` (KeyError naming the ones there are, if none is)."""
    templates = {t.key: t for t in process_templates()}
    if key not in templates:
        raise KeyError(f"No process template {key!r}; there are: {', '.join(templates)}.")
    return templates[key]
