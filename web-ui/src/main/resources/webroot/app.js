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
    `model ${solo.model.preset} · ${solo.model.inputWidth}×${solo.model.inputHeight} · ${solo.model.classes.length} classes`;
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
      <button class="record" type="button">Record</button>
      <button class="remove" type="button" title="remove this stream">✕</button>
    </div>
    <div class="view"><img class="frame" alt=""><canvas class="masks"></canvas><div class="tip"></div></div>`;
  card.querySelector('.name').textContent = id;
  card.querySelector('.view').addEventListener('click', () => card.classList.toggle('large'));
  card.querySelector('.record').addEventListener('click', () => toggleRecording(id));
  card.querySelector('.remove').addEventListener('click', () => removeStream(id));
  const canvas = card.querySelector('canvas');
  canvas.addEventListener('mousemove', event => hover(id, event));
  canvas.addEventListener('mouseleave', () => { state.pointer = null; showTip(id); });
  document.getElementById('grid').append(card);
  const state = { card, frames: 0, shownMeta: null, socket: null, url: null, view: null, pointer: null };
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
    state.card.querySelector('.status').textContent = describe(s);
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
