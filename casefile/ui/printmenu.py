"""A record page's Print… menu: the documents its record type has, each shown in a preview.

A letter has its own text, envelopes for it and for everyone in custody, and a letter composed
from a template; a parcel its опись, form 107, hand-over application and the packing list of
the next two weeks; a case its summary for the lawyer. Each PDF is made on a worker thread
with its own connection (``make_document``); a facility's papers default to Russian.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMenu, QMessageBox, QPushButton, QWidget

from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.ui.background import run_off_ui
from casefile.ui.editor.form import RecordEditor
from casefile.ui.letterdialog import LetterDialog
from casefile.ui.printpreview import PrintPreview
from casefile.ui.returnaddress import ReturnAddressDialog
from casefile.ui.widgets import named


class PrintingPage(QWidget):
    """The printing half of a record page (``recordpage.RecordPage``): its Print… button and
    menu, and the preview, letter and return-address dialogs they open."""

    session: Session
    record_type: str
    editor: RecordEditor

    def refresh_shown(self) -> None:
        """Show the list and the open record afresh (the page does)."""
        raise NotImplementedError

    def _print_menu(self) -> QPushButton | None:
        """Print actions for the documents this record type has."""
        from casefile.services.documents import printing  # noqa: PLC0415

        # Each makes the PDF from (the worker's session, the record, the document's language:
        # None for the window's): see make_document(). A facility's papers default to Russian.
        documents = {
            "letter": [(_("Letter"), lambda s, r, lang: printing.print_letter(
                            s, r["id"], lang=lang)),
                       (_("Envelope DL"), lambda s, r, lang: printing.print_envelope(
                           s, r["id"], "DL", lang=lang)),
                       (_("Envelope C5"), lambda s, r, lang: printing.print_envelope(
                           s, r["id"], "C5", lang=lang))],
            "parcel": [(_("Manifest (опись)"), lambda s, r, lang: printing.print_manifest(
                            s, r["id"], lang=lang)),
                       (_("Manifest, two copies"), lambda s, r, lang: printing.print_manifest(
                           s, r["id"], 2, lang=lang)),
                       (_("Form 107 (inventory for the post)"),
                        lambda s, r, lang: printing.print_form107(s, r["id"], lang=lang)),
                       (_("Hand-over application (заявление)"),
                        lambda s, r, lang: printing.print_handover(s, r["id"], lang=lang))],
            "case": [(_("Case summary"), lambda s, r, lang: printing.print_case(
                          s, r["id"], lang=lang))],
        }.get(self.record_type)
        if not documents:
            return None
        button = named(QPushButton(_("Print…")), "print_menu")
        menu = QMenu(button)
        self.print_actions = {}
        for label, make in documents:
            action = menu.addAction(label)
            action.triggered.connect(lambda _c=False, make=make, label=label:
                                     self.preview(label, make))
            self.print_actions[label] = action
        if self.record_type == "letter":
            action = menu.addAction(_("Letter from a template…"))
            action.triggered.connect(self.compose_letter)
            self.print_actions["template"] = action
            menu.addSeparator()
            action = menu.addAction(_("Envelopes for everyone in custody"))
            action.triggered.connect(self.preview_envelopes)
            self.print_actions["envelopes"] = action
            action = menu.addAction(_("Return address…"))
            action.triggered.connect(self.edit_return_address)
            self.print_actions["return_address"] = action
        if self.record_type == "parcel":
            action = menu.addAction(_("Packing list, next 14 days"))
            action.triggered.connect(self.preview_packing_list)
            self.print_actions["packing"] = action
        button.setMenu(menu)
        return button

    def preview(self, label: str, make: Any) -> PrintPreview | None:
        from casefile.services.documents.printing import FOR_FACILITIES  # noqa: PLC0415

        record = self.editor.record
        if record is None:
            QMessageBox.information(self, _("Print"), _("Choose a record first."))
            return None
        lang = None if self.record_type == "case" else FOR_FACILITIES
        data = self.make_document(lambda s: make(s, record, lang))
        if data is None:
            return None
        shown = self._show_preview(label, data, f"{self.record_type}.pdf")
        shown.offer_languages(lang, lambda code: self.make_document(
            lambda s: make(s, record, code)))
        return shown

    def make_document(self, make: Any) -> Any:
        """``make(session)`` on a worker thread with its own connection, behind a progress
        dialog (a case summary or fifty envelopes take a moment); None after a message."""
        try:
            return run_off_ui(self, _("Preparing the document…"), self.session, make)
        except CasefileError as exc:
            QMessageBox.warning(self, _("Print"), str(exc))
            return None

    def compose_letter(self) -> LetterDialog | None:
        # A new letter, or one with unsaved changes, is saved first: the template is filled
        # from the letter as it is on screen, and what is written there is kept in it.
        if (self.editor.record is None or self.editor.is_dirty) and self.editor.save() is None:
            QMessageBox.information(self, _("Print"),
                                    _("Save the letter first: the form shows what is missing."))
            return None
        if self.editor.record is None:
            return None
        self.letter_dialog = LetterDialog(self.session, self.editor.record["id"], self)
        self.letter_dialog.kept.connect(lambda _record: self.refresh_shown())
        self.letter_dialog.open()
        return self.letter_dialog

    def preview_envelopes(self) -> PrintPreview | None:
        """An evening of letter writing: one DL envelope for each person held in a facility."""
        from casefile.services.documents import printing  # noqa: PLC0415

        made = self.make_document(printing.print_envelopes)
        if made is None:
            return None
        data, unknown = made
        preview = self._show_preview(_("Envelopes"), data, "envelopes.pdf")
        if unknown:
            preview.note(_("No envelope for {0}: no facility recorded.").format(
                ", ".join(unknown)))
        return preview

    def edit_return_address(self) -> ReturnAddressDialog:
        self.return_dialog = ReturnAddressDialog(self.session, self)
        self.return_dialog.open()
        return self.return_dialog

    def preview_packing_list(self) -> PrintPreview | None:
        from datetime import date, timedelta  # noqa: PLC0415

        from casefile.services.documents import printing  # noqa: PLC0415

        today = date.today()
        data = self.make_document(lambda s: printing.print_packing_list(
            s, today, today + timedelta(days=14)))
        return None if data is None else self._show_preview(_("Packing list"), data,
                                                            "packing-list.pdf")

    def _show_preview(self, label: str, data: bytes, name: str) -> PrintPreview:
        self.preview_dialog = PrintPreview(label, data, name, self)
        self.preview_dialog.open()
        return self.preview_dialog
