// The Nostr relay: @nostr-relay/core's NostrRelay (NIP-01 message handling,
// id and signature checks, subscriptions, ephemeral and replaceable events)
// behind a `ws` WebSocket server, with messages checked by
// @nostr-relay/validator first, as the package's README wires them. Ours is
// only that wiring and the in-memory event store the relay needs.

import { EventRepository, EventType, EventUtils, LogLevel } from "@nostr-relay/common";
import { NostrRelay } from "@nostr-relay/core";
import { Validator } from "@nostr-relay/validator";
import { WebSocketServer } from "ws";

// The relay's storage (its EventRepository interface), kept in memory: an NWC
// run stores only the wallets' info events (kind 13194, replaceable); requests,
// responses and notifications are ephemeral and never reach it.
class MemoryEventRepository extends EventRepository {
  #events = new Map(); // id -> event

  isSearchSupported() {
    return false;
  }

  upsert(event) {
    if (this.#events.has(event.id)) return { isDuplicate: true };
    const type = EventUtils.getType(event.kind);
    if (type === EventType.REPLACEABLE || type === EventType.PARAMETERIZED_REPLACEABLE) {
      const d = EventUtils.extractDTagValue(event);
      for (const old of this.#events.values()) {
        if (old.kind !== event.kind || old.pubkey !== event.pubkey) continue;
        if (type === EventType.PARAMETERIZED_REPLACEABLE && EventUtils.extractDTagValue(old) !== d) {
          continue;
        }
        // NIP-01: the newest wins; on a tie, the lowest id.
        const older =
          old.created_at < event.created_at ||
          (old.created_at === event.created_at && event.id < old.id);
        if (!older) return { isDuplicate: true };
        this.#events.delete(old.id);
      }
    }
    this.#events.set(event.id, event);
    return { isDuplicate: false };
  }

  // EventUtils.isMatchingFilter checks ids, authors, kinds and times but not
  // tag queries (#p, #e, ...), which every repository does itself.
  find(filter) {
    const found = [...this.#events.values()]
      .filter((event) => EventUtils.isMatchingFilter(event, filter) && matchesTags(event, filter))
      .sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? -1 : 1));
    return filter.limit === undefined ? found : found.slice(0, filter.limit);
  }

  async destroy() {
    this.#events.clear();
  }
}

function matchesTags(event, filter) {
  return Object.entries(filter).every(([key, values]) => {
    if (key.length !== 2 || key[0] !== "#") return true;
    return event.tags.some((tag) => tag[0] === key[1] && values.includes(tag[1]));
  });
}

// Listens on an ephemeral port of `host`; resolves to { url, close }.
export async function startRelay(host) {
  const relay = new NostrRelay(new MemoryEventRepository(), {
    logLevel: LogLevel.WARN,
    // A REQ must see an info event published a moment before it.
    filterResultCacheTtl: 0,
  });
  const validator = new Validator();
  const server = new WebSocketServer({ host, port: 0 });
  server.on("connection", (ws, request) => {
    relay.handleConnection(ws, request.socket.remoteAddress);
    ws.on("message", async (data) => {
      let message;
      try {
        message = await validator.validateIncomingMessage(data);
      } catch (error) {
        ws.send(JSON.stringify(["NOTICE", String(error.message ?? error)]));
        return;
      }
      await relay.handleMessage(ws, message);
    });
    ws.on("close", () => relay.handleDisconnect(ws));
    ws.on("error", () => relay.handleDisconnect(ws));
  });
  await new Promise((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address();
  const url = `ws://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    url,
    close: async () => {
      for (const ws of server.clients) ws.terminate();
      await new Promise((resolve) => server.close(resolve));
      await relay.destroy();
    },
  };
}
