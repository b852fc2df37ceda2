// A service's form, drawn from its request schema (the OpenAPI document the
// server generates from the same declaration it validates with), so the page
// never disagrees with the API about fields, limits or choices. Checking is
// left to the server: its message is the one shown.

const SECTION_TAGS = [
  ['[Intro]', 'an instrumental opening'],
  ['[Verse]', 'tells the story; verses share a melody'],
  ['[Pre-Chorus]', 'builds up to the chorus'],
  ['[Chorus]', 'the hook, sung the same way each time'],
  ['[Bridge]', 'a contrasting part before the last chorus'],
  ['[Outro]', 'the ending'],
];

const label = (name) => name.charAt(0).toUpperCase() + name.slice(1).replaceAll('_', ' ');

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, props);
  e.append(...children.filter((c) => c !== null && c !== undefined));
  return e;
}

function lengthHint(p) {
  if (p.minLength && p.maxLength) return `${p.minLength}–${p.maxLength} characters.`;
  if (p.maxLength) return `Up to ${p.maxLength} characters.`;
  return '';
}

// The text areas: a counter against maxLength, but no maxlength attribute,
// which would cut pasted text silently instead of saying what is wrong.
function textField(name, p, required) {
  const id = `f-${name}`;
  const hintId = `${id}-hint`;
  const area = el('textarea', {
    id, name, rows: name === 'lyrics' ? 7 : 2, placeholder: p.example ?? '',
  });
  area.setAttribute('aria-describedby', hintId);
  if (required) area.setAttribute('aria-required', 'true');
  const counter = el('span', { className: 'counter' });
  const count = () => {
    counter.textContent = p.maxLength ? `${area.value.length} / ${p.maxLength}` : '';
    counter.classList.toggle('over', !!p.maxLength && area.value.length > p.maxLength);
  };
  area.addEventListener('input', count);
  count();
  const hint = el('p', { id: hintId, className: 'hint' },
    [p.description, lengthHint(p)].filter(Boolean).join(' '));
  const field = el('div', { className: 'field' },
    el('label', { htmlFor: id }, label(name) + (required ? '' : ' (optional)')), area, counter, hint);
  if (name === 'lyrics') {
    field.append(el('details', {}, el('summary', {}, 'Section tags'),
      el('p', { className: 'hint' },
        'Optional: put a tag on its own line before a part of the song to say what that part is.'),
      el('ul', { className: 'tags' }, ...SECTION_TAGS.map(([tag, what]) =>
        el('li', {}, el('code', {}, tag), ` ${what}`)))));
  }
  return { node: field, read: () => area.value, fill: (v) => { area.value = v; count(); } };
}

function choiceField(name, p) {
  const id = `f-${name}`;
  const select = el('select', { id, name },
    ...p.enum.map((v) => el('option', { value: String(v), selected: v === p.default }, String(v))));
  const hint = p.description ? el('p', { id: `${id}-hint`, className: 'hint' }, p.description) : null;
  if (hint) select.setAttribute('aria-describedby', hint.id);
  const read = () => (p.type === 'integer' ? Number(select.value) : select.value);
  return {
    node: el('div', { className: 'field' }, el('label', { htmlFor: id }, label(name)), select, hint),
    read, fill: (v) => { select.value = String(v); },
  };
}

function numberField(name, p) {
  const id = `f-${name}`;
  const input = el('input', { id, name, type: 'number', value: p.default ?? '', inputMode: 'numeric' });
  const hint = el('p', { id: `${id}-hint`, className: 'hint' }, p.description ?? '');
  input.setAttribute('aria-describedby', hint.id);
  const read = () => (input.value === '' ? undefined : Number(input.value));
  return {
    node: el('div', { className: 'field' }, el('label', { htmlFor: id }, label(name)), input, hint),
    read, fill: (v) => { input.value = v; },
  };
}

// The image: a file, or a photo from the camera on a phone (capture), sent
// as a data URI. Large photos are scaled down first: the request body is
// kept in localStorage, which holds a few megabytes at most.
function imageField(name, p, onChange) {
  let dataUri = '';
  const pick = el('input', { id: 'f-image', type: 'file', accept: 'image/*' });
  const camera = el('input', { id: 'f-camera', type: 'file', accept: 'image/*' });
  camera.setAttribute('capture', 'environment');
  const preview = el('img', { id: 'preview', alt: 'The chosen image', hidden: true });
  const chosen = el('span', { className: 'hint', id: 'image-name' }, 'No image chosen.');
  const hint = el('p', { className: 'hint', id: 'f-image-hint' }, p.description ?? '');
  pick.setAttribute('aria-describedby', 'image-name f-image-hint');
  const load = async (input) => {
    const file = input.files?.[0];
    if (!file) return;
    dataUri = await readImage(file);
    preview.src = URL.createObjectURL(file);
    preview.hidden = false;
    chosen.textContent = file.name;
    onChange();
  };
  pick.addEventListener('change', () => load(pick));
  camera.addEventListener('change', () => load(camera));
  const node = el('div', { className: 'field' },
    el('span', { className: 'label', id: 'image-label' }, label(name)),
    el('div', { className: 'upload', role: 'group' },
      pick, el('label', { htmlFor: 'f-image', className: 'button secondary' }, 'Choose an image'),
      camera, el('label', { htmlFor: 'f-camera', className: 'button secondary' }, 'Take a photo'),
      chosen),
    hint, preview);
  node.querySelector('.upload').setAttribute('aria-labelledby', 'image-label');
  return { node, read: () => dataUri || undefined, fill: (v) => { dataUri = v; } };
}

const MAX_INLINE_BYTES = 1_500_000;
const MAX_SIDE = 2048;

async function readImage(file) {
  if (file.size <= MAX_INLINE_BYTES) return asDataUri(file);
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = el('canvas', { width: Math.round(bitmap.width * scale), height: Math.round(bitmap.height * scale) });
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise((ok) => canvas.toBlob(ok, 'image/jpeg', 0.88));
  return asDataUri(blob);
}

function asDataUri(blob) {
  return new Promise((ok, fail) => {
    const r = new FileReader();
    r.onload = () => ok(r.result);
    r.onerror = () => fail(r.error);
    r.readAsDataURL(blob);
  });
}

// Draws the form for `schema` into `container`; returns body() (the JSON
// object to send) and fill(body) (to show a resumed purchase's request).
export function buildForm(container, schema, onChange) {
  const required = new Set(schema.required ?? []);
  const main = [];
  const more = [];
  const fields = {};
  for (const [name, p] of Object.entries(schema.properties ?? {})) {
    let f;
    if (p.enum && p.enum.length === 1) {
      // One choice (the model): nothing to ask, sent as the API wants it.
      f = { node: null, read: () => p.enum[0], fill: () => {} };
    } else if (name === 'image') {
      f = imageField(name, p, onChange);
    } else if (p.enum) {
      f = choiceField(name, p);
    } else if (p.type === 'integer' || p.type === 'number') {
      f = numberField(name, p);
    } else {
      f = textField(name, p, required.has(name));
    }
    fields[name] = f;
    if (!f.node) continue;
    // Required fields and free text up front; the rest (defaults) folded away.
    (required.has(name) || (p.type === 'string' && !p.enum) ? main : more).push(f.node);
  }
  container.replaceChildren(...main);
  if (more.length) container.append(el('details', {}, el('summary', {}, 'More options'), ...more));
  container.addEventListener('input', onChange);
  container.addEventListener('change', onChange);
  return {
    body() {
      const out = {};
      for (const [name, f] of Object.entries(fields)) {
        const v = f.read();
        if (v !== undefined) out[name] = v;
      }
      return out;
    },
    fill(body) {
      for (const [name, v] of Object.entries(body)) fields[name]?.fill(v);
    },
  };
}
