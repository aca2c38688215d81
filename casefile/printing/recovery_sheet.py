"""The recovery sheet: the code in large, numbered groups, a box per character, and how to use
it — in the window first — to keep somewhere safe."""

from __future__ import annotations

from typing import Any

from casefile.domain.recoverycode import ALPHABET, GROUP_SIZE
from casefile.i18n import _, format_date
from casefile.printing.fonts import BOLD, REGULAR
from casefile.printing.layout import MM, para, render, styles

BOX = 12 * MM  # one character's box: room to read it, and to check a copy against it
NUMBER = 9 * MM
GAP = 12 * MM
PER_ROW = 2  # groups side by side


def _code_table(groups: list[str]) -> Any:
    from reportlab.lib import colors  # noqa: PLC0415
    from reportlab.platypus import Table, TableStyle  # noqa: PLC0415

    rows: list[list[str]] = []
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), BOLD, 22),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for start in range(0, len(groups), PER_ROW):
        row: list[str] = []
        for n, group in enumerate(groups[start:start + PER_ROW], start=start + 1):
            if row:
                row.append("")
            first = len(row)
            commands += [("GRID", (first + 1, len(rows)), (first + GROUP_SIZE, len(rows)), 1.2,
                          colors.black),
                         ("FONT", (first, len(rows)), (first, len(rows)), REGULAR, 11),
                         ("TEXTCOLOR", (first, len(rows)), (first, len(rows)), colors.dimgrey)]
            row += [f"{n}.", *group]
        rows += [row, [""] * len(row)]  # a blank row between the lines of groups
    column = [NUMBER, *[BOX] * GROUP_SIZE]
    widths = [*column, GAP, *column][:len(rows[0])]
    heights = [BOX if i % 2 == 0 else 5 * MM for i in range(len(rows) - 1)]
    return Table(rows[:-1], colWidths=widths, rowHeights=heights, style=TableStyle(commands))


def how_to_use() -> list[str]:
    """The steps printed under the code: the window's way first, with its button's label."""
    return [
        _("In casefile: choose this vault on the start screen and click “{0}”. Type the code "
          "(spaces, dashes, small or capital letters do not matter) and a new passphrase; the "
          "vault opens with it.").format(_("Forgot the passphrase?")),
        _("From the command line: casefile passwd --recovery."),
    ]


def render_recovery_sheet(code: str, vault_name: str, on: str) -> bytes:
    from reportlab.platypus import Spacer  # noqa: PLC0415

    s = styles()
    groups = code.split()
    story = [
        para(_("casefile recovery code"), s.title),
        para(_("Vault: {0} · made on {1}").format(vault_name, format_date(on)), s.note),
        Spacer(1, 6 * MM),
        _code_table(groups),
        Spacer(1, 5 * MM),
        para(_("{0} groups of {1} characters, numbered from the left. Only these characters "
               "are used: {2} — no zero and no one; the letters are Latin capitals.").format(
                   len(groups), GROUP_SIZE, "\u00a0".join(ALPHABET)), s.body),
        para(_("If the passphrase is lost"), s.heading),
        *[para(f"{n}. {step}", s.body) for n, step in enumerate(how_to_use(), start=1)],
        para(_("Keep it safe"), s.heading),
        para(_("Anyone holding this sheet can open the vault with it. Keep it hidden, away "
               "from the computer, and never photograph it. Making a new code voids this "
               "one."), s.body),
    ]
    return render(story, title=_("casefile recovery code"), page_numbers=False)
