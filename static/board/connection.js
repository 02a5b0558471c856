// The websocket to the board, as board/client.py does it in Python: reconnect by
// itself with `?after=` the last position it holds, and resend every command not yet
// acknowledged under the same id (the server never records a command twice).

const PING_EVERY = 20000; // ms between pings while all is quiet
const PONG_WITHIN = 10000; // ms to wait for any frame after a ping before reconnecting
const FIRST_DELAY = 250;
const LONGEST_DELAY = 5000;
const CHECK_SESSION_AFTER = 4; // failed attempts in a row before asking if we are signed in

export function newId() {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The connection's states, named as the Python side names its enums (board/ws/
 * connection.py's ConnectionState has the server's view: "lobby", "live", "closed").
 * `connection.state` is one of these values, and `onState` is given one.
 */
export const STATES = Object.freeze({
  CONNECTING: "connecting", // the first time
  LOBBY: "lobby", // waiting to be let in
  CATCHING_UP: "catching_up", // back after a break, being sent what was missed
  LIVE: "live",
  RECONNECTING: "reconnecting",
  OFFLINE: "offline", // the device has no network
  ENDED: "ended", // the server said goodbye
  SIGNED_OUT: "signed_out", // the session is no longer valid
});

/** After these the connection stays down: nothing reopens it. */
function isOver(state) {
  return state === STATES.ENDED || state === STATES.SIGNED_OUT;
}

export class Connection {
  constructor({ path, position, onFrame, onState }) {
    this.path = path;
    this.position = position; // () => the last position held, or null for no board yet
    this.onFrame = onFrame;
    this.onState = onState;
    this.state = STATES.CONNECTING;
    this.socket = null;
    this.pending = new Map(); // id -> {text, onAck, onError}
    this.admitted = false;
    this.failures = 0;
    this.delay = FIRST_DELAY;
    this.retryTimer = null;
    this.pingTimer = null;
    this.pongTimer = null;
    this.everConnected = false;
    this.stopped = false;
    window.addEventListener("offline", () => this.wentOffline());
    window.addEventListener("online", () => this.cameOnline());
  }

  start() {
    this.open();
  }

  setState(state, detail = {}) {
    this.state = state;
    this.onState(state, detail);
  }

  url() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const after = this.position();
    const query = after === null ? "" : `${this.path.includes("?") ? "&" : "?"}after=${after}`;
    return `${scheme}://${location.host}${this.path}${query}`;
  }

  open() {
    clearTimeout(this.retryTimer);
    if (isOver(this.state) || this.stopped) return;
    if (navigator.onLine === false) {
      this.setState(STATES.OFFLINE);
      return;
    }
    let socket;
    try {
      socket = new WebSocket(this.url());
    } catch {
      this.retry();
      return;
    }
    this.socket = socket;
    this.admitted = false;
    socket.addEventListener("message", (message) => {
      if (socket !== this.socket) return;
      this.heard();
      let frame;
      try {
        frame = JSON.parse(message.data);
      } catch {
        return;
      }
      this.receive(frame);
    });
    socket.addEventListener("close", () => {
      if (socket !== this.socket) return;
      this.lost();
    });
  }

  /** Forget the socket (closing it if it is still open) and try again. */
  drop() {
    const socket = this.socket;
    this.socket = null;
    this.stopHeartbeat();
    if (socket && socket.readyState <= WebSocket.OPEN) {
      try {
        socket.close();
      } catch {
        // already closing
      }
    }
  }

  /** Close for good (the wall when the chair stops presenting): nothing reopens it. */
  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.drop();
  }

  lost() {
    this.socket = null;
    this.stopHeartbeat();
    if (isOver(this.state) || this.stopped) return;
    this.retry();
  }

  retry() {
    this.failures += 1;
    if (navigator.onLine === false) {
      this.setState(STATES.OFFLINE);
      return;
    }
    this.setState(this.everConnected ? STATES.RECONNECTING : STATES.CONNECTING);
    if (this.failures >= CHECK_SESSION_AFTER && this.failures % CHECK_SESSION_AFTER === 0) {
      this.checkSession();
    }
    const wait = this.delay * (0.75 + Math.random() / 2);
    this.delay = Math.min(this.delay * 2, LONGEST_DELAY);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.open(), wait);
  }

  async checkSession() {
    try {
      const response = await fetch("/api/session", { credentials: "same-origin" });
      if (response.status === 401) {
        clearTimeout(this.retryTimer);
        this.drop();
        this.setState(STATES.SIGNED_OUT);
      }
    } catch {
      // the network is away; keep trying
    }
  }

  wentOffline() {
    if (isOver(this.state)) return;
    // The device says it has no network: stop trusting the socket (a browser may keep
    // a dead one open for minutes) and wait for the network to come back.
    clearTimeout(this.retryTimer);
    this.drop();
    this.setState(STATES.OFFLINE);
  }

  cameOnline() {
    if (this.state !== STATES.OFFLINE && this.socket) return;
    if (isOver(this.state) || this.stopped) return;
    this.delay = FIRST_DELAY;
    this.setState(STATES.RECONNECTING);
    this.open();
  }

  // -- heartbeat: notice a connection that has silently died ----------------------

  heard() {
    clearTimeout(this.pongTimer);
    this.pongTimer = null;
    clearTimeout(this.pingTimer);
    this.pingTimer = setTimeout(() => this.ping(), PING_EVERY);
  }

  ping() {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(JSON.stringify({ type: "ping", id: newId() }));
    this.pongTimer = setTimeout(() => {
      this.drop();
      this.lost();
    }, PONG_WITHIN);
  }

  stopHeartbeat() {
    clearTimeout(this.pingTimer);
    clearTimeout(this.pongTimer);
    this.pingTimer = this.pongTimer = null;
  }

  // -- frames -------------------------------------------------------------------

  receive(frame) {
    switch (frame.type) {
      case "welcome": {
        const returning = this.everConnected && this.position() !== null;
        this.everConnected = true;
        this.failures = 0;
        this.delay = FIRST_DELAY;
        this.admitted = frame.admitted;
        this.onFrame(frame);
        if (frame.admitted) {
          this.resend();
          this.setState(returning ? STATES.CATCHING_UP : STATES.CONNECTING);
        } else {
          this.setState(STATES.LOBBY);
        }
        return;
      }
      case "snapshot":
        this.onFrame(frame);
        this.setState(STATES.LIVE);
        return;
      case "caught_up":
        this.onFrame(frame);
        this.setState(STATES.LIVE, { missed: frame.missed, back: true });
        return;
      case "ack": {
        const waiting = this.pending.get(frame.id);
        this.pending.delete(frame.id);
        if (waiting && waiting.onAck) waiting.onAck(frame);
        this.onFrame(frame);
        return;
      }
      case "error": {
        const waiting = frame.id ? this.pending.get(frame.id) : undefined;
        if (waiting) {
          this.pending.delete(frame.id);
          // An onError that shows the refusal where the person is working returns true.
          const shown = waiting.onError ? waiting.onError(frame) === true : false;
          this.onFrame({ ...frame, shown });
        } else {
          this.onFrame(frame);
        }
        return;
      }
      case "goodbye":
        this.setState(STATES.ENDED, { message: frame.message });
        this.onFrame(frame);
        this.drop();
        return;
      default:
        this.onFrame(frame);
    }
  }

  resend() {
    for (const waiting of this.pending.values()) this.socket.send(waiting.text);
  }

  /**
   * Send a command; `onAck(ack)` or `onError(error)` is called once the server answers.
   * While the connection is down the command waits, and goes when it is back.
   */
  send(command, { onAck, onError, expectedPosition } = {}) {
    const id = newId();
    const frame = { type: "command", id, command };
    if (expectedPosition !== undefined) frame.expected_position = expectedPosition;
    const text = JSON.stringify(frame);
    this.pending.set(id, { text, onAck, onError });
    if (this.socket && this.socket.readyState === WebSocket.OPEN && this.admitted) {
      this.socket.send(text);
    } else {
      this.onState(this.state, {}); // say that something is waiting to be sent
    }
    return id;
  }

  /** Send a frame that is not a command (the chair's follow-me and timer): now or never. */
  sendNow(frame) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN || !this.admitted) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  get waiting() {
    return this.pending.size;
  }
}
