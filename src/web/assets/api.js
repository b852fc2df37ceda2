// The l402d HTTP API as the page uses it. Every error the server sends is
// {"error": {"code", "message"}}; ApiError carries both, and the page shows
// the message as the server wrote it.

import { readEventStream } from './sse.js';

export class ApiError extends Error {
  constructor(code, message, status = 0) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

async function errorOf(response) {
  try {
    const body = await response.json();
    if (body?.error?.message) return new ApiError(body.error.code, body.error.message, response.status);
  } catch {
    // Not JSON: a proxy's page, say.
  }
  return new ApiError('http_' + response.status, `The server answered ${response.status}.`, response.status);
}

async function postJson(path, body, init = {}) {
  return fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(init.headers ?? {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: init.signal,
  });
}

// The catalogue, the request schemas, and whether payments are simulated.
export async function loadCatalogue() {
  const [wellKnown, openapi] = await Promise.all(
    ['/.well-known/l402-services', '/api/openapi.json'].map(async (path) => {
      const r = await fetch(path);
      if (!r.ok) throw await errorOf(r);
      return r.json();
    }),
  );
  const services = [];
  for (const s of wellKnown.services) {
    // The endpoint is absolute (the public URL); the page talks to its own origin.
    const path = new URL(s.endpoint, location.href).pathname;
    const op = openapi.paths?.[path]?.post;
    const schema = op?.requestBody?.content?.['application/json']?.schema;
    if (s.method !== 'POST' || !schema) continue;  // proxied APIs have no form
    services.push({ name: s.name, description: s.description, path, price: s.price_sats, schema });
  }
  return { services, devPayments: wellKnown.development_payments === true };
}

// The price of this exact request; null when the request is not valid yet.
export async function quote(path, body) {
  const r = await postJson('/api/quote', { method: 'POST', path, body });
  if (!r.ok) return null;
  return (await r.json()).price_sats;
}

// The first request: 400 with the API's message (no invoice made), or the
// challenge {macaroon, invoice, price_sats, expires_at, payment_hash}.
export async function requestChallenge(path, body) {
  const r = await postJson(path, body, { headers: { Accept: 'application/json' } });
  if (r.status !== 402) {
    if (r.ok) throw new ApiError('not_paid', 'This request is free; nothing to pay.', r.status);
    throw await errorOf(r);
  }
  const c = await r.json();
  if (!c.macaroon || !c.invoice) throw new ApiError('challenge_unreadable', 'The 402 had no invoice.', 402);
  return {
    macaroon: c.macaroon,
    invoice: c.invoice,
    price: c.price_sats,
    expiresAt: c.expires_at,
    paymentHash: c.payment_hash,
  };
}

// Long-polls the settlement endpoint until the invoice is paid: the
// Authorization value. Throws ApiError (expired, unknown) or AbortError.
export async function waitForSettlement(macaroon, signal) {
  for (;;) {
    const r = await postJson('/l402/settlement', { macaroon, wait_seconds: 25 }, { signal });
    if (r.status === 200) return (await r.json()).authorization;
    if (r.status === 202) continue;
    const e = await errorOf(r);
    if (r.status !== 503) throw e;
    await new Promise((ok) => setTimeout(ok, 2000));  // busy: ask again shortly
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
  }
}

// The builtin development node's simulated payment: the preimage.
export async function devPay(invoice) {
  const r = await postJson('/dev/pay', { invoice });
  if (!r.ok) throw await errorOf(r);
  return (await r.json()).preimage;
}

// The paid request, with the body byte for byte as first sent. Answers may
// come as JSON or as server-sent events (delta pieces, then the result);
// onDelta gets the text so far. Returns the result object.
export async function paidRequest(path, body, authorization, onDelta = () => {}) {
  for (;;) {
    const r = await postJson(path, body, {
      headers: { Authorization: authorization, Accept: 'text/event-stream, application/json' },
    });
    if (r.status === 409) {
      // token_busy: the paid job is still running (a reload mid-job).
      await new Promise((ok) => setTimeout(ok, 1500));
      continue;
    }
    if (!r.ok) throw await errorOf(r);
    const type = r.headers.get('Content-Type') ?? '';
    if (!type.startsWith('text/event-stream')) return r.json();
    return readResultStream(r.body, onDelta);
  }
}

export async function readResultStream(stream, onDelta) {
  let text = '';
  for await (const { event, data } of readEventStream(stream)) {
    if (event === 'delta') {
      text += JSON.parse(data).text ?? '';
      onDelta(text);
    } else if (event === 'result') {
      return JSON.parse(data);
    } else if (event === 'error') {
      const e = JSON.parse(data).error ?? {};
      throw new ApiError(e.code ?? 'stream_error', e.message ?? 'The answer failed.');
    }
  }
  throw new ApiError('stream_incomplete', 'The answer stopped before its end. Reload to ask again.');
}
