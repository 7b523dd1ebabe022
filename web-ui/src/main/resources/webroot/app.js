// dynsolo browser UI: a grid of live streams over WebSocket, stream and recording controls.
// No external scripts: everything the page needs is served by the dynsolo server itself.
'use strict';

const token = new URLSearchParams(location.search).get('token') || '';
const solo = { model: null, streams: {}, browserMasks: false, overlay: null };
window.solo = solo; // state, for debugging and the browser tests

function withToken(url) {
  if (!token) return url;
  return url + (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token);
}

async function api(method, path, body) {
  const init = { method, headers: {} };
  if (token) init.headers['Authorization'] = 'Bearer ' + token;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new Error((data && data.error) || response.statusText);
  return data;
}

function say(text) {
  document.getElementById('message').textContent = text || '';
}

function colourOf(classId) {
  const c = solo.model && solo.model.classes[classId];
  return c ? c.colour : '#ffffff';
}

function shown(instance) {
  const o = solo.overlay;
  if (!o) return true;
  return instance.score >= o.minScore && (o.classes.length === 0 || o.classes.includes(instance.class));
}

// ---- model, overlay controls ----

async function loadModel() {
  solo.model = await api('GET', '/api/model');
  solo.overlay = await api('GET', '/api/overlay');
  document.getElementById('model-info').textContent =
    `model ${solo.model.preset} · ${solo.model.inputWidth}×${solo.model.inputHeight} · ${solo.model.classes.length} classes` +
    ` · ${solo.model.precision}`;
  const slider = document.getElementById('min-score');
  slider.value = solo.overlay.minScore;
  document.getElementById('min-score-value').textContent = Number(solo.overlay.minScore).toFixed(2);
  slider.addEventListener('change', () => changeOverlay({ minScore: Number(slider.value) }));
  slider.addEventListener('input', () => {
    document.getElementById('min-score-value').textContent = Number(slider.value).toFixed(2);
  });
  const filter = document.getElementById('class-filter');
  filter.textContent = '';
  for (const c of solo.model.classes) {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = c.name;
    box.checked = solo.overlay.classes.includes(c.name);
    box.addEventListener('change', () => {
      const ticked = [...filter.querySelectorAll('input:checked')].map(b => b.value);
      changeOverlay({ classes: ticked });
    });
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = c.colour;
    label.append(box, swatch, c.name);
    filter.append(label);
  }
}

async function changeOverlay(change) {
  try {
    solo.overlay = await api('PUT', '/api/overlay', change);
    for (const id of Object.keys(solo.streams)) drawMasks(id);
    say('');
  } catch (e) {
    say('overlay: ' + e.message);
  }
}

// ---- stream cards ----

function makeCard(id) {
  const card = document.createElement('div');
  card.className = 'card';
  card.dataset.stream = id;
  card.innerHTML = `
    <div class="card-head">
      <span class="name"></span><span class="status">connecting…</span>
      <button class="zone" type="button" title="draw a zone: click its corners on the view, then Save zone">Zone</button>
      <button class="line" type="button" title="draw a line: click its start, then its end">Line</button>
      <button class="record" type="button">Record</button>
      <button class="remove" type="button" title="remove this stream">✕</button>
    </div>
    <div class="view"><img class="frame" alt=""><canvas class="masks"></canvas><div class="tip"></div></div>`;
  card.querySelector('.name').textContent = id;
  card.querySelector('.view').addEventListener('click', () => { if (!state.drawing) card.classList.toggle('large'); });
  card.querySelector('.zone').addEventListener('click', () => toggleDrawing(id, 'zone'));
  card.querySelector('.line').addEventListener('click', () => toggleDrawing(id, 'line'));
  card.querySelector('.record').addEventListener('click', () => toggleRecording(id));
  card.querySelector('.remove').addEventListener('click', () => removeStream(id));
  const canvas = card.querySelector('canvas');
  canvas.addEventListener('mousemove', event => hover(id, event));
  canvas.addEventListener('mouseleave', () => { state.pointer = null; showTip(id); });
  canvas.addEventListener('click', event => addPoint(id, event));
  document.getElementById('grid').append(card);
  const state = { card, frames: 0, shownMeta: null, socket: null, url: null, view: null, pointer: null,
    zones: null, drawing: null, points: [] };
  solo.streams[id] = state;
  connect(id);
  return state;
}

function connect(id) {
  const state = solo.streams[id];
  if (!state) return;
  if (state.socket) state.socket.close();
  const view = solo.browserMasks ? 'raw' : 'annotated';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(withToken(`${scheme}//${location.host}/ws/streams/${encodeURIComponent(id)}?view=${view}`));
  socket.binaryType = 'blob';
  state.socket = socket;
  state.view = view;
  let pendingMeta = null;
  socket.onmessage = event => {
    if (typeof event.data === 'string') {
      pendingMeta = JSON.parse(event.data);
      return;
    }
    const meta = pendingMeta;
    const url = URL.createObjectURL(event.data);
    const img = state.card.querySelector('img');
    img.onload = () => {
      if (state.url) URL.revokeObjectURL(state.url);
      state.url = url;
      state.shownMeta = meta;
      state.frames++;
      drawMasks(id);
    };
    img.src = url;
  };
  socket.onclose = () => {
    if (solo.streams[id] === state && state.socket === socket) {
      setTimeout(() => { if (solo.streams[id] === state && state.socket === socket) connect(id); }, 1000);
    }
  };
}

function drawMasks(id) {
  const state = solo.streams[id];
  const canvas = state.card.querySelector('canvas');
  const meta = state.shownMeta;
  if (!meta) return;
  canvas.width = meta.width;
  canvas.height = meta.height;
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, canvas.width, canvas.height);
  showTip(id);
  drawZones(state, g);
  if (!solo.browserMasks) return; // the server drew them into the frame
  for (const instance of meta.instances) {
    if (!shown(instance)) continue;
    g.fillStyle = colourOf(instance.classId) + '73';
    g.strokeStyle = colourOf(instance.classId);
    g.lineWidth = 2;
    for (const polygon of instance.polygons) {
      g.beginPath();
      for (let i = 0; i < polygon.length; i += 2) {
        if (i === 0) g.moveTo(polygon[i], polygon[i + 1]); else g.lineTo(polygon[i], polygon[i + 1]);
      }
      g.closePath();
      g.fill();
      g.stroke();
    }
  }
}

/** The stream's zones (dashed), lines (with their direction) and the shape being drawn. */
function drawZones(state, g) {
  const settings = state.zones && state.zones.settings;
  g.save();
  g.lineWidth = 2;
  g.font = '14px sans-serif';
  g.fillStyle = '#ffffff';
  for (const zone of (settings ? settings.zones : [])) {
    g.strokeStyle = '#ffffff';
    g.setLineDash([8, 5]);
    g.beginPath();
    zone.points.forEach(([x, y], i) => (i === 0 ? g.moveTo(x, y) : g.lineTo(x, y)));
    g.closePath();
    g.stroke();
    g.fillText(zone.name, zone.points[0][0] + 4, zone.points[0][1] + 16);
  }
  g.setLineDash([]);
  for (const line of (settings ? settings.lines : [])) {
    g.strokeStyle = '#ffd23f';
    g.beginPath();
    g.moveTo(line.from[0], line.from[1]);
    g.lineTo(line.to[0], line.to[1]);
    g.stroke();
    const angle = Math.atan2(line.to[1] - line.from[1], line.to[0] - line.from[0]);
    g.beginPath();
    g.moveTo(line.to[0], line.to[1]);
    g.lineTo(line.to[0] - 12 * Math.cos(angle - 0.4), line.to[1] - 12 * Math.sin(angle - 0.4));
    g.lineTo(line.to[0] - 12 * Math.cos(angle + 0.4), line.to[1] - 12 * Math.sin(angle + 0.4));
    g.closePath();
    g.fillStyle = '#ffd23f';
    g.fill();
    g.fillText(line.name, line.from[0] + 4, line.from[1] + 16);
  }
  if (state.drawing && state.points.length) {
    g.strokeStyle = '#4fc3f7';
    g.beginPath();
    state.points.forEach(([x, y], i) => (i === 0 ? g.moveTo(x, y) : g.lineTo(x, y)));
    g.stroke();
    for (const [x, y] of state.points) g.fillRect(x - 3, y - 3, 6, 6);
  }
  g.restore();
}

/** Starts drawing a zone or line on a stream's view, or saves the zone being drawn. */
async function toggleDrawing(id, kind) {
  const state = solo.streams[id];
  const button = state.card.querySelector('.' + kind);
  if (state.drawing === kind && kind === 'zone') {
    if (state.points.length >= 3) await saveShape(id, 'zone', state.points);
    else say('a zone needs at least three corners');
    return stopDrawing(state);
  }
  stopDrawing(state);
  state.drawing = kind;
  state.points = [];
  button.textContent = kind === 'zone' ? 'Save zone' : 'Click start, end';
  button.classList.add('drawing');
}

function stopDrawing(state) {
  state.drawing = null;
  state.points = [];
  state.card.querySelector('.zone').textContent = 'Zone';
  state.card.querySelector('.line').textContent = 'Line';
  state.card.querySelectorAll('.drawing').forEach(b => b.classList.remove('drawing'));
}

/** A click on the view while drawing: a corner in frame pixels. */
async function addPoint(id, event) {
  const state = solo.streams[id];
  if (!state.drawing) return;
  event.stopPropagation();
  const canvas = state.card.querySelector('canvas');
  const rect = canvas.getBoundingClientRect();
  const x = Math.round((event.clientX - rect.left) * canvas.width / rect.width);
  const y = Math.round((event.clientY - rect.top) * canvas.height / rect.height);
  state.points.push([x, y]);
  if (state.drawing === 'line' && state.points.length === 2) {
    await saveShape(id, 'line', state.points);
    stopDrawing(state);
  }
  drawMasks(id);
}

/** Adds the drawn zone or line to the stream's (PUT /api/streams/{id}/zones) under the next free name. */
async function saveShape(id, kind, points) {
  const state = solo.streams[id];
  const current = (state.zones && state.zones.settings) || { zones: [], lines: [] };
  const taken = new Set([...current.zones, ...current.lines].map(z => z.name));
  let n = 1;
  while (taken.has(`${kind}-${n}`)) n++;
  const name = `${kind}-${n}`;
  const next = { zones: [...current.zones], lines: [...current.lines] };
  if (kind === 'zone') next.zones.push({ name, points, classes: [], dwellSeconds: 0 });
  else next.lines.push({ name, from: points[0], to: points[1], classes: [] });
  try {
    state.zones = await api('PUT', `/api/streams/${encodeURIComponent(id)}/zones`, next);
    say(`${name} added to ${id}`);
  } catch (e) {
    say(e.message);
  }
}

/** Live counts of a stream's zones and lines for its status line. */
function describeZones(zones) {
  const counts = zones && zones.counts;
  if (!counts) return [];
  const parts = [];
  for (const [zone, perClass] of Object.entries(counts.zones)) {
    const total = Object.values(perClass).reduce((a, b) => a + b, 0);
    const detail = Object.entries(perClass).map(([c, n]) => `${n} ${c}`).join(', ');
    parts.push(`${zone}: ${total}${detail ? ' (' + detail + ')' : ''}`);
  }
  for (const [line, byDirection] of Object.entries(counts.lines)) {
    const sum = d => Object.values(byDirection[d] || {}).reduce((a, b) => a + b, 0);
    parts.push(`${line}: ${sum('in')} in, ${sum('out')} out`);
  }
  return parts;
}

function inside(polygon, x, y) {
  let hit = false;
  for (let i = 0, j = polygon.length - 2; i < polygon.length; j = i, i += 2) {
    const xi = polygon[i], yi = polygon[i + 1], xj = polygon[j], yj = polygon[j + 1];
    if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

function hover(id, event) {
  const state = solo.streams[id];
  const rect = event.target.getBoundingClientRect();
  state.pointer = { x: event.clientX - rect.left, y: event.clientY - rect.top, width: rect.width, height: rect.height };
  showTip(id);
}

// The class and score of the topmost shown instance under the pointer; refreshed on every frame, so
// a still pointer follows what moves beneath it.
function showTip(id) {
  const state = solo.streams[id];
  const tip = state.card.querySelector('.tip');
  const meta = state.shownMeta;
  const p = state.pointer;
  const x = p && meta ? p.x * meta.width / p.width : 0;
  const y = p && meta ? p.y * meta.height / p.height : 0;
  const found = p && meta && solo.browserMasks
    ? meta.instances.filter(i => shown(i) && i.polygons.some(poly => inside(poly, x, y))).pop() : null;
  if (!found) {
    tip.style.display = 'none';
    return;
  }
  tip.textContent = `${found.track ? '#' + found.track + ' ' : ''}${found.class} ${found.score.toFixed(2)}`;
  tip.style.left = (p.x + 12) + 'px';
  tip.style.top = (p.y + 12) + 'px';
  tip.style.display = 'block';
}

function describe(s) {
  const parts = [s.status.state.toLowerCase()];
  if (s.fps > 0) parts.push(`${s.fps.toFixed(1)} fps`);
  if (s.latencyMillis > 0) parts.push(`${Math.round(s.latencyMillis)} ms`);
  parts.push(`${s.status.dropped} dropped`);
  if (s.status.reconnects > 0) parts.push(`${s.status.reconnects} reconnects`);
  if (s.error || s.status.lastError) parts.push(s.error || s.status.lastError);
  for (const [part, why] of Object.entries(s.faults || {})) parts.push(`${part} failing: ${why}`);
  return parts.join(' · ');
}

async function refreshStreams() {
  const { streams } = await api('GET', '/api/streams');
  const seen = new Set();
  for (const s of streams) {
    seen.add(s.id);
    const state = solo.streams[s.id] || makeCard(s.id);
    state.info = s;
    try {
      state.zones = await api('GET', `/api/streams/${encodeURIComponent(s.id)}/zones`);
    } catch (e) {
      state.zones = null;
    }
    state.card.querySelector('.status').textContent = [describe(s), ...describeZones(state.zones)].join(' · ');
    state.card.querySelector('.status').title = s.location;
    const button = state.card.querySelector('.record');
    button.textContent = s.recording ? 'Stop recording' : 'Record';
    button.classList.toggle('recording', s.recording);
  }
  for (const id of Object.keys(solo.streams)) {
    if (!seen.has(id)) dropCard(id);
  }
}

function dropCard(id) {
  const state = solo.streams[id];
  delete solo.streams[id];
  if (state.socket) state.socket.close();
  if (state.url) URL.revokeObjectURL(state.url);
  state.card.remove();
}

async function toggleRecording(id) {
  const state = solo.streams[id];
  try {
    if (state.info && state.info.recording) {
      const { files } = await api('DELETE', `/api/streams/${encodeURIComponent(id)}/recording`);
      say(`${id}: saved ${files.join(', ')}`);
    } else {
      await api('POST', `/api/streams/${encodeURIComponent(id)}/recording`);
      say(`${id}: recording`);
    }
    await refreshStreams();
    await refreshRecordings();
  } catch (e) {
    say(`${id}: ${e.message}`);
  }
}

async function removeStream(id) {
  try {
    await api('DELETE', `/api/streams/${encodeURIComponent(id)}`);
    dropCard(id);
    await refreshRecordings();
  } catch (e) {
    say(`${id}: ${e.message}`);
  }
}

async function refreshRecordings() {
  const { recordings } = await api('GET', '/api/recordings');
  const body = document.querySelector('#recordings tbody');
  body.textContent = '';
  for (const r of recordings) {
    const row = document.createElement('tr');
    const link = document.createElement('a');
    link.href = withToken('/api/recordings/' + encodeURIComponent(r.name));
    link.textContent = r.name;
    link.setAttribute('download', r.name);
    const cells = [link, r.stream, (r.bytes / 1048576).toFixed(1) + ' MB', r.active ? 'recording' : 'done'];
    for (const c of cells) {
      const td = document.createElement('td');
      td.append(c);
      row.append(td);
    }
    body.append(row);
  }
}

async function refreshHealth() {
  const badge = document.getElementById('health');
  try {
    const response = await fetch(withToken('/api/ready'));
    const ready = await response.json();
    badge.textContent = ready.ready ? 'ready' : 'not ready';
    badge.className = 'badge ' + (ready.ready ? 'ok' : 'bad');
  } catch (e) {
    badge.textContent = 'server unreachable';
    badge.className = 'badge bad';
  }
}

document.getElementById('add-stream').addEventListener('submit', async event => {
  event.preventDefault();
  const form = event.target;
  const body = { name: form.elements['name'].value.trim(), source: form.elements['source'].value.trim() };
  if (form.elements['targetFps'].value) body.targetFps = Number(form.elements['targetFps'].value);
  if (form.elements['policy'].value !== 'auto') body.policy = form.elements['policy'].value;
  try {
    await api('POST', '/api/streams', body);
    form.reset();
    say(`added ${body.name}`);
    await refreshStreams();
  } catch (e) {
    say(`cannot add ${body.name}: ${e.message}`);
  }
});

document.getElementById('browser-masks').addEventListener('change', event => {
  solo.browserMasks = event.target.checked;
  for (const id of Object.keys(solo.streams)) {
    connect(id);
    drawMasks(id); // clears or draws at once, before the first frame of the new view arrives
  }
});

async function tick(task) {
  try {
    await task();
  } catch (e) {
    say(e.message);
  }
}

(async () => {
  await tick(loadModel);
  await tick(refreshStreams);
  await tick(refreshRecordings);
  await tick(refreshHealth);
  setInterval(() => tick(refreshStreams), 1000);
  setInterval(() => tick(refreshRecordings), 3000);
  setInterval(refreshHealth, 3000);
})();
