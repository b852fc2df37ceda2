// nostr-tools (bundled in @getalby/sdk) takes the browser's WebSocket and the
// Web Crypto API from globalThis. Node has WebSocket only from 22 and
// globalThis.crypto only from 19, and Debian 12 ships Node 18; imported
// before the SDK so that its module setup sees them.

import { webcrypto } from "node:crypto";
import WebSocket from "ws";

globalThis.WebSocket ??= WebSocket;
globalThis.crypto ??= webcrypto;
