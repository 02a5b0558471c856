"""The application: the write path (writer.py), the use cases (service.py), the
grouped commit, the read caches, and the faults it raises in its own words."""

from board.application.errors import NoSuchCase, Unavailable
from board.application.service import BoardApplication

__all__ = ["BoardApplication", "NoSuchCase", "Unavailable"]
