// The web page in a real browser (Debian's Chromium driven by playwright-core,
// no browser download) against a running l402d with the builtin development
// node. Started by tests/web/browser_e2e_test.cpp, which owns the server:
//
//   node page_test.mjs --url http://127.0.0.1:PORT --image tests/data/vision/coffee.jpg \
//        --screenshots DIR
//
// Each step prints one line; the first failure ends the run with exit 1.
// A screenshot of each step is saved in DIR for a person to look at.

import assert from 'node:assert/strict';
import { parseArgs } from 'node:util';
import { openChromium, pageErrorWatcher, runSteps, screenshotter } from './harness.mjs';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    image: { type: 'string' },
    screenshots: { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
const base = args.url;

const LYRICS = '[Verse]\nWalking on the beach today\n[Chorus]\nSun is shining bright';
const STEP_TIMEOUT = 30_000;
// A song takes seconds in Release but minutes under ASan on a busy machine.
const SONG_TIMEOUT = 240_000;

// A browser that hangs must not hold CTest for its ten-minute limit.
setTimeout(() => {
  console.log('FAIL the whole run took over 9 minutes');
  process.exit(1);
}, 540_000).unref();

const { context, close } = await openChromium(args.chromium, { width: 1000, height: 900 }, STEP_TIMEOUT);

// Anything the page logs as an error (a CSP refusal, an exception, a missing
// file) fails the run; 400, 402 and the staged 503 are the API at work.
const { errors: pageErrors, watch } = pageErrorWatcher(/^Failed to load resource: the server responded with a status of (40[02]|503) /);

const screenshot = screenshotter(args.screenshots);

async function metric(series) {
  const text = await (await fetch(`${base}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(series)) sum += Number(line.split(' ').pop());
  return sum;
}

async function open(page) {
  await page.goto(`${base}/`);
  await page.locator('#order').waitFor({ state: 'visible' });
}

async function fillMusic(page, prompt = 'upbeat pop song about summer vibes') {
  await page.getByLabel('Music', { exact: true }).check();
  await page.getByLabel(/^Prompt/).fill(prompt);
  await page.getByLabel('Lyrics', { exact: true }).fill(LYRICS);
}

async function fillVision(page, prompt) {
  await page.getByLabel('Vision', { exact: true }).check();
  await page.locator('#f-image').setInputFiles(args.image);
  await page.locator('#preview').waitFor({ state: 'visible' });
  await page.getByLabel(/^Prompt/).fill(prompt);
}

async function getInvoice(page) {
  await page.getByRole('button', { name: 'Get the invoice' }).click();
  await page.locator('#payment').waitFor({ state: 'visible' });
  const invoice = await page.locator('#invoice').inputValue();
  assert.match(invoice, /^lnbcrt/, 'the invoice is shown');
  // The QR code is the server's SVG of this invoice, and it loaded.
  const qr = page.locator('#qr');
  assert.equal(await qr.getAttribute('src'), `/qr.svg?text=${encodeURIComponent(invoice)}`);
  await page.waitForFunction(() => document.getElementById('qr').naturalWidth > 0);
  return invoice;
}

async function answerText(page) {
  await page.locator('#answer').waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.getElementById('status').textContent.includes('ready'));
  return page.locator('#answer').textContent();
}

const steps = [];
function step(name, fn) { steps.push([name, fn]); }

step('music end to end with the simulated payment', async () => {
  const page = watch(await context.newPage());
  await open(page);
  await fillMusic(page);
  await page.locator('#price').filter({ hasText: /\d+ sats/ }).waitFor();
  const price = await page.locator('#price').textContent();
  const listed = (await (await fetch(`${base}/.well-known/l402-services`)).json())
    .services.find((s) => s.name === 'music').price_sats;
  assert.equal(price, `${listed} sats`, 'the price is the catalogue\'s');
  await screenshot(page, 'music-form');
  await getInvoice(page);
  const dev = page.locator('#pay-dev');
  assert.match(await dev.textContent(), /simulated/i, 'the dev button says it is simulated');
  await screenshot(page, 'music-invoice');
  await dev.click();
  await page.locator('#music-result').waitFor({ state: 'visible', timeout: SONG_TIMEOUT });
  const src = await page.locator('#audio').getAttribute('src');
  assert.match(src, /\/media\//);
  assert.equal(await page.locator('#download').getAttribute('href'), src);
  // The player's source plays: the browser fetches it from this origin.
  const audio = await page.evaluate(async (url) => {
    const r = await fetch(url);
    return { status: r.status, type: r.headers.get('Content-Type'), size: (await r.arrayBuffer()).byteLength };
  }, src);
  assert.equal(audio.status, 200);
  assert.match(audio.type, /^audio\//);
  assert.ok(audio.size > 1000, `audio body of ${audio.size} bytes`);
  await page.waitForFunction(() => document.getElementById('audio').readyState >= 1, null, { timeout: 10_000 });
  await screenshot(page, 'music-result');
  await page.getByRole('button', { name: 'New request' }).click();
  await page.close();
});

step('vision end to end with an uploaded image', async () => {
  const page = watch(await context.newPage());
  await open(page);
  await fillVision(page, 'What colours are in this image?');
  await screenshot(page, 'vision-form');
  await getInvoice(page);
  await page.locator('#pay-dev').click();
  const text = await answerText(page);
  assert.ok(text.trim().length > 10, `an answer: ${text}`);
  await screenshot(page, 'vision-result');
  await page.getByRole('button', { name: 'New request' }).click();
  await page.close();
});

step('a validation error shows the API message and makes no invoice', async () => {
  const page = watch(await context.newPage());
  await open(page);
  const before = await metric('l402d_challenges_issued_total');
  await fillMusic(page, 'short');
  await page.getByRole('button', { name: 'Get the invoice' }).click();
  await page.locator('#error').filter({ hasText: /./ }).waitFor();
  // The same body straight to the API: the page shows its message verbatim.
  const body = { prompt: 'short', lyrics: LYRICS, model: 'Music Generation', sample_rate: 44100, bitrate: 256000, audio_format: 'mp3' };
  const api = await (await fetch(`${base}/api/l402/music`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  })).json();
  assert.equal(await page.locator('#error').textContent(), api.error.message);
  assert.ok(await page.locator('#payment').isHidden(), 'no invoice section');
  assert.equal(await page.locator('#qr').getAttribute('src'), null, 'no QR code');
  assert.equal(await metric('l402d_challenges_issued_total'), before, 'no challenge was made');
  await screenshot(page, 'validation-error');
  await page.close();
});

step('a QR payment from another wallet, with reloads before and after paying', async () => {
  const page = watch(await context.newPage());
  await open(page);
  await fillVision(page, 'Is there a cup in this picture?');
  const invoice = await getInvoice(page);
  // Reload while unpaid: the same invoice is shown again and watched.
  await page.reload();
  await page.locator('#payment').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#invoice').inputValue(), invoice, 'the pending invoice survives');
  await page.waitForFunction(() => document.getElementById('qr').naturalWidth > 0);
  await screenshot(page, 'qr-waiting');
  // Paid from outside the page: the builtin node's /dev/pay, called by Node.
  const settled = page.waitForResponse((r) => r.url().endsWith('/l402/settlement') && r.status() === 200);
  const paid = await fetch(`${base}/dev/pay`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ invoice }),
  });
  assert.equal(paid.status, 200);
  const authorization = (await (await settled).json()).authorization;
  assert.match(authorization, /^L402 /, 'the page learnt of the payment from the settlement endpoint');
  const text = await answerText(page);
  assert.ok(text.trim().length > 0);
  await screenshot(page, 'qr-paid-result');
  // Reload after paying: the stored credential replays the same result.
  const redeemed = await metric('l402d_payments_redeemed_total');
  await page.reload();
  assert.equal(await answerText(page), text, 'the purchase survives a reload');
  assert.equal(await metric('l402d_payments_redeemed_total'), redeemed, 'replayed, not paid again');
  await screenshot(page, 'reload-after-paying');
  await page.getByRole('button', { name: 'New request' }).click();
  await page.close();
});

step('a phone-sized screen has no horizontal scroll; the keyboard reaches the pay button', async () => {
  const page = watch(await context.newPage());
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page);
  const noScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  await page.getByLabel('Music', { exact: true }).check();
  assert.ok(await noScroll(), 'the form fits');
  await screenshot(page, 'phone-form');
  // Keyboard only from here: Tab to the prompt, type, on to the button.
  await page.locator('body').focus();
  const focused = () => page.evaluate(() => document.activeElement?.id ?? '');
  const tabTo = async (id, max = 30) => {
    for (let i = 0; i < max; i += 1) {
      await page.keyboard.press('Tab');
      if ((await focused()) === id) return;
    }
    assert.fail(`Tab never reached #${id}`);
  };
  await tabTo('f-prompt');
  await page.keyboard.type('slow sad piano ballad about rain');
  await tabTo('f-lyrics');
  await page.keyboard.type('[Verse]\nRain on the window pane');
  await tabTo('get-invoice');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await page.keyboard.press('Enter');
  await page.locator('#payment').waitFor({ state: 'visible' });
  assert.ok(await noScroll(), 'the invoice fits');
  await tabTo('pay-dev');
  await screenshot(page, 'phone-keyboard-pay');
  await page.keyboard.press('Enter');
  await page.locator('#music-result').waitFor({ state: 'visible', timeout: SONG_TIMEOUT });
  assert.ok(await noScroll(), 'the result fits');
  await screenshot(page, 'phone-result');
  await page.getByRole('button', { name: 'New request' }).click();
  await page.close();
});

step('the SSE parser reads a canned stream', async () => {
  const page = watch(await context.newPage());
  await open(page);
  const canned = ': a comment\r\nevent: delta\r\ndata: {"text":"Hel"}\r\n\r\n'
    + 'event: delta\ndata: {"text":"lo"}\n\n'
    + 'data: line one\ndata: line two\nid: 7\n\n'
    + 'event: result\rdata:{"content":"Hello"}\r\r'
    + 'event: ignored-without-data\n\n'
    + 'event: error\ndata: {"error":{"code":"x","message":"y"}}';  // no final blank line
  await page.route('**/canned-sse', (route) => route.fulfill({
    status: 200, headers: { 'Content-Type': 'text/event-stream' }, body: canned,
  }));
  const events = await page.evaluate(async () => {
    const { readEventStream } = await import('/web/sse.js');
    const out = [];
    for await (const e of readEventStream((await fetch('/canned-sse')).body)) out.push(e);
    return out;
  });
  assert.deepEqual(events, [
    { event: 'delta', data: '{"text":"Hel"}', id: '' },
    { event: 'delta', data: '{"text":"lo"}', id: '' },
    { event: 'message', data: 'line one\nline two', id: '7' },
    { event: 'result', data: '{"content":"Hello"}', id: '7' },
    { event: 'error', data: '{"error":{"code":"x","message":"y"}}', id: '7' },
  ]);
  // Split across chunks anywhere, even inside a CRLF or a UTF-8 character.
  const split = await page.evaluate(async () => {
    const { readEventStream } = await import('/web/sse.js');
    const bytes = new TextEncoder().encode('event: delta\r\ndata: {"text":"é"}\r\n\r\n');
    const stream = new ReadableStream({
      start(c) { for (const b of bytes) c.enqueue(new Uint8Array([b])); c.close(); },
    });
    const out = [];
    for await (const e of readEventStream(stream)) out.push(e);
    return out;
  });
  assert.deepEqual(split, [{ event: 'delta', data: '{"text":"é"}', id: '' }]);
  await page.close();
});

step('a streamed vision answer (text/event-stream), paid with a WebLN wallet', async () => {
  const page = watch(await context.newPage());
  // A stand-in browser wallet: pays through the development node.
  await page.addInitScript(() => {
    window.webln = {
      enabled: false,
      async enable() { this.enabled = true; },
      async sendPayment(invoice) {
        if (!this.enabled) throw new Error('enable() first');
        const r = await fetch('/dev/pay', { method: 'POST', body: JSON.stringify({ invoice }) });
        return { preimage: (await r.json()).preimage };
      },
    };
  });
  let accept = '';
  await page.route('**/api/l402/vision', async (route) => {
    const headers = route.request().headers();
    if (!headers.authorization) return route.continue();
    accept = headers.accept;
    return route.fulfill({
      status: 200,
      headers: { 'Content-Type': 'text/event-stream' },
      body: 'event: delta\ndata: {"text":"A cup "}\n\nevent: delta\ndata: {"text":"of coffee"}\n\n'
        + 'event: result\ndata: {"content":"A cup of coffee on a saucer."}\n\n',
    });
  });
  await open(page);
  await fillVision(page, 'What is this?');
  await getInvoice(page);
  await page.getByRole('button', { name: 'Pay with the browser wallet' }).click();
  assert.equal(await answerText(page), 'A cup of coffee on a saucer.');
  assert.equal(accept, 'text/event-stream, application/json');
  await screenshot(page, 'streamed-answer');
  await page.getByRole('button', { name: 'New request' }).click();
  await page.close();
});

step('a failure after paying shows the API message and keeps the payment for another try', async () => {
  const page = watch(await context.newPage());
  const failure = { error: { code: 'engine_unavailable', message: 'The engine is unavailable; the payment is kept.' } };
  let failed = false;
  await page.route('**/api/l402/vision', (route) => {
    if (!route.request().headers().authorization || failed) return route.continue();
    failed = true;
    return route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify(failure) });
  });
  await open(page);
  await fillVision(page, 'What colours are in this image?');
  await getInvoice(page);
  await page.locator('#pay-dev').click();
  await page.locator('#error').filter({ hasText: failure.error.message }).waitFor();
  await screenshot(page, 'failure-after-paying');
  await page.getByRole('button', { name: 'Try again (already paid)' }).click();
  assert.ok((await answerText(page)).trim().length > 10);
  assert.equal(await page.locator('#error').textContent(), '');
  await page.getByRole('button', { name: 'New request' }).click();
  await page.close();
});

step('GET / and the QR endpoint answer as documented', async () => {
  const index = await fetch(`${base}/`);
  assert.equal(index.status, 200);
  assert.match(index.headers.get('Content-Security-Policy'), /script-src 'self'/);
  const again = await fetch(`${base}/`, { headers: { 'If-None-Match': index.headers.get('ETag') } });
  assert.equal(again.status, 304);
  const long = await fetch(`${base}/qr.svg?text=${'A'.repeat(2001)}`);
  assert.equal(long.status, 400);
  assert.equal((await long.json()).error.code, 'qr_text_too_long');
});

const started = Date.now();
const passed = await runSteps(steps, pageErrors, async () => {
  for (const page of context.pages()) await screenshot(page, 'failure').catch(() => {});
}, close);
console.log(`screenshots: ${args.screenshots} (${Date.now() - started} ms in all)`);
process.exit(passed ? 0 : 1);
