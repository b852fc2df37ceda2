// Drives the buyer's `l402 mcp` (a stdio MCP server) with the official MCP
// TypeScript SDK (Client + StdioClientTransport, which spawns it) as an
// agent would, buying from a running l402d with the dev wallet, and prints
// what happened as one JSON line for tests/app/mcp_e2e_test.cpp to judge:
//   node buyer.mjs --l402 <l402 binary> --home <data dir> --url <vision URL> --image <jpeg>
// The caps are the person's, given on l402's command line: 50 sats a call,
// 25 a day; vision costs 10.

import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

function args() {
  const out = {};
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i += 2) out[a[i].replace(/^--/, "")] = a[i + 1];
  return out;
}

const opt = args();
const image = "data:image/jpeg;base64," + readFileSync(opt.image).toString("base64");
const vision = (prompt, extra = {}) => ({
  url: opt.url,
  json: { image, prompt, model: "Vision Chat" },
  ...extra,
});
const text = (result) => result.content.filter((c) => c.type === "text").map((c) => c.text).join("\n");
const summary = (r) => ({
  isError: r.isError ?? false,
  text: text(r),
  structured: r.structuredContent ?? null,
});

const transport = new StdioClientTransport({
  command: opt.l402,
  args: ["mcp", "--home", opt.home, "--wallet", "dev", "--max-sats", "50",
    "--daily-budget-sats", "25"],
  stderr: "pipe",
});
let stderr = "";
transport.stderr?.on("data", (chunk) => { stderr += chunk; });
const client = new Client({ name: "l402d-buyer-interop", version: "1.0.0" });
// A sanitizer build answers far slower than a release one.
const slow = { timeout: 300_000 };
const call = async (name, toolArgs) => summary(await client.callTool({ name, arguments: toolArgs }, undefined, slow));

const out = {};
try {
  await client.connect(transport);
  out.server = client.getServerVersion();
  out.instructions = client.getInstructions() ?? "";
  out.tools = (await client.listTools()).tools.map((t) => t.name);
  out.quote = await call("quote", vision("What colours are in this image?"));
  out.first = await call("fetch", vision("What colours are in this image?"));
  out.capped = await call("fetch", vision("Is it a cup?", { max_sats: 5 }));
  out.second = await call("fetch", vision("Is it a cup?"));
  out.over_daily = await call("fetch", vision("Is it coffee?"));
  out.budget = await call("budget", {});
  out.receipts = await call("receipts", {});
  out.credential_header = await call("fetch", { url: opt.url, headers: { Authorization: "L402 x:y" } });
  out.unknown = await client.callTool({ name: "pay_anything", arguments: {} }).then(
    (r) => ({ isError: r.isError ?? false }),
    (e) => ({ code: e.code ?? null, message: String(e.message) }),
  );
  await client.close();
  out.stderr = stderr;
  console.log(JSON.stringify(out));
} catch (e) {
  console.error(e?.stack ?? String(e));
  console.error(stderr);
  process.exit(1);
}
