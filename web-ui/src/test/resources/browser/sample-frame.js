// Samples the frame a stream card shows: a fingerprint of its pixels, and how many points inside the
// instances its metadata lists (away from their edges) carry that instance's class colour.
const state = window.solo.streams[arguments[0]];
if (!state || !state.shownMeta) return null;
const img = state.card.querySelector('img');
if (!img.complete || img.naturalWidth === 0) return null; // the next frame is being decoded
const meta = state.shownMeta;
const canvas = document.createElement('canvas');
canvas.width = img.naturalWidth;
canvas.height = img.naturalHeight;
const g = canvas.getContext('2d');
g.drawImage(img, 0, 0);
const data = g.getImageData(0, 0, canvas.width, canvas.height).data;
let fingerprint = 0;
for (let i = 0; i < data.length; i += 101) fingerprint = (fingerprint * 31 + data[i]) % 1000000007;
function inside(p, x, y) {
  let hit = false;
  for (let i = 0, j = p.length - 2; i < p.length; j = i, i += 2) {
    if ((p[i + 1] > y) !== (p[j + 1] > y) && x < (p[j] - p[i]) * (y - p[i + 1]) / (p[j + 1] - p[i + 1]) + p[i]) hit = !hit;
  }
  return hit;
}
// Masks are drawn in list order, opaque in these tests: at each point the last instance covering
// it is on top. Points near any instance's edge (contours, polygon approximation) are skipped.
const shown = meta.instances.filter(inst => inst.score >= window.solo.overlay.minScore);
let points = 0, coloured = 0, probe = null;
for (let y = 4; y < canvas.height - 4; y += 4) {
  for (let x = 4; x < canvas.width - 4; x += 4) {
    const covering = shown.filter(inst => inst.polygons.some(p => inside(p, x, y)));
    if (covering.length === 0) continue;
    const top = covering[covering.length - 1];
    const deep = top.polygons.some(p => inside(p, x - 4, y) && inside(p, x + 4, y) && inside(p, x, y - 4)
        && inside(p, x, y + 4));
    const nearOther = shown.some(o => o !== top && o.polygons.some(p => inside(p, x - 4, y) || inside(p, x + 4, y)
        || inside(p, x, y - 4) || inside(p, x, y + 4)) && !covering.includes(o));
    if (!deep || nearOther) continue;
    points++;
    if (!probe) probe = { x, y, cls: top.class };
    const hex = window.solo.model.classes[top.classId].colour;
    const rgb = [1, 3, 5].map(k => parseInt(hex.substr(k, 2), 16));
    const o = 4 * (y * canvas.width + x);
    if (Math.hypot(data[o] - rgb[0], data[o + 1] - rgb[1], data[o + 2] - rgb[2]) < 60) coloured++;
  }
}
return { fingerprint, points, coloured, instances: meta.instances.length, frames: state.frames, view: state.view,
         probe };
