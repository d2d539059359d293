// Every IndexedDB access of the app goes through this module (one place to add encryption at rest
// later, OFFLINE-SYNC.md §2.11). One Dexie database, strict durability: a local edit and its outbox
// entry commit in ONE transaction, and a committed transaction survives a power cut.
import Dexie from '/static/vendor/dexie.mjs';

export const SCHEMA = 1; // the sync protocol's mutation/feed format (docs/SYNC-PROTOCOL.md)
export const REPLICA = ['household', 'person', 'pregnancy', 'task', 'visit', 'observation', 'immunization',
  'supplement', 'conflict', 'duplicate', 'merge'];

export const db = new Dexie('siklus-kader', { chromeTransactionDurability: 'strict' });
db.version(1).stores({
  household: 'id, _scope, posyandu',
  person: 'id, _scope, household, nik, mother',
  pregnancy: 'id, _scope, person',
  task: 'id, _scope, person, household, status',
  visit: 'id, _scope, person, on',
  observation: 'id, _scope, person',
  immunization: 'id, _scope, person',
  supplement: 'id, _scope, person',
  conflict: 'id, _scope, record, status',
  duplicate: 'id, _scope',
  merge: 'id, _scope, merged',
  // The outbox: ordered, durable, never cleared except entry by entry on the server's answer.
  outbox: '++seq, &mutation_id, device_seq, entity_id',
  // What the server answered for my mutations (terkirim / menunggu pemeriksaan / perlu diperbaiki).
  receipts: 'mutation_id, entity_id, status',
  meta: 'k',
});

export async function getMeta(k, fallback = null) {
  const row = await db.meta.get(k);
  return row === undefined ? fallback : row.v;
}

export const setMeta = (k, v) => db.meta.put({ k, v });

// UUIDv7 (RFC 9562): 48-bit ms timestamp, version, 74 random bits. The device clock only gives
// index locality here, never order (the server orders by device_seq and its own counter).
export function uuidv7() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  let ms = Date.now();
  for (let i = 5; i >= 0; i--) { b[i] = ms % 256; ms = Math.floor(ms / 256); }
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// Save local records and their mutations at once. `writes`: [[table, row]]; `mutations`:
// [{type, entity_id, data|changes+base_values+base_version}]. Each mutation gets its UUIDv7 and the
// device's next device_seq inside the same strict transaction as the rows it describes.
export async function save(writes, mutations) {
  const tables = [...new Set(writes.map(([t]) => db[t]))];
  return db.transaction('rw', [db.outbox, db.meta, ...tables], async () => {
    let next = (await db.meta.get('next_seq'))?.v ?? 1;
    for (const [table, row] of writes) await db[table].put({ ...row, _pending: true });
    const ids = [];
    for (const m of mutations) {
      const entry = { ...m, mutation_id: uuidv7(), device_seq: next++, client_time: new Date().toISOString() };
      await db.outbox.add(entry);
      ids.push(entry.mutation_id);
    }
    await db.meta.put({ k: 'next_seq', v: next });
    return ids;
  });
}

export const outboxCount = () => db.outbox.count();
export const outboxAll = () => db.outbox.orderBy('seq').toArray();

// Where a record stands: 'pending' (tersimpan di HP), then the server's status of its last mutation.
export async function recordState(id) {
  if (await db.outbox.where('entity_id').equals(id).count()) return { status: 'pending' };
  const receipts = await db.receipts.where('entity_id').equals(id).toArray();
  if (!receipts.length) return null;
  receipts.sort((a, b) => (a.device_seq || 0) - (b.device_seq || 0));
  return receipts[receipts.length - 1];
}

// Clear the replica of a scope (a reset); the outbox and receipts are never touched here.
export async function clearScope(scope) {
  await db.transaction('rw', [...REPLICA.map((t) => db[t]), db.meta], async () => {
    for (const t of REPLICA) await db[t].where('_scope').equals(scope).delete();
    await db.meta.bulkDelete([`cursor:${scope}`, `checksum:${scope}`, `epoch:${scope}`, `complete:${scope}`]);
  });
}

// Wipe everything on this phone. Refused while the outbox holds unsent work (export it first).
export async function wipe({ force = false } = {}) {
  const pending = await db.outbox.count();
  if (pending && !force) throw Object.assign(new Error('outbox not empty'), { pending });
  db.close();
  await Dexie.delete('siklus-kader');
}
