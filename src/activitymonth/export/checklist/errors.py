"""The one failure a checklist format may have that the plan cannot cause.

Some formats need more than Python: the PDF needs WeasyPrint with its Pango libraries and
a Chinese font. A missing piece is the machine's problem, not the plan's, so the error
names the piece and how to install it, and the command exits 2 without a traceback.
"""

from __future__ import annotations

from activitymonth.i18n import Text


class RendererUnavailableError(RuntimeError):
    """A format cannot be written on this machine; ``hint`` says what to install."""

    def __init__(self, message: Text, hint: Text) -> None:
        super().__init__(f"{message.en}; {hint.en}")
        self.message = message
        self.hint = hint
