// The playground's page: it asks the server (which asks the FunctionalNet library) for every number, and draws.
'use strict';

const $ = id => document.getElementById(id);
const MINUS = '\u2212';
const fmt = (v, digits = 3) => v === null || v === undefined ? '—' : (v < 0 || Object.is(v, -0) ? MINUS : '') + Math.abs(v).toFixed(digits);
const vec = (vs, digits = 3) => '(' + vs.map(v => fmt(v, digits)).join(', ') + ')';
const sub = n => String(n).split('').map(c => '₀₁₂₃₄₅₆₇₈₉'[c] || c).join('');

// ---- Asking the server -------------------------------------------------------------------------------------------
async function ask(path, params, init) {
  const url = path + (params ? '?' + new URLSearchParams(params) : '');
  const response = await fetch(url, init);
  if (!response.ok) {
    const reason = (await response.text()).trim();
    throw new Error(reason || response.statusText);
  }
  return response.json();
}
function showError(error) {
  const box = $('error');
  if (error) { box.textContent = error.message || String(error); box.hidden = false; } else { box.hidden = true; }
}

// ---- Views and the shareable URL ---------------------------------------------------------------------------------
const views = {};
let current = null;
function setQuery(params) {
  const query = new URLSearchParams({ view: current, ...params });
  history.replaceState(null, '', '?' + query);
}
function show(name, fromUrl) {
  if (current && views[current].leave) views[current].leave();
  current = name;
  for (const v of Object.keys(views)) {
    $('view-' + v).hidden = v !== name;
    const tab = $('tab-' + v);
    if (v === name) tab.setAttribute('aria-current', 'page'); else tab.removeAttribute('aria-current');
  }
  showError(null);
  views[name].enter(fromUrl ? new URLSearchParams(location.search) : new URLSearchParams());
}

// ---- Drawing helpers ----------------------------------------------------------------------------------------------
function context(canvas) {
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  return ctx;
}
// A line chart of one or more series on one canvas; each series {values, color, label, max?}.
function chart(canvas, series, xLabel) {
  const ctx = context(canvas);
  const [w, h, left, bottom, top, right] = [canvas.width, canvas.height, 48, 28, 12, 12];
  const n = Math.max(2, ...series.map(s => s.values.length));
  const finite = series.flatMap(s => s.values.filter(v => v !== null && isFinite(v)));
  const yMax = Math.max(1e-12, ...finite, ...series.map(s => s.max || 0));
  const x = i => left + (w - left - right) * i / (n - 1);
  const y = v => h - bottom - (h - bottom - top) * Math.min(v, yMax) / yMax;
  ctx.strokeStyle = '#c4c9d4'; ctx.fillStyle = '#5b6475'; ctx.font = '11px system-ui, sans-serif'; ctx.lineWidth = 1;
  ctx.beginPath(); ctx.moveTo(left, top); ctx.lineTo(left, h - bottom); ctx.lineTo(w - right, h - bottom); ctx.stroke();
  ctx.textAlign = 'right';
  ctx.fillText(yMax.toPrecision(3), left - 4, top + 8); ctx.fillText('0', left - 4, h - bottom);
  ctx.textAlign = 'center';
  ctx.fillText('0', left, h - bottom + 14); ctx.fillText(String(n - 1), w - right, h - bottom + 14);
  ctx.fillText(xLabel, (left + w) / 2, h - 4);
  series.forEach((s, k) => {
    ctx.strokeStyle = s.color; ctx.lineWidth = 2; ctx.beginPath();
    let started = false;
    s.values.forEach((v, i) => {
      if (v === null || !isFinite(v)) { started = false; return; }
      if (started) ctx.lineTo(x(i), y(v)); else { ctx.moveTo(x(i), y(v)); started = true; }
    });
    ctx.stroke();
    ctx.fillStyle = s.color; ctx.textAlign = 'right';
    ctx.fillText(s.label, w - right, top + 10 + 13 * k);
  });
}
// Blue for 0, white for ½, orange for 1: the colour of a probability or activation in [lo, hi].
function colour(v, lo = 0, hi = 1) {
  const t = Math.max(0, Math.min(1, (v - lo) / (hi - lo)));
  const [a, b] = t < 0.5 ? [[47, 111, 214], [255, 255, 255]] : [[255, 255, 255], [224, 123, 26]];
  const u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
  return a.map((c, i) => Math.round(c + (b[i] - c) * u));
}
// An n × n map (row i = second coordinate, from low to high) painted bottom-up into a canvas.
function paintMap(canvas, values, n, lo, hi) {
  const small = document.createElement('canvas');
  small.width = n; small.height = n;
  const sctx = small.getContext('2d');
  const image = sctx.createImageData(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const v = values[i * n + j];
    const [r, g, b] = v === null ? [200, 200, 200] : colour(v, lo, hi);
    const k = ((n - 1 - i) * n + j) * 4;
    image.data[k] = r; image.data[k + 1] = g; image.data[k + 2] = b; image.data[k + 3] = 255;
  }
  sctx.putImageData(image, 0, 0);
  const ctx = canvas.getContext('2d');
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
  return small;
}

// ---- View 1: the single neuron -----------------------------------------------------------------------------------
views.neuron = (() => {
  let epoch = 0;
  const inputs = ['n-w1', 'n-w2', 'n-w3', 'n-eta', 'n-b'];
  function params(at) {
    const p = { w: [$('n-w1').value, $('n-w2').value, $('n-w3').value].join(','), eta: $('n-eta').value, bias: $('n-bias').checked ? 1 : 0 };
    if ($('n-bias').checked) p.b = $('n-b').value;
    if (at !== undefined) p.epoch = at;
    return p;
  }
  async function refresh() {
    document.body.classList.toggle('bias-on', $('n-bias').checked);
    setQuery(params(epoch));
    try {
      // Two questions: where the run is after `epoch` epochs, and (from epoch − 1) the step that brought it there.
      const [now, before] = await Promise.all([ask('/api/neuron', params(epoch)), epoch > 0 ? ask('/api/neuron', params(epoch - 1)) : null]);
      showError(null);
      render(now, before);
    } catch (e) { showError(e); }
  }
  function render(now, before) {
    const t = now.epoch, bias = now.bias !== null;
    $('n-epoch-title').textContent = t === 0 ? 'Epoch 0: the starting weights' : `Epoch ${t}, as on the slide`;
    $('n-weights').textContent = `w(${t}) = ${vec(now.weights)}` + (bias ? `, b(${t}) = ${fmt(now.bias)}` : '');
    $('n-weights').title = now.weights.join(', ');
    const step = before ? before.next : now.next;
    $('n-loss').textContent = before ? `L ${fmt(step.loss_before)} → ${fmt(step.loss_after)}` : `L(w(0)) = ${fmt(now.next.loss_before)}`;
    $('n-table-caption').textContent = before ? `The forward pass with w(${t - 1})` : 'The forward pass with w(0)';
    $('n-table').tBodies[0].replaceChildren(...step.rows.map(r => row([
      '[' + r.input.join(',') + ']', r.target, fmt(r.z), fmt(r.prediction), fmt(r.term)])));
    const formula = $('n-formula');
    formula.replaceChildren();
    if (!before) {
      formula.append(par('Press Step to take the first epoch: ∂L/∂w = −Σᵢ (yᵢ − ŷᵢ)ŷᵢ(1 − ŷᵢ)·xᵢ, then w(1) = w(0) − η·∂L/∂w.'));
    } else {
      const s = t - 1;
      step.gradient.forEach((g, j) => {
        const terms = step.rows.map(r => `(${fmt(r.term)})(${r.input[j]})`).join(' + ');
        formula.append(par(`∂L/∂w${sub(j + 1)} = −[${terms}] = ${fmt(g)}`));
      });
      if (bias) formula.append(par(`∂L/∂b = −[${step.rows.map(r => `(${fmt(r.term)})`).join(' + ')}] = ${fmt(step.bias_gradient)}`));
      formula.append(par(`w(${t}) = w(${s}) − η·∂L/∂w = ${vec(before.weights)} − ${fmt(now.learning_rate, 2)}·${vec(step.gradient)}`));
      formula.append(par(`w(${t}) = ${vec(step.weights_after)}`));
      if (bias) formula.append(par(`b(${t}) = ${fmt(before.bias)} − ${fmt(now.learning_rate, 2)}·(${fmt(step.bias_gradient)}) = ${fmt(step.bias_after)}`));
      formula.append(par(`L(w(${s})) = ${fmt(step.loss_before)} → L(w(${t})) = ${fmt(step.loss_after)}`));
    }
    $('n-test').tBodies[0].replaceChildren(...now.test.map(p => {
      const tr = row(['[' + p.input.join(',') + ']', p.label, fmt(p.prediction, 8), p.decision]);
      tr.lastChild.className = p.correct ? 'right' : 'wrong';
      tr.lastChild.textContent += p.correct ? ' ✓' : ' ✗';
      return tr;
    }));
    chart($('n-curve'), [{ values: now.loss_curve, color: '#2557c7', label: 'L = ½ Σ (y − ŷ)²' }], 'epoch');
  }
  function go(to) { epoch = Math.max(0, Math.min(10000, to)); refresh(); }
  $('n-step').addEventListener('click', () => go(epoch + 1));
  $('n-run').addEventListener('click', () => go(epoch + 100));
  $('n-rewind').addEventListener('click', () => go(0));
  $('n-bias').addEventListener('change', () => {
    // The slides' bias run: b(0) = −5 and η = 0.1; without a bias, η = 1.
    $('n-eta').value = $('n-bias').checked ? '0.1' : '1';
    if ($('n-bias').checked) $('n-b').value = '-5';
    go(0);
  });
  inputs.forEach(id => $(id).addEventListener('change', () => go(0)));
  return {
    enter(q) {
      const w = (q.get('w') || '').split(',');
      if (w.length === 3) ['n-w1', 'n-w2', 'n-w3'].forEach((id, i) => { $(id).value = w[i]; });
      $('n-bias').checked = q.get('bias') === '1';
      $('n-eta').value = q.get('eta') || ($('n-bias').checked ? '0.1' : '1');
      if (q.get('b')) $('n-b').value = q.get('b');
      epoch = parseInt(q.get('epoch') || '0', 10) || 0;
      refresh();
    },
  };
})();
function row(cells) {
  const tr = document.createElement('tr');
  for (const c of cells) { const td = document.createElement('td'); td.textContent = c; tr.append(td); }
  return tr;
}
function par(text) { const p = document.createElement('p'); p.textContent = text; return p; }

// ---- View 2: the 2-D playground ----------------------------------------------------------------------------------
views.plane = (() => {
  const fields = { dataset: 'p-dataset', points: 'p-points', noise: 'p-noise', seed: 'p-seed', hidden: 'p-hidden',
    activation: 'p-activation', loss: 'p-loss', optimizer: 'p-optimizer', lr: 'p-lr', batch: 'p-batch' };
  let epoch = 0, loss = [], accuracy = [], playing = false, busy = false, generation = 0, last = null;
  const config = () => Object.fromEntries(Object.entries(fields).map(([k, id]) => [k, $(id).value.trim()]));
  async function fetchTo(target) {
    const mine = generation;
    busy = true;
    try {
      const answer = await ask('/api/plane', { ...config(), epoch: target, curve_from: loss.length });
      if (mine !== generation) return;
      loss.length = accuracy.length = answer.curve_from;
      loss.push(...answer.loss); accuracy.push(...answer.accuracy);
      epoch = answer.epoch; last = answer;
      showError(null);
      render(answer);
      if (answer.diverged || epoch >= 10000) pause();
    } catch (e) { showError(e); pause(); }
    finally { busy = false; setQuery({ ...config(), epoch }); }
  }
  function loop() {
    if (!playing || current !== 'plane') return;
    if (busy) { setTimeout(loop, 30); return; }
    fetchTo(Math.min(10000, epoch + 10)).then(() => setTimeout(loop, 0));
  }
  function play() { playing = true; $('p-play').textContent = 'Pause'; loop(); }
  function pause() { playing = false; $('p-play').textContent = 'Play'; }
  function reset() { generation++; epoch = 0; loss = []; accuracy = []; pause(); fetchTo(0); }
  function render(a) {
    const acc = accuracy[accuracy.length - 1], l = loss[loss.length - 1];
    $('p-status').textContent = `epoch ${a.epoch}   loss ${fmt(l, 4)}   accuracy ${(acc * 100).toFixed(1)}%` +
      (a.diverged ? '   — the run diverged (a weight became infinite): lower η and rewind' : '') +
      (a.epoch >= 10000 ? '   (the most epochs a run trains)' : '');
    drawRegion(a);
    chart($('p-curve'), [{ values: loss, color: '#2557c7', label: 'loss' }, { values: accuracy, color: '#e07b1a', label: 'accuracy', max: 1 }], 'epoch');
    drawNetwork(a);
  }
  function drawRegion(a) {
    const canvas = $('p-region');
    const n = a.axis.length;
    paintMap(canvas, a.output, n, 0, 1);
    const ctx = canvas.getContext('2d');
    const { low, high } = a.data;
    const px = v => (v - low) / (high - low) * canvas.width, py = v => canvas.height - (v - low) / (high - low) * canvas.height;
    const radius = a.data.y.length <= 20 ? 7 : 3.5;
    a.data.y.forEach((label, k) => {
      ctx.beginPath(); ctx.arc(px(a.data.x1[k]), py(a.data.x2[k]), radius, 0, 2 * Math.PI);
      ctx.fillStyle = label === 1 ? '#9c4a00' : '#12357a'; ctx.fill();
      ctx.lineWidth = 1.2; ctx.strokeStyle = '#fff'; ctx.stroke();
    });
    ctx.fillStyle = '#333'; ctx.font = '11px system-ui, sans-serif';
    ctx.fillText(`x₁, x₂ from ${fmt(low, 1)} to ${fmt(high, 1)}`, 6, 14);
  }
  function drawNetwork(a) {
    const NS = 'http://www.w3.org/2000/svg';
    const sizes = a.sizes, columns = sizes.length;
    const [width, cell, gap] = [520, 44, 10];
    const height = Math.max(...sizes) * (cell + gap) + gap;
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'The network: ' + sizes.join('-'));
    const cx = c => 30 + (width - 60 - cell) * c / Math.max(1, columns - 1);
    const cy = (c, i) => (height - sizes[c] * (cell + gap) + gap) / 2 + i * (cell + gap);
    const maxW = Math.max(1e-9, ...a.layers.flatMap(l => l.weights.flat().map(Math.abs)));
    a.layers.forEach((layer, l) => layer.weights.forEach((ws, o) => ws.forEach((w, i) => {
      const line = document.createElementNS(NS, 'line');
      line.setAttribute('x1', cx(l) + cell); line.setAttribute('y1', cy(l, i) + cell / 2);
      line.setAttribute('x2', cx(l + 1)); line.setAttribute('y2', cy(l + 1, o) + cell / 2);
      line.setAttribute('stroke', w >= 0 ? '#e07b1a' : '#2f6fd6');
      line.setAttribute('stroke-width', (0.5 + 6 * Math.abs(w) / maxW).toFixed(2));
      line.setAttribute('stroke-opacity', '0.75');
      line.setAttribute('tabindex', '0');
      const text = `w = ${fmt(w, 4)}: from ${l === 0 ? 'x' + sub(i + 1) : 'unit ' + (i + 1) + ' of layer ' + l} to ${l + 1 === a.layers.length ? 'the output' : 'unit ' + (o + 1) + ' of layer ' + (l + 1)}`;
      const title = document.createElementNS(NS, 'title'); title.textContent = text; line.append(title);
      const tell = () => { $('p-hover').textContent = text; };
      line.addEventListener('mouseenter', tell); line.addEventListener('focus', tell);
      svg.append(line);
    })));
    for (let c = 0; c < columns; c++) for (let i = 0; i < sizes[c]; i++) {
      let map = null, label = '';
      if (c === 0) label = 'x' + sub(i + 1);
      else if (c === columns - 1) map = a.output;
      else map = a.hidden[c - 1][i];
      if (map) {
        const n = Math.round(Math.sqrt(map.length));
        const canvas = document.createElement('canvas'); canvas.width = canvas.height = n;
        // The output is a probability in [0, 1]; a hidden unit is coloured on its own scale, white at 0.
        const top = c === columns - 1 ? 1 : Math.max(1e-9, ...map.map(v => Math.abs(v === null ? 0 : v)));
        const small = paintMap(canvas, map, n, c === columns - 1 ? 0 : -top, top);
        const image = document.createElementNS(NS, 'image');
        image.setAttribute('href', small.toDataURL());
        image.setAttribute('x', cx(c)); image.setAttribute('y', cy(c, i)); image.setAttribute('width', cell); image.setAttribute('height', cell);
        image.setAttribute('preserveAspectRatio', 'none');
        svg.append(image);
        const bias = c > 0 ? a.layers[c - 1].bias : null;
        if (bias) {
          const t = document.createElementNS(NS, 'title');
          t.textContent = c === columns - 1 ? `output: b = ${fmt(bias[i], 4)}` : `unit ${i + 1} of layer ${c}: b = ${fmt(bias[i], 4)}`;
          image.append(t);
        }
      }
      const rect = document.createElementNS(NS, 'rect');
      rect.setAttribute('x', cx(c)); rect.setAttribute('y', cy(c, i)); rect.setAttribute('width', cell); rect.setAttribute('height', cell);
      rect.setAttribute('fill', map ? 'none' : '#eef1f6'); rect.setAttribute('stroke', '#8891a3');
      svg.append(rect);
      if (label) {
        const t = document.createElementNS(NS, 'text');
        t.setAttribute('x', cx(c) + cell / 2); t.setAttribute('y', cy(c, i) + cell / 2 + 5); t.setAttribute('text-anchor', 'middle');
        t.textContent = label; svg.append(t);
      }
    }
    $('p-network').replaceChildren(svg);
  }
  $('p-play').addEventListener('click', () => (playing ? pause() : play()));
  $('p-step').addEventListener('click', () => { pause(); if (!busy) fetchTo(Math.min(10000, epoch + 1)); });
  $('p-rewind').addEventListener('click', reset);
  Object.values(fields).forEach(id => $(id).addEventListener('change', reset));
  return {
    enter(q) {
      for (const [k, id] of Object.entries(fields)) if (q.has(k)) $(id).value = q.get(k);
      generation++; epoch = 0; loss = []; accuracy = []; pause();
      const target = Math.min(10000, parseInt(q.get('epoch') || '0', 10) || 0);
      // A shared link's epoch is reached in as many requests as the server's per-request budget needs.
      const reach = () => fetchTo(target).then(() => { if (epoch < target && !(last && last.diverged) && current === 'plane') reach(); });
      reach();
    },
    leave: pause,
  };
})();

// ---- View 3: the learning rate -----------------------------------------------------------------------------------
views.rate = (() => {
  let pending = null;
  async function refresh() {
    const eta = $('r-eta').value, epochs = $('r-epochs').value;
    $('r-eta-value').textContent = Number(eta).toFixed(2);
    setQuery({ eta, epochs });
    const mine = pending = {};
    try {
      const a = await ask('/api/learning-rate', { eta, epochs });
      if (mine !== pending) return;
      showError(null);
      render(a);
    } catch (e) { showError(e); }
  }
  function render(a) {
    const verdict = a.diverged ? 'diverges' : a.learning_rate > a.critical_rate / 2 ? `zig-zags (${a.reversals} reversal${a.reversals === 1 ? '' : 's'} of direction)` : 'converges';
    $('r-status').textContent = `η = ${fmt(a.learning_rate, 2)}: ${verdict}.   Final loss ${fmt(a.loss[a.loss.length - 1], 4)}.   ` +
      `Largest curvature λ = ${fmt(a.largest_curvature, 3)}: η above 1/λ = ${fmt(a.critical_rate / 2, 3)} overshoots, above 2/λ = ${fmt(a.critical_rate, 3)} diverges.`;
    const canvas = $('r-contours');
    const { w, b, loss } = a.surface;
    const n = w.length;
    // Colour by log L in bands, so that the bands' edges are the contour lines.
    const logs = loss.flat().map(v => Math.log(v));
    const [lo, hi] = [Math.min(...logs), Math.max(...logs)];
    const banded = logs.map(v => Math.floor((v - lo) / (hi - lo) * 14) / 14);
    paintMap(canvas, banded, n, 0, 1);
    const ctx = canvas.getContext('2d');
    const px = v => (v - w[0]) / (w[n - 1] - w[0]) * canvas.width, py = v => canvas.height - (v - b[0]) / (b[n - 1] - b[0]) * canvas.height;
    ctx.strokeStyle = '#111'; ctx.fillStyle = '#111'; ctx.lineWidth = 2;
    ctx.beginPath();
    a.path_w.forEach((pw, k) => {
      const pb = a.path_b[k];
      if (pw === null || pb === null) return;
      const [x, y] = [px(Math.max(-1e6, Math.min(1e6, pw))), py(Math.max(-1e6, Math.min(1e6, pb)))];
      if (k === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    });
    ctx.stroke();
    a.path_w.forEach((pw, k) => {
      if (pw === null || a.path_b[k] === null) return;
      ctx.beginPath(); ctx.arc(px(pw), py(a.path_b[k]), k === 0 ? 5 : 2.5, 0, 2 * Math.PI); ctx.fill();
    });
    ctx.strokeStyle = '#fff'; ctx.lineWidth = 3;
    const [mx, my] = [px(a.minimum[0]), py(a.minimum[1])];
    ctx.beginPath(); ctx.moveTo(mx - 7, my - 7); ctx.lineTo(mx + 7, my + 7); ctx.moveTo(mx + 7, my - 7); ctx.lineTo(mx - 7, my + 7); ctx.stroke();
    ctx.fillStyle = '#111'; ctx.font = '12px system-ui, sans-serif';
    ctx.textAlign = 'right'; ctx.fillText(`w from ${fmt(w[0], 2)} to ${fmt(w[n - 1], 2)} →`, canvas.width - 6, canvas.height - 6);
    ctx.textAlign = 'left'; ctx.fillText(`↑ b from ${fmt(b[0], 2)} to ${fmt(b[n - 1], 2)}`, 6, 16);
    ctx.fillText('● start   × minimum', 6, canvas.height - 22);
    chart($('r-curve'), [{ values: a.loss, color: '#2557c7', label: 'L = (1/m) Σ (ŷ − y)²' }], 'epoch');
  }
  $('r-eta').addEventListener('input', refresh);
  $('r-epochs').addEventListener('change', refresh);
  return {
    enter(q) {
      if (q.get('eta')) $('r-eta').value = q.get('eta');
      if (q.get('epochs')) $('r-epochs').value = q.get('epochs');
      refresh();
    },
  };
})();

// ---- View 4: MNIST -----------------------------------------------------------------------------------------------
views.mnist = (() => {
  const pad = $('m-pad');
  const ctx = pad.getContext('2d');
  let drawing = false, ready = false, polling = null, sent = null;
  function clear() {
    ctx.fillStyle = '#000'; ctx.fillRect(0, 0, pad.width, pad.height);
    context($('m-seen'));
    $('m-probabilities').replaceChildren(); $('m-hidden').replaceChildren();
    $('m-answer').textContent = ready ? 'Draw a digit' : 'Probabilities';
  }
  function point(e) {
    const r = pad.getBoundingClientRect();
    return [(e.clientX - r.left) * pad.width / r.width, (e.clientY - r.top) * pad.height / r.height];
  }
  pad.addEventListener('pointerdown', e => {
    drawing = true; pad.setPointerCapture(e.pointerId);
    const [x, y] = point(e);
    ctx.strokeStyle = '#fff'; ctx.lineWidth = 20; ctx.lineCap = ctx.lineJoin = 'round';
    ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x + 0.01, y); ctx.stroke();
  });
  pad.addEventListener('pointermove', e => {
    if (!drawing) return;
    const [x, y] = point(e);
    ctx.lineTo(x, y); ctx.stroke();
  });
  const finish = () => { if (drawing) { drawing = false; predict(); } };
  pad.addEventListener('pointerup', finish);
  pad.addEventListener('pointercancel', finish);
  async function status() {
    try {
      const s = await ask('/api/mnist/status');
      ready = s.state === 'ready';
      $('m-network').textContent = ready ? `Network ${s.sizes.join('-')}: ${s.source}.` :
        s.state === 'training' ? `Training: ${s.source} … (a few seconds)` :
        s.state === 'failed' ? `Training failed: ${s.failure}` : 'No network yet: train the small recipe for one epoch (a few seconds), or start serve with --model FILE.';
      $('m-train').hidden = ready;
      $('m-train').disabled = s.state === 'training';
      if (s.state === 'training' && !polling) polling = setInterval(status, 700);
      if (s.state !== 'training' && polling) { clearInterval(polling); polling = null; }
      if (ready && $('m-answer').textContent === 'Probabilities') $('m-answer').textContent = 'Draw a digit';
    } catch (e) { showError(e); }
  }
  async function predict() {
    if (!ready) { $('m-answer').textContent = 'Train the network first'; return; }
    // The drawing, shrunk to 112 × 112 grey levels; the server brings it to MNIST's form.
    const side = 112, small = document.createElement('canvas');
    small.width = small.height = side;
    const sctx = small.getContext('2d');
    sctx.drawImage(pad, 0, 0, side, side);
    const rgba = sctx.getImageData(0, 0, side, side).data;
    let text = '';
    for (let k = 0; k < side * side; k++) text += String.fromCharCode(rgba[k * 4]);
    const mine = sent = {};
    try {
      const a = await ask('/api/mnist/predict', null, { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ side, pixels: btoa(text) }) });
      if (mine !== sent) return;
      showError(null);
      render(a);
    } catch (e) { showError(e); }
  }
  function render(a) {
    const seen = $('m-seen'), n = 28;
    paintMapGrey(seen, a.image, n);
    $('m-answer').textContent = `The network says ${a.class} (p = ${fmt(a.probabilities[a.class], 3)})`;
    $('m-probabilities').replaceChildren(...a.probabilities.flatMap((p, d) => {
      const label = document.createElement('span'); label.textContent = d;
      const bar = document.createElement('div'); bar.className = 'bar' + (d === a.class ? ' best' : '');
      bar.style.width = (100 * p).toFixed(1) + '%';
      const value = document.createElement('span'); value.textContent = fmt(p, 4);
      return [label, bar, value];
    }));
    $('m-hidden').replaceChildren(...a.hidden.flatMap((layer, l) => {
      const title = document.createElement('p'); title.className = 'help';
      title.textContent = `hidden layer ${l + 1} (${layer.length} units)`;
      const cells = document.createElement('div'); cells.className = 'cells';
      const top = Math.max(1e-9, ...layer);
      layer.forEach((v, u) => {
        const c = document.createElement('div'); c.className = 'cell';
        const [r, g, b] = colour(v / top * 0.5 + 0.5);
        c.style.background = `rgb(${r},${g},${b})`;
        c.title = `unit ${u + 1}: a = ${fmt(v, 4)}`;
        c.textContent = fmt(v, 1);
        cells.append(c);
      });
      return [title, cells];
    }));
  }
  function paintMapGrey(canvas, values, n) {
    const small = document.createElement('canvas'); small.width = small.height = n;
    const sctx = small.getContext('2d'), image = sctx.createImageData(n, n);
    values.forEach((v, k) => { const g = Math.round(255 * v); image.data.set([g, g, g, 255], k * 4); });
    sctx.putImageData(image, 0, 0);
    const c = canvas.getContext('2d'); c.imageSmoothingEnabled = false; c.drawImage(small, 0, 0, canvas.width, canvas.height);
  }
  $('m-clear').addEventListener('click', clear);
  $('m-train').addEventListener('click', async () => {
    try { await ask('/api/mnist/train', null, { method: 'POST' }); } catch (e) { showError(e); }
    status();
  });
  clear();
  return { enter() { setQuery({}); status(); }, leave() { if (polling) { clearInterval(polling); polling = null; } } };
})();

// ---- Start ---------------------------------------------------------------------------------------------------------
for (const tab of document.querySelectorAll('.tab')) tab.addEventListener('click', () => show(tab.dataset.view, false));
const first = new URLSearchParams(location.search).get('view');
show(views[first] ? first : 'neuron', true);
