"""The lanes of a case's timeline, shared by the window and the printed summary.

Both drawers read this one table, so the lanes come in the same order, under the same names
and in the same colours on screen and on paper.
"""

from __future__ import annotations

from dataclasses import dataclass

from casefile.i18n import N_


@dataclass(frozen=True)
class Lane:
    key: str
    label: str  # N_()-marked: translate where it is shown
    colour: str  # "#rrggbb", readable on white and in greyscale print


LANES: tuple[Lane, ...] = (
    Lane("event", N_("Events"), "#7b1fa2"),
    Lane("deadline", N_("Deadlines"), "#c62828"),
    Lane("hearing", N_("Hearings"), "#1565c0"),
    Lane("letter", N_("Letters"), "#2e7d32"),
    Lane("parcel", N_("Parcels"), "#ef6c00"),
)
LANE_BY_KEY = {lane.key: lane for lane in LANES}
