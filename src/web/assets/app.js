// The page: pick a service, fill its form, get the invoice, pay it (any
// wallet by QR or copy, a WebLN browser wallet, or the development node's
// simulated payment), and show the result. The purchase is kept in
// localStorage (store.js) so a reload resumes where it was.

import { ApiError, devPay, loadCatalogue, paidRequest, quote, requestChallenge, waitForSettlement } from './api.js';
import { buildForm } from './form.js';
import { clearPurchase, loadPurchase, savePurchase } from './store.js';

const $ = (id) => document.getElementById(id);

let catalogue = null;
let current = null;  // {service, form}
let purchase = null;  // what store.js keeps
let watching = null;  // AbortController of the settlement long-poll
let paying = false;  // one payment path wins; the others stand down

function status(text) {
  $('status').textContent = text;
}

function showError(e) {
  if (e?.name === 'AbortError') return;
  const message = e instanceof ApiError ? e.message : `Something went wrong: ${e?.message ?? e}`;
  $('error').textContent = message;
  status('');
}

function clearMessages() {
  $('error').textContent = '';
  status('');
}

function show(section) {
  $('order').hidden = section !== 'order';
  $('payment').hidden = section !== 'payment';
  $('result').hidden = section !== 'result';
}

function chooseService(service) {
  const form = buildForm($('field-list'), service.schema, schedulePrice);
  current = { service, form };
  $('price').textContent = `${service.price} sats`;
  schedulePrice();
}

function drawServices() {
  const list = $('service-list');
  list.replaceChildren();
  for (const s of catalogue.services) {
    const id = `service-${s.name}`;
    const radio = Object.assign(document.createElement('input'), { type: 'radio', name: 'service', id, value: s.name });
    radio.addEventListener('change', () => { clearMessages(); chooseService(s); });
    const name = document.createElement('label');
    name.htmlFor = id;
    name.textContent = s.name.charAt(0).toUpperCase() + s.name.slice(1);
    const desc = document.createElement('span');
    desc.id = `${id}-about`;
    desc.textContent = `${s.description} ${s.price} sats.`;
    radio.setAttribute('aria-describedby', desc.id);
    const text = document.createElement('div');
    text.append(name, desc);
    const row = document.createElement('div');
    row.className = 'service';
    row.append(radio, text);
    list.append(row);
  }
}

// The exact price of the request as filled in (pricing may depend on it),
// asked for free; a request that is not valid yet keeps the listed price.
let priceTimer = 0;
function schedulePrice() {
  clearTimeout(priceTimer);
  priceTimer = setTimeout(async () => {
    if (!current) return;
    const { service, form } = current;
    try {
      const sats = await quote(service.path, form.body());
      if (sats !== null && current?.service === service) $('price').textContent = `${sats} sats`;
    } catch {
      // The price shown stays the listed one.
    }
  }, 400);
}

async function onSubmit(event) {
  event.preventDefault();
  if (!current) return;
  clearMessages();
  const button = $('get-invoice');
  button.disabled = true;
  status('Asking for an invoice…');
  try {
    const body = JSON.stringify(current.form.body());
    const challenge = await requestChallenge(current.service.path, body);
    purchase = { service: current.service.name, path: current.service.path, body, challenge, created: Date.now() };
    if (!savePurchase(purchase)) {
      status('Note: this request is too large to keep in the browser; do not reload before the result.');
    }
    showPayment();
  } catch (e) {
    showError(e);
  } finally {
    button.disabled = false;
  }
}

function showPayment() {
  const { invoice, price, expiresAt } = purchase.challenge;
  paying = false;
  $('pay-amount').textContent = price ? `${price} sats` : '';
  $('qr').src = `/qr.svg?text=${encodeURIComponent(invoice)}`;
  $('invoice').value = invoice;
  $('open-wallet').href = `lightning:${invoice}`;
  $('pay-dev').hidden = !catalogue.devPayments;
  $('dev-note').hidden = !catalogue.devPayments;
  $('pay-webln').hidden = !window.webln;
  $('expiry').textContent = expiresAt ? `The invoice expires at ${new Date(expiresAt * 1000).toLocaleTimeString()}.` : '';
  show('payment');
  status('Waiting for the payment…');
  $('payment-title').focus();
  watchSettlement();
}

// Any wallet, anywhere: the server says when the invoice is paid.
function watchSettlement() {
  watching?.abort();
  watching = new AbortController();
  const { signal } = watching;
  waitForSettlement(purchase.challenge.macaroon, signal)
    .then((authorization) => paid(authorization))
    .catch((e) => {
      if (signal.aborted || e?.name === 'AbortError') return;
      if (e instanceof ApiError && (e.code === 'invoice_expired' || e.code === 'invoice_cancelled')) {
        // Nothing was paid: back to the form, filled in, for a new invoice.
        clearPurchase();
        purchase = null;
        show('order');
      }
      showError(e);
    });
}

async function paid(authorization) {
  if (paying) return;
  paying = true;
  watching?.abort();
  purchase.authorization = authorization;
  savePurchase(purchase);
  await fetchResult();
}

function preimageCredential(preimage) {
  return `L402 ${purchase.challenge.macaroon}:${preimage}`;
}

async function payWith(button, getPreimage) {
  clearMessages();
  button.disabled = true;
  try {
    const preimage = await getPreimage();
    await paid(preimageCredential(preimage));
  } catch (e) {
    showError(e);
  } finally {
    button.disabled = false;
  }
}

async function fetchResult() {
  status(purchase.service === 'music' ? 'Paid. Composing your song… (this takes a while)' : 'Paid. Working on it…');
  $('retry').hidden = true;
  const answer = $('answer');
  answer.textContent = '';
  try {
    const result = await paidRequest(purchase.path, purchase.body, purchase.authorization, (text) => {
      show('result');
      answer.hidden = false;
      answer.textContent = text;
    });
    showResult(result);
  } catch (e) {
    // A credential the server no longer takes (its result expired, say):
    // nothing more can be had for this purchase.
    if (e instanceof ApiError && (e.status === 402 || e.status === 410)) {
      clearPurchase();
      purchase = null;
      paying = false;
      show('order');
    } else {
      // Busy, an engine failure, the network: the payment is kept, ask again.
      show('result');
      $('music-result').hidden = true;
      answer.hidden = true;
      $('retry').hidden = false;
    }
    showError(e);
  }
}

// Same origin as the page, so the player obeys media-src 'self' even when
// the server's public URL names another host for the same server.
function sameOrigin(url) {
  const u = new URL(url, location.href);
  return u.origin === location.origin ? u.href : u.pathname + u.search;
}

function showResult(result) {
  show('result');
  $('retry').hidden = true;
  const music = typeof result.audioUrl === 'string';
  $('music-result').hidden = !music;
  $('answer').hidden = music;
  if (music) {
    const src = sameOrigin(result.audioUrl);
    $('audio').src = src;
    $('download').href = src;
    status('Your song is ready.');
  } else {
    $('answer').textContent = result.content ?? JSON.stringify(result);
    status('The answer is ready.');
  }
  $('result-title').focus();
}

function startOver() {
  watching?.abort();
  clearPurchase();
  purchase = null;
  paying = false;
  $('audio').removeAttribute('src');
  clearMessages();
  show('order');
  $('get-invoice').focus();
}

function resume(saved) {
  purchase = saved;
  const service = catalogue.services.find((s) => s.name === saved.service);
  if (service) {
    $(`service-${service.name}`).checked = true;
    chooseService(service);
    try {
      current.form.fill(JSON.parse(saved.body));
    } catch {
      // The form stays empty; the purchase itself is intact.
    }
  }
  if (saved.authorization) {
    paying = true;
    show('result');
    $('music-result').hidden = true;
    $('answer').hidden = true;
    fetchResult();
  } else {
    showPayment();
  }
}

async function main() {
  try {
    catalogue = await loadCatalogue();
  } catch (e) {
    $('loading').textContent = '';
    showError(e);
    return;
  }
  $('loading').hidden = true;
  drawServices();
  $('order').addEventListener('submit', onSubmit);
  $('copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText($('invoice').value);
    } catch {
      $('invoice').select();
      document.execCommand('copy');
    }
    status('Invoice copied.');
  });
  $('pay-dev').addEventListener('click', () => payWith($('pay-dev'), () => devPay(purchase.challenge.invoice)));
  $('pay-webln').addEventListener('click', () => payWith($('pay-webln'), async () => {
    await window.webln.enable();
    const r = await window.webln.sendPayment(purchase.challenge.invoice);
    return r.preimage;
  }));
  $('cancel').addEventListener('click', startOver);
  $('again').addEventListener('click', startOver);
  $('retry').addEventListener('click', () => { clearMessages(); fetchResult(); });
  show('order');
  const saved = loadPurchase();
  if (saved) {
    resume(saved);
  } else if (catalogue.services.length) {
    const first = $(`service-${catalogue.services[0].name}`);
    first.checked = true;
    chooseService(catalogue.services[0]);
  }
}

main();
