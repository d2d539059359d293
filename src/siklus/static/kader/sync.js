// Push the outbox, then pull the desa's change feed page by page (docs/SYNC-PROTOCOL.md).
//
// - Push strictly in device_seq order, at most 200 per request, gzip; stop at the first transport
//   error and retry later with the same mutations (the server answers a replay from its record, so
//   "sent but the answer was lost" duplicates nothing). An entry leaves the outbox only in the same
//   transaction that stores the server's answer for it.
// - Pull: each page is applied in ONE IndexedDB transaction together with its cursor and checksum, so a
//   killed sync resumes at the next page. A complete pull is checked against the server's XOR checksum.
// - Errors the app must show: 401 session_expired (ask the password again; the outbox stays),
//   401 device_revoked, 426 upgrade_required. Nothing here ever deletes unsent work.
import { db, getMeta, setMeta, REPLICA, SCHEMA, clearScope } from './db.js';

export const APP_VERSION = '1.0.0';
const PAGE = 2000;
const BATCH = 200;

export class SyncError extends Error {
  constructor(code, detail, status) { super(detail || code); this.code = code; this.status = status; }
}

const listeners = new Set();
export const state = { running: false, phase: 'idle', done: 0, total: 0, error: null, lastOk: null };
export function onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }
function emit(patch) { Object.assign(state, patch); for (const fn of listeners) fn(state); }

function csrf() {
  const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

async function errorOf(response) {
  let body = {};
  try { body = await response.json(); } catch { /* not JSON */ }
  const code = body.code || (response.status === 401 ? 'unauthenticated' : `http_${response.status}`);
  return new SyncError(code, body.detail, response.status);
}

async function api(path, { method = 'GET', body = null, session = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (!session) {
    const token = await getMeta('token');
    if (!token) throw new SyncError('unauthenticated', '', 401);
    headers.Authorization = `Bearer ${token}`;
    headers['X-Siklus-Device'] = await getMeta('device_id');
  } else {
    headers['X-CSRFToken'] = csrf();
  }
  let payload = null;
  if (body !== null) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
    if (payload.length > 1024 && 'CompressionStream' in self) {
      const stream = new Blob([payload]).stream().pipeThrough(new CompressionStream('gzip'));
      payload = await new Response(stream).arrayBuffer();
      headers['Content-Encoding'] = 'gzip';
    }
  }
  const response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok) {
    const error = await errorOf(response);
    if (error.code === 'device_revoked') await setMeta('revoked', true);
    if (error.code === 'upgrade_required') await setMeta('upgrade_required', true);
    if (error.code === 'session_expired' || error.code === 'unauthenticated') await setMeta('session_expired', true);
    throw error;
  }
  return response.json();
}

// ------------------------------------------------------------------------------- sign-in, device

export async function signIn(username, password) {
  const response = await fetch('/kader/masuk/', {
    method: 'POST', credentials: 'same-origin', cache: 'no-store',
    headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrf(), Accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw await errorOf(response);
  const profile = await response.json();
  const known = await getMeta('profile');
  if (known && known.username !== profile.username && (await db.outbox.count())) {
    // Another kader's unsent work is on this phone: never mix it with a new user's.
    throw new SyncError('other_user', '', 409);
  }
  let deviceId = await getMeta('device_id');
  if (!deviceId || (await getMeta('revoked'))) deviceId = crypto.randomUUID();
  const device = await api('/api/v1/sync/devices', {
    method: 'POST', session: true,
    body: { device_id: deviceId, name: navigator.userAgent.slice(0, 60), app_version: APP_VERSION },
  });
  const next = Math.max((await getMeta('next_seq')) ?? 1, (device.last_seq ?? 0) + 1);
  await db.meta.bulkPut([
    { k: 'device_id', v: device.device_id || deviceId }, { k: 'token', v: device.token },
    { k: 'token_expires', v: device.expires_at }, { k: 'next_seq', v: next }, { k: 'profile', v: profile },
    { k: 'scopes', v: (device.scopes || []).map((s) => s.scope) }, { k: 'session_expired', v: false },
    { k: 'revoked', v: false }, { k: 'upgrade_required', v: false },
  ]);
  return profile;
}

// Logging out forgets the token only: unsent work stays in the outbox and goes out after the next
// sign-in (of the same user).
export async function signOut() {
  await db.meta.bulkDelete(['token', 'token_expires']);
  await setMeta('signed_out', true);
}

// ------------------------------------------------------------------------------------------ push

function wire(entry) {
  const out = {};
  for (const k of ['mutation_id', 'device_seq', 'type', 'entity_id', 'base_version', 'base_values', 'changes', 'data',
    'client_time']) if (entry[k] !== undefined) out[k] = entry[k];
  return out;
}

export async function push() {
  let rounds = 0;
  for (;;) {
    const batch = await db.outbox.orderBy('device_seq').limit(BATCH).toArray();
    if (!batch.length) return;
    if (++rounds > 1000) throw new SyncError('push_loop', 'push does not progress');
    emit({ phase: 'push' });
    const res = await api('/api/v1/sync/push', {
      method: 'POST',
      body: { device_id: await getMeta('device_id'), client_now: new Date().toISOString(), app_version: APP_VERSION,
        schema: SCHEMA, mutations: batch.map(wire) },
    });
    await settle(batch, res);
    if (!res.results.length && !res.resend_from) return;
  }
}

async function settle(batch, res) {
  const bySeq = new Map(batch.map((e) => [e.device_seq, e]));
  await db.transaction('rw', [db.outbox, db.receipts, db.meta], async () => {
    for (const r of res.results) {
      const entry = bySeq.get(r.device_seq);
      if (!entry || entry.mutation_id !== r.mutation_id) continue;
      await db.receipts.put({
        mutation_id: r.mutation_id, device_seq: r.device_seq, entity_id: entry.entity_id || entry.data?.id,
        type: entry.type, status: r.status, code: r.code || null, errors: r.errors || null,
        warnings: r.warnings || null, conflicts: r.conflicts || [], duplicates: r.duplicates || [],
        payload: r.status === 'rejected' ? wire(entry) : null, at: new Date().toISOString(),
      });
      await db.outbox.delete(entry.seq);
    }
    if (res.last_seq !== undefined) await setMeta('server_last_seq', res.last_seq);
  });
  if (res.resend_from) {
    const first = await db.outbox.orderBy('device_seq').first();
    // Never happens while the outbox is intact: the server lacks a seq this phone no longer has.
    if (first && first.device_seq > res.resend_from) throw new SyncError('seq_gap', `server expects ${res.resend_from}`);
  }
}

// ------------------------------------------------------------------------------------------ pull

async function hash64(table, id, v) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${table}:${id}:${v}`));
  return [...new Uint8Array(digest, 0, 8)].map((x) => x.toString(16).padStart(2, '0')).join('');
}
const xor = (a, b) => (BigInt('0x' + a) ^ BigInt('0x' + b)).toString(16).padStart(16, '0');
const ZERO = '0000000000000000';

// Pending local edits of a record (outbox updates) laid over the server's row.
function overlay(row, pending) {
  let out = row;
  for (const m of pending) if (m.changes) out = { ...out, ...m.changes, _pending: true };
  return out;
}

function ids(value, merged, kept) {
  if (Array.isArray(value)) return value.map((v) => ids(v, merged, kept));
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = ids(v, merged, kept);
    return out;
  }
  return value === merged ? kept : value;
}

async function applyPage(scope, page) {
  // Rows and their hashes first: SubtleCrypto is not an IndexedDB request and would end the
  // transaction. The digests of a page run concurrently.
  const byTable = new Map();
  const jobs = [];
  for (const t of page.tables || []) {
    if (!REPLICA.includes(t.table)) continue;
    const rows = t.rows.map((values) => {
      const row = { _scope: scope };
      t.cols.forEach((c, i) => { row[c] = values[i]; });
      return row;
    });
    byTable.set(t.table, (byTable.get(t.table) || []).concat(rows));
    for (const row of rows) jobs.push(hash64(t.table, row.id, row.v).then((h) => { row._h = h; }));
  }
  await Promise.all(jobs);
  const removals = (page.removals || []).filter((r) => REPLICA.includes(r.table));
  await db.transaction('rw', [...REPLICA.map((t) => db[t]), db.outbox, db.meta], async () => {
    let sum = (await db.meta.get(`checksum:${scope}`))?.v ?? ZERO;
    const pending = new Map();
    for (const m of await db.outbox.toArray()) {
      if (!m.entity_id) continue;
      if (!pending.has(m.entity_id)) pending.set(m.entity_id, []);
      pending.get(m.entity_id).push(m);
    }
    for (const [table, rows] of byTable) {
      const old = await db[table].bulkGet(rows.map((r) => r.id));
      for (let i = 0; i < rows.length; i++) {
        if (old[i] && old[i]._h) sum = xor(sum, old[i]._h);
        sum = xor(sum, rows[i]._h);
        const mine = pending.get(rows[i].id);
        if (mine) rows[i] = overlay(rows[i], mine);
      }
      await db[table].bulkPut(rows);
      if (table === 'merge') {
        // A person merged away by the bidan: point my unsent mutations at the person kept.
        for (const row of rows) await db.outbox.toCollection().modify((m) => { Object.assign(m, ids(m, row.merged, row.kept)); });
      }
    }
    for (const r of removals) {
      const old = await db[r.table].get(r.id);
      if (!old) continue;
      if (old._h) sum = xor(sum, old._h);
      await db[r.table].delete(r.id);
    }
    await db.meta.bulkPut([
      { k: `cursor:${scope}`, v: page.upto }, { k: `checksum:${scope}`, v: sum }, { k: `epoch:${scope}`, v: page.epoch },
      { k: `complete:${scope}`, v: !page.has_more },
    ]);
  });
}

async function fetchPage(scope, after) {
  const epoch = await getMeta(`epoch:${scope}`);
  const query = new URLSearchParams({ scope, after, limit: PAGE });
  if (epoch !== null && after > 0) query.set('epoch', epoch);
  return api(`/api/v1/sync/pull?${query}`);
}

// Pages are applied strictly in order, each with its cursor; the next page is already downloading
// while one is written (the 3G link stays busy). A page fetched ahead is only used if the cursor it
// continues from is the one just committed.
export async function pull(scope) {
  let resets = 0;
  let ahead = null;
  for (;;) {
    const after = (await getMeta(`cursor:${scope}`)) ?? 0;
    emit({ phase: 'pull' });
    let page;
    if (ahead && ahead.after === after) page = await ahead.promise;
    else { if (ahead) ahead.promise.catch(() => null); page = await fetchPage(scope, after); }
    ahead = null;
    if (page.reset) {
      if (++resets > 2) throw new SyncError('reset_loop', 'the server keeps asking for a reset');
      await clearScope(scope);
      continue;
    }
    if (after > 0 && page.after !== undefined && page.after !== after) throw new SyncError('feed_gap', 'page not contiguous');
    if (page.has_more) {
      const promise = fetchPage(scope, page.upto);
      promise.catch(() => null); // awaited (or dropped) on the next turn
      ahead = { after: page.upto, promise };
    }
    await applyPage(scope, page);
    emit({ done: page.upto, total: page.scope_version });
    if (page.warnings?.length) await setMeta(`warnings:${scope}`, page.warnings);
    if (!page.has_more) {
      const mine = (await getMeta(`checksum:${scope}`)) ?? ZERO;
      if (page.checksum && page.checksum !== mine) {
        // Drift: re-download the scope once (never touches the outbox).
        if (++resets > 2) throw new SyncError('checksum', 'checksum differs after a full reload');
        await clearScope(scope);
        continue;
      }
      return;
    }
  }
}

async function scopes() {
  const profile = await getMeta('profile');
  const known = await getMeta('scopes');
  if (known && known.length) return known;
  return profile?.facility?.desa ? [profile.facility.desa] : [];
}

// One sync: push, then pull every scope. Single flight across tabs.
export async function syncOnce() {
  if (!navigator.onLine) { emit({ phase: 'offline' }); return false; }
  if (!(await getMeta('token')) || (await getMeta('revoked'))) return false;
  const run = async () => {
    emit({ running: true, error: null });
    try {
      await push();
      for (const scope of await scopes()) await pull(scope);
      await push(); // anything saved while pulling
      const now = new Date().toISOString();
      await setMeta('last_sync', now);
      emit({ running: false, phase: 'idle', lastOk: now });
      return true;
    } catch (error) {
      const storage = error?.name === 'QuotaExceededError' || error?.inner?.name === 'QuotaExceededError';
      emit({ running: false, phase: 'error', error: storage ? new SyncError('storage_full') : error });
      return false;
    }
  };
  return navigator.locks ? navigator.locks.request('siklus-sync', run) : run();
}

// Retry with exponential backoff and full jitter (1 s … 5 min) while something waits to be sent.
let timer = null;
let failures = 0;
export function schedule(delay = null) {
  clearTimeout(timer);
  const wait = delay ?? Math.random() * Math.min(300000, 1000 * 2 ** failures);
  timer = setTimeout(async () => {
    const ok = await syncOnce();
    failures = ok ? 0 : Math.min(failures + 1, 9);
    if (!ok && navigator.onLine && !['session_expired', 'unauthenticated', 'device_revoked', 'upgrade_required']
      .includes(state.error?.code)) schedule();
  }, wait);
}
