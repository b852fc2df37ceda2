// The dashboard's tables, drawn from the API's answers. Actions are handed
// in as callbacks so that this file only draws; admin.js calls the API.

function cell(tag, text = '', attrs = {}) {
  const e = document.createElement(tag);
  e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function button(text, onClick, className = '') {
  const b = cell('button', text, { type: 'button' });
  if (className) b.className = className;
  b.addEventListener('click', onClick);
  return b;
}

function row(...cells) {
  const tr = document.createElement('tr');
  for (const c of cells) tr.append(c instanceof Node ? c : cell('td', String(c)));
  return tr;
}

function td(...children) {
  const e = document.createElement('td');
  e.append(...children);
  return e;
}

export const when = (unix) => (unix ? new Date(unix * 1000).toISOString().replace('T', ' ').slice(0, 16) : '');

// Requests, payments and sats per service over the revenue window.
export function perService(revenue) {
  const out = new Map();
  for (const r of revenue.rows) {
    const s = out.get(r.service) ?? { recorded: 0, paid: 0, earned: 0, failed: 0 };
    s.recorded += r.recorded;
    s.paid += r.paid;
    s.earned += r.earned_sats;
    s.failed += r.failed;
    out.set(r.service, s);
  }
  return out;
}

// actions: {setPrice(name, sats), setEnabled(name, bool), revokeAll(name)}
export function drawServices(tbody, services, revenue, actions) {
  const counts = perService(revenue);
  tbody.replaceChildren();
  for (const s of services) {
    const c = counts.get(s.name) ?? { recorded: 0, paid: 0, earned: 0 };
    const id = `price-${s.name}`;
    const price = cell('input', '', { type: 'number', min: '0', step: '1', id, value: String(s.price_sats) });
    const label = cell('label', `Price of ${s.name} in sats`, { for: id, class: 'visually-hidden' });
    const form = document.createElement('form');
    form.className = 'inline';
    form.noValidate = true;  // the API's own message says what is wrong with a price
    form.append(label, price, cell('button', 'Set price', { type: 'submit' }));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      actions.setPrice(s.name, price.value);
    });
    const enabled = cell('span', s.enabled ? 'on sale' : 'disabled', { class: s.enabled ? 'ok' : 'bad' });
    const toggle = button(s.enabled ? 'Disable' : 'Enable', () => actions.setEnabled(s.name, !s.enabled), 'secondary');
    const revoke = button('Revoke all tokens', () => confirmRevokeAll(revoke, s.name, actions.revokeAll), 'secondary danger');
    const tr = row(cell('th', s.name, { scope: 'row' }), td(form), td(enabled, ' ', toggle),
      c.recorded, c.paid, c.earned, td(revoke));
    tr.dataset.service = s.name;
    tbody.append(tr);
  }
}

// Revoking every token of a service cannot be undone: ask once more, in place.
function confirmRevokeAll(trigger, name, revokeAll) {
  const box = document.createElement('span');
  box.className = 'confirm';
  box.setAttribute('role', 'group');
  box.append(
    cell('span', `Revoke every token of ${name}? Buyers holding one lose it. `),
    button(`Yes, revoke all of ${name}`, () => revokeAll(name), 'danger'),
    button('Cancel', () => box.replaceWith(trigger), 'secondary'),
  );
  trigger.replaceWith(box);
  // Focus on Cancel: a stray Enter must not revoke.
  box.querySelector('button.secondary').focus();
}

function isRevoked(t, revoked) {
  const since = revoked.services[t.service];
  return revoked.tokens.includes(t.id) || (since !== undefined && t.created_at <= since);
}

// onRevoke(id); `revoked`: what this tab revoked (admin_api.js revocations()).
export function drawTokens(tbody, tokens, revoked, onRevoke) {
  tbody.replaceChildren();
  if (tokens.length === 0) tbody.append(row(cell('td', 'No tokens yet.', { colspan: '6' })));
  for (const t of tokens) {
    const gone = isRevoked(t, revoked);
    const state = cell('span', t.state, { class: `state state-${t.state}` });
    const stateCell = td(state);
    if (gone) stateCell.append(' ', cell('span', 'revoked', { class: 'revoked' }));
    const action = gone ? td() : td(button('Revoke', () => onRevoke(t.id), 'secondary danger'));
    const tr = row(cell('td', t.id.slice(0, 16) + '…', { title: t.id, class: 'mono' }), t.service,
      stateCell, t.price_sats, when(t.created_at), action);
    tr.dataset.token = t.id;
    tbody.append(tr);
  }
}

export function drawFailures(tbody, failed) {
  tbody.replaceChildren();
  if (failed.length === 0) tbody.append(row(cell('td', 'No failures.', { colspan: '5' })));
  for (const t of failed) {
    const tr = row(cell('td', t.id.slice(0, 16) + '…', { title: t.id, class: 'mono' }), t.service,
      when(t.updated_at), t.attempts, t.last_error || '(no message)');
    tr.dataset.token = t.id;
    tbody.append(tr);
  }
}

export function drawSettings(dl, status, services) {
  const items = [
    ['Lightning backend', status.backend],
    ['Network', status.network || 'not stated by the node'],
    ['Node id', status.node_id || 'not shown by the node'],
    ['Version', status.version],
    ['Running since', `${when(status.started_at)} UTC`],
  ];
  for (const s of services) {
    const changed = s.price_overridden ? ` (configured ${s.configured_price_sats})` : '';
    items.push([`Price of ${s.name}`, `${s.price_sats} sats${changed}${s.enabled ? '' : ', disabled'}`]);
  }
  dl.replaceChildren();
  for (const [term, value] of items) {
    const dd = cell('dd', value);
    if (term === 'Node id') dd.className = 'mono';
    dl.append(cell('dt', term), dd);
  }
}
