"""Settings that are not case data: language, idle lock time, hiding from screenshots, how many
days ahead to remind of hearings and deadlines. Kept in Qt's settings (numbers and choices
only, never a name)."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from casefile.i18n import N_, _, ngettext, set_language, system_language
from casefile.services.views.reminders import DEFAULT_REMIND_DAYS, MAX_REMIND_DAYS
from casefile.ui.capture import unavailable_reason
from casefile.ui.widgets import named

LANGUAGE_KEY = "language"
IDLE_KEY = "idle_minutes"
CAPTURE_KEY = "hide_from_screenshots"
REMIND_KEY = "remind_days"
DEFAULT_IDLE_MINUTES = 5


def lock_after_minutes(settings: QSettings) -> float:
    """How long the window may be idle before the vault locks."""
    return float(str(settings.value(IDLE_KEY, DEFAULT_IDLE_MINUTES)))


def remind_days(settings: QSettings) -> int:
    """How many days ahead the dashboard and the tray remind of hearings and deadlines."""
    try:
        days = int(str(settings.value(REMIND_KEY, DEFAULT_REMIND_DAYS)))
    except ValueError:
        return DEFAULT_REMIND_DAYS
    return min(max(days, 0), MAX_REMIND_DAYS)


def hide_from_screenshots(settings: QSettings) -> bool:
    return str(settings.value(CAPTURE_KEY, "false")).lower() == "true"


def chosen_language(settings: QSettings) -> str:
    value = str(settings.value(LANGUAGE_KEY, "") or "")
    return value if value in ("en", "ru") else system_language()


# Qt's own strings its Russian .qm lacks (Qt 6.12's file and print dialogs, as
# tests/ui/test_accessibility.py finds them): (context, source) → ours.
QT_GAPS = {("QFileDialog", "&Look in:"): N_("&Look in:"),
           ("QFileDialog", "Files of &type:"): N_("Files of &type:"),
           # the file dialog's Type column
           ("QAbstractFileIconProvider", "Folder"): N_("Folder"),
           ("QAbstractFileIconProvider", "File Folder"): N_("Folder"),  # on Windows
           ("QAbstractFileIconProvider", "Drive"): N_("Drive"),
           ("QAbstractFileIconProvider", "Unknown"): N_("Unknown type"),
           # the print dialog, its options and the printer's properties
           ("QPrintSettingsOutput", "Page &Set:"): N_("Page &Set:"),
           ("QPageSetupWidget", "Pages &per sheet:"): N_("Pages &per sheet:"),
           ("QPageSetupWidget", "Page &order:"): N_("Page &order:"),
           ("QCupsJobWidget", "Scheduled &printing:"): N_("Scheduled &printing:"),
           ("QCupsJobWidget", "&Billing information:"): N_("&Billing information:"),
           ("QCupsJobWidget", "Job &priority:"): N_("Job &priority:"),
           ("QCupsJobWidget", "&Start:"): N_("Banner page at &start:"),
           ("QCupsJobWidget", "&End:"): N_("Banner page at &end:"),
           ("QPageSize", "Postcard"): N_("Postcard"),
           ("QPageSize", "Double Postcard"): N_("Double postcard")}
ENVELOPE = "Envelope "  # Qt's envelope sizes: "Envelope DL", "Envelope C5"…


class QtGaps(QTranslator):
    """Translates the few strings of Qt's standard dialogs that Qt's catalog misses, through
    our own catalog; everything else is left to Qt's translators."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        ours = QT_GAPS.get((context, source))
        if ours is None and context == "QPageSize" and source.startswith(ENVELOPE):
            return _("Envelope {0}").format(source.removeprefix(ENVELOPE))
        return _(ours) if ours is not None else None  # None: ask the next translator

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        return False


def apply_language(app: QApplication, code: str) -> list[QTranslator]:
    """Our gettext catalog for our strings; Qt's own .qm files for its standard dialogs, and
    ``QtGaps`` for what those miss."""
    set_language(code)
    QLocale.setDefault(QLocale(QLocale.Language.Russian if code == "ru"
                               else QLocale.Language.English))
    installed = []
    if code != "en":
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        # qtbase_ru is the wheel's one catalog for Qt's dialogs; it names paper sizes as the
        # standards do (Letter, Legal, JIS B5) on purpose, and no other Qt catalog has them.
        # qt_ru only points at qtbase_ru and qtmultimedia_ru, and fails without the latter.
        for name in ("qtbase", "qt"):
            translator = QTranslator(app)
            if translator.load(f"{name}_{code}", folder):
                app.installTranslator(translator)
                installed.append(translator)
        gaps = QtGaps(app)
        app.installTranslator(gaps)  # installed last, asked first
        installed.append(gaps)
    return installed


class SettingsDialog(QDialog):
    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(_("Settings"))
        form = QFormLayout(self)
        self.language = named(QComboBox(), "language")
        self.language.setAccessibleName(_("Language"))
        self.language.addItem(_("As the system"), "")
        self.language.addItem("English", "en")
        self.language.addItem("Русский", "ru")
        current = str(settings.value(LANGUAGE_KEY, "") or "")
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        self.idle = named(QSpinBox(), "idle_minutes")
        self.idle.setAccessibleName(_("Lock after idle minutes"))
        self.idle.setRange(1, 240)
        self.idle.setValue(int(lock_after_minutes(settings)))
        self.idle.setSuffix(" " + _("min"))
        self.remind = named(QSpinBox(), "remind_days")
        self.remind.setAccessibleName(_("Remind of hearings and deadlines, days ahead"))
        self.remind.setRange(0, MAX_REMIND_DAYS)
        self.remind.setValue(remind_days(settings))
        self.remind.setToolTip(_("The dashboard's \"Coming up\" and the tray's reminder list "
                                 "hearings and measure deadlines this many days ahead"))
        self._remind_suffix(self.remind.value())
        self.remind.valueChanged.connect(self._remind_suffix)
        form.addRow(_("Language"), self.language)
        form.addRow(_("Lock after being idle for"), self.idle)
        form.addRow(_("Remind of hearings and deadlines"), self.remind)
        self.capture = named(QCheckBox(_("Keep the window out of screenshots and screen "
                                         "sharing")), "hide_from_screenshots")
        reason = unavailable_reason()
        self.capture.setChecked(hide_from_screenshots(settings) and not reason)
        self.capture.setEnabled(not reason)
        if reason:
            self.capture.setToolTip(_("Not available here: {0}").format(reason))
        form.addRow(QLabel(_("A new language takes effect the next time casefile starts.")))
        form.addRow(self.capture)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _remind_suffix(self, days: int) -> None:
        self.remind.setSuffix(" " + ngettext("day ahead", "days ahead", days))

    def accept(self) -> None:
        self.settings.setValue(REMIND_KEY, self.remind.value())
        self.settings.setValue(LANGUAGE_KEY, self.language.currentData())
        self.settings.setValue(IDLE_KEY, self.idle.value())
        self.settings.setValue(CAPTURE_KEY, "true" if self.capture.isChecked() else "false")
        super().accept()
