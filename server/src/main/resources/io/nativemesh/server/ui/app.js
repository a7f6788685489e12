// NativeMesh UI: talks to the server's own /v1 API; live updates are blocking queries
// (?index=&wait=), never polling loops. Read-only until a token is given (docs/ui.md).
'use strict';

const WAIT = '30s';
let generation = 0; // bumped on every page change: stale watches stop

function token() { return localStorage.getItem('nm-token') || ''; }

class ApiError extends Error {
  constructor(status, text) { super(text || ('HTTP ' + status)); this.status = status; }
}

async function api(method, path, body, signal) {
  const headers = {};
  if (token()) headers['X-Consul-Token'] = token();
  const resp = await fetch(path, {
    method, headers, signal,
    body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
  });
  const text = await resp.text();
  if (!resp.ok) throw new ApiError(resp.status, text.trim());
  let data = null;
  if (text) { try { data = JSON.parse(text); } catch (e) { data = text; } }
  return {
    data, index: resp.headers.get('X-Consul-Index'),
    filtered: resp.headers.get('X-Consul-Results-Filtered-By-ACLs') === 'true',
  };
}

// An answer the ACLs emptied entirely (Consul filters catalog reads per item): nothing to show
// but a hint that a token is needed.
function hiddenByAcls(r) {
  if (!r.filtered || r.data == null) return false;
  if (Array.isArray(r.data)) return r.data.length === 0;
  if (Array.isArray(r.data.Cells)) return r.data.Cells.length === 0;
  return typeof r.data === 'object' && Object.keys(r.data).length === 0;
}

// Runs render(data) for the first answer and again whenever the blocking query returns a new
// index, until the page changes. A 403 renders the "forbidden" page and stops.
function watch(path, render) {
  const gen = generation;
  const ctl = new AbortController();
  let index = 0;
  (async () => {
    while (gen === generation) {
      try {
        const sep = path.includes('?') ? '&' : '?';
        const url = index ? `${path}${sep}index=${index}&wait=${WAIT}` : path;
        const r = await api('GET', url, undefined, ctl.signal);
        if (gen !== generation) return;
        if (hiddenByAcls(r)) {
          forbidden('this token may read none of the items (they were filtered by ACLs)');
          return;
        }
        if (r.index !== String(index)) {
          index = Number(r.index) || 0;
          render(r.data);
          live();
        }
      } catch (e) {
        if (gen !== generation) return;
        if (e.status === 403) { forbidden(e.message); return; }
        if (e.status === 404) { render(null); index = 0; }
        else { show('live', 'reconnecting: ' + e.message); }
        await new Promise(res => setTimeout(res, 1000));
      }
    }
  })();
  window.addEventListener('hashchange', () => ctl.abort(), { once: true });
}

function live() { show('live', 'live (blocking queries), updated ' + new Date().toLocaleTimeString()); }

function show(id, text) { const el = document.getElementById(id); if (el) el.textContent = text; }

function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function main(html) { document.getElementById('main').innerHTML = html; }

function forbidden(message) {
  main(`<div class="forbidden" id="forbidden"><h2>403 Permission denied</h2>
    <p>The server refused this page: <code>${esc(message)}</code></p>
    <p>Enter an ACL token with the needed permissions above.</p></div>`);
}

function writable() { return token() !== ''; }

// ---- services ----
function services() {
  main('<h2>Services</h2><div id="services">loading…</div>');
  watch('/v1/internal/ui/services', entries => {
    if (!entries || entries.length === 0) { show('services', 'No service is registered.'); return; }
    let rows = '';
    for (const e of entries) {
      const s = e.Service;
      const worst = (e.Checks || []).reduce((w, c) =>
        c.Status === 'critical' || w === 'critical' ? 'critical' : (c.Status === 'warning' ? 'warning' : w), 'passing');
      const checks = (e.Checks || []).map(c =>
        `<div class="${esc(c.Status)}">${esc(c.Name)}: ${esc(c.Status)}${c.Output ? ' — ' + esc(c.Output) : ''}</div>`).join('');
      const native = s.Connect && s.Connect.Native;
      rows += `<tr data-instance="${esc(s.ID)}"><td>${esc(s.Service)}</td><td>${esc(s.ID)}</td>
        <td>${esc((s.Address || e.Node.Address) + ':' + s.Port)}</td>
        <td class="${native ? 'allow' : 'muted'}">${native ? 'Connect-native' : 'not Connect-native'}</td>
        <td class="${worst}">${worst}</td><td>${checks || '<span class="muted">no checks</span>'}</td></tr>`;
    }
    document.getElementById('services').innerHTML = `<table id="services-table"><tr><th>service</th><th>instance</th>
      <th>address</th><th>Connect</th><th>health</th><th>checks</th></tr>${rows}</table>`;
  });
}

// ---- intentions ----
function intentions() {
  main(`<h2>Intentions</h2><p class="muted">Each cell: the decision the destination's SDK makes for the source, and the deciding rule.</p>
    <div id="matrix">loading…</div>
    <fieldset id="intention-editor" ${writable() ? '' : 'hidden'}><legend>Create or edit an intention (exact source → destination)</legend>
      <input id="i-source" placeholder="source (or *)"> → <input id="i-destination" placeholder="destination (or *)">
      <select id="i-action"><option>allow</option><option>deny</option></select>
      <button id="i-save" type="button">Save</button> <button id="i-delete" type="button">Delete</button>
      <span id="i-status"></span></fieldset>`);
  if (writable()) {
    document.getElementById('i-save').onclick = () => saveIntention('PUT');
    document.getElementById('i-delete').onclick = () => saveIntention('DELETE');
  }
  watch('/v1/internal/ui/intention-matrix', m => {
    if (!m) return;
    const cell = {};
    for (const c of m.Cells) cell[c.Source + '\u0000' + c.Destination] = c;
    let head = '<tr><th>source ↓ / destination →</th>' + m.Destinations.map(d => `<th>${esc(d)}</th>`).join('') + '</tr>';
    let body = '';
    for (const s of m.Sources) {
      body += `<tr><th>${esc(s)}</th>`;
      for (const d of m.Destinations) {
        const c = cell[s + '\u0000' + d];
        const rule = c.IntentionID
          ? `${esc(c.RuleSource)} → ${esc(c.RuleDestination)} (${esc(c.RuleAction)}, precedence ${c.Precedence})`
          : `default policy (${esc(m.DefaultPolicy)})`;
        body += `<td class="${c.Allowed ? 'allow' : 'deny'}" data-source="${esc(s)}" data-destination="${esc(d)}" title="${esc(c.Reason)}">
          <b>${c.Allowed ? 'allow' : 'deny'}</b><br><small>${rule}</small></td>`;
      }
      body += '</tr>';
    }
    document.getElementById('matrix').innerHTML = `<table id="matrix-table">${head}${body}</table>
      <p class="muted">Default intention policy: ${esc(m.DefaultPolicy)}.</p>`;
    for (const td of document.querySelectorAll('#matrix-table td')) {
      td.onclick = () => {
        if (!writable()) return;
        document.getElementById('i-source').value = td.dataset.source;
        document.getElementById('i-destination').value = td.dataset.destination;
      };
    }
  });
}

async function saveIntention(method) {
  const s = document.getElementById('i-source').value.trim();
  const d = document.getElementById('i-destination').value.trim();
  const path = `/v1/connect/intentions/exact?source=${encodeURIComponent(s)}&destination=${encodeURIComponent(d)}`;
  try {
    if (method === 'PUT') {
      await api('PUT', path, { SourceType: 'consul', Action: document.getElementById('i-action').value, Description: 'web UI' });
    } else {
      await api('DELETE', path);
    }
    show('i-status', method === 'PUT' ? `saved ${s} → ${d}` : `deleted ${s} → ${d}`);
  } catch (e) {
    show('i-status', `refused (${e.status}): ${e.message}`);
  }
}

// ---- CA ----
function ca() {
  main(`<h2>Certificate authority</h2><div id="roots">loading…</div>
    <h3>Instances and the leaf each reports</h3><div id="warnings"></div><div id="instance-leaves">loading…</div>
    <h3>Recent leaves</h3><div id="leaves">loading…</div>`);
  let roots = null, leaves = null, instances = null;
  const render = () => {
    if (!roots || !leaves) return;
    renderLeaves(roots, leaves);
    if (instances) renderInstanceLeaves(roots, leaves, instances);
  };
  const refreshLeaves = async () => {
    try {
      const r = await api('GET', '/v1/internal/ui/leaves');
      leaves = r.data || [];
      render();
    } catch (e) {
      if (e.status === 403) show('leaves', 'Recent leaves need operator:read (a management token).');
      else show('leaves', 'cannot read leaves: ' + e.message);
    }
  };
  watch('/v1/connect/ca/roots', data => {
    roots = data;
    const rows = data.Roots.map(r => `<tr class="${r.Active ? 'allow' : ''}"><td><code>${esc(r.ID)}</code></td>
      <td>${r.Active ? 'active' : 'previous'}</td><td>${esc(r.NotBefore)}</td><td>${esc(r.NotAfter)}</td>
      <td><code>${esc(r.SigningKeyID)}</code></td></tr>`).join('');
    document.getElementById('roots').innerHTML = `<p>Trust domain <code>${esc(data.TrustDomain)}</code></p>
      <table id="roots-table"><tr><th>root</th><th>state</th><th>not before</th><th>not after</th><th>signing key</th></tr>${rows}</table>`;
    refreshLeaves();
  });
  // instances report their leaf in their readiness check; new instances usually mean new leaves
  watch('/v1/internal/ui/services', data => { instances = data || []; refreshLeaves(); });
}

// What an SDK instance reports in its readiness check ("Mesh identity ready", a TTL check whose
// output the SDK sets): "leaf <serial> valid until <instant>", "leaf <serial> of <service> expired
// at <instant> ...", "leaf <serial> does not chain to the current CA roots", or "waiting for ...".
function reportedLeaf(entry) {
  for (const c of entry.Checks || []) {
    const m = /^leaf ([0-9a-fA-F:]+)\b(.*)$/.exec(c.Output || '');
    if (m) return { serial: m[1].toLowerCase(), rest: m[2], status: c.Status };
    if ((c.Output || '').startsWith('waiting for leaf')) return { serial: null, rest: c.Output, status: c.Status };
  }
  return null;
}

// One warning per instance, judged by the leaf the instance itself reports: expired, not chaining
// to the current roots, from a previous root, close to expiry, or older than the service's latest
// issued leaf. Instances that report no leaf (not built on the SDK) get no verdict.
function instanceVerdict(roots, leaves, entry) {
  const rep = reportedLeaf(entry);
  if (!rep) return { text: 'no leaf reported (not an SDK instance?)', warn: null };
  if (!rep.serial) return { text: rep.rest, warn: 'has no leaf yet: ' + rep.rest };
  const svc = entry.Service.Service;
  const active = roots.Roots.find(r => r.Active);
  const issued = leaves.find(l => l.SerialNumber.toLowerCase() === rep.serial);
  const latest = leaves.find(l => l.Service === svc);
  const text = `leaf ${rep.serial}${rep.rest}`;
  if (/ expired at /.test(rep.rest)) return { text, warn: `serves leaf ${rep.serial}, which EXPIRED${rep.rest.replace(/^ of \S+ expired/, '')}` };
  if (/does not chain/.test(rep.rest)) return { text, warn: `serves leaf ${rep.serial}, which does not chain to the current CA roots` };
  if (issued && active && issued.SigningKeyID !== active.SigningKeyID) {
    return { text, warn: `serves leaf ${rep.serial} from a previous root (signing key ${issued.SigningKeyID})` };
  }
  if (issued) {
    const start = Date.parse(issued.ValidAfter), end = Date.parse(issued.ValidBefore);
    if (end - Date.now() < 0.1 * (end - start)) return { text, warn: `serves leaf ${rep.serial}, which expires soon (${issued.ValidBefore})` };
  }
  if (!issued && latest) {
    return { text, warn: `serves leaf ${rep.serial}, not among the recent leaves of ${svc} (latest ${latest.SerialNumber})` };
  }
  return { text, warn: null };
}

function renderInstanceLeaves(roots, leaves, instances) {
  const warnings = [];
  const rows = instances.map(e => {
    const v = instanceVerdict(roots, leaves, e);
    const id = e.Service.ID;
    if (v.warn) warnings.push(`<div class="warn" data-instance="${esc(id)}">${esc(id)} (${esc(e.Service.Service)}): ${esc(v.warn)}</div>`);
    return `<tr data-instance="${esc(id)}" class="${v.warn ? 'warn-row' : ''}"><td>${esc(e.Service.Service)}</td><td>${esc(id)}</td>
      <td>${esc(v.text)}</td><td class="${v.warn ? 'critical' : 'muted'}">${v.warn ? esc(v.warn) : 'ok'}</td></tr>`;
  }).join('');
  document.getElementById('warnings').innerHTML = warnings.join('');
  document.getElementById('instance-leaves').innerHTML = instances.length === 0 ? 'No instance is registered.'
    : `<table id="instance-leaves-table"><tr><th>service</th><th>instance</th><th>reported leaf</th><th>warning</th></tr>${rows}</table>`;
}

function renderLeaves(roots, leaves) {
  const active = roots.Roots.find(r => r.Active);
  const rows = leaves.map(l => `<tr><td>${esc(l.Service)}</td><td><code>${esc(l.SerialNumber)}</code></td>
    <td>${esc(l.ValidAfter)}</td><td>${esc(l.ValidBefore)}</td>
    <td>${active && l.SigningKeyID === active.SigningKeyID ? 'active root' : 'previous root'}</td></tr>`).join('');
  document.getElementById('leaves').innerHTML = leaves.length === 0 ? 'No leaf issued yet.'
    : `<table id="leaves-table"><tr><th>service</th><th>serial</th><th>valid after</th><th>valid before</th><th>signed by</th></tr>${rows}</table>
       <p class="muted">Leaves issued by this server. Each instance's own leaf is the one it reports above (its readiness check); <code>nativemesh troubleshoot service NAME</code> asks each instance by handshake.</p>`;
}

// ---- KV ----
function kv(prefix) {
  main(`<h2>Key/Value <small class="muted">${esc(prefix || '/')}</small></h2><div id="kv">loading…</div>
    <fieldset id="kv-editor" ${writable() ? '' : 'hidden'}><legend>Edit (check-and-set)</legend>
      <input id="kv-key" placeholder="key" size="40"> <span class="muted">index <span id="kv-index">0</span></span><br>
      <textarea id="kv-value"></textarea><br>
      <button id="kv-save" type="button">Save</button> <button id="kv-delete" type="button">Delete</button>
      <span id="kv-status"></span></fieldset>`);
  let entries = [];
  if (writable()) {
    document.getElementById('kv-save').onclick = () => saveKv(false);
    document.getElementById('kv-delete').onclick = () => saveKv(true);
  }
  watch('/v1/kv/' + encodeURI(prefix) + '?recurse', data => {
    entries = data || [];
    const rows = entries.map(e => `<tr data-key="${esc(e.Key)}"><td><code>${esc(e.Key)}</code></td>
      <td><code>${esc(decode(e.Value))}</code></td><td>${e.ModifyIndex}</td></tr>`).join('');
    document.getElementById('kv').innerHTML = entries.length === 0 ? 'No keys.'
      : `<table id="kv-table"><tr><th>key</th><th>value</th><th>modify index</th></tr>${rows}</table>`;
    for (const tr of document.querySelectorAll('#kv-table tr[data-key]')) {
      tr.onclick = () => {
        const e = entries.find(x => x.Key === tr.dataset.key);
        document.getElementById('kv-key').value = e.Key;
        document.getElementById('kv-value').value = decode(e.Value);
        show('kv-index', e.ModifyIndex);
      };
    }
  });
}

function decode(v) {
  if (!v) return '';
  try { return new TextDecoder().decode(Uint8Array.from(atob(v), c => c.charCodeAt(0))); } catch (e) { return v; }
}

async function saveKv(del) {
  const key = document.getElementById('kv-key').value.trim();
  const cas = document.getElementById('kv-index').textContent || '0';
  const path = '/v1/kv/' + encodeURI(key) + '?cas=' + encodeURIComponent(cas);
  try {
    const r = del ? await api('DELETE', path) : await api('PUT', path, document.getElementById('kv-value').value);
    if (r.data === true) {
      show('kv-status', del ? `deleted ${key}` : `saved ${key}`);
      if (!del) show('kv-index', '');
    } else {
      show('kv-status', `CAS conflict: ${key} changed since index ${cas}; click it to reload`);
    }
  } catch (e) {
    show('kv-status', `refused (${e.status}): ${e.message}`);
  }
}

// ---- shell ----
function route() {
  generation++;
  const h = location.hash || '#/services';
  for (const a of document.querySelectorAll('header nav a')) a.classList.toggle('active', h.startsWith(a.getAttribute('href').replace(/\/$/, '')));
  if (h.startsWith('#/intentions')) intentions();
  else if (h.startsWith('#/ca')) ca();
  else if (h.startsWith('#/kv')) kv(decodeURIComponent(h.slice('#/kv/'.length)));
  else services();
}

function mode() {
  const m = document.getElementById('mode');
  m.textContent = writable() ? 'token set: writable' : 'read-only';
  m.classList.toggle('write', writable());
}

document.getElementById('token-form').onsubmit = ev => {
  ev.preventDefault();
  localStorage.setItem('nm-token', document.getElementById('token').value.trim());
  document.getElementById('token').value = '';
  mode(); route();
};
document.getElementById('token-clear').onclick = () => { localStorage.removeItem('nm-token'); mode(); route(); };
window.addEventListener('hashchange', route);
mode();
route();
