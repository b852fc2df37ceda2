// Our glue between @getalby/sdk's NWCWalletService and lnsim's LNbits API:
// each NIP-47 request handler is one LNbits call, its answer turned into
// NIP-47's shapes (msat amounts, unix times, transaction states) and its
// failures into NIP-47 error codes. The NIP-47 protocol itself (decrypting
// requests, signing and encrypting responses) is the SDK's.

import { decodeInvoice } from "@getalby/lightning-tools/bolt11";
import WebSocket from "ws";

// A refusal for the client: NIP-47 error `code` with a message for a person.
export class WalletError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const kTimeoutMs = 10_000;

export class Lnbits {
  // `url`: lnsim.json's lnbits.url; `key`: the admin or the invoice key.
  constructor(url, key) {
    this.url = url;
    this.key = key;
  }

  // Resolves to { status, body } for any HTTP answer; a network failure is
  // INTERNAL. The key travels in a header, so no URL here holds a secret.
  async call(method, path, body) {
    let response;
    try {
      response = await fetch(this.url + path, {
        method,
        headers: { "X-Api-Key": this.key, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(kTimeoutMs),
      });
    } catch (error) {
      throw new WalletError("INTERNAL", `LNbits at ${this.url} is unreachable: ${reason(error)}`);
    }
    const text = await response.text();
    let parsed = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // LNbits answers JSON; anything else is reported by status below.
    }
    return { status: response.status, body: parsed };
  }

  async wallet() {
    const { status, body } = await this.call("GET", "/api/v1/wallet");
    if (status !== 200) throw unexpected("GET /api/v1/wallet", status, body);
    return body;
  }

  async makeInvoice({ amount, description, description_hash, expiry }) {
    if (!Number.isSafeInteger(amount) || amount <= 0) {
      throw new WalletError("OTHER", "amount must be a positive whole number of millisatoshis");
    }
    if (amount % 1000 !== 0) {
      throw new WalletError(
        "OTHER",
        `LNbits makes invoices for whole satoshis only; ${amount} msat is not a multiple of 1000`,
      );
    }
    const request = { out: false, amount: amount / 1000, memo: description ?? "" };
    if (description_hash) request.description_hash = description_hash;
    if (expiry) request.expiry = expiry;
    const { status, body } = await this.call("POST", "/api/v1/payments", request);
    if (status !== 201) {
      throw new WalletError("INTERNAL", `LNbits could not make the invoice: ${detail(status, body)}`);
    }
    const tx = transaction(body);
    if (description_hash) tx.description_hash = description_hash;
    return tx;
  }

  async payInvoice({ invoice }) {
    const { status, body } = await this.call("POST", "/api/v1/payments", {
      out: true,
      bolt11: invoice,
    });
    if (status === 201) return { preimage: body.preimage, fees_paid: Math.abs(body.fee ?? 0) };
    const text = detail(status, body);
    if (/insufficient balance|reserve at least/i.test(text)) {
      throw new WalletError("INSUFFICIENT_BALANCE", text);
    }
    // Not a payment that failed: one LNbits would not try.
    if (status === 400 || /decoding failed|amountless/i.test(text)) {
      throw new WalletError("OTHER", text);
    }
    if (status === 520) throw new WalletError("PAYMENT_FAILED", text);
    throw new WalletError("INTERNAL", `LNbits could not pay: ${text}`);
  }

  async lookupInvoice({ payment_hash, invoice }) {
    let hash = payment_hash;
    if (!hash && invoice) {
      const decoded = decodeInvoice(invoice);
      if (!decoded) throw new WalletError("OTHER", "invoice is not a BOLT11 invoice");
      hash = decoded.paymentHash;
    }
    if (!hash || !/^[0-9a-f]{64}$/i.test(hash)) {
      throw new WalletError("OTHER", "lookup_invoice needs a payment_hash (64 hex) or an invoice");
    }
    const { status, body } = await this.call("GET", `/api/v1/payments/${hash.toLowerCase()}`);
    if (status === 404) throw new WalletError("NOT_FOUND", "no such invoice or payment");
    if (status !== 200 || !body?.details) throw unexpected("GET /api/v1/payments/…", status, body);
    const tx = transaction(body.details);
    if (tx.state === "settled" && body.preimage) tx.preimage = body.preimage;
    return tx;
  }

  // Calls `onPayment(payment)` for every payment LNbits pushes on its wallet
  // WebSocket, reconnecting after a second whenever it drops. Resolves once
  // the first connection is open; returns { close }.
  watchPayments(onPayment, log) {
    const url = `${this.url.replace(/^http/, "ws")}/api/v1/ws/${this.key}`;
    let socket;
    let closed = false;
    let first = true;
    return new Promise((resolve, reject) => {
      const open = () => {
        socket = new WebSocket(url);
        socket.on("open", () => {
          if (first) resolve({ close });
          else log("LNbits payment stream reconnected");
          first = false;
        });
        socket.on("message", (data) => {
          try {
            const message = JSON.parse(String(data));
            if (message.payment) onPayment(message.payment);
          } catch (error) {
            log(`unreadable LNbits payment message: ${reason(error)}`);
          }
        });
        // The URL holds the key: report only why, never where.
        socket.on("error", (error) => {
          if (first) reject(new Error(`LNbits payment stream: ${reason(error)}`));
        });
        socket.on("close", () => {
          if (!closed && !first) setTimeout(open, 1000);
        });
      };
      const close = () => {
        closed = true;
        socket?.terminate();
      };
      open();
    });
  }
}

// LNbits' Payment (amount and fee in msat, negative when outgoing; status
// pending/success/failed; ISO times) as a NIP-47 transaction. The preimage of
// an unpaid invoice stays with the wallet.
export function transaction(p) {
  const incoming = p.amount > 0;
  const state =
    p.status === "success"
      ? "settled"
      : p.status === "pending"
        ? "pending"
        : incoming
          ? "expired" // LNbits marks an incoming invoice failed when it expires
          : "failed";
  const tx = {
    type: incoming ? "incoming" : "outgoing",
    state,
    invoice: p.bolt11 ?? p.payment_request,
    description: p.memo ?? "",
    payment_hash: p.payment_hash,
    amount: Math.abs(p.amount),
    fees_paid: Math.abs(p.fee ?? 0),
    created_at: unix(p.created_at ?? p.time),
  };
  const expires = unix(p.expiry);
  if (expires > 0) tx.expires_at = expires;
  if (state === "settled") {
    tx.settled_at = unix(p.updated_at) || tx.created_at;
    if (p.preimage) tx.preimage = p.preimage;
  }
  return tx;
}

function unix(iso) {
  const ms = Date.parse(iso ?? "");
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

function detail(status, body) {
  const d = body?.detail;
  if (typeof d === "string") return d;
  if (d !== undefined) return JSON.stringify(d);
  return `HTTP ${status}`;
}

function unexpected(what, status, body) {
  return new WalletError("INTERNAL", `LNbits ${what} answered ${status}: ${detail(status, body)}`);
}

function reason(error) {
  return error?.cause?.code ?? error?.cause?.message ?? error?.code ?? error?.message ?? String(error);
}
