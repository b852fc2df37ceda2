// The seller's dashboard (GET /admin) in a real browser (Debian's Chromium
// driven by playwright-core) against a running l402d with the builtin
// development node. Started by tests/web/browser_e2e_test.cpp, which owns the
// server:
//
//   node admin_test.mjs --url http://127.0.0.1:PORT --token-file DATA_DIR/admin.token \
//        --image tests/data/vision/coffee.jpg --screenshots DIR
//
// One vision answer is bought first (402, /dev/pay, the paid request) so the
// books hold a sale. Each step prints one line; the first failure ends the run
// with exit 1. A screenshot of each step is saved in DIR.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openChromium, pageErrorWatcher, runSteps, screenshotter } from './harness.mjs';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    'token-file': { type: 'string' },
    image: { type: 'string' },
    screenshots: { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
const base = args.url;
const adminToken = readFileSync(args['token-file'], 'utf8').trim();

setTimeout(() => {
  console.log('FAIL the whole run took over 4 minutes');
  process.exit(1);
}, 240_000).unref();

const { context, close } = await openChromium(args.chromium, { width: 1200, height: 900 }, 30_000);

// A CSP refusal, an exception or a missing file fails the run; 400 and 401
// are the API answering the steps that test them.
const { errors: pageErrors, watch } = pageErrorWatcher(/^Failed to load resource: the server responded with a status of 40[01] /);

const screenshot = screenshotter(args.screenshots);

async function adminCall(method, path, body) {
  const r = await fetch(`${base}/api/admin/${path}`, {
    method,
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
}

const visionBody = JSON.stringify({
  image: `data:image/jpeg;base64,${readFileSync(args.image).toString('base64')}`,
  prompt: 'What colours are in this image?',
  model: 'Vision Chat',
});

function askVision(authorization) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (authorization) headers.Authorization = authorization;
  return fetch(`${base}/api/l402/vision`, { method: 'POST', headers, body: visionBody });
}

// 402 -> pay with the development node -> the paid request: the credential.
async function buyVision() {
  const challenge = await askVision();
  assert.equal(challenge.status, 402);
  const { invoice, macaroon } = await challenge.json();
  const paid = await fetch(`${base}/dev/pay`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ invoice }),
  });
  assert.equal(paid.status, 200);
  const authorization = `L402 ${macaroon}:${(await paid.json()).preimage}`;
  const answer = await askVision(authorization);
  assert.equal(answer.status, 200, await answer.clone().text());
  return authorization;
}

const page = watch(await context.newPage());
const $ = (selector) => page.locator(selector);
const visionRow = () => $('#service-rows tr[data-service="vision"]');
const waitStatus = (text) => $('#status').filter({ hasText: text }).waitFor();
let credential = '';
let tokenId = '';

const steps = [];
function step(name, fn) { steps.push([name, fn]); }

step('a vision answer is bought so the books hold a sale', async () => {
  credential = await buyVision();
  const { body } = await adminCall('GET', 'tokens?service=vision');
  assert.equal(body.tokens.length, 1);
  assert.equal(body.tokens[0].state, 'redeemed');
  tokenId = body.tokens[0].id;
});

step('GET /admin is the page, under the strict policy', async () => {
  const r = await fetch(`${base}/admin`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('Content-Type'), /^text\/html/);
  assert.match(r.headers.get('Content-Security-Policy'), /script-src 'self'/);
  assert.match(await r.text(), /src="\/web\/admin\.js"/);
});

step('a wrong token is refused with the API message and asked for again', async () => {
  await page.goto(`${base}/admin`);
  await $('#login').waitFor({ state: 'visible' });
  await screenshot(page, 'login');
  await page.getByLabel('Admin token').fill('0'.repeat(64));
  await page.getByRole('button', { name: 'Open the dashboard' }).click();
  const api = await (await fetch(`${base}/api/admin/status`, { headers: { Authorization: 'Bearer x' } })).json();
  await $('#error').filter({ hasText: api.error.message }).waitFor();
  assert.ok(await $('#login').isVisible(), 'the token is asked for again');
  assert.ok(await $('#dashboard').isHidden());
  await screenshot(page, 'wrong-token');
});

step('the right token opens the dashboard: chart, services, tokens, settings', async () => {
  await page.getByLabel('Admin token').fill(adminToken);
  await page.getByRole('button', { name: 'Open the dashboard' }).click();
  await $('#dashboard').waitFor({ state: 'visible' });
  assert.equal(await $('#error').textContent(), '');
  // The token is kept for this tab only, and never in the URL.
  assert.equal(await page.evaluate(() => JSON.parse(sessionStorage.getItem('l402d.admin-token'))), adminToken);
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  assert.ok(!page.url().includes(adminToken));

  const { body: revenue } = await adminCall('GET', 'revenue?days=30');
  const earned = revenue.totals.earned_sats;
  assert.ok(earned > 0);
  const bars = $('#chart svg rect.bar');
  assert.equal(await bars.count(), 1, 'one day with sales, one bar');
  assert.equal(await bars.first().getAttribute('data-sats'), String(earned));
  assert.ok(Number(await bars.first().getAttribute('height')) > 10, 'the only day is the tallest');

  const cells = await visionRow().locator('td').allTextContents();
  // price form, sale, requests, payments, earned, revoke
  assert.match(cells[1], /on sale/);
  assert.deepEqual(cells.slice(2, 5), ['1', '1', String(earned)]);
  const { body: listed } = await adminCall('GET', 'services');
  const vision = listed.services.find((s) => s.name === 'vision');
  assert.equal(await $('#price-vision').inputValue(), String(vision.price_sats));

  const row = $(`#token-rows tr[data-token="${tokenId}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /redeemed/);
  assert.equal(await row.locator('.revoked').count(), 0);
  assert.match(await $('#failure-rows').textContent(), /No failures/);

  const settings = await $('#settings').textContent();
  const { body: status } = await adminCall('GET', 'status');
  assert.equal(status.backend, 'builtin');
  assert.equal(status.network, 'regtest');
  assert.match(status.node_id, /^0[23][0-9a-f]{64}$/);
  for (const fact of ['builtin', 'regtest', status.node_id, status.version, `${vision.price_sats} sats`])
    assert.ok(settings.includes(fact), `settings show ${fact}: ${settings}`);
  await screenshot(page, 'dashboard');
});

step('failed work is listed with its error (a canned answer: the builtin engines do not fail)', async () => {
  const failed = {
    id: 'ab'.repeat(32), service: 'vision', state: 'failed', price_sats: 10, price_msat: 10000,
    attempts: 2, created_at: 1765000000, updated_at: 1765000060, last_error: 'engine_unavailable: the model did not load',
  };
  await page.route('**/api/admin/tokens?state=failed*', (route) => route.fulfill({
    status: 200, contentType: 'application/json', body: JSON.stringify({ tokens: [failed] }),
  }));
  await page.getByRole('button', { name: 'Refresh' }).click();
  const row = $(`#failure-rows tr[data-token="${failed.id}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /engine_unavailable: the model did not load/);
  assert.deepEqual((await row.locator('td').allTextContents()).slice(1, 4), ['vision', '2025-12-06 05:47', '2']);
  await screenshot(page, 'failures');
  await page.unroute('**/api/admin/tokens?state=failed*');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await $('#failure-rows').filter({ hasText: 'No failures.' }).waitFor();
});

step('vision\'s price is set to 33 from the page', async () => {
  await $('#price-vision').fill('33');
  await visionRow().getByRole('button', { name: 'Set price' }).click();
  await waitStatus('vision now costs 33 sats.');
  const { body } = await adminCall('GET', 'services');
  assert.equal(body.services.find((s) => s.name === 'vision').price_sats, 33);
  const challenge = await askVision();
  assert.equal(challenge.status, 402);
  assert.equal((await challenge.json()).price_sats, 33, 'the next invoice is for 33 sats');
  assert.equal(await $('#price-vision').inputValue(), '33');
  assert.match(await $('#settings').textContent(), /33 sats \(configured \d+\)/);
  await screenshot(page, 'price-33');
});

step('a bad price shows the API message', async () => {
  await $('#price-vision').fill('-5');
  await visionRow().getByRole('button', { name: 'Set price' }).click();
  await $('#error').filter({ hasText: /./ }).waitFor();
  const api = await adminCall('PATCH', 'services/vision', { price_sats: '-5' });
  assert.equal(api.status, 400);
  assert.equal(await $('#error').textContent(), api.body.error.message);
  await screenshot(page, 'bad-price');
});

step('vision is disabled, then enabled again', async () => {
  await visionRow().getByRole('button', { name: 'Disable' }).click();
  await waitStatus('vision is disabled');
  assert.match(await visionRow().textContent(), /disabled/);
  assert.equal(await $('#error').textContent(), '', 'a good call clears the last error');
  const refused = await askVision();
  assert.notEqual(refused.status, 402, 'a disabled service makes no invoice');
  assert.ok(refused.status >= 400);
  await screenshot(page, 'disabled');
  await visionRow().getByRole('button', { name: 'Enable' }).click();
  await waitStatus('vision is on sale again.');
  assert.match(await visionRow().textContent(), /on sale/);
  assert.equal((await askVision()).status, 402, 'sold again');
  await screenshot(page, 'enabled');
});

step('the bought token is revoked from the page and refused after', async () => {
  assert.equal((await askVision(credential)).status, 200, 'the credential replays before');
  const row = $(`#token-rows tr[data-token="${tokenId}"]`);
  await row.getByRole('button', { name: 'Revoke' }).click();
  await waitStatus('Revoked token');
  await row.locator('.revoked').waitFor();
  assert.equal(await row.getByRole('button', { name: 'Revoke' }).count(), 0);
  const again = await askVision(credential);
  assert.notEqual(again.status, 200);
  assert.equal((await again.json()).error.code, 'token_revoked');
  await screenshot(page, 'token-revoked');
});

step('every token of vision is revoked after a confirm step', async () => {
  await visionRow().getByRole('button', { name: 'Revoke all tokens' }).click();
  const yes = visionRow().getByRole('button', { name: 'Yes, revoke all of vision' });
  await yes.waitFor();
  await screenshot(page, 'confirm-revoke-all');
  // Cancel first: nothing is revoked.
  await visionRow().getByRole('button', { name: 'Cancel' }).click();
  await visionRow().getByRole('button', { name: 'Revoke all tokens' }).waitFor();
  await visionRow().getByRole('button', { name: 'Revoke all tokens' }).click();
  await yes.click();
  await waitStatus('Revoked 1 token of vision.');
  await screenshot(page, 'revoked-all');
});

step('a refused token while on the dashboard asks for it again', async () => {
  await page.evaluate(() => sessionStorage.setItem('l402d.admin-token', JSON.stringify('f'.repeat(64))));
  await page.getByRole('button', { name: 'Refresh' }).click();
  await $('#login').waitFor({ state: 'visible' });
  assert.match(await $('#error').textContent(), /Bearer/);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('l402d.admin-token')), null);
  await screenshot(page, 'asked-again');
  // A reload with the token kept opens the dashboard straight away.
  await page.evaluate((t) => sessionStorage.setItem('l402d.admin-token', JSON.stringify(t)), adminToken);
  await page.reload();
  await $('#dashboard').waitFor({ state: 'visible' });
});

const started = Date.now();
const passed = await runSteps(steps, pageErrors, () => screenshot(page, 'failure'), close);
console.log(`screenshots: ${args.screenshots} (${Date.now() - started} ms in all)`);
process.exit(passed ? 0 : 1);
