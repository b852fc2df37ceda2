// Revenue per UTC day as an SVG bar chart, drawn here so the page needs no
// library: one bar per day with sales (every service summed), the highest
// day's amount on the axis, the first and last day below.

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 48, right: 8, top: 12, bottom: 28 };

function el(name, attrs = {}, text = '') {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text) e.textContent = text;
  return e;
}

// Every day of the window, oldest first, with the sats earned that day.
export function dailyTotals(revenue) {
  const start = Date.parse(`${revenue.since}T00:00:00Z`);
  const days = [];
  const index = new Map();
  for (let i = 0; i < revenue.days; i += 1) {
    const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    index.set(day, days.length);
    days.push({ day, sats: 0 });
  }
  for (const row of revenue.rows) {
    const i = index.get(row.day);
    if (i !== undefined) days[i].sats += row.earned_sats;
  }
  return days;
}

export function revenueChart(revenue) {
  const days = dailyTotals(revenue);
  const max = Math.max(1, ...days.map((d) => d.sats));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / days.length;
  const total = days.reduce((sum, d) => sum + d.sats, 0);
  const svg = el('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', class: 'chart',
    'aria-label': `Revenue per day: ${total} sats over ${days.length} days`,
  });
  const baseline = PAD.top + plotH;
  svg.append(
    el('line', { x1: PAD.left, y1: baseline, x2: WIDTH - PAD.right, y2: baseline, class: 'axis' }),
    el('line', { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: baseline, class: 'axis' }),
    el('text', { x: PAD.left - 6, y: PAD.top + 10, 'text-anchor': 'end', class: 'label' }, String(max)),
    el('text', { x: PAD.left - 6, y: baseline, 'text-anchor': 'end', class: 'label' }, '0'),
    el('text', { x: PAD.left, y: HEIGHT - 8, class: 'label' }, days[0].day),
    el('text', { x: WIDTH - PAD.right, y: HEIGHT - 8, 'text-anchor': 'end', class: 'label' },
      days[days.length - 1].day),
  );
  days.forEach((d, i) => {
    if (d.sats === 0) return;
    // A day with a little is still visible next to a day with a lot.
    const h = Math.max(2, (d.sats / max) * plotH);
    const bar = el('rect', {
      x: PAD.left + i * slot + slot * 0.15, y: baseline - h, width: slot * 0.7, height: h,
      class: 'bar', 'data-day': d.day, 'data-sats': d.sats,
    });
    bar.append(el('title', {}, `${d.day}: ${d.sats} sats`));
    svg.append(bar);
  });
  return svg;
}
