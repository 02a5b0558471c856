// static/board/connection.js: the websocket as board/client.py does it in Python:
// commands wait while the connection is down and go, under the same id, once it is
// back; answers reach the command they answer; a reconnect asks for what was missed.

import assert from "node:assert/strict";
import { afterEach, before, describe, it } from "node:test";

class FakeSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  static made = [];

  constructor(url) {
    this.url = url;
    this.readyState = FakeSocket.CONNECTING;
    this.sent = [];
    this.listeners = {};
    FakeSocket.made.push(this);
  }

  addEventListener(type, listener) {
    (this.listeners[type] ||= []).push(listener);
  }

  send(text) {
    this.sent.push(JSON.parse(text));
  }

  close() {
    this.readyState = FakeSocket.CLOSED;
  }

  /** The server says something. */
  hear(frame) {
    this.readyState = FakeSocket.OPEN;
    for (const listener of this.listeners.message || []) listener({ data: JSON.stringify(frame) });
  }

  /** The connection drops. */
  drop() {
    this.readyState = FakeSocket.CLOSED;
    for (const listener of this.listeners.close || []) listener({});
  }
}

let Connection;
let STATES;
let connection;

before(async () => {
  globalThis.window = new EventTarget();
  globalThis.location = { protocol: "https:", host: "board.test" };
  Object.defineProperty(globalThis, "navigator", { value: { onLine: true }, configurable: true });
  globalThis.WebSocket = FakeSocket;
  ({ Connection, STATES } = await import("../../static/board/connection.js"));
});

afterEach(() => {
  clearTimeout(connection.retryTimer);
  connection.stopHeartbeat();
  FakeSocket.made = [];
});

function connect(position = null) {
  const seen = { frames: [], states: [] };
  let held = position;
  connection = new Connection({
    path: "/cases/demo/ws",
    position: () => held,
    onFrame: (frame) => seen.frames.push(frame),
    onState: (state, detail) => seen.states.push([state, detail]),
  });
  connection.start();
  seen.hold = (p) => {
    held = p;
  };
  return seen;
}

const socket = () => FakeSocket.made.at(-1);

describe("Connection", () => {
  it("opens the case's socket, and waits in the lobby until let in", () => {
    const seen = connect();
    assert.equal(socket().url, "wss://board.test/cases/demo/ws");
    socket().hear({ type: "welcome", admitted: false });
    assert.equal(connection.state, STATES.LOBBY);
    socket().hear({ type: "welcome", admitted: true });
    socket().hear({ type: "snapshot", board: { position: 3 } });
    assert.equal(connection.state, STATES.LIVE);
    assert.deepEqual(seen.frames.map((f) => f.type), ["welcome", "welcome", "snapshot"]);
  });

  it("sends a command now when it can, and hands the answer to it", () => {
    connect();
    socket().hear({ type: "welcome", admitted: true });
    const acks = [];
    const id = connection.send({ type: "undo" }, { onAck: (ack) => acks.push(ack) });
    assert.deepEqual(socket().sent, [{ type: "command", id, command: { type: "undo" } }]);
    assert.equal(connection.waiting, 1);
    socket().hear({ type: "ack", id, position: 4 });
    assert.deepEqual(acks, [{ type: "ack", id, position: 4 }]);
    assert.equal(connection.waiting, 0);
  });

  it("says whether a refusal was shown where the person is working", () => {
    const seen = connect();
    socket().hear({ type: "welcome", admitted: true });
    const id = connection.send({ type: "undo" }, { onError: () => true });
    socket().hear({ type: "error", id, code: "nothing_to_undo", message: "Nothing to undo." });
    assert.equal(seen.frames.at(-1).shown, true);
    socket().hear({ type: "error", id: "unknown", message: "Not yours." });
    assert.equal(seen.frames.at(-1).shown, undefined);
  });

  it("keeps commands while down, and resends them under the same id once back", () => {
    const seen = connect();
    socket().hear({ type: "welcome", admitted: true });
    socket().hear({ type: "snapshot", board: { position: 7 } });
    seen.hold(7);
    socket().drop();
    assert.equal(connection.state, STATES.RECONNECTING);
    const id = connection.send({ type: "add_item", text: "x" });
    assert.equal(connection.waiting, 1);
    connection.open(); // the retry, without waiting for its timer
    assert.equal(socket().url, "wss://board.test/cases/demo/ws?after=7");
    socket().hear({ type: "welcome", admitted: true });
    assert.equal(connection.state, STATES.CATCHING_UP);
    assert.deepEqual(socket().sent, [{ type: "command", id, command: { type: "add_item", text: "x" } }]);
    socket().hear({ type: "caught_up", missed: 2 });
    assert.deepEqual(seen.states.at(-1), [STATES.LIVE, { missed: 2, back: true }]);
  });

  it("sends a frame that is not a command only when connected and let in", () => {
    connect();
    assert.equal(connection.sendNow({ type: "follow", view: "plan" }), false);
    socket().hear({ type: "welcome", admitted: true });
    assert.equal(connection.sendNow({ type: "follow", view: "plan" }), true);
    assert.deepEqual(socket().sent, [{ type: "follow", view: "plan" }]);
  });

  it("stays down once the server says goodbye", () => {
    connect();
    socket().hear({ type: "welcome", admitted: true });
    socket().hear({ type: "goodbye", message: "The meeting has ended." });
    assert.equal(connection.state, STATES.ENDED);
    const made = FakeSocket.made.length;
    connection.open();
    assert.equal(FakeSocket.made.length, made);
  });

  it("waits for the network when the device goes offline", () => {
    connect();
    socket().hear({ type: "welcome", admitted: true });
    window.dispatchEvent(new Event("offline"));
    assert.equal(connection.state, STATES.OFFLINE);
    window.dispatchEvent(new Event("online"));
    assert.equal(connection.state, STATES.RECONNECTING);
    assert.equal(connection.socket, socket());
  });
});
