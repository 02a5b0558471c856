"""The fan-out hub: who is connected to which case, and getting events to them.

Committed events go straight to this process's connections; the hub's broadcaster
(board.ws.broadcast: in-process, or Redis) carries them, and who is here, to the other
processes serving the board, and gives back what they tell.

Each event is encoded once per audience and framed once, and the same bytes are
written to every connection of that audience (board.ws.outbound, board.ws.direct).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from uuid import UUID

import msgspec

from board.projections.changes import Told
from board.projections.guest_ranks import GuestRanks
from board.ws.broadcast import Broadcaster, InProcess
from board.ws.connection import Connection, ConnectionState, Outgoing, Send
from board.ws.outbound import Outbound, Recent
from board.ws.protocol import (
    CLOSE_CODES,
    PROTOCOL_VERSION,
    Goodbye,
    GoodbyeCode,
    OnWall,
    PersonPresent,
    Presence,
    Waiting,
    Welcome,
    encode,
)
from board.ws.reactions import (
    NOT_ALLOCATED,
    Admit,
    Dismiss,
    Reaction,
    RoomChanged,
    SignOut,
    Unallocated,
)

PRESENCE_DELAY = 0.15  # seconds: joins and leaves within it are told in one frame


class Hub:
    def __init__(self, broadcaster: Broadcaster | None = None) -> None:
        self.broadcaster: Broadcaster = broadcaster or InProcess()
        self.broadcaster.attach(self)
        self.rooms: dict[UUID, set[Connection]] = {}
        self.recent: dict[UUID, Recent] = {}  # each room's latest live events
        # The chair's latest "follow me" and agenda timer per case: facilitation, not
        # the record, so they live here (and travel over Redis), not in the store.
        self.facilitation: dict[UUID, dict[str, str]] = {}
        self._presence_due: set[UUID] = set()  # cases with a presence frame on its way

    async def start(self) -> None:
        await self.broadcaster.start()

    async def stop(self) -> None:
        await self.broadcaster.stop()

    # -- membership -------------------------------------------------------------

    def join(self, connection: Connection) -> None:
        self.rooms.setdefault(connection.case_id, set()).add(connection)
        connection.recent = self.recent.setdefault(connection.case_id, Recent())
        self.presence_changed(connection.case_id)

    def leave(self, connection: Connection) -> None:
        room = self.rooms.get(connection.case_id)
        if room is not None:
            room.discard(connection)
            if not room:
                del self.rooms[connection.case_id]
                self.recent.pop(connection.case_id, None)
        self.presence_changed(connection.case_id)

    def screens(self) -> int:
        """Connections open in this process (for board.metrics)."""
        return sum(len(room) for room in self.rooms.values())

    def cases(self) -> list[UUID]:
        """The cases with a connection in this process."""
        return list(self.rooms)

    def live(self, case_id: UUID) -> list[Connection]:
        return [c for c in self.rooms.get(case_id, ()) if c.state is ConnectionState.LIVE]

    # -- events -----------------------------------------------------------------

    def publish(self, told: Sequence[Told], ranks: GuestRanks | None = None) -> None:
        """Committed events of one case, from this process: deliver them everywhere.
        `ranks`: the case's guest ranks up to them (None: guests read them from the
        store)."""
        if not told:
            return
        case_id = told[0].staff.event.case_id
        outbound = [Outbound.of(t, ranks) for t in told]
        self.deliver(case_id, outbound)
        self.broadcaster.events(case_id, outbound)

    def deliver(self, case_id: UUID, outbound: Sequence[Outbound]) -> None:
        """Give events to this process's connections: each encoded and framed once per
        audience, the same bytes for everyone who sees the same; then carry out what
        follows."""
        room = self.rooms.get(case_id)
        recent = self.recent.get(case_id)
        for item in outbound:
            if recent is not None:
                recent.add(item)
            for connection in room or ():
                connection.take_live(item)
            for reaction in item.reactions:
                self.react(case_id, reaction)

    def catch_up(self, case_id: UUID) -> None:
        """Ask every live connection of a case to read what it may have missed."""
        for connection in self.live(case_id):
            connection.offer(Outgoing(Send.CATCH_UP))

    def react(self, case_id: UUID, reaction: Reaction) -> None:
        """Carry out what the domain says follows from a fact (board.ws.reactions)."""
        room = self.rooms.get(case_id, set())
        match reaction:
            case Admit(joined_as, who):
                for c in room:
                    if c.state is ConnectionState.LOBBY and c.participant_id == joined_as:
                        c.who = who  # from now on, they are this person of the case
                        self.admit(c)
            case Dismiss(participant_id, code, message):
                for c in room:
                    if c.is_guest and participant_id in (None, c.participant_id):
                        self.dismiss(c, code, message)
            case Unallocated(username):
                for c in room:
                    if not c.is_guest and c.username == username:
                        self.dismiss(c, "not_allocated", NOT_ALLOCATED)
            case SignOut(joined_as, message):
                for c in room:
                    if c.is_guest and c.joined_as == joined_as:
                        self.dismiss(c, "signed_out", message)
            case RoomChanged():
                for c in room:
                    if c.wall and c.state is ConnectionState.LIVE:
                        c.room_changed()

    def admit(self, connection: Connection) -> None:
        connection.state = ConnectionState.LIVE
        connection.offer(Outgoing(Send.FRAME, welcome_text(connection, admitted=True)))
        connection.offer(Outgoing(Send.SNAPSHOT))
        self.send_facilitation(connection)
        self.presence_changed(connection.case_id)

    def facilitate(self, case_id: UUID, kind: str, text: str) -> None:
        """Remember the chair's latest `follow` or `timer` frame and show it everywhere."""
        self.heard_facilitation(case_id, kind, text)
        self.broadcaster.facilitation(case_id, kind, text)

    def heard_facilitation(self, case_id: UUID, kind: str, text: str) -> None:
        """The chair's frame, shown on this process's screens."""
        self.facilitation.setdefault(case_id, {})[kind] = text
        for connection in self.live(case_id):
            if _sees(connection, kind):
                connection.offer(Outgoing(Send.FRAME, text))

    def send_facilitation(self, connection: Connection) -> None:
        for kind, text in self.facilitation.get(connection.case_id, {}).items():
            if _sees(connection, kind):
                connection.offer(Outgoing(Send.FRAME, text))

    def on_wall(self, case_id: UUID) -> OnWall | None:
        """What the wall shows now, as the chair last said (and the wall fitted it)."""
        text = self.facilitation.get(case_id, {}).get("wall")
        return None if text is None else msgspec.json.decode(text, type=OnWall)

    def turn_away(self, case_id: UUID, participant_id: str, message: str) -> None:
        """Tell a device waiting in the lobby it will not be let in, and end it (the
        gate keeps it out from now on)."""
        self.heard_turned_away(case_id, participant_id, message)
        self.broadcaster.turned_away(case_id, participant_id, message)

    def heard_turned_away(self, case_id: UUID, participant_id: str, message: str) -> None:
        for c in list(self.rooms.get(case_id, ())):
            if c.state is ConnectionState.LOBBY and c.participant_id == participant_id:
                self.dismiss(c, "turned_away", message)

    def dismiss(self, connection: Connection, code: GoodbyeCode, message: str) -> None:
        """Tell the connection why, then close it with the close code that goes with
        `code`. It is sent nothing after the latest event heard here (so not what follows
        a removal), and runs no more commands; once is enough."""
        if connection.ends_after is not None:
            return
        recent = connection.recent
        connection.ends_after = recent.head if recent is not None else connection.last_position
        goodbye = encode(Goodbye(code=code, message=message)).decode()
        connection.offer(Outgoing(Send.CLOSE, goodbye, close_code=CLOSE_CODES[code]))

    def connections(self) -> list[Connection]:
        """Every connection open in this process (the sessions' watch goes through them)."""
        return [c for room in self.rooms.values() for c in room]

    # -- presence ---------------------------------------------------------------

    def local_presence(self, case_id: UUID) -> list[PersonPresent]:
        people: dict[str, PersonPresent] = {}
        for c in self.rooms.get(case_id, ()):
            if c.state is ConnectionState.CLOSED:
                continue
            seen = people.get(c.participant_id)
            in_lobby = c.state is ConnectionState.LOBBY and (seen is None or seen.in_lobby)
            people[c.participant_id] = PersonPresent(
                c.participant_id,
                c.who.name,
                c.who.role,
                in_lobby,
                c.invited_as if in_lobby else "",
            )
        return list(people.values())

    def presence(self, case_id: UUID) -> list[PersonPresent]:
        """Who is connected to the case, here and (heard lately) in other processes."""
        people = {p.participant_id: p for p in self.local_presence(case_id)}
        for person in self.broadcaster.remote_presence(case_id):
            if person.participant_id not in people or not person.in_lobby:
                people[person.participant_id] = person
        return list(people.values())

    def presence_changed(self, case_id: UUID) -> None:
        """Someone came or went here: tell the room, and the other processes."""
        self.heard_presence(case_id)
        self.broadcaster.presence(case_id)

    def heard_presence(self, case_id: UUID) -> None:
        """Tell the room who is here, soon: changes within PRESENCE_DELAY go out as one
        frame, so 500 people joining cost 500 frames, not 500 x 500."""
        if case_id in self._presence_due:
            return
        self._presence_due.add(case_id)
        asyncio.get_running_loop().call_later(PRESENCE_DELAY, self._send_presence, case_id)

    def _send_presence(self, case_id: UUID) -> None:
        self._presence_due.discard(case_id)
        people = self.presence(case_id)
        frame = encode(Presence(people=people)).decode()
        # The wall is in front of the room: it hears how many wait, never their names.
        waiting = encode(Waiting(count=sum(p.in_lobby for p in people))).decode()
        for connection in self.live(case_id):
            connection.offer(Outgoing(Send.FRAME, waiting if connection.wall else frame))


def _sees(connection: Connection, kind: str) -> bool:
    """What the wall shows is for the walls and the chair's screens, not for phones."""
    return kind != "wall" or connection.wall or not connection.is_guest


def welcome_text(connection: Connection, admitted: bool) -> str:
    return encode(
        Welcome(
            protocol=PROTOCOL_VERSION,
            case_id=connection.case_id,
            participant_id=connection.participant_id,
            name=connection.who.name,
            role=connection.who.role,
            position=connection.last_position,
            admitted=admitted,
        )
    ).decode()
