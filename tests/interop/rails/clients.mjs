// Drives l402d with 402 clients nobody here wrote, one case per run, and
// prints what happened as one JSON line for the C++ test to judge:
//   node clients.mjs --case <name> --url <paid endpoint> --body <request file> --pay <dev pay URL>
// The wallet behind every client is the builtin node's /dev/pay (simulated
// payments), so the clients' own challenge parsing, credential building and
// retry logic are what is under test.

import { readFileSync } from "node:fs";
import { webcrypto } from "node:crypto";
import { fetch402, fetchWithL402, fetchWithMpp, fetchWithX402 } from "@getalby/lightning-tools/402";
import lsat from "lsat-js";
import * as MppChallenge from "./node_modules/mppx/dist/Challenge.js";
import * as MppCredential from "./node_modules/mppx/dist/Credential.js";
import * as MppReceipt from "./node_modules/mppx/dist/Receipt.js";

globalThis.crypto ??= webcrypto;

function args() {
  const out = {};
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i += 2) out[a[i].replace(/^--/, "")] = a[i + 1];
  return out;
}

const opt = args();
const body = readFileSync(opt.body, "utf8");
const request = () => ({ method: "POST", headers: { "content-type": "application/json" }, body });
const paid = [];

const wallet = {
  async payInvoice({ invoice }) {
    const r = await fetch(opt.pay, { method: "POST", body: JSON.stringify({ invoice }) });
    const j = await r.json();
    if (!r.ok) throw new Error(`dev pay: ${r.status} ${JSON.stringify(j)}`);
    paid.push(invoice);
    return { preimage: j.preimage };
  },
};

async function report(response, extra = {}) {
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {}
  const h = (name) => response.headers.get(name);
  console.log(
    JSON.stringify({
      status: response.status,
      body: json,
      payment_receipt: h("payment-receipt"),
      payment_response: h("payment-response"),
      paid: paid.length,
      credential_header: response.payment?.credentials?.header ?? null,
      ...extra,
    }),
  );
}

// The challenges of one unpaid request, as a browser-like fetch sees them
// (several WWW-Authenticate fields joined with ", ").
async function unpaid() {
  const r = await fetch(opt.url, request());
  return { r, www: r.headers.get("www-authenticate") ?? "" };
}

const cases = {
  "alby-fetch402": async () => report(await fetch402(opt.url, request(), { wallet })),
  "alby-l402": async () => report(await fetchWithL402(opt.url, request(), { wallet })),
  "alby-mpp": async () => report(await fetchWithMpp(opt.url, request(), { wallet })),
  "alby-x402": async () => report(await fetchWithX402(opt.url, request(), { wallet })),

  // Reuse: the credential a paid call returns, sent again for the same request.
  "alby-x402-reuse": async () => {
    const first = await fetchWithX402(opt.url, request(), { wallet });
    await first.text();
    const again = await fetchWithX402(opt.url, request(), {
      wallet,
      credentials: first.payment.credentials,
    });
    await report(again, { first_status: first.status });
  },

  // lsat-js: parse the challenge, pay, send its token (LSAT scheme).
  "lsat-js": async () => {
    const { www } = await unpaid();
    const token = lsat.Lsat.fromHeader(www);
    const { preimage } = await wallet.payInvoice({ invoice: token.invoice });
    token.setPreimage(preimage);
    const r = await fetch(opt.url, {
      ...request(),
      headers: { ...request().headers, authorization: token.toToken() },
    });
    await report(r, { lsat_payment_hash: token.paymentHash });
  },

  // lnget's published challenge pattern (l402/header.go), applied to the
  // joined header as Go's net/http hands it over.
  "lnget-pattern": async () => {
    const { r, www } = await unpaid();
    const m = /(LSAT|L402)\s+macaroon="([^"]+)",\s*invoice="([^"]+)"/i.exec(www);
    const json = await r.json();
    console.log(
      JSON.stringify({
        status: r.status,
        matched: !!m,
        macaroon_ok: !!m && m[2] === json.macaroon,
        invoice_ok: !!m && m[3] === json.invoice,
      }),
    );
  },

  // mppx (the reference MPP SDK): its parser reads our Payment challenge, its
  // serializer writes the credential, its parser reads our receipt. mppx has
  // no Lightning method, so paying is ours.
  mppx: async () => {
    const { r } = await unpaid();
    const challenges = MppChallenge.fromResponseList(r);
    const challenge = challenges.find((c) => c.method === "lightning" && c.intent === "charge");
    if (!challenge) throw new Error("mppx found no lightning charge challenge");
    const { preimage } = await wallet.payInvoice({ invoice: challenge.request.methodDetails.invoice });
    const credential = MppCredential.from({ challenge, payload: { preimage } });
    const paidResponse = await fetch(opt.url, {
      ...request(),
      headers: { ...request().headers, authorization: MppCredential.serialize(credential) },
    });
    const receipt = MppReceipt.fromResponse(paidResponse.clone());
    await report(paidResponse, { receipt });
  },

  // One invoice, two dialects: pay the invoice the L402 line names, redeem
  // with an MPP credential for the Payment challenge of the same 402.
  "cross-l402-pays-mpp-redeems": async () => {
    const { r } = await unpaid();
    const json = await r.clone().json();
    const challenge = MppChallenge.fromResponseList(r).find((c) => c.method === "lightning");
    const { preimage } = await wallet.payInvoice({ invoice: json.invoice });
    const credential = MppCredential.serialize(MppCredential.from({ challenge, payload: { preimage } }));
    const paidResponse = await fetch(opt.url, {
      ...request(),
      headers: { ...request().headers, authorization: credential },
    });
    await report(paidResponse, {
      same_invoice: challenge.request.methodDetails.invoice === json.invoice,
    });
  },

  // The reverse: pay the Payment challenge's invoice, redeem with L402.
  "cross-mpp-pays-l402-redeems": async () => {
    const { r } = await unpaid();
    const json = await r.clone().json();
    const challenge = MppChallenge.fromResponseList(r).find((c) => c.method === "lightning");
    const { preimage } = await wallet.payInvoice({ invoice: challenge.request.methodDetails.invoice });
    const paidResponse = await fetch(opt.url, {
      ...request(),
      headers: { ...request().headers, authorization: `L402 ${json.macaroon}:${preimage}` },
    });
    await report(paidResponse);
  },
};

const run = cases[opt.case];
if (!run) {
  console.error(`unknown case ${opt.case}`);
  process.exit(2);
}
run().catch((e) => {
  console.log(JSON.stringify({ error: String(e?.stack ?? e), paid: paid.length }));
  process.exit(1);
});
