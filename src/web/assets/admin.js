// The seller's dashboard: asks for the admin token, then shows the revenue
// chart, the services with their counts, the latest tokens, the failures and
// the settings, and carries out price changes, switches and revocations. Any
// 401 forgets the token and asks for it again.

import * as api from './admin_api.js';
import { revenueChart } from './admin_chart.js';
import { drawFailures, drawServices, drawSettings, drawTokens } from './admin_view.js';

const $ = (id) => document.getElementById(id);
const DAYS = 30;
const LATEST = 50;

const plural = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function status(text) { $('status').textContent = text; }
function showError(text) { $('error').textContent = text; }

function askForToken(message = '') {
  api.forgetToken();
  $('dashboard').hidden = true;
  $('login').hidden = false;
  $('token').value = '';
  showError(message);
  status('');
  $('token').focus();
}

function failed(e) {
  if (e instanceof api.ApiError && e.status === 401) return askForToken(e.message);
  showError(e instanceof api.ApiError ? e.message : `Something went wrong: ${e?.message ?? e}`);
  status('');
}

async function load() {
  status('Loading…');
  const [facts, services, revenue, tokens, failures] = await Promise.all([
    api.status(),
    api.services(),
    api.revenue(DAYS),
    api.tokens({ limit: LATEST }),
    api.tokens({ state: 'failed', limit: LATEST }),
  ]);
  $('chart').replaceChildren(revenueChart(revenue));
  $('revenue-total').textContent =
    `${revenue.totals.earned_sats} sats earned since ${revenue.since} from ${plural(revenue.totals.paid, 'payment')}.`;
  drawServices($('service-rows'), services, revenue, { setPrice, setEnabled, revokeAll });
  drawTokens($('token-rows'), tokens, api.revocations(), revokeToken);
  drawFailures($('failure-rows'), failures);
  drawSettings($('settings'), facts, services);
  $('login').hidden = true;
  $('dashboard').hidden = false;
  status('');
}

// Runs an action, says what it did, and draws everything again.
async function act(work) {
  showError('');
  status('Working…');
  try {
    const done = await work();
    await load();
    status(done);
  } catch (e) {
    failed(e);
  }
}

function setPrice(name, text) {
  // The API says what is wrong with a bad price; the page sends what was typed.
  const sats = /^\d+$/.test(text.trim()) ? Number(text.trim()) : text;
  return act(async () => {
    const s = await api.changeService(name, { price_sats: sats });
    return `${name} now costs ${s.price_sats} sats.`;
  });
}

function setEnabled(name, enabled) {
  return act(async () => {
    const s = await api.changeService(name, { enabled });
    return s.enabled ? `${name} is on sale again.` : `${name} is disabled: it sells nothing.`;
  });
}

function revokeAll(name) {
  return act(async () => {
    const r = await api.revokeService(name);
    return `Revoked ${plural(r.revoked, 'token')} of ${name}.`;
  });
}

function revokeToken(id) {
  return act(async () => {
    await api.revokeToken(id);
    return `Revoked token ${id.slice(0, 16)}…`;
  });
}

$('login').addEventListener('submit', (e) => {
  e.preventDefault();
  const token = $('token').value.trim();
  if (!token) return showError('Paste the admin token first.');
  api.saveToken(token);
  showError('');
  load().catch(failed);
});
$('refresh').addEventListener('click', () => { showError(''); load().catch(failed); });
$('logout').addEventListener('click', () => askForToken());

if (api.savedToken()) load().catch(failed);
else askForToken();
