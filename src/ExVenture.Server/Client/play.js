// The browser play client: one WebSocket to /socket, a terminal, a command line and side panels.
//
// The page renders only <div id="game" data-character="…" data-socket="/socket?character=…">; everything else is
// built here. The protocol is described in docs/protocol.md. The rules this file keeps:
//   * Server text is only ever set with textContent (never innerHTML): players type what others read.
//   * The terminal prints system/display and system/error only. Structured frames (Room.Info, Room.Say, …) feed
//     the panels, and colour the display frame that follows them, so nothing is printed twice.
//   * The client's own background commands (who, look) carry ids starting with "auto-"; their text is not printed.
//
// No build step and no dependencies: an ES module for current browsers.

const MAX_LINES = 2000;
const HISTORY_SIZE = 100;
const MAX_COMMAND_LENGTH = 1000; // the server refuses longer commands (docs/protocol.md)

const PING_EVERY_MS = 25_000;
const PONG_DEADLINE_MS = 60_000; // no pong for this long: the connection is dead even if the socket says open
const WATCHDOG_EVERY_MS = 5_000;
const WHO_EVERY_MS = 60_000;
const WHO_DEBOUNCE_MS = 500; // several people entering at once cost one `who`
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 15_000;
const STABLE_AFTER_MS = 10_000; // a connection that lived this long starts the backoff from scratch again

const AUTO_PREFIX = 'auto-';

/** Close reasons (docs/protocol.md) after which reconnecting would be wrong: the player or another login ended it. */
const FINAL_REASONS = new Set(['quit', 'session_replaced', 'character_deleted', 'kicked']);

/** The six directions in the order the exits are shown, with the keys that walk them (Alt+key). */
const DIRECTIONS = ['north', 'south', 'east', 'west', 'up', 'down'];
const DIRECTION_KEYS = {
  ArrowUp: 'north',
  ArrowDown: 'south',
  ArrowRight: 'east',
  ArrowLeft: 'west',
  PageUp: 'up',
  PageDown: 'down',
};

/** Structured topics whose text follows them in a system/display frame, and how that text is coloured. */
const TEXT_KINDS = {
  'Room.Info': 'room',
  'Room.Say': 'say',
  'Room.Whisper': 'whisper',
  'Room.Emote': 'emote',
  'Character.Tell': 'tell',
  'Channel.Broadcast': 'channel',
  'Room.CharacterEnter': 'enter',
  'Room.CharacterLeave': 'leave',
  'Character.Who': 'who',
  'Zone.Map': 'map',
  'Character.Vitals': 'info',
};

// ---------------------------------------------------------------------------------------------------------------
// DOM helpers

/**
 * Creates an element. Strings among the children become text nodes, so server text can be passed straight in.
 * props: class, text (textContent), dataset, on<event> listeners, anything else as an attribute.
 */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  setProps(el, props);
  el.append(...children.filter((child) => child != null && child !== false));
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

function s(tag, props = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setProps(el, props);
  el.append(...children.filter((child) => child != null && child !== false));
  return el;
}

function setProps(el, props) {
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === 'class') el.setAttribute('class', value);
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
}

function capitalize(word) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function sameName(a, b) {
  return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Connection: one WebSocket at a time, heartbeat, reconnection with backoff

/**
 * Keeps a WebSocket to the game open. Reconnects with exponential backoff and jitter when the socket closes
 * unexpectedly (network loss, the server restarting, a dead connection found by the heartbeat), and stops for good
 * when the server ended the session on purpose (FINAL_REASONS) or the sign-in is gone.
 *
 * Callbacks: onState(state, detail), onOpen({ reconnected }), onFrame(frame), onLost({ delay, code, reason, dead }),
 * onEnded(reason) where reason is a FINAL_REASONS entry or 'signed_out'.
 */
class Connection {
  #url;
  #on;
  #socket = null;
  #attempt = 0;
  #everOpened = false;
  #retryTimer = 0;
  #pingTimer = 0;
  #watchdogTimer = 0;
  #lastPong = 0;
  #unansweredPingSince = 0;
  #openedAt = 0;
  #stopped = true;

  constructor(url, callbacks) {
    this.#url = url;
    this.#on = callbacks;
  }

  get connected() {
    return this.#socket?.readyState === WebSocket.OPEN && this.#openedAt > 0;
  }

  /** Connects (again) from scratch: the backoff is reset, as after a "Play again". */
  start() {
    this.#stopped = false;
    this.#attempt = 0;
    this.#open();
  }

  /** Skips the wait before the next attempt (the browser came back online, or the player asked). */
  reconnectNow() {
    if (this.#stopped || this.#socket) return;
    this.#open();
  }

  /** Closes on purpose (the page is going away); no reconnection. */
  stop(reason = 'leaving') {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    const socket = this.#drop();
    socket?.close(1000, reason);
  }

  /** Sends one frame; false when there is no open connection to send it on. */
  send(topic, data) {
    if (!this.connected) return false;
    this.#socket.send(JSON.stringify(data === undefined ? { topic } : { topic, data }));
    return true;
  }

  /** Pings now, outside the schedule (the tab became visible again: the machine may have slept). */
  ping() {
    if (!this.connected) return;
    this.#unansweredPingSince ||= Date.now();
    this.send('system/ping');
  }

  #open() {
    clearTimeout(this.#retryTimer);
    this.#drop()?.close(1000, 'replaced'); // never two sockets at once: the second would take the session over
    this.#on.onState(this.#attempt === 0 ? 'connecting' : 'reconnecting', { attempt: this.#attempt });
    let socket;
    try {
      socket = new WebSocket(this.#url);
    } catch (error) {
      // Only a malformed URL throws here; nothing will ever work, but keep the page usable.
      console.error('Cannot open the game socket', error);
      this.#on.onState('closed', { reason: 'bad_url' });
      return;
    }

    this.#socket = socket;
    this.#openedAt = 0;

    // Every handler first checks that this socket is still the current one: an abandoned socket may still
    // report its close long after a new one took its place.
    socket.onopen = () => {
      if (this.#socket !== socket) return;
      this.#openedAt = Date.now();
      this.#lastPong = this.#openedAt;
      this.#unansweredPingSince = 0;
      this.#startHeartbeat();
      this.#on.onState('connected', {});
      this.#on.onOpen({ reconnected: this.#everOpened });
      this.#everOpened = true;
    };
    socket.onmessage = (event) => {
      if (this.#socket !== socket) return;
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        console.warn('Ignoring a message that is not JSON', event.data);
        return;
      }

      if (frame?.topic === 'system/pong') {
        this.#lastPong = Date.now();
        this.#unansweredPingSince = 0;
        return;
      }

      this.#on.onFrame(frame);
    };
    socket.onclose = (event) => {
      if (this.#socket !== socket) return;
      const opened = this.#openedAt > 0;
      const livedMs = opened ? Date.now() - this.#openedAt : 0;
      this.#drop();
      this.#closed({ opened, livedMs, code: event.code, reason: event.reason });
    };
    // An error is always followed by a close event, which does the work.
    socket.onerror = () => {};
  }

  /** Forgets the current socket (its late events are ignored) and stops its timers; returns it. */
  #drop() {
    const socket = this.#socket;
    this.#socket = null;
    this.#openedAt = 0;
    clearInterval(this.#pingTimer);
    clearInterval(this.#watchdogTimer);
    return socket;
  }

  async #closed({ opened, livedMs, code, reason, dead = false }) {
    if (this.#stopped) return;

    if (opened && FINAL_REASONS.has(reason)) {
      this.#stopped = true;
      this.#on.onState('closed', { reason });
      this.#on.onEnded(reason);
      return;
    }

    // A socket that never opened was probably refused at the upgrade (401, 503). The browser does not say
    // which, so ask: retrying forever with an expired sign-in would only spin.
    if (!opened && !(await signedIn())) {
      if (this.#stopped || this.#socket) return; // the player reconnected meanwhile
      this.#stopped = true;
      this.#on.onState('closed', { reason: 'signed_out' });
      this.#on.onEnded('signed_out');
      return;
    }

    if (this.#stopped || this.#socket) return;
    if (livedMs >= STABLE_AFTER_MS) this.#attempt = 0;
    const delay = backoff(this.#attempt++);
    this.#on.onState('reconnecting', { delay, attempt: this.#attempt });
    this.#on.onLost({ delay, code, reason, dead, opened });
    this.#retryTimer = setTimeout(() => this.#open(), delay);
  }

  #startHeartbeat() {
    this.#pingTimer = setInterval(() => this.ping(), PING_EVERY_MS);

    // Dead only when a ping has itself gone unanswered for a while: in a background tab the browser may run
    // timers a minute late, and a ping that was never sent cannot have been answered.
    this.#watchdogTimer = setInterval(() => {
      const now = Date.now();
      if (now - this.#lastPong > PONG_DEADLINE_MS && this.#unansweredPingSince && now - this.#unansweredPingSince > 10_000) {
        this.#abandon();
      }
    }, WATCHDOG_EVERY_MS);
  }

  /** The connection is dead though the socket may not know yet (a closing handshake could take minutes). */
  #abandon() {
    const livedMs = Date.now() - this.#openedAt;
    const socket = this.#drop();
    try {
      socket?.close(4000, 'no pong');
    } catch {
      // Already closing.
    }

    this.#closed({ opened: true, livedMs, code: 4000, reason: 'no pong', dead: true });
  }
}

/** 0.5 s doubling to 15 s, each delay drawn from its upper half so that many clients do not come back in step. */
function backoff(attempt) {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** Whether the page's sign-in cookie is still good. Anything but a clear 401 counts as yes: keep trying. */
async function signedIn() {
  try {
    const response = await fetch('/api/me', { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' } });
    return response.status !== 401;
  } catch {
    return true; // the network is down; that is not a sign-in problem
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Terminal: the scrolling log

class Terminal {
  #el;
  #jump;

  /** @param jump a button shown while the player reads back and new text arrives below */
  constructor(el, jump) {
    this.#el = el;
    this.#jump = jump;
    el.addEventListener('scroll', () => {
      if (this.atBottom) this.#jump.hidden = true;
    });
    jump.addEventListener('click', () => this.scrollToEnd());
  }

  get atBottom() {
    const el = this.#el;
    return el.scrollHeight - el.scrollTop - el.clientHeight < 4;
  }

  /** Appends one line (a frame's whole text; '\n' kept by CSS) of the given kind. */
  print(text, kind) {
    return this.#append(h('div', { class: kind ? `line ${kind}` : 'line' }, text));
  }

  /** A room's text: its first line (the room name) stands out. */
  printRoom(text) {
    const breakAt = text.indexOf('\n');
    const title = breakAt < 0 ? text : text.slice(0, breakAt);
    const rest = breakAt < 0 ? '' : text.slice(breakAt);
    return this.#append(h('div', { class: 'line room' }, h('span', { class: 'room-title' }, title), rest));
  }

  scrollBy(pages) {
    this.#el.scrollTop += pages * this.#el.clientHeight * 0.9;
  }

  scrollToEnd() {
    this.#el.scrollTop = this.#el.scrollHeight;
    this.#jump.hidden = true;
  }

  #append(line) {
    const follow = this.atBottom;
    this.#el.append(line);
    this.#trim(follow);
    if (follow) this.scrollToEnd();
    else this.#jump.hidden = false;
    return line;
  }

  /** Drops the oldest lines beyond MAX_LINES, keeping what the player is reading in place. */
  #trim(following) {
    let removedHeight = 0;
    while (this.#el.childElementCount > MAX_LINES) {
      const first = this.#el.firstElementChild;
      if (!following) removedHeight += first.offsetHeight;
      first.remove();
    }

    if (removedHeight > 0) this.#el.scrollTop -= removedHeight;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Command history

/** The last HISTORY_SIZE commands, no two equal in a row; walking it keeps the line being typed as a draft. */
class History {
  #entries = [];
  #index = 0;
  #draft = '';

  add(text) {
    if (text.trim() && this.#entries.at(-1) !== text) {
      this.#entries.push(text);
      if (this.#entries.length > HISTORY_SIZE) this.#entries.shift();
    }

    this.reset();
  }

  reset() {
    this.#index = this.#entries.length;
    this.#draft = '';
  }

  /** The entry before the current one, or null at the oldest. */
  older(current) {
    if (this.#index === 0) return null;
    if (this.#index === this.#entries.length) this.#draft = current;
    return this.#entries[--this.#index];
  }

  /** The entry after the current one, the draft after the newest, or null when not walking. */
  newer() {
    if (this.#index >= this.#entries.length) return null;
    this.#index++;
    return this.#index === this.#entries.length ? this.#draft : this.#entries[this.#index];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Mini-map: the current zone's rooms on the current level, from GET /api/map/{roomId}

const CELL = 28; // distance between neighbouring rooms, in SVG units
const ROOM = 14; // side of a room's square
const MAX_CELLS_ACROSS = 11; // a bigger level is shown as a window around the player
const MAX_CELLS_DOWN = 9;

class MiniMap {
  #svg;
  #caption;
  #zones = new Map(); // zone id -> { zone, rooms: Map<room id, room> }
  #roomZones = new Map(); // room id -> zone id, for every room of every zone fetched
  #loading = new Map(); // room id -> promise of its zone (one request per zone at a time)
  #current = null;

  constructor(svg, caption) {
    this.#svg = svg;
    this.#caption = caption;
  }

  /** Shows the map around a room (Room.Info data); fetches its zone the first time. */
  async show(room) {
    this.#current = room.id;
    const zone = await this.#zoneOf(room.id);
    if (this.#current !== room.id) return; // the player moved on while the zone was loading
    if (!zone) {
      this.#svg.replaceChildren(s('title', { text: 'No map of this place' }));
      this.#svg.setAttribute('viewBox', '0 0 10 10');
      this.#caption.textContent = 'No map of this place.';
      return;
    }

    this.#draw(zone, zone.rooms.get(room.id) ?? room);
  }

  async #zoneOf(roomId) {
    const known = this.#roomZones.get(roomId);
    if (known) return this.#zones.get(known);
    if (!this.#loading.has(roomId)) {
      this.#loading.set(roomId, this.#fetch(roomId).finally(() => this.#loading.delete(roomId)));
    }

    return this.#loading.get(roomId);
  }

  async #fetch(roomId) {
    try {
      const response = await fetch(`/api/map/${encodeURIComponent(roomId)}`, { headers: { accept: 'application/json' } });
      if (!response.ok) return null;
      const body = await response.json();
      const zone = { zone: body.zone, rooms: new Map(body.rooms.map((r) => [r.id, r])) };
      this.#zones.set(body.zone.id, zone);
      for (const id of zone.rooms.keys()) this.#roomZones.set(id, body.zone.id);
      return zone;
    } catch (error) {
      console.warn('Could not load the map', error);
      return null; // tried again on the next Room.Info
    }
  }

  #draw({ zone, rooms }, here) {
    const level = around(here, [...rooms.values()].filter((r) => r.z === here.z));
    const at = (r) => ({ cx: r.x * CELL, cy: -r.y * CELL }); // SVG's y grows downwards; the world's grows north

    const exits = s('g', { class: 'exits' });
    const roomGroup = s('g', { class: 'rooms' });
    const drawn = new Set();
    for (const room of level) {
      const { cx, cy } = at(room);
      for (const exit of room.exits) {
        if (exit.direction === 'up' || exit.direction === 'down') continue;
        const target = rooms.get(exit.room_id);
        if (target && target.z === room.z && level.includes(target)) {
          const key = [room.id, target.id].sort().join(' ');
          if (drawn.has(key)) continue; // two-way exits are one line
          drawn.add(key);
          const to = at(target);
          exits.append(s('line', { class: 'exit', x1: cx, y1: cy, x2: to.cx, y2: to.cy }));
        } else {
          // Into another zone (or somewhere off this window): a short stub in its direction.
          const [dx, dy] = { north: [0, -1], south: [0, 1], east: [1, 0], west: [-1, 0] }[exit.direction] ?? [0, 0];
          exits.append(s('line', { class: 'exit exit-out', x1: cx, y1: cy, x2: cx + dx * CELL * 0.55, y2: cy + dy * CELL * 0.55 }));
        }
      }

      const current = room.id === here.id;
      const directions = new Set(room.exits.map((e) => e.direction));
      const half = ROOM / 2;
      roomGroup.append(
        s(
          'g',
          { class: current ? 'room current' : 'room', dataset: { roomId: room.id } },
          s('title', { text: current ? `${room.name} (you are here)` : room.name }),
          s('rect', { x: cx - half, y: cy - half, width: ROOM, height: ROOM, rx: 3 }),
          directions.has('up') && s('path', { class: 'stair stair-up', d: `M${cx + half - 1} ${cy - half - 5} l4 6 h-8 z` }),
          directions.has('down') && s('path', { class: 'stair stair-down', d: `M${cx + half - 1} ${cy + half + 5} l4 -6 h-8 z` }),
        ),
      );
    }

    const xs = level.map((r) => r.x * CELL);
    const ys = level.map((r) => -r.y * CELL);
    const pad = CELL * 0.75;
    const minX = Math.min(...xs) - pad;
    const minY = Math.min(...ys) - pad;
    const width = Math.max(...xs) - Math.min(...xs) + 2 * pad;
    const height = Math.max(...ys) - Math.min(...ys) + 2 * pad;
    this.#svg.setAttribute('viewBox', `${minX} ${minY} ${width} ${height}`);

    const levelName = here.z === 0 ? 'ground level' : `level ${here.z}`;
    const description = `Map of ${zone.name}, ${levelName}. You are at ${here.name}.`;
    this.#svg.replaceChildren(s('title', { text: description }), exits, roomGroup);
    this.#caption.textContent = `${zone.name} · ${levelName}`;
  }

}

/** The rooms of a level, or on a level too big for the panel only those around the player. */
function around(here, level) {
  const span = (values) => Math.max(...values) - Math.min(...values) + 1;
  const wide = span(level.map((r) => r.x)) > MAX_CELLS_ACROSS;
  const tall = span(level.map((r) => r.y)) > MAX_CELLS_DOWN;
  return level.filter(
    (r) => (!wide || Math.abs(r.x - here.x) <= MAX_CELLS_ACROSS >> 1) && (!tall || Math.abs(r.y - here.y) <= MAX_CELLS_DOWN >> 1),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Panels

function renderList(list, names, { self } = {}) {
  list.replaceChildren(
    ...names.map((name) => h('li', { class: self && sameName(name, self) ? 'self' : null }, name)),
  );
}

function renderItems(list, items) {
  list.replaceChildren(...items.map((item) => h('li', { dataset: { itemId: item.id } }, item.name)));
}

function renderVitals(dl, vitals) {
  const rows = [
    ['health', 'Health', vitals.health, vitals.max_health],
    ['skill', 'Skill', vitals.skill, vitals.max_skill],
    ['endurance', 'Endurance', vitals.endurance, vitals.max_endurance],
  ];
  dl.replaceChildren(
    ...rows.map(([key, label, value, max]) => {
      const fill = h('span', { class: 'fill' });
      fill.style.width = `${max > 0 ? Math.max(0, Math.min(100, (100 * value) / max)) : 0}%`;
      return h(
        'div',
        { class: 'vital', dataset: { vital: key, value, max } },
        h('dt', {}, label),
        h(
          'dd',
          {},
          h('span', { class: 'numbers' }, `${value} / ${max}`),
          h('span', { class: 'bar', role: 'meter', 'aria-label': label, 'aria-valuemin': 0, 'aria-valuemax': max, 'aria-valuenow': value }, fill),
        ),
      );
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The game page

class PlayClient {
  #root;
  #character;
  #ui;
  #terminal;
  #history = new History();
  #map;
  #connection;
  #commandCount = 0;
  #autoCount = 0;
  #whoTimer = 0;
  #whoDebounce = 0;
  #room = null; // the last Room.Info
  #inventory = null; // item ids of the last Inventory.All (null until the first one of a connection)
  #online = null; // lower-case names of the last Character.Who
  #pendingKind = null; // { kind, ref, data } of the structured frame whose display text comes next
  #outage = false; // the loss has been announced; later failed attempts only update the status line

  constructor(root) {
    this.#root = root;
    this.#character = root.dataset.character ?? '';
    this.#ui = buildPage(root, this.#character);
    this.#terminal = new Terminal(this.#ui.terminal, this.#ui.jump);
    this.#map = new MiniMap(this.#ui.minimap, this.#ui.mapCaption);
    this.#connection = new Connection(socketUrl(root.dataset.socket ?? ''), {
      onState: (state, detail) => this.#showState(state, detail),
      onOpen: (info) => this.#opened(info),
      onFrame: (frame) => this.#dispatch(frame),
      onLost: (info) => this.#lost(info),
      onEnded: (reason) => this.#ended(reason),
    });
    this.#wireInput();
    this.#wirePageLifecycle();
  }

  start() {
    this.#ui.command.focus();
    this.#connection.start();
  }

  // --- connection events ---

  #showState(state, detail) {
    const text = {
      connecting: 'Connecting…',
      connected: 'Connected',
      reconnecting: detail.delay ? `Reconnecting in ${Math.max(1, Math.round(detail.delay / 1000))} s…` : 'Reconnecting…',
      closed: 'Not connected',
    }[state];
    const el = this.#ui.state;
    el.dataset.state = state;
    if (detail.reason) el.dataset.reason = detail.reason;
    else delete el.dataset.reason;
    el.textContent = text;
    this.#root.dataset.connection = state;
    this.#ui.reconnectNow.hidden = state !== 'reconnecting';
  }

  #opened({ reconnected }) {
    this.#hideActions();
    this.#inventory = null;
    this.#outage = false;
    if (reconnected) this.#terminal.print('Connected again.', 'connection');

    // The server's welcome brings vitals, inventory and the room; the who list is ours to ask for.
    this.#requestWho();
    clearInterval(this.#whoTimer);
    this.#whoTimer = setInterval(() => this.#requestWho(), WHO_EVERY_MS);
  }

  #lost({ delay, code, dead, opened }) {
    clearInterval(this.#whoTimer);
    clearTimeout(this.#whoDebounce);
    if (this.#outage) return;
    this.#outage = true;
    const seconds = Math.max(1, Math.round(delay / 1000));
    let why;
    if (dead) why = 'The server stopped answering.';
    else if (code === 1012) why = 'The server is restarting.';
    else if (opened) why = 'The connection was lost.';
    else why = 'Could not reach the game.';
    this.#terminal.print(`${why} Trying again in ${seconds} s…`, 'connection');
  }

  #ended(reason) {
    clearInterval(this.#whoTimer);
    clearTimeout(this.#whoDebounce);
    const name = this.#character || 'Your character';
    switch (reason) {
      case 'quit':
        this.#terminal.print('You have left the game.', 'connection');
        this.#showActions('You have left the game.', h('button', { type: 'button', class: 'primary', id: 'play-again', onclick: () => this.#restart() }, 'Play again'));
        break;
      case 'session_replaced':
        this.#terminal.print(`${name} is now being played in another window.`, 'connection');
        this.#showActions(
          `${name} is being played in another window or on another device.`,
          h('button', { type: 'button', class: 'primary', id: 'play-here', onclick: () => this.#restart() }, 'Play here'),
        );
        break;
      case 'kicked':
        // The operator's message arrived as text just before the close; reconnecting at once would defeat the kick.
        this.#showActions('An operator has disconnected you.', h('button', { type: 'button', id: 'play-again', onclick: () => this.#restart() }, 'Play again'));
        break;
      case 'character_deleted':
        this.#terminal.print('This character has been deleted.', 'connection');
        this.#showActions('This character no longer exists.', h('a', { class: 'button', id: 'choose-character', href: '/characters' }, 'Choose another character'));
        break;
      default: {
        // signed_out
        const back = location.pathname + location.search;
        this.#terminal.print('Your sign-in has expired; sign in again to keep playing.', 'connection');
        this.#showActions(
          'Your sign-in has expired.',
          h('a', { class: 'button', id: 'sign-in-link', href: `/sign-in?returnUrl=${encodeURIComponent(back)}` }, 'Sign in again'),
        );
      }
    }
  }

  #restart() {
    this.#hideActions();
    this.#terminal.print('Connecting…', 'connection');
    this.#connection.start();
    this.#ui.command.focus();
  }

  #showActions(message, control) {
    const box = this.#ui.actions;
    box.replaceChildren(h('p', {}, message), control);
    box.hidden = false;
    control.focus(); // one key press from the keyboard to carry on
  }

  #hideActions() {
    this.#ui.actions.hidden = true;
    this.#ui.actions.replaceChildren();
  }

  // --- frames from the server ---

  #dispatch(frame) {
    const { topic, data = {}, ref = null } = frame;
    const handler = this.#handlers[topic];
    handler?.call(this, data, ref); // a topic we do not know (a newer server) is skipped; its text still prints
    if (topic !== 'system/display') {
      this.#pendingKind = TEXT_KINDS[topic] ? { kind: TEXT_KINDS[topic], ref, data } : null;
    }
  }

  #handlers = {
    'system/display'(data, ref) {
      // The display text that belongs to the structured frame just before it (same ref, or both without one).
      const pending = this.#pendingKind?.ref === ref ? this.#pendingKind : null;
      this.#pendingKind = null;
      if (isAuto(ref) || typeof data.text !== 'string') return;
      if (pending?.kind === 'room' && data.text.startsWith(pending.data.name)) this.#terminal.printRoom(data.text);
      else this.#terminal.print(data.text, pending?.kind);
    },
    'system/error'(data, ref) {
      if (isAuto(ref)) return; // our own background request failed; the next one will do
      this.#terminal.print(data.message ?? 'Something went wrong.', 'error');
    },
    'Room.Info'(room) {
      this.#room = {
        ...room,
        characters: (room.characters ?? []).map((c) => c.name).filter((n) => !sameName(n, this.#character)),
        items: room.items ?? [],
      };
      this.#renderRoom();
      this.#map.show(room);
    },
    'Room.CharacterEnter'({ character, direction }) {
      if (!this.#room || !character || sameName(character.name, this.#character)) return;
      if (!this.#room.characters.some((n) => sameName(n, character.name))) {
        this.#room.characters.push(character.name);
        renderList(this.#ui.roomCharacters, this.#room.characters);
      }

      // Someone who came into the game, or walked in without being on our who list yet: the list is out of date.
      if (direction == null || (this.#online && !this.#online.has(character.name.toLowerCase()))) this.#requestWhoSoon();
    },
    'Room.CharacterLeave'({ character, direction }) {
      if (!this.#room || !character) return;
      this.#room.characters = this.#room.characters.filter((n) => !sameName(n, character.name));
      renderList(this.#ui.roomCharacters, this.#room.characters);
      if (direction == null) this.#requestWhoSoon();
    },
    'Character.Vitals'(vitals) {
      renderVitals(this.#ui.vitals, vitals);
    },
    'Inventory.All'({ items = [] }) {
      renderItems(this.#ui.inventory, items);
      const ids = new Set(items.map((i) => i.id));
      const changed = this.#inventory && (ids.size !== this.#inventory.size || [...ids].some((id) => !this.#inventory.has(id)));
      this.#inventory = ids;

      // Picking up or dropping changes the floor too, but no frame says so: look again, quietly.
      if (changed) this.#sendAuto('look');
    },
    'Character.Who'({ characters = [] }) {
      this.#online = new Set(characters.map((c) => c.name.toLowerCase()));
      renderList(this.#ui.who, characters.map((c) => c.name), { self: this.#character });
    },
  };

  #renderRoom() {
    const room = this.#room;
    const ui = this.#ui;
    ui.roomName.textContent = room.name;
    ui.roomDescription.textContent = room.description;
    const exits = [...(room.exits ?? [])].sort((a, b) => DIRECTIONS.indexOf(a.direction) - DIRECTIONS.indexOf(b.direction));
    ui.exits.replaceChildren(
      ...exits.map((exit) => h('button', { type: 'button', class: 'exit', dataset: { direction: exit.direction } }, capitalize(exit.direction))),
    );
    renderList(ui.roomCharacters, room.characters);
    renderItems(ui.roomItems, room.items);
  }

  // --- commands to the server ---

  /** Sends a line the player typed (or clicked) and echoes it; false when not connected. */
  #sendCommand(text) {
    const id = `c${++this.#commandCount}`;
    if (!this.#connection.send('system/send', { text, id })) {
      this.#terminal.print('Not connected; that command was not sent.', 'error');
      return false;
    }

    this.#terminal.print(`> ${text}`, 'echo');
    return true;
  }

  /** A command of the client's own; its text is not printed (isAuto), only its structured frames are used. */
  #sendAuto(text) {
    return this.#connection.send('system/send', { text, id: `${AUTO_PREFIX}${++this.#autoCount}` });
  }

  #requestWho() {
    clearTimeout(this.#whoDebounce);
    this.#sendAuto('who');
  }

  #requestWhoSoon() {
    clearTimeout(this.#whoDebounce);
    this.#whoDebounce = setTimeout(() => this.#requestWho(), WHO_DEBOUNCE_MS);
  }

  // --- input ---

  #wireInput() {
    const { form, command, exits } = this.#ui;

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = command.value;
      if (this.#sendCommand(text)) {
        this.#history.add(text);
        command.value = '';
      }

      this.#terminal.scrollToEnd(); // whoever types wants to see the answer
    });

    command.addEventListener('keydown', (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return; // Alt+keys are the walking shortcuts below
      let replacement = null;
      switch (event.key) {
        case 'ArrowUp':
          replacement = this.#history.older(command.value);
          break;
        case 'ArrowDown':
          replacement = this.#history.newer();
          break;
        case 'Escape':
          replacement = '';
          this.#history.reset();
          break;
        case 'PageUp':
        case 'PageDown':
          event.preventDefault();
          this.#terminal.scrollBy(event.key === 'PageUp' ? -1 : 1);
          return;
        default:
          return;
      }

      event.preventDefault();
      if (replacement !== null) {
        command.value = replacement;
        command.setSelectionRange(replacement.length, replacement.length);
      }
    });

    // Walking with Alt+arrows and Alt+PageUp/PageDown works anywhere in the game, the command line included.
    this.#root.addEventListener('keydown', (event) => {
      const direction = event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey ? DIRECTION_KEYS[event.key] : null;
      if (!direction) return;
      event.preventDefault(); // Alt+Left/Right would otherwise go back and forward in the browser's history
      this.#sendCommand(direction);
    });

    exits.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-direction]');
      if (!button) return;
      this.#sendCommand(button.dataset.direction);
      command.focus(); // keep typing where you were
    });

    this.#ui.reconnectNow.addEventListener('click', () => {
      this.#connection.reconnectNow();
      command.focus();
    });
  }

  #wirePageLifecycle() {
    // Leaving the page closes the socket cleanly; coming back from the back/forward cache opens a new one.
    addEventListener('pagehide', () => this.#connection.stop('page closed'));
    addEventListener('pageshow', (event) => {
      if (event.persisted) this.#restart();
    });
    addEventListener('online', () => this.#connection.reconnectNow());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.#connection.ping();
    });
  }
}

function isAuto(ref) {
  return typeof ref === 'string' && ref.startsWith(AUTO_PREFIX);
}

/** data-socket is a path on this host ("/socket?character=…"); a full ws:// or wss:// URL is used as it is. */
function socketUrl(path) {
  if (/^wss?:\/\//i.test(path)) return path;
  return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + path;
}

// ---------------------------------------------------------------------------------------------------------------
// The page's structure

function buildPage(root, character) {
  const ui = {};
  const panel = (id, title, open, ...content) =>
    h('details', { class: 'panel', id, open }, h('summary', {}, h('h2', {}, title)), h('div', { class: 'panel-body' }, ...content));

  // On a narrow screen the panels sit below the log: only the room and vitals start open there.
  const wide = matchMedia('(min-width: 48rem)').matches;

  ui.state = h('p', { id: 'connection-state', class: 'connection-state', role: 'status', dataset: { state: 'connecting' } }, 'Connecting…');
  ui.reconnectNow = h('button', { type: 'button', id: 'reconnect-now', class: 'small', hidden: true }, 'Reconnect now');
  ui.terminal = h('div', {
    id: 'terminal',
    class: 'terminal',
    role: 'log',
    'aria-live': 'polite',
    'aria-labelledby': 'log-heading',
    tabindex: 0, // scrollable with the keyboard
  });
  ui.jump = h('button', { type: 'button', id: 'scroll-latest', class: 'scroll-latest small', hidden: true }, 'New text below ↓');
  ui.actions = h('div', { id: 'session-actions', class: 'session-actions', hidden: true });
  ui.command = h('input', {
    id: 'command',
    name: 'command',
    type: 'text',
    autocomplete: 'off',
    autocapitalize: 'off',
    autocorrect: 'off',
    spellcheck: 'false',
    enterkeyhint: 'send',
    maxlength: MAX_COMMAND_LENGTH,
    'aria-describedby': 'shortcuts',
    'aria-keyshortcuts': 'Alt+ArrowUp Alt+ArrowDown Alt+ArrowLeft Alt+ArrowRight Alt+PageUp Alt+PageDown',
  });
  ui.form = h(
    'form',
    { id: 'command-form', class: 'command-line', autocomplete: 'off' },
    h('label', { for: 'command', class: 'prompt' }, h('span', { 'aria-hidden': 'true' }, '>'), h('span', { class: 'visually-hidden' }, 'Command')),
    ui.command,
    h('button', { type: 'submit', class: 'primary' }, 'Send'),
  );
  const key = (k) => h('kbd', {}, k);
  const shortcuts = h(
    'p',
    { id: 'shortcuts', class: 'shortcuts' },
    key('Enter'), ' sends · ', key('↑'), ' ', key('↓'), ' earlier commands · ', key('Esc'), ' clears · ',
    key('Alt'), '+', key('↑'), key('↓'), key('←'), key('→'), ' walk north, south, west, east · ',
    key('Alt'), '+', key('PgUp'), ' ', key('PgDn'), ' climb up, down · ', key('PgUp'), ' ', key('PgDn'), ' scroll the log',
  );

  ui.roomName = h('h3', { id: 'room-name', class: 'room-name' });
  ui.roomDescription = h('p', { id: 'room-description', class: 'room-description' });
  ui.exits = h('div', { id: 'exits', class: 'exits', role: 'group', 'aria-labelledby': 'exits-heading', dataset: { empty: 'No way out.' } });
  ui.roomCharacters = h('ul', { id: 'room-characters', class: 'names', 'aria-labelledby': 'room-characters-heading', dataset: { empty: 'Nobody else.' } });
  ui.roomItems = h('ul', { id: 'room-items', class: 'items', 'aria-labelledby': 'room-items-heading', dataset: { empty: 'Nothing.' } });
  ui.minimap = s('svg', { id: 'minimap', class: 'minimap', role: 'img', viewBox: '0 0 10 10', preserveAspectRatio: 'xMidYMid meet' }, s('title', { text: 'Map' }));
  ui.mapCaption = h('p', { id: 'map-caption', class: 'map-caption' });
  ui.vitals = h('dl', { id: 'vitals', class: 'vitals' });
  ui.inventory = h('ul', { id: 'inventory', class: 'items', 'aria-labelledby': 'inventory-heading', dataset: { empty: 'Your hands are empty.' } });
  ui.who = h('ul', { id: 'who', class: 'names', 'aria-labelledby': 'who-heading', dataset: { empty: 'Nobody yet.' } });

  const title = character ? `Playing ${character}` : 'Playing';
  root.classList.add('play');
  root.dataset.connection = 'connecting';
  root.replaceChildren(
    h(
      'header',
      { class: 'play-header' },
      // The page usually has its own (visually hidden) h1; then this visible title is not read a second time.
      document.querySelector('h1')
        ? h('p', { class: 'play-title', 'aria-hidden': 'true' }, title)
        : h('h1', { class: 'play-title' }, title),
      ui.state,
      ui.reconnectNow,
    ),
    h(
      'div',
      { class: 'play-layout' },
      h(
        'section',
        { class: 'play-console', 'aria-labelledby': 'log-heading' },
        h('h2', { id: 'log-heading', class: 'visually-hidden' }, 'Game log'),
        ui.terminal,
        ui.jump,
        ui.actions,
        ui.form,
        shortcuts,
      ),
      h(
        'div',
        { class: 'play-panels' },
        panel(
          'room-panel',
          'Where you are',
          true,
          ui.roomName,
          ui.roomDescription,
          h('h4', { id: 'exits-heading' }, 'Exits'),
          ui.exits,
          h('h4', { id: 'room-characters-heading' }, 'Also here'),
          ui.roomCharacters,
          h('h4', { id: 'room-items-heading' }, 'On the ground'),
          ui.roomItems,
        ),
        panel('map-panel', 'Map', wide, ui.minimap, ui.mapCaption),
        panel('vitals-panel', 'Condition', true, ui.vitals),
        panel('inventory-panel', 'Carrying', wide, h('h3', { id: 'inventory-heading', class: 'visually-hidden' }, 'Items you carry'), ui.inventory),
        panel('who-panel', 'Online', wide, h('h3', { id: 'who-heading', class: 'visually-hidden' }, 'Players online'), ui.who),
      ),
    ),
  );
  return ui;
}

// ---------------------------------------------------------------------------------------------------------------

const root = document.getElementById('game');
if (root) {
  new PlayClient(root).start();
} else {
  console.error('play.js: no #game element on this page');
}
