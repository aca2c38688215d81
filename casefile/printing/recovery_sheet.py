"""The recovery sheet: the 12 words and a QR code of them, to keep somewhere safe."""

from __future__ import annotations

import io

from casefile.i18n import _, format_date
from casefile.printing.layout import MM, para, render, styles


def render_recovery_sheet(words: str, vault_name: str, on: str) -> bytes:
    import segno  # noqa: PLC0415
    from reportlab.platypus import Image, Spacer, Table  # noqa: PLC0415

    s = styles()
    png = io.BytesIO()
    segno.make(words, error="m").save(png, kind="png", scale=8, border=2)
    png.seek(0)
    qr = Image(png, width=60 * MM, height=60 * MM)  # from memory, never a file
    numbered = [[para(f"{n}.", s.cell_right), para(word, s.title)]
                for n, word in enumerate(words.split(), start=1)]
    story = [
        para(_("casefile recovery code"), s.title),
        para(_("Vault: {0} · made on {1}").format(vault_name, format_date(on)), s.note),
        Spacer(1, 8 * MM),
        Table(numbered, colWidths=[12 * MM, 80 * MM]),
        Spacer(1, 8 * MM),
        qr,
        Spacer(1, 8 * MM),
        para(_("These 12 words open the vault if the passphrase is lost (casefile passwd "
               "--recovery). Anyone holding this sheet can do the same: keep it hidden, away "
               "from the computer, and never photograph it. Making a new code voids this one."),
             s.body),
    ]
    return render(story, title=_("casefile recovery code"), page_numbers=False)
