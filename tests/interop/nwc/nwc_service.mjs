#!/usr/bin/env node
// A stand-in NWC (NIP-47) wallet service for l402d's tests, made of npm code:
// a relay from @nostr-relay/core and @getalby/sdk's NWCWalletService, backed
// by lnsim's LNbits API. Two connections, fresh keys each run:
//   seller: get_info, make_invoice, lookup_invoice + payment_received
//           notifications (LNbits invoice key and its payment WebSocket)
//   buyer:  get_info, get_balance, pay_invoice, lookup_invoice (admin key)
//
//   node nwc_service.mjs --lnsim DIR/lnsim.json --out FILE [--host 127.0.0.1]
//
// Once everything listens it writes FILE (0600, temp + rename):
//   {"relay": "ws://…", "seller": "nostr+walletconnect://…", "buyer": "…", "pid": N}
// The connection URIs hold their client secrets: they go only to FILE.
// SIGTERM or SIGINT stops it with status 0.

import "./node_globals.mjs";

import { NWCWalletService, NWCWalletServiceKeyPair } from "@getalby/sdk/nwc";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { generateSecretKey, getPublicKey } from "nostr-tools/pure";

import { Lnbits, WalletError, transaction } from "./lnbits.mjs";
import { startRelay } from "./relay.mjs";

const hex = (bytes) => Buffer.from(bytes).toString("hex");
const log = (message) => process.stderr.write(`nwc_service: ${message}\n`);

function fail(message) {
  log(message);
  process.exit(1);
}

const SELLER_METHODS = ["get_info", "make_invoice", "lookup_invoice"];
const BUYER_METHODS = ["get_info", "get_balance", "pay_invoice", "lookup_invoice"];
const NOTIFICATION_KINDS = [
  [23197, "nip44_v2"],
  [23196, "nip04"], // the legacy kind, for clients that speak only NIP-04
];

function readJson(file, what) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    fail(`cannot read ${what} ${file}: ${error.message}`);
  }
}

// The handler object NWCWalletService calls: each method resolves to
// {result, error} as the SDK expects, our WalletError becoming NIP-47's error.
function handler(implementations) {
  const wrap = (fn) => async (params) => {
    try {
      return { result: await fn(params ?? {}), error: null };
    } catch (error) {
      const code = error instanceof WalletError ? error.code : "INTERNAL";
      if (!(error instanceof WalletError)) log(`request failed: ${error.message}`);
      return { result: null, error: { code, message: error.message } };
    }
  };
  const served = {};
  for (const [name, fn] of Object.entries(implementations)) served[name] = wrap(fn);
  return served;
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      lnsim: { type: "string" },
      out: { type: "string" },
      host: { type: "string", default: "127.0.0.1" },
    },
  });
  if (!args.lnsim || !args.out) fail("usage: nwc_service.mjs --lnsim DIR/lnsim.json --out FILE [--host 127.0.0.1]");
  fs.rmSync(args.out, { force: true }); // a stale file would announce a dead relay

  const lnsim = readJson(args.lnsim, "lnsim's");
  const keys = readJson(lnsim.lnbits.keys, "LNbits keys");
  const seller = new Lnbits(lnsim.lnbits.url, keys.invoice_key);
  const buyer = new Lnbits(lnsim.lnbits.url, keys.admin_key);
  try {
    await seller.wallet();
  } catch (error) {
    fail(`lnsim is unreachable: ${error.message}`);
  }

  const relay = await startRelay(args.host);
  const service = new NWCWalletService({ relayUrls: [relay.url] });

  const info = (methods, notifications) => async () => ({
    alias: lnsim.lnbits.alias,
    color: "#000000",
    pubkey: lnsim.lnbits.node_id,
    network: lnsim.network,
    methods,
    notifications,
  });

  // One connection: a wallet key of its own (as Alby Hub gives each app), the
  // client's key, the SDK's subscription answering requests, its info event.
  async function connect(methods, notifications, implementations) {
    const walletSecret = hex(generateSecretKey());
    const clientSecret = generateSecretKey();
    const keypair = new NWCWalletServiceKeyPair(walletSecret, getPublicKey(clientSecret));
    const capabilities = notifications.length ? [...methods, "notifications"] : methods;
    await service.publishWalletServiceInfoEvent(walletSecret, capabilities, notifications);
    const unsubscribe = await service.subscribe(
      keypair,
      handler({ getInfo: info(methods, notifications), ...implementations }),
    );
    const uri =
      `nostr+walletconnect://${keypair.walletPubkey}` +
      `?relay=${encodeURIComponent(relay.url)}&secret=${hex(clientSecret)}`;
    return { keypair, uri, unsubscribe };
  }

  const sellerConnection = await connect(SELLER_METHODS, ["payment_received"], {
    makeInvoice: (p) => seller.makeInvoice(p),
    lookupInvoice: (p) => seller.lookupInvoice(p),
  });
  const buyerConnection = await connect(BUYER_METHODS, [], {
    getBalance: async () => ({ balance: (await buyer.wallet()).balance }),
    payInvoice: (p) => buyer.payInvoice(p),
    lookupInvoice: (p) => buyer.lookupInvoice(p),
  });

  // The SDK's wallet service answers requests but sends no notifications:
  // these are built here, encrypted and signed with the SDK's own helpers.
  async function notify(keypair, type, tx) {
    const content = JSON.stringify({ notification_type: type, notification: tx });
    for (const [kind, encryption] of NOTIFICATION_KINDS) {
      const event = await service.signEvent(
        {
          kind,
          created_at: Math.floor(Date.now() / 1000),
          tags: [["p", keypair.clientPubkey]],
          content: await service.encrypt(keypair, content, encryption),
        },
        keypair.walletSecret,
      );
      await Promise.any(service.pool.publish(service.relayUrls, event));
    }
  }

  let payments;
  try {
    payments = await seller.watchPayments((payment) => {
      if (!(payment.amount > 0) || payment.status !== "success") return; // only money in
      notify(sellerConnection.keypair, "payment_received", transaction(payment)).catch((error) =>
        log(`could not publish payment_received: ${error.message ?? error}`),
      );
    }, log);
  } catch (error) {
    fail(`lnsim is unreachable: ${error.message}`);
  }

  // Before the out file exists: whoever reads it may signal at once.
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    setTimeout(() => process.exit(0), 2000).unref(); // never hang on a socket
    payments.close();
    sellerConnection.unsubscribe();
    buyerConnection.unsubscribe();
    service.close();
    await relay.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  const out = {
    relay: relay.url,
    seller: sellerConnection.uri,
    buyer: buyerConnection.uri,
    pid: process.pid,
  };
  const tmp = path.join(path.dirname(args.out), `.${path.basename(args.out)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, "w", 0o600);
  fs.writeSync(fd, JSON.stringify(out, null, 2) + "\n");
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, args.out);
  log(
    `relay ${relay.url}; seller wallet ${sellerConnection.keypair.walletPubkey}, ` +
      `buyer wallet ${buyerConnection.keypair.walletPubkey}`,
  );
}

main().catch((error) => fail(`failed: ${error.stack ?? error}`));
