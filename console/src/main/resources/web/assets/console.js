// The console page: every consumer group's lag live (server-sent events), a trend chart per group
// (uPlot), one order's timeline, stuck orders, alerts and dead letters. Everything shown is read from
// the console's own /api; the browser sends the operator's Basic credentials with each call.
'use strict';

const TREND_SPAN_MS = 30 * 60 * 1000;
const REFRESH_MS = 10_000;

const $ = (selector) => document.querySelector(selector);

/** An element with attributes and children; text goes in as text, never as HTML. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function utc(at) {
  if (!at) return '';
  return new Date(at).toISOString().replace('T', ' ').replace('Z', '');
}

function seconds(value) {
  if (value === null || value === undefined) return '–';
  if (value < 60) return value.toFixed(1) + ' s';
  if (value < 3600) return (value / 60).toFixed(1) + ' min';
  return (value / 3600).toFixed(1) + ' h';
}

function number(value) {
  return value === null || value === undefined ? '–' : Number(value).toLocaleString('en');
}

// the console's own address for path: a page opened as http://user:token@host/ may not fetch relative to its URL
function api(path) {
  return new URL(path, window.location.origin);
}

async function getJson(path) {
  const answer = await fetch(api(path), { headers: { Accept: 'application/json' } });
  const body = await answer.json().catch(() => ({}));
  return { status: answer.status, body };
}

function statusBadge(status, severity) {
  return el('span', { class: 'badge sev-' + String(severity || status).toLowerCase() }, status);
}

// ---------------------------------------------------------------- lag, live

const expanded = new Set();
let latest = null;

function renderLag(snapshot) {
  latest = snapshot;
  $('#sampled-at').textContent = snapshot.at ? 'sampled ' + utc(snapshot.at) + ' UTC' : '';
  const problem = $('#problem');
  problem.hidden = !snapshot.problem;
  problem.textContent = snapshot.problem || '';
  const showInternal = $('#show-internal').checked;
  const body = $('#groups tbody');
  body.replaceChildren();
  for (const group of snapshot.groups) {
    const row = el('tr', { class: 'group', dataset: { group: group.group, status: group.status, lag: group.totalLag, lagSeconds: group.lagSeconds }, tabindex: 0 },
      el('td', { class: 'name' }, group.group),
      el('td', { class: 'status' }, statusBadge(group.status, group.severity)),
      el('td', { class: 'lag num' }, number(group.totalLag)),
      el('td', { class: 'lag-seconds num' }, seconds(group.lagSeconds)),
      el('td', { class: 'members num' }, group.members),
      el('td', { class: 'state' }, group.state));
    row.addEventListener('click', () => toggle(group.group));
    body.append(row);
    if (expanded.has(group.group)) {
      body.append(el('tr', { class: 'partitions' }, el('td', { colspan: 6 }, partitionTable(group, showInternal))));
    }
    trendOf(group.group).add(snapshot.at, group.totalLag, group.lagSeconds);
  }
  if (snapshot.groups.length === 0) {
    body.append(el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'No consumer group on the cluster yet.')));
  }
  for (const name of trends.keys()) {
    if (!snapshot.groups.some((group) => group.group === name)) removeTrend(name);
  }
}

function toggle(group) {
  if (expanded.has(group)) expanded.delete(group); else expanded.add(group);
  if (latest) renderLag(latest);
}

function partitionTable(group, showInternal) {
  const rows = group.partitions.filter((p) => showInternal || !p.internal).map((p) =>
    el('tr', { class: p.internal ? 'internal' : null },
      el('td', {}, p.topic, p.internal ? el('span', { class: 'tag' }, 'internal') : null),
      el('td', { class: 'num' }, p.partition),
      el('td', { class: 'num' }, number(p.committedOffset)),
      el('td', { class: 'num' }, number(p.logEndOffset)),
      el('td', { class: 'num' }, number(p.lag)),
      el('td', { class: 'num' }, seconds(p.lagSeconds)),
      el('td', {}, p.status ? statusBadge(p.status, p.status === 'OK' ? 'ok' : p.status === 'WARN' ? 'warn' : 'err') : ''),
      el('td', { class: 'consumer' }, p.consumerId || '–')));
  return el('table', { class: 'partition-table' },
    el('colgroup', {}, el('col', { class: 'c-topic' }), el('col', { class: 'c-small' }), el('col', { class: 'c-num' }),
      el('col', { class: 'c-num' }), el('col', { class: 'c-num' }), el('col', { class: 'c-num' }), el('col', { class: 'c-status' }), el('col')),
    el('thead', {}, el('tr', {}, ['Topic', 'Partition', 'Committed', 'Log end', 'Lag', 'Lag (time)', 'Status', 'Consumer'].map((h) => el('th', {}, h)))),
    el('tbody', {}, rows));
}

$('#show-internal').addEventListener('change', () => latest && renderLag(latest));

function connectLag() {
  const events = new EventSource(api('/api/lag/events'));
  events.addEventListener('lag', (event) => {
    $('#connection').textContent = 'live';
    $('#connection').className = 'connection live';
    renderLag(JSON.parse(event.data));
  });
  events.onerror = () => {
    // EventSource reconnects by itself; say so meanwhile
    $('#connection').textContent = 'reconnecting…';
    $('#connection').className = 'connection down';
  };
}

// ---------------------------------------------------------------- trend charts (uPlot)

const trends = new Map();

function trendOf(group) {
  if (!trends.has(group)) trends.set(group, new Trend(group));
  return trends.get(group);
}

function removeTrend(group) {
  trends.get(group).destroy();
  trends.delete(group);
}

class Trend {
  constructor(group) {
    this.data = [[], [], []];
    this.box = el('figure', { class: 'trend', dataset: { group } }, el('figcaption', {}, group));
    $('#trends').append(this.box);
    this.chart = new uPlot({
      width: Math.max(260, this.box.clientWidth - 10),
      height: 150,
      legend: { show: false },
      scales: { x: { time: true }, records: {}, seconds: {} },
      series: [
        {},
        { label: 'records', scale: 'records', stroke: '#2b6cb0', width: 1.5 },
        { label: 'seconds', scale: 'seconds', stroke: '#c05621', width: 1.5, dash: [4, 3] },
      ],
      axes: [
        { space: 60 },
        { scale: 'records', size: 44 },
        { scale: 'seconds', side: 1, size: 36, grid: { show: false } },
      ],
    }, this.data, this.box);
  }

  add(at, records, lagSeconds) {
    const t = new Date(at).getTime() / 1000;
    const [times, lag, age] = this.data;
    if (times.length && times[times.length - 1] >= t) return;
    times.push(t); lag.push(records); age.push(lagSeconds);
    while (times.length && times[0] < t - TREND_SPAN_MS / 1000) { times.shift(); lag.shift(); age.shift(); }
    this.chart.setData(this.data);
  }

  destroy() {
    this.chart.destroy();
    this.box.remove();
  }
}

async function loadTrends() {
  const { status, body } = await getJson('/api/lag/trend');
  if (status !== 200) return;
  for (const [group, points] of Object.entries(body.groups)) {
    const trend = trendOf(group);
    for (const point of points) trend.add(point.at, point.totalLag, point.lagSeconds);
  }
}

// ---------------------------------------------------------------- one order's timeline

$('#order-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const orderId = $('#order-id').value.trim();
  if (orderId) await showOrder(orderId);
});

async function showOrder(orderId) {
  const summary = $('#order-summary');
  const table = $('#timeline');
  summary.textContent = 'asking the services…';
  const { status, body } = await getJson('/api/orders/' + encodeURIComponent(orderId) + '/timeline');
  const sources = Object.entries(body.sources || {}).map(([service, said]) => service + ': ' + said).join(', ');
  if (status !== 200) {
    table.hidden = true;
    summary.textContent = (body.error || 'the console answered ' + status) + (sources ? ' (' + sources + ')' : '');
    return;
  }
  summary.textContent = orderId + ' is ' + (body.status || 'unknown') + '. Answers: ' + sources + '.';
  $('#timeline tbody').replaceChildren(...body.entries.map((entry) =>
    el('tr', { dataset: { service: entry.service } },
      el('td', { class: 'at' }, utc(entry.at)),
      el('td', {}, entry.service),
      el('td', { class: 'what' }, entry.what),
      el('td', { class: 'detail' }, entry.detail || ''))));
  table.hidden = false;
}

// ---------------------------------------------------------------- stuck orders, alerts, dead letters

async function loadStuck() {
  const { status, body } = await getJson('/api/orders/stuck');
  if (status !== 200) {
    $('#stuck-summary').textContent = body.error || 'the console answered ' + status;
    return;
  }
  $('#stuck-summary').textContent = body.orders.length === 0
    ? 'No paid order waits for the warehouse beyond its deadline.'
    : body.orders.length + (body.truncated ? '+' : '') + ' stuck; the oldest was paid ' + seconds(body.oldestWaitingSeconds) + ' ago.';
  $('#stuck tbody').replaceChildren(...body.orders.map((order) =>
    el('tr', {}, el('td', {}, order.orderId), el('td', {}, order.status),
      el('td', { class: 'num' }, number(order.amount) + ' ' + (order.currency || '')), el('td', {}, utc(order.paidSince)))));
}

async function loadAlerts() {
  const select = $('#alert-kind');
  const kind = select.value;
  const { status, body } = await getJson('/api/alerts?limit=50' + (kind ? '&kind=' + encodeURIComponent(kind) : ''));
  if (status !== 200) return;
  const options = [el('option', { value: '' }, 'every kind')].concat(Object.entries(body.kinds).map(([name, count]) =>
    el('option', { value: name, selected: name === kind }, name + ' (' + count + ')')));
  select.replaceChildren(...options);
  const rows = body.alerts.map((alert) =>
    el('tr', { dataset: { kind: alert.kind } },
      el('td', {}, utc(alert.at)), el('td', {}, alert.kind),
      el('td', {}, statusBadge(alert.severity, alert.severity === 'CRITICAL' ? 'err' : alert.severity === 'WARNING' ? 'warn' : 'ok')),
      el('td', { class: 'subject' }, alert.subject || ''), el('td', { class: 'detail' }, alert.detail || '')));
  if (rows.length === 0) rows.push(el('tr', {}, el('td', { colspan: 5, class: 'muted' }, 'No alert' + (kind ? ' of this kind' : '') + ' among ' + body.scanned + '.')));
  $('#alerts tbody').replaceChildren(...rows);
}

$('#alert-kind').addEventListener('change', loadAlerts);

async function loadDeadLetters() {
  const { status, body } = await getJson('/api/dead-letters?limit=5');
  if (status !== 200) return;
  const blocks = body.topics.map((topic) => el('div', { class: 'dlq', dataset: { topic: topic.topic } },
    el('h3', {}, topic.topic, ' ', el('span', { class: topic.records > 0 ? 'count bad' : 'count' }, number(topic.records) + ' records')),
    topic.newest.length === 0 ? null : el('table', {},
      el('colgroup', {}, el('col', { class: 'c-at' }), el('col', { class: 'c-subject' }), el('col', { class: 'c-kind' }), el('col'), el('col', { class: 'c-subject' })),
      el('thead', {}, el('tr', {}, ['At (UTC)', 'Key', 'Exception', 'Message', 'From'].map((h) => el('th', {}, h)))),
      el('tbody', {}, topic.newest.map((letter) => el('tr', {},
        el('td', {}, utc(letter.at)), el('td', {}, letter.key || ''), el('td', {}, letter.exception || ''),
        el('td', { class: 'detail' }, letter.message || ''),
        el('td', {}, letter.fromTopic ? letter.fromTopic + '-' + letter.fromPartition + '@' + letter.fromOffset : '')))))));
  $('#dead-letters').replaceChildren(...(blocks.length ? blocks : [el('p', { class: 'muted' }, 'No dead-letter topic on the cluster.')]));
}

function every(ms, task) {
  const run = () => task().catch((error) => console.warn(error));
  run();
  setInterval(run, ms);
}

loadTrends().catch((error) => console.warn(error)).finally(connectLag);
every(REFRESH_MS, loadStuck);
every(REFRESH_MS, loadAlerts);
every(REFRESH_MS, loadDeadLetters);
