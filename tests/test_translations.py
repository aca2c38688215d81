"""Russian is complete, well-formed and really used; packaging/translations.py behaves.

The catalog is compiled here (compile_all) so these tests need no earlier build step.
"""

from __future__ import annotations

import gettext
import importlib.util
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po

from casefile.domain.records import PERSON_STATUS
from casefile.i18n import _, language, set_language
from tests.conftest import Result

ROOT = Path(__file__).resolve().parents[1]
RU_PO = ROOT / "resources" / "translations" / "ru" / "LC_MESSAGES" / "casefile.po"
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
HOW_TO_FIX = ("run `python packaging/translations.py update`, translate the new msgids in "
              "resources/translations/ru/LC_MESSAGES/casefile.po, then "
              "`python packaging/translations.py compile`")


def _load_tool() -> ModuleType:
    # packaging/ is a folder of scripts, not a package (and "packaging" is a PyPI name).
    spec = importlib.util.spec_from_file_location(
        "casefile_translations_tool", ROOT / "packaging" / "translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


@pytest.fixture(scope="module")
def compiled() -> list[Path]:
    # allow_missing: a forgotten translation is reported by the completeness test below,
    # not as a confusing failure of every test that merely needs the catalog.
    return tool.compile_all(ROOT, allow_missing=True)


@pytest.fixture
def english() -> Iterator[None]:
    """Whatever a test switches to, the process is back in English afterwards."""
    yield
    set_language("en")
    assert language() == "en"


def _ru_catalog():  # -> babel Catalog
    with RU_PO.open("rb") as fh:
        return read_po(fh, locale="ru")


# -- the catalog is used -------------------------------------------------------------------

def test_set_language_switches_between_russian_and_english(compiled: list[Path],
                                                           english: None) -> None:
    assert RU_PO.with_suffix(".mo") in compiled
    set_language("ru")
    assert language() == "ru"
    russian = _("wrong passphrase")
    assert russian != "wrong passphrase"
    assert CYRILLIC.search(russian)
    set_language("en")
    assert _("wrong passphrase") == "wrong passphrase"


# -- the catalog is complete and well-formed -----------------------------------------------

def test_every_message_in_the_code_has_a_russian_translation() -> None:
    code = tool.extract(ROOT)  # babel.messages.extract over casefile/, as babel.cfg says
    ru = _ru_catalog()
    missing = []
    for message in code:
        if not message.id:
            continue
        translated = ru.get(message.id, context=message.context)
        if translated is None or translated.fuzzy or not tool._translated(translated):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    assert not missing, (
        f"{len(missing)} message(s) have no Russian translation (or only a fuzzy one):\n"
        + "\n".join(f"  {m!r}" for m in missing) + f"\n{HOW_TO_FIX}")


def test_the_po_file_has_no_untranslated_or_fuzzy_entries() -> None:
    missing = tool.untranslated(RU_PO)
    assert not missing, f"untranslated or fuzzy: {missing}\n{HOW_TO_FIX}"


BRACE = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")
PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc%]")


def _placeholders(text: str) -> set[str]:
    return {f"{{{m}}}" for m in BRACE.findall(text)} | set(PERCENT.findall(text))


def test_translations_keep_the_placeholders_of_their_msgid() -> None:
    wrong = []
    for message in _ru_catalog():
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        expected = set().union(*(_placeholders(i) for i in ids))
        forms = [message.string] if isinstance(message.string, str) else list(message.string)
        for form in forms:
            if form and _placeholders(form) != expected:
                wrong.append(f"{ids[0]!r} -> {form!r}: {sorted(_placeholders(form))} "
                             f"instead of {sorted(expected)}")
    assert not wrong, "placeholders differ from the msgid:\n" + "\n".join(wrong)


def test_plural_forms_header_is_russian() -> None:
    ru = _ru_catalog()
    assert str(ru.locale) == "ru"
    assert ru.num_plurals == 3
    assert ru.plural_expr.replace(" ", "") == (
        "(n%10==1&&n%100!=11?0:n%10>=2&&n%10<=4&&(n%100<10||n%100>=20)?1:2)")


# -- the real command line speaks Russian --------------------------------------------------

RU = {"CASEFILE_LANG": "ru"}


def _error_line(err: str) -> str:
    assert err.startswith("casefile: error: "), err
    return err.removeprefix("casefile: error: ")


def test_missing_vault_is_reported_in_russian(cli: Callable[..., Result], compiled: list[Path],
                                              english: None) -> None:
    result = cli("list", "person", env=RU)
    assert result.code == 1
    assert CYRILLIC.match(_error_line(result.err)), result.err
    assert "casefile init" in result.err  # command names stay as typed


def test_bad_data_is_reported_in_russian(cli: Callable[..., Result], initialised: Path,
                                         compiled: list[Path], english: None) -> None:
    for data in ("{not json", "[1, 2]"):
        result = cli("add", "person", "--data", data, env=RU)
        assert result.code == 1
        line = _error_line(result.err)
        assert CYRILLIC.match(line), result.err
        assert "--data" in line


def test_enum_error_in_russian_names_the_field_and_the_values(
        cli: Callable[..., Result], initialised: Path, compiled: list[Path],
        english: None) -> None:
    result = cli("add", "person", "--data", '{"full_name": "Иван", "status": "free"}', env=RU)
    assert result.code == 1
    line = _error_line(result.err)
    assert line.startswith("person.status: ")
    assert CYRILLIC.search(line.removeprefix("person.status: ")), line
    for choice in PERSON_STATUS:
        assert choice.value in line  # values stay English identifiers


def test_the_command_line_is_english_by_default(cli: Callable[..., Result],
                                                compiled: list[Path], english: None) -> None:
    result = cli("list", "person")
    assert not CYRILLIC.search(result.err), result.err


# -- packaging/translations.py -------------------------------------------------------------

def _project(tmp_path: Path, source: str) -> Path:
    root = tmp_path / "project"
    (root / "casefile").mkdir(parents=True)
    shutil.copy(ROOT / "babel.cfg", root / "babel.cfg")
    (root / "casefile" / "__init__.py").write_text('__version__ = "9.9"\n', encoding="utf-8")
    (root / "casefile" / "strings.py").write_text(source, encoding="utf-8")
    return root


def _set(po: Path, msgid: str, msgstr: str) -> None:
    text = po.read_text(encoding="utf-8")
    entry = f'msgid "{msgid}"\nmsgstr ""\n'
    assert entry in text, text
    po.write_text(text.replace(entry, f'msgid "{msgid}"\nmsgstr "{msgstr}"\n'),
                  encoding="utf-8")


def test_update_keeps_translations_and_never_fuzzy_matches(tmp_path: Path) -> None:
    root = _project(tmp_path, 'from casefile.i18n import N_, _\n'
                              'A = _("wrong passphrase")\nB = N_("the vault header is damaged")\n'
                              'C = f"<b>{_(\'Letters\')}</b>"\n')
    tool.update(root)
    po = tool.po_path(root, "ru")
    assert set(tool.untranslated(po)) == {"wrong passphrase", "the vault header is damaged",
                                         "Letters"}
    _set(po, "wrong passphrase", "неверная парольная фраза")
    _set(po, "the vault header is damaged", "заголовок хранилища повреждён")
    # One string kept, one changed slightly: its old translation must not carry over.
    (root / "casefile" / "strings.py").write_text(
        'from casefile.i18n import _\nA = _("wrong passphrase")\n'
        'B = _("the vault header is damaged!")\n', encoding="utf-8")
    tool.update(root)
    with po.open("rb") as fh:
        ru = read_po(fh)
    kept, changed = ru.get("wrong passphrase"), ru.get("the vault header is damaged!")
    assert kept is not None and kept.string == "неверная парольная фраза"
    assert changed is not None and changed.string == "" and not changed.fuzzy
    assert ru.get("the vault header is damaged") is None
    assert tool.untranslated(po) == ["the vault header is damaged!"]


def test_compile_refuses_missing_translations_unless_allowed(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]
                                                             ) -> None:
    root = _project(tmp_path, 'from casefile.i18n import _\nA = _("wrong passphrase")\n'
                              'B = _("interrupted")\n')
    tool.update(root)
    po = tool.po_path(root, "ru")
    _set(po, "wrong passphrase", "неверная парольная фраза")
    with pytest.raises(tool.MissingTranslationsError, match="interrupted"):
        tool.compile_all(root)
    assert not po.with_suffix(".mo").exists()
    assert tool.main(["--root", str(root), "compile"]) == 1
    assert "'interrupted'" in capsys.readouterr().err
    assert tool.main(["--root", str(root), "compile", "--allow-missing"]) == 0
    assert po.with_suffix(".mo").is_file()
    _set(po, "interrupted", "прервано")
    assert tool.compile_all(root) == [po.with_suffix(".mo")]


def test_plural_messages_get_three_russian_forms(tmp_path: Path) -> None:
    root = _project(tmp_path, 'from casefile.i18n import ngettext\n'
                              'A = ngettext("{0} day", "{0} days", 5)\n')
    tool.update(root)
    po = tool.po_path(root, "ru")
    assert tool.untranslated(po) == ["{0} day"]
    text = po.read_text(encoding="utf-8")
    empty = 'msgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""\n'
    assert empty in text
    po.write_text(text.replace(empty, 'msgstr[0] "{0} день"\nmsgstr[1] "{0} дня"\n'
                                      'msgstr[2] "{0} дней"\n'), encoding="utf-8")
    (mo,) = tool.compile_all(root)
    with mo.open("rb") as fh:
        ru = gettext.GNUTranslations(fh)
    shown = {n: ru.ngettext("{0} day", "{0} days", n).format(n) for n in (1, 3, 5, 11, 21, 22)}
    assert shown == {1: "1 день", 3: "3 дня", 5: "5 дней", 11: "11 дней", 21: "21 день",
                     22: "22 дня"}
