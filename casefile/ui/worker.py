"""Run slow work (key derivation, imports) off the UI thread and deliver the result on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self._fn = fn
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # noqa: BLE001 - handed to the UI thread to show
            self._signals.failed.emit(exc)
        else:
            self._signals.done.emit(result)


class Worker(QObject):
    """One background thread; results arrive through Qt's queued signals on the UI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._live: set[_Signals] = set()

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
            on_failed: Callable[[Exception], None]) -> None:
        signals = _Signals()
        self._live.add(signals)  # keep it alive until a result arrives

        def finish(handler: Callable[[Any], None]) -> Callable[[Any], None]:
            def call(value: Any) -> None:
                self._live.discard(signals)
                handler(value)
            return call

        signals.done.connect(finish(on_done))
        signals.failed.connect(finish(on_failed))
        self._pool.start(_Job(fn, signals))

    def wait(self) -> None:
        self._pool.waitForDone()
