// Drives l402d's POST /mcp with the official MCP TypeScript SDK
// (@modelcontextprotocol/sdk: Client + StreamableHTTPClientTransport) as an
// agent would, and prints what happened as one JSON line for the C++ test
// (tests/app/mcp_e2e_test.cpp) to judge:
//   node client.mjs --url <http://host:port/mcp> --pay <dev pay URL> --image <jpeg file>
// The wallet is the builtin node's /dev/pay (simulated payments); the MCP
// client, its transport, session handling and result parsing are the SDK's.

import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

function args() {
  const out = {};
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i += 2) out[a[i].replace(/^--/, "")] = a[i + 1];
  return out;
}

const opt = args();
const image = "data:image/jpeg;base64," + readFileSync(opt.image).toString("base64");
const visionArgs = { image, prompt: "What colours are in this image?", model: "Vision Chat" };
const songArgs = {
  prompt: "calm acoustic folk",
  lyrics: "[Verse]\nRiver runs slow under evening light",
  model: "Music Generation",
};

const preimages = [];

async function pay(invoice) {
  const r = await fetch(opt.pay, { method: "POST", body: JSON.stringify({ invoice }) });
  const j = await r.json();
  if (!r.ok) throw new Error(`dev pay: ${r.status} ${JSON.stringify(j)}`);
  preimages.push(j.preimage);
  return j.preimage;
}

const text = (result) => result.content.filter((c) => c.type === "text").map((c) => c.text).join("\n");

// Unpaid call -> the payment request; pay it; the same call with `payment`.
async function buy(client, name, toolArgs) {
  const unpaid = await client.callTool({ name, arguments: toolArgs });
  const request = unpaid.structuredContent ?? {};
  const preimage = await pay(request.invoice);
  const payment = { macaroon: request.macaroon, preimage };
  const paid = await client.callTool({ name, arguments: { ...toolArgs, payment } });
  return { unpaid, paid, payment };
}

async function untilDone(client, jobId, payment) {
  // Seconds in a release build; a sanitizer build composes far slower.
  const giveUp = Date.now() + 240_000;
  let polls = 0;
  for (;;) {
    const r = await client.callTool({ name: "check_job", arguments: { job_id: jobId, payment } });
    polls++;
    if (r.isError || r.structuredContent?.audioUrl || Date.now() > giveUp) return { r, polls };
    await new Promise((done) => setTimeout(done, 300));
  }
}

// x402's MCP transport: the offer from structuredContent, the invoice paid,
// the PaymentPayload (offer echoed as `accepted`, payload.preimage) in
// _meta["x402/payment"].
async function buyWithX402(client) {
  const toolArgs = { ...visionArgs, prompt: "Is there a cup in this image?" };
  const offer = (await client.callTool({ name: "vision", arguments: toolArgs })).structuredContent;
  const accepted = offer.accepts[0];
  const preimage = await pay(accepted.extra.invoice);
  const payload = { x402Version: 2, resource: offer.resource, accepted, payload: { preimage } };
  const paid = await client.callTool({ name: "vision", arguments: toolArgs, _meta: { "x402/payment": payload } });
  return { isError: paid.isError ?? false, text: text(paid), response: paid._meta?.["x402/payment-response"] ?? null };
}

// The MPP draft's MCP transport, for a client that advertises
// experimental.payment: JSON-RPC error -32042 with the challenges, the
// credential in _meta["org.paymentauth/credential"], the receipt in _meta.
async function buyWithMpp() {
  const transport = new StreamableHTTPClientTransport(new URL(opt.url));
  const client = new Client(
    { name: "l402d-mcp-e2e-mpp", version: "1.0.0" },
    { capabilities: { experimental: { payment: { methods: { lightning: { intents: ["charge"] } } } } } },
  );
  await client.connect(transport);
  const toolArgs = { ...visionArgs, prompt: "Is there a table in this image?" };
  let error = null;
  try {
    await client.callTool({ name: "vision", arguments: toolArgs });
  } catch (e) {
    error = e;
  }
  const out = { code: error?.code ?? null };
  const challenge = error?.data?.challenges?.[0];
  if (challenge) {
    const preimage = await pay(challenge.request.methodDetails.invoice);
    const credential = { challenge, payload: { preimage } };
    const paid = await client.callTool({ name: "vision", arguments: toolArgs, _meta: { "org.paymentauth/credential": credential } });
    Object.assign(out, { isError: paid.isError ?? false, text: text(paid), receipt: paid._meta?.["org.paymentauth/receipt"] ?? null });
  }
  await client.close();
  return out;
}

async function main() {
  const transport = new StreamableHTTPClientTransport(new URL(opt.url));
  const client = new Client({ name: "l402d-mcp-e2e", version: "1.0.0" });
  await client.connect(transport);
  const out = { session_id: transport.sessionId ?? null, server: client.getServerVersion() };
  out.protocol_version = transport.protocolVersion ?? null;
  out.instructions = client.getInstructions() ?? "";
  await client.ping();

  const { tools } = await client.listTools();
  out.tools = tools.map((t) => ({
    name: t.name,
    description: t.description,
    properties: Object.keys(t.inputSchema.properties ?? {}),
    required: t.inputSchema.required ?? [],
    read_only: t.annotations?.readOnlyHint ?? null,
  }));

  const vision = await buy(client, "vision", visionArgs);
  out.vision_unpaid = { isError: vision.unpaid.isError ?? false, structured: vision.unpaid.structuredContent, text: text(vision.unpaid) };
  out.vision_paid = { isError: vision.paid.isError ?? false, structured: vision.paid.structuredContent, text: text(vision.paid) };

  const bad = await client.callTool({ name: "vision", arguments: { ...visionArgs, model: "No such model" } });
  out.vision_bad = { isError: bad.isError ?? false, structured: bad.structuredContent ?? null, text: text(bad) };

  out.x402 = await buyWithX402(client);
  out.mpp = await buyWithMpp();

  const song = await buy(client, "music", songArgs);
  out.music_paid = { isError: song.paid.isError ?? false, structured: song.paid.structuredContent, text: text(song.paid) };
  const done = await untilDone(client, song.paid.structuredContent?.job_id, song.payment);
  out.music_done = { isError: done.r.isError ?? false, structured: done.r.structuredContent, content: done.r.content, polls: done.polls };

  const quote = await client.callTool({ name: "quote", arguments: { tool: "vision", arguments: visionArgs } });
  out.quote = { isError: quote.isError ?? false, structured: quote.structuredContent };
  const services = await client.callTool({ name: "list_services", arguments: {} });
  out.list_services = { isError: services.isError ?? false, names: (services.structuredContent?.services ?? []).map((s) => s.name) };

  try {
    await client.callTool({ name: "no_such_tool", arguments: {} });
    out.unknown_tool = null;
  } catch (e) {
    out.unknown_tool = { code: e.code ?? null, message: String(e.message) };
  }
  await transport.terminateSession();
  out.terminated = transport.sessionId === undefined;
  out.preimages = preimages;
  await client.close();
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e?.stack ?? String(e));
  process.exit(1);
});
