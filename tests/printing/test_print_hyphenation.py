"""Russian words in the case summary's narrow columns break with a hyphen, at a syllable."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime

from casefile.domain.describe import choice_label
from casefile.i18n import document_language
from casefile.printing.case_summary import render_case_summary
from tests.printing.pdfcheck import assert_clean, pages

WORD = re.compile(r"[А-Яа-яЁё]+-?")
NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)


def _summary() -> tuple[bytes, set[str]]:
    hearings = [{"id": f"h{n}", "starts_at": f"2026-0{n}-02T10:00:00+05:00", "kind": kind,
                 "court": "Кировский районный суд г. Уфы", "judge": "Преображенская",
                 "outcome": "Продлили содержание под стражей; ходатайство защиты отклонено"}
                for n, kind in enumerate(("preliminary", "measure", "cassation", "verdict"),
                                         start=1)]
    events = [{"id": f"e{n}", "on": f"2025-1{n}-01", "kind": kind,
               "description": "Следователь предъявил обвинение в окончательной редакции"}
              for n, kind in enumerate(("measure", "detention", "transfer"))]
    case = {"title": "Дело уфимского марксистского кружка", "stage": "trial",
            "measure": "prohibition_of_actions", "court": "Центральный окружной военный суд"}
    with document_language("ru"):
        data = render_case_summary(case, defendants=[], lawyers=[], hearings=hearings,
                                   events=events, people={}, now=NOW)
        labels = [choice_label("hearing", "kind", h["kind"]) for h in hearings]
        labels += [choice_label("event", "kind", e["kind"]) for e in events]
    source = " ".join([*labels, *(h["outcome"] for h in hearings), events[0]["description"],
                       hearings[0]["court"], hearings[0]["judge"], case["court"]])
    return data, {w.casefold() for w in WORD.findall(source) if len(w) >= 6}


def test_no_russian_word_breaks_without_a_hyphen() -> None:
    data, words = _summary()
    text = "\n".join(pages(data))
    assert_clean(text)
    lines = [line.split() for line in text.splitlines() if line.split()]
    unhyphenated, hyphenated = [], []
    for line, following in itertools.pairwise(lines):
        head, tail = line[-1].casefold(), following[0].casefold().strip(".,;:")
        if head.endswith("-") and head[:-1] + tail in words:
            hyphenated.append(head + tail)
        elif head + tail in words and head not in words:
            unhyphenated.append(f"{head} / {tail}")
    assert not unhyphenated, unhyphenated
    assert hyphenated, "no word was hyphenated: the test no longer exercises narrow columns"
