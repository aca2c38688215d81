"""Letter templates: editable text files under ``resources/templates/``, one per language.

A template is plain text with ``{placeholder}`` fields filled from the records (see
``PLACEHOLDERS``). It may be split into sections by lines that are exactly ``[to]``,
``[title]`` and ``[body]``:

- ``[to]``: the addressee block printed top right (a request to the facility's head);
  without it the letter is addressed to the prisoner, as facilities require;
- ``[title]``: a centred heading such as ЗАЯВЛЕНИЕ;
- ``[body]``: the text. A file without sections is all body.

Lines starting with ``#`` before the first text are comments for whoever edits the file.
Unknown placeholders are left as they are, so a typo shows on the preview instead of failing.
No reportlab here: the window fills templates into its editor before anything is printed.
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Mapping
from dataclasses import dataclass

from casefile.domain.errors import CasefileError
from casefile.i18n import N_, _, language

# name → label (msgid) shown in the window's template picker
TEMPLATES: dict[str, str] = {
    "letter-to-prisoner": N_("Letter to a prisoner"),
    "request-to-head": N_("Request to the facility's head"),
    "visit-request": N_("Request for a visit"),
    "complaint": N_("Complaint"),
}
# Every placeholder the services fill, for whoever edits a template.
PLACEHOLDERS = (
    "full_name", "surname", "first_name", "patronymic", "birth_year",
    "facility_name", "facility_address", "postal_code",
    "case_number", "court",
    "date", "subject", "body",
    "sender_name", "sender_address", "sender_postal_code", "sender_phone",
)
SECTIONS = ("to", "title", "body")
_FIELD = re.compile(r"\{([a-z_]+)\}")
_SECTION = re.compile(r"^\[(to|title|body)\]\s*$")


@dataclass(frozen=True)
class LetterText:
    """What a letter says: the addressee block (None: the prisoner), a title, the body."""

    body: str
    title: str = ""
    recipient: tuple[str, ...] | None = None


def template_names() -> tuple[str, ...]:
    return tuple(TEMPLATES)


def template_label(name: str) -> str:
    return _(TEMPLATES[name]) if name in TEMPLATES else name


def load(name: str, lang: str | None = None) -> str:
    """The raw text of a template in the language (or Russian, then English, if missing)."""
    if name not in TEMPLATES:
        raise CasefileError(_("no letter template {0}; there are: {1}").format(
            name, ", ".join(TEMPLATES)))
    root = importlib.resources.files("casefile.resources") / "templates"
    for code in dict.fromkeys((lang or language(), "ru", "en")):
        entry = root / f"{name}.{code}.txt"
        if entry.is_file():
            return entry.read_text(encoding="utf-8")
    raise CasefileError(_("the letter template {0} is missing").format(name))


def fill(text: str, values: Mapping[str, object]) -> str:
    """Replace each known ``{field}``; unknown ones stay visible for the person to fix."""

    def one(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            return match.group(0)
        value = values[key]
        return "" if value is None else str(value)

    return _FIELD.sub(one, text)


def strip_comments(text: str) -> str:
    """A template without its leading ``#`` comment lines (before anything is filled in)."""
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "\n".join(lines)


def parse(text: str) -> LetterText:
    """Split a filled template into its sections."""
    lines = text.replace("\r\n", "\n").split("\n")
    parts: dict[str, list[str]] = {}
    current = "body"
    for line in lines:
        found = _SECTION.match(line)
        if found:
            current = found.group(1)
            parts.setdefault(current, [])
            continue
        parts.setdefault(current, []).append(line)
    recipient = None
    if "to" in parts:
        recipient = tuple(line.strip() for line in parts["to"] if line.strip())
    title = " ".join(line.strip() for line in parts.get("title", []) if line.strip())
    body = "\n".join(parts.get("body", [])).strip("\n")
    return LetterText(body=body, title=title, recipient=recipient)


def from_template(name: str, values: Mapping[str, object],
                  lang: str | None = None) -> LetterText:
    return parse(fill(strip_comments(load(name, lang)), values))


def split_name(full_name: str) -> tuple[str, str, str]:
    """(surname, first name, patronymic) from 'Фамилия Имя Отчество'; missing parts empty."""
    parts = full_name.split()
    surname = parts[0] if parts else ""
    first = parts[1] if len(parts) > 1 else ""
    patronymic = " ".join(parts[2:])
    return surname, first, patronymic
