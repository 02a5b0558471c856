"""Facts about the case's people: the children, the network around them, and the staff
allocated to the case. People are facts in the case's stream, so the same person is the
same participant at every meeting, months apart."""

from __future__ import annotations

from board.events.base import Fact
from board.practice import Framework, Role


class ChildAdded(Fact, frozen=True):
    """A child the case is about (a sibling group is one case)."""

    child_id: str
    name: str
    age: int | None = None  # in years, when known


class FrameworkChanged(Fact, frozen=True):
    """The case moves to another framework (a child protection case becomes looked
    after): the board's wording follows from here; earlier records keep theirs."""

    framework: Framework


class PersonAdded(Fact, frozen=True):
    """Someone of the child's network, or a professional, joins the case's people."""

    person_id: str
    name: str
    role: Role
    relationship: str = ""  # to the child(ren): "mum", "Lily's gran", "class teacher"
    contact: str = ""  # how to reach them, if they are happy to give it
    agency: str = ""  # a professional's service ("Oak Street School"); empty for family


class PersonCorrected(Fact, frozen=True):
    """A person's details corrected (a name spelt wrongly, a role that was not right)."""

    person_id: str
    name: str
    role: Role
    relationship: str = ""
    contact: str = ""
    agency: str = ""


class PersonRetired(Fact, frozen=True):
    """No longer one of the case's people (they stay in the record of what they did)."""

    person_id: str
    reason: str = ""


class StaffAllocated(Fact, frozen=True):
    """A member of staff is allocated to the case: its social worker, their manager,
    or the chair of its conferences. Only allocated staff open the case."""

    username: str
    name: str
    role: Role


class StaffUnallocated(Fact, frozen=True):
    username: str
