"""The error every refusal of a bundle or of a batch of writes raises."""

from __future__ import annotations

from casefile.domain.errors import CasefileError


class BundleError(CasefileError):
    """A bundle or a batch of writes is malformed, forged, not ours or too big: nothing changes."""
