// The kader app: screens, routing (#hash), and the glue between IndexedDB (db.js), sync (sync.js)
// and the z-scores (anthro.js). Every save goes to the outbox first ("tersimpan di HP") and shows
// "terkirim" when the server has acknowledged it.
import { db, getMeta, setMeta, save, outboxCount, outboxAll, recordState, uuidv7, wipe } from './db.js';
import * as sync from './sync.js';
import { Anthro } from './anthro.js';
import { t, setTexts, esc, today, formatDate, formatNumber, age, stageOf, vitaminA, active, debounce, obsOf } from './views.js';

const $ = (sel, root = document) => root.querySelector(sel);
const view = () => $('#view');
let profile = null;
let anthro = null;

// ------------------------------------------------------------------------------------- start-up

async function loadTexts() {
  try {
    const response = await fetch('/kader/teks.json', { credentials: 'same-origin' });
    const body = await response.json();
    setTexts(body.texts);
    document.documentElement.lang = body.lang;
    await setMeta('texts', body);
  } catch {
    const cached = await getMeta('texts');
    if (cached) { setTexts(cached.texts); document.documentElement.lang = cached.lang; }
  }
}

async function loadAnthro() {
  if (!profile) return;
  const response = await fetch('/static/kader/who-lms.json');
  anthro = new Anthro(await response.json(), profile.rules);
}

async function start() {
  await loadTexts();
  if (navigator.serviceWorker) registerWorker();  // absent where workers are blocked (private modes, policies)
  profile = await getMeta('profile');
  window.addEventListener('hashchange', route);
  window.addEventListener('online', () => { badge(); sync.schedule(0); });
  window.addEventListener('offline', badge);
  // After a sync, the screen shows what arrived (not while the kader is typing into a form).
  let wasRunning = false;
  sync.onChange((s) => {
    badge();
    const form = /\/(ubah|kunjungan|daftar)|^#\/hari\/|^#\/lainnya/.test(location.hash);
    if (wasRunning && !s.running && !s.error && !form && profile) route();
    wasRunning = s.running;
  });
  $('#sync-badge').addEventListener('click', () => sync.schedule(0));
  setInterval(() => { if (document.visibilityState === 'visible') sync.schedule(0); }, 5 * 60 * 1000);
  if (profile) await loadAnthro();
  await route();
  if (profile && (await getMeta('token'))) sync.schedule(0);
}

function registerWorker() {
  navigator.serviceWorker.register('/kader/sw.js', { scope: '/kader/' }).then((registration) => {
    const offer = async () => {
      const waiting = registration.waiting;
      if (!waiting) return;
      // A new version waits until the outbox is flushed, or the kader taps "Perbarui". (The worker
      // can activate during the await: registration.waiting is null by then.)
      if (!(await outboxCount())) waiting.postMessage('skip-waiting');
      else banner(`${esc(t('update_ready'))} <button type="button" id="do-update">${esc(t('update_now'))}</button>`,
        () => $('#do-update')?.addEventListener('click', () => registration.waiting?.postMessage('skip-waiting')));
    };
    registration.addEventListener('updatefound', () => registration.installing?.addEventListener('statechange', offer));
    offer();
  });
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading || !window.__siklusUpdated) return;
    reloading = true;
    location.reload();
  });
  navigator.serviceWorker.addEventListener('message', (event) => { if (event.data === 'sync') sync.schedule(0); });
}

// --------------------------------------------------------------------------------- status bits

async function badge() {
  const el = $('#sync-badge');
  const pending = await outboxCount();
  const s = sync.state;
  let text, cls;
  if (!navigator.onLine) { text = t('offline'); cls = 'off'; }
  else if (s.running) { text = s.phase === 'pull' && s.total ? t('sync_progress', { done: s.done, total: s.total }) : t('syncing'); cls = 'busy'; }
  else if (s.error) { text = t('sync_failed'); cls = 'err'; }
  else if (pending) { text = t('pending_count', { count: pending }); cls = 'wait'; }
  else if (profile && (await complete())) { text = t('in_sync'); cls = 'ok'; }
  else { text = t('online'); cls = 'wait'; }
  if (navigator.onLine && pending && !s.running) text = t('pending_count', { count: pending });
  el.textContent = text;
  el.className = `badge ${cls}`;
  el.dataset.pending = pending;
  await problems();
  if (!s.running && ['pending', 'sent'].some(() => true)) refreshStates();
}

async function complete() {
  const scopes = (await getMeta('scopes')) || [profile?.facility?.desa];
  for (const scope of scopes) if (!(await getMeta(`complete:${scope}`))) return false;
  return true;
}

async function problems() {
  const code = sync.state.error?.code;
  if ((await getMeta('revoked')) || code === 'device_revoked') return revoked();
  if (code === 'session_expired' || code === 'unauthenticated' || (profile && !(await getMeta('token')) && !(await getMeta('signed_out')))) {
    if (!$('#reauth')) reauth();
    return;
  }
  if ((await getMeta('upgrade_required')) || code === 'upgrade_required') return banner(esc(t('upgrade_required')));
  if (code === 'storage_full') return banner(esc(t('storage_full')));
  if (!$('#reauth') && !$('#do-update')) banner('');
}

function banner(html, then) {
  const el = $('#banner');
  el.hidden = !html;
  el.innerHTML = html;
  if (then) then();
}

function toast(text) {
  const el = $('#toast');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 2500);
}

// Elements showing a record's sync state (data-state-of="<id>") are refreshed after each sync.
async function refreshStates() {
  for (const el of document.querySelectorAll('[data-state-of]')) el.replaceWith(await stateChip(el.dataset.stateOf));
}

async function stateChip(id) {
  const span = document.createElement('span');
  span.dataset.stateOf = id;
  const st = await recordState(id);
  if (!st) return span;
  const conflict = await db.conflict.where('record').equals(id).last();
  let label = '', cls = '';
  if (st.status === 'pending') { label = t('saved_on_phone'); cls = 'pending'; }
  else if (st.status === 'applied' || st.status === 'duplicate') { label = t('sent'); cls = 'sent'; }
  else if (st.status === 'conflict') { label = t('awaiting_review'); cls = 'review'; }
  else if (st.status === 'rejected') { label = t('needs_fix'); cls = 'rejected'; }
  if (conflict && (st.conflicts || []).includes(conflict.id) || (conflict && st.status !== 'pending' && conflict.status === 'open')) {
    label = conflict.status === 'open' ? t('awaiting_review') : t('decided', { value: conflict.resolution ?? '' });
    cls = conflict.status === 'open' ? 'review' : 'sent';
  }
  span.className = `chip ${cls}`;
  span.textContent = label;
  return span;
}

async function afterSave(id) {
  toast(t('saved_on_phone'));
  if (navigator.storage?.persist && !(await getMeta('persist_asked'))) {
    await setMeta('persist_asked', true);
    navigator.storage.persist().catch(() => null);
  }
  badge();
  sync.schedule(1500);
  return id;
}

// ------------------------------------------------------------------------------------- router

const ROUTES = [
  [/^#?\/?$/, home], [/^#\/hari$/, dayList], [/^#\/hari\/(.+)$/, dayEntry], [/^#\/keluarga$/, households],
  [/^#\/keluarga\/(.+)$/, household], [/^#\/orang\/([^/]+)$/, person], [/^#\/orang\/([^/]+)\/ubah$/, personEdit],
  [/^#\/tugas$/, worklist], [/^#\/kunjungan\/(.+)$/, homeVisit], [/^#\/daftar\/keluarga$/, registerFamily],
  [/^#\/daftar\/bayi$/, registerNewborn], [/^#\/lainnya$/, more],
];

// Routes run one after another: a slow screen never paints over the one asked for after it.
let routing = Promise.resolve();
function route() {
  routing = routing.then(routeNow, routeNow);
  return routing;
}

async function routeNow() {
  if (await getMeta('revoked')) return revoked();
  if (!profile || ((await getMeta('signed_out')) && !(await getMeta('token')))) return loginScreen();
  tabs();
  const hash = location.hash || '#/';
  for (const [re, fn] of ROUTES) {
    const m = hash.match(re);
    if (m) {
      await fn(...m.slice(1));
      view().focus({ preventScroll: true });
      window.scrollTo(0, 0);
      badge();
      return;
    }
  }
  location.hash = '#/';
}

function tabs() {
  const nav = $('#tabs');
  nav.hidden = false;
  nav.innerHTML = [['#/', 'home'], ['#/hari', 'day'], ['#/keluarga', 'households'], ['#/tugas', 'worklist'], ['#/lainnya', 'more']]
    .map(([href, key]) => `<a href="${href}">${esc(t(key))}</a>`).join('');
}

function render(html) { view().innerHTML = html; }

// --------------------------------------------------------------------------------- sign-in

function loginScreen(message = '') {
  $('#tabs').hidden = true;
  render(`<h1>${esc(t('login_title'))}</h1>
    <form id="login" class="card" autocomplete="on">
      <label>${esc(t('username'))}<input name="username" autocomplete="username" required value="${esc(profile?.username || '')}"></label>
      <label>${esc(t('password'))}<input name="password" type="password" autocomplete="current-password" required></label>
      <p class="error" role="alert">${esc(message)}</p>
      <button class="primary">${esc(t('login'))}</button>
    </form>`);
  $('#login').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    if (!navigator.onLine) return loginScreen(t('login_offline'));
    try {
      profile = await sync.signIn(form.get('username'), form.get('password'));
      await setMeta('signed_out', false);
      await loadTexts();
      await loadAnthro();
      location.hash = '#/';
      await route();
      sync.schedule(0);
    } catch (error) {
      loginScreen(error.code === 'login_failed' ? t('login_failed') : error.code === 'not_kader' ? t('login_not_kader')
        : error.message || t('sync_failed'));
    }
  });
}

// Session expired: ask the password again, in place; the outbox is untouched.
function reauth() {
  banner(`<form id="reauth"><p>${esc(t('session_expired'))}</p>
    <label>${esc(t('password'))}<input name="password" type="password" autocomplete="current-password" required></label>
    <p class="error" role="alert"></p><button class="primary">${esc(t('continue'))}</button></form>`, () => {
    $('#reauth').addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        profile = await sync.signIn(profile.username, new FormData(event.target).get('password'));
        sync.state.error = null;
        banner('');
        sync.schedule(0);
      } catch (error) {
        $('#reauth .error').textContent = error.code === 'login_failed' ? t('login_failed') : error.message;
      }
    });
  });
}

async function revoked() {
  $('#tabs').hidden = true;
  const pending = await outboxCount();
  render(`<section class="card revoked"><h1>${esc(t('device_revoked'))}</h1><p>${esc(t('device_revoked_hint'))}</p>
    <p>${esc(pending ? t('pending_count', { count: pending }) : t('all_sent'))}</p>
    <button id="export" class="primary">${esc(t('export_outbox'))}</button>
    <button id="wipe" class="danger">${esc(t('wipe'))}</button></section>`);
  $('#export').addEventListener('click', exportOutbox);
  $('#wipe').addEventListener('click', async () => {
    if (pending && !(await getMeta('exported'))) return toast(t('wipe_blocked', { count: pending }));
    if (!confirm(t('wipe_confirm'))) return;
    await wipe({ force: true });
    location.reload();
  });
}

async function exportOutbox() {
  const entries = await outboxAll();
  const body = { device_id: await getMeta('device_id'), user: profile?.username, exported_at: new Date().toISOString(),
    schema: 1, mutations: entries };
  const blob = new Blob([JSON.stringify(body, null, 1)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `siklus-belum-terkirim-${today()}.json`;
  document.body.append(a);
  a.click();
  a.remove();
  await setMeta('exported', true);
}

// ------------------------------------------------------------------------------------- data

const desa = () => profile.facility.desa;
const posyanduId = () => (profile.facility.kind === 'posyandu' ? profile.facility.id : null);

async function myHouseholds() {
  const all = await db.household.toArray();
  const mine = posyanduId();
  return all.filter((h) => !h.voided && (!mine || h.posyandu === mine || !h.posyandu));
}

async function pregnantIds(on) {
  const open = await db.pregnancy.filter((p) => !p.voided && !p.ended_on && p.hpht && p.hpht <= on).toArray();
  return new Set(open.map((p) => p.person));
}

async function sasaran(on) {
  const households = new Set((await myHouseholds()).map((h) => h.id));
  return (await db.person.toArray()).filter((p) => households.has(p.household) && active(p, on));
}

async function weighings(personId) {
  const visits = await db.visit.where('person').equals(personId).toArray();
  const out = [];
  for (const v of visits) {
    if (v.voided) continue;
    for (const o of obsOf(v)) if (o.code === 'weight' && !o.voided && o.value) out.push({ date: v.on, weight: Number(o.value), oedema: false });
  }
  return out;
}

// -------------------------------------------------------------------------------------- home

async function home() {
  const on = today();
  const people = await sasaran(on);
  const tasks = await db.task.where('status').equals('open').count();
  const households = (await myHouseholds()).length;
  const lastSync = await getMeta('last_sync');
  render(`<h1>${esc(t('welcome', { name: profile.name }))}</h1>
    <p class="muted">${esc(profile.facility.name)}</p>
    <div class="stats">
      <a class="stat" href="#/hari"><b>${people.length}</b>${esc(t('sasaran_today'))}</a>
      <a class="stat" href="#/tugas"><b>${tasks}</b>${esc(t('open_tasks'))}</a>
      <a class="stat" href="#/keluarga"><b>${households}</b>${esc(t('household_count'))}</a>
    </div>
    <a class="button primary block" href="#/hari">${esc(t('day'))}</a>
    <a class="button block" href="#/daftar/keluarga">${esc(t('register_family'))}</a>
    <a class="button block" href="#/daftar/bayi">${esc(t('register_newborn'))}</a>
    <p class="muted" id="last-sync">${esc(lastSync ? t('last_sync', { when: new Date(lastSync).toLocaleString() }) : t('never_synced'))}</p>`);
}

// ------------------------------------------------------------------------- Posyandu day

async function dayList() {
  const on = today();
  const people = await sasaran(on);
  const pregnant = await pregnantIds(on);
  const visits = await db.visit.where('on').equals(on).toArray();
  const came = new Set(visits.filter((v) => v.kind === 'posyandu' && !v.voided).map((v) => v.person));
  const groups = new Map(profile.posyandu.stages.map(([code, label]) => [code, { label, rows: [] }]));
  for (const p of people.sort((a, b) => a.name.localeCompare(b.name))) groups.get(stageOf(p, on, pregnant.has(p.id))).rows.push(p);
  let html = `<h1>${esc(t('day_title', { date: formatDate(on) }))}</h1>
    <p class="muted">${esc(t('came', { count: came.size }))} · ${people.length} ${esc(t('sasaran_today'))}</p>
    <input id="day-search" type="search" placeholder="${esc(t('search_placeholder'))}" aria-label="${esc(t('search_placeholder'))}">`;
  for (const [code, g] of groups) {
    if (!g.rows.length) continue;
    html += `<section class="group" data-stage="${code}"><h2>${esc(g.label)} <small>${g.rows.length}</small></h2><ul class="list">`;
    for (const p of g.rows) {
      const visit = visits.find((v) => v.person === p.id && v.kind === 'posyandu');
      html += `<li data-name="${esc(p.name.toLowerCase())}"><a href="#/hari/${p.id}" class="row${visit ? ' done' : ''}">
        <span>${esc(p.name)}<small>${esc(age(p.birth_date, on))}</small></span>
        ${visit ? `<span data-state-of="${visit.id}"></span>` : ''}</a></li>`;
    }
    html += '</ul></section>';
  }
  render(html);
  $('#day-search').addEventListener('input', (e) => {
    const q = e.target.value.trim().toLowerCase();
    for (const li of document.querySelectorAll('.list li')) li.hidden = q && !li.dataset.name.includes(q);
  });
  refreshStates();
}

function numberField(name, value = '') {
  return `<label>${esc(t(name))}<input name="${name}" inputmode="decimal" autocomplete="off" value="${esc(value)}"></label>`;
}

const RANGES = { weight_kg: [0.5, 250], lenhei_cm: [30, 230], muac_cm: [5, 60], headc_cm: [20, 70], waist_cm: [30, 200],
  sbp: [50, 300], dbp: [30, 200], glucose_mg_dl: [20, 800] };

function readValues(form) {
  const values = {}, errors = {};
  for (const [name, [min, max]] of Object.entries(RANGES)) {
    const input = form.elements[name];
    if (!input || input.value.trim() === '') continue;
    const n = Number(input.value.replace(',', '.'));
    if (!Number.isFinite(n) || n < min || n > max) errors[name] = t('value_range', { min, max });
    else values[name] = n;
  }
  if (form.elements.measure && values.lenhei_cm !== undefined) values.measure = form.elements.measure.value;
  if (form.elements.oedema?.checked) values.oedema = true;
  if ((values.sbp === undefined) !== (values.dbp === undefined) && !errors.sbp && !errors.dbp) errors.sbp = t('bp_pair');
  else if (values.sbp !== undefined && values.sbp <= values.dbp) errors.sbp = t('bp_order');
  return { values, errors };
}

const STATUS_ORDER = ['bb_u', 'tb_u', 'bb_tb', 'imt_u', 'imt_u_5_18', 'lk_u', 'lila'];
const Z_OF = { bb_u: 'zwei', tb_u: 'zlen', bb_tb: 'zwfl', imt_u: 'zbmi', imt_u_5_18: 'zbmi', lk_u: 'zhc' };

// The instant feedback: what the server's preview would say (anthro.js = siklus.rules.anthropometry).
async function feedback(person, on, values) {
  const lines = [];
  let refer = [];
  const years = Math.floor((Number(on.slice(0, 4)) * 12 + Number(on.slice(5, 7)) - Number(person.birth_date.slice(0, 4)) * 12 - Number(person.birth_date.slice(5, 7))) / 12);
  const child = ['weight_kg', 'lenhei_cm', 'muac_cm', 'headc_cm'].some((k) => values[k] !== undefined) && years < 19;
  let claims = null;
  if (child && anthro) {
    const r = anthro.child(person, on, values);
    claims = { z: r.z, statuses: r.statuses, rules: anthro.version };
    for (const index of STATUS_ORDER) {
      const st = r.statuses[index];
      if (!st) continue;
      const z = Z_OF[index] ? r.z[Z_OF[index]] : NaN;
      const name = anthro.rules.scales[index].name;
      lines.push(`<li class="${anthro.s.referral_statuses.includes(st.code) ? 'bad' : ''}"><b>${esc(name)}</b> ${esc(st.label)}${Number.isFinite(z) ? ` <small>${esc(t('zscore', { z: formatNumber(z, 2) }))}</small>` : ''}</li>`);
    }
    if (r.z.c9mo_flag) lines.push(`<li class="warn">${esc(t('measure_lying_again'))}</li>`);
    refer = r.reasons;
    if (values.weight_kg !== undefined) {
      const judged = anthro.judge(person.sex, person.birth_date, [...(await weighings(person.id)).filter((w) => w.date < on),
        { date: on, weight: values.weight_kg, oedema: !!values.oedema }]);
      const j = judged.find((x) => x.date === on);
      if (j && j.code) {
        lines.unshift(`<li class="${j.code === 'T' ? 'bad' : ''}"><b>KMS</b> ${esc(t(`growth_${j.two_t ? '2T' : j.code}`))}${j.gain_g !== null ? ` <small>${j.gain_g > 0 ? '+' : ''}${j.gain_g} g</small>` : ''}</li>`);
        if (j.bgm) lines.push(`<li class="bad">${esc(t('bgm'))}</li>`);
        if (j.above_orange) lines.push(`<li class="bad">${esc(t('above_line'))}</li>`);
        refer = [...refer, ...j.reasons.map((x) => (x === 'above line' ? t('above_line') : x))];
      }
    }
  }
  if (values.weight_kg !== undefined && values.lenhei_cm !== undefined && years >= 18) {
    const imt = values.weight_kg / (values.lenhei_cm / 100) ** 2;
    lines.push(`<li><b>IMT</b> ${esc(formatNumber(imt, 1))}</li>`);
  }
  if (refer.length) lines.push(`<li class="refer"><b>${esc(t('refer'))}</b>: ${esc(refer.join(', '))}</li>`);
  return { html: lines.length ? `<ul class="feedback">${lines.join('')}</ul>` : '', claims, refer: refer.length > 0 };
}

async function dayEntry(personId) {
  const on = today();
  const p = await db.person.get(personId);
  if (!p) return render(`<p>${esc(t('no_results'))}</p>`);
  const stage = stageOf(p, on, (await pregnantIds(on)).has(p.id));
  const fields = profile.posyandu.fields[stage];
  const existing = (await db.visit.where('person').equals(p.id).toArray()).find((v) => v.on === on && v.kind === 'posyandu');
  const supplements = profile.posyandu.supplements[stage].map((c) => (c === 'vitamin_a' ? vitaminA(p, on) : c)).filter(Boolean);
  const measureDefault = (new Date(on) - new Date(p.birth_date)) / 86400000 < 731 ? 'l' : 'h';
  render(`<a class="back" href="#/hari">← ${esc(t('back'))}</a>
    <h1>${esc(p.name)}</h1><p class="muted">${esc(t(`stage_${stage}`))} · ${esc(age(p.birth_date, on))} · ${esc(p.sex === 'L' ? t('male') : t('female'))}</p>
    ${existing ? `<p class="chipline">${esc(t('saved_today'))} <span data-state-of="${existing.id}"></span></p>` : ''}
    <form id="entry" class="card" novalidate>
      ${fields.map((f) => numberField(f) + (f === 'lenhei_cm' ? `<fieldset class="inline"><legend>${esc(t('measure'))}</legend>
        <label><input type="radio" name="measure" value="l" ${measureDefault === 'l' ? 'checked' : ''}>${esc(t('lying'))}</label>
        <label><input type="radio" name="measure" value="h" ${measureDefault === 'h' ? 'checked' : ''}>${esc(t('standing'))}</label></fieldset>` : '')).join('')}
      ${['bayi', 'balita', 'apras'].includes(stage) ? `<label class="check"><input type="checkbox" name="oedema">${esc(t('oedema'))}</label>` : ''}
      ${supplements.length ? `<fieldset><legend>${esc(t('supplements'))}</legend>${supplements.map((c) => `<label class="check"><input type="checkbox" name="supplement" value="${c}">${esc(profile.posyandu.supplement_labels[c] || c)}</label>`).join('')}</fieldset>` : ''}
      <section id="feedback" aria-live="polite"></section>
      <p class="error" role="alert" id="entry-error"></p>
      <button class="primary">${esc(t('save'))}</button>
    </form>`);
  const form = $('#entry');
  const update = debounce(async () => {
    const { values, errors } = readValues(form);
    for (const input of form.querySelectorAll('input[inputmode]')) input.setAttribute('aria-invalid', errors[input.name] ? 'true' : 'false');
    $('#entry-error').textContent = Object.values(errors).join(' ');
    $('#feedback').innerHTML = (await feedback(p, on, values)).html;
  }, 120);
  form.addEventListener('input', update);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { values, errors } = readValues(form);
    const given = [...form.querySelectorAll('input[name=supplement]:checked')].map((i) => i.value);
    if (Object.keys(errors).length) { $('#entry-error').textContent = Object.values(errors).join(' '); return; }
    if (!Object.keys(values).some((k) => RANGES[k]) && !given.length) { $('#entry-error').textContent = t('enter_one'); return; }
    const fb = await feedback(p, on, values);
    const id = uuidv7();
    const ids = {};
    const observations = [];
    for (const [name, code] of Object.entries(profile.posyandu.field_codes)) {
      if (values[name] === undefined) continue;
      ids[code] = uuidv7();
      const claimed = fb.claims?.statuses?.[{ weight: 'bb_u', length_height: 'tb_u', muac: 'lila', head_circumference: 'lk_u' }[code]];
      observations.push([ids[code], code, values[name], '', '', name === 'lenhei_cm' ? values.measure || '' : '', claimed?.code || '', claimed?.label || '', '', false]);
    }
    const measurements = { ...values, ids };
    const data = { id, person: p.id, on, kind: 'posyandu', place: 'posyandu', facility: posyanduId() || profile.facility.id,
      supplements: given.map((kind) => ({ id: uuidv7(), kind })), client_claims: fb.claims };
    if (Object.keys(values).some((k) => RANGES[k])) data.measurements = measurements;
    await save([['visit', { id, person: p.id, on, kind: 'posyandu', place: 'posyandu', facility: data.facility, note: '',
      observations, voided: false, _scope: desa() }]], [{ type: 'visit.create', entity_id: id, data }]);
    await afterSave(id);
    location.hash = '#/hari';
  });
}

// --------------------------------------------------------------------- households and persons

async function households() {
  const list = (await myHouseholds()).sort((a, b) => (a.rt || '').localeCompare(b.rt || '', undefined, { numeric: true }) || a.head_name.localeCompare(b.head_name));
  render(`<h1>${esc(t('households'))}</h1>
    <input id="hh-search" type="search" placeholder="${esc(t('search_placeholder'))}" aria-label="${esc(t('search_placeholder'))}">
    <ul class="list" id="hh-list">${list.slice(0, 200).map((h) => `<li><a class="row" href="#/keluarga/${h.id}"><span>${esc(h.head_name)}<small>${esc(h.address)} · RT ${esc(h.rt)}/${esc(h.rw)}</small></span></a></li>`).join('')}</ul>`);
  $('#hh-search').addEventListener('input', debounce(async (e) => {
    const q = e.target.value.trim().toLowerCase();
    if (!q) return households();
    const persons = (await db.person.toArray()).filter((p) => !p.voided && (p.name.toLowerCase().includes(q) || (p.nik || '').includes(q))).slice(0, 50);
    const heads = list.filter((h) => h.head_name.toLowerCase().includes(q)).slice(0, 50);
    $('#hh-list').innerHTML = heads.map((h) => `<li><a class="row" href="#/keluarga/${h.id}"><span>${esc(h.head_name)}<small>${esc(t('head_of_household'))}</small></span></a></li>`).join('')
      + persons.map((p) => `<li><a class="row" href="#/orang/${p.id}"><span>${esc(p.name)}<small>${esc(age(p.birth_date))}</small></span></a></li>`).join('')
      || `<li>${esc(t('no_results'))}</li>`;
  }, 150));
}

async function household(id) {
  const h = await db.household.get(id);
  if (!h) return render(`<p>${esc(t('no_results'))}</p>`);
  const members = (await db.person.where('household').equals(id).toArray()).filter((p) => !p.voided);
  render(`<a class="back" href="#/keluarga">← ${esc(t('back'))}</a><h1>${esc(h.head_name)} <span data-state-of="${h.id}"></span></h1>
    <p class="muted">${esc(h.address)} · RT ${esc(h.rt)}/RW ${esc(h.rw)}${h.no_kk ? ` · KK ${esc(h.no_kk)}` : ''}</p>
    <h2>${esc(t('members'))}</h2>
    <ul class="list">${members.map((p) => `<li><a class="row" href="#/orang/${p.id}"><span>${esc(p.name)}<small>${esc(age(p.birth_date))} · ${esc(t(`rel_${p.relation}`))}</small></span><span data-state-of="${p.id}"></span></a></li>`).join('')}</ul>
    <a class="button block" href="#/kunjungan/${h.id}">${esc(t('visit_home'))}</a>`);
  refreshStates();
}

async function person(id) {
  const p = await db.person.get(id);
  if (!p) return render(`<p>${esc(t('no_results'))}</p>`);
  const visits = (await db.visit.where('person').equals(id).toArray()).sort((a, b) => (a.on < b.on ? 1 : -1));
  const imm = await db.immunization.where('person').equals(id).toArray();
  const mother = p.mother ? await db.person.get(p.mother) : null;
  const conflicts = (await db.conflict.where('record').equals(id).toArray());
  render(`<a class="back" href="#/keluarga/${p.household}">← ${esc(t('back'))}</a>
    <h1>${esc(p.name)} <span data-state-of="${p.id}"></span></h1>
    <dl class="facts">
      <dt>${esc(t('nik'))}</dt><dd>${esc(p.nik || '—')}</dd>
      <dt>${esc(t('birth_date'))}</dt><dd id="birth-date">${esc(formatDate(p.birth_date))} (${esc(age(p.birth_date))})</dd>
      <dt>${esc(t('sex'))}</dt><dd>${esc(p.sex === 'L' ? t('male') : t('female'))}</dd>
      <dt>${esc(t('phone'))}</dt><dd id="phone">${esc(p.phone || '—')}</dd>
      ${mother ? `<dt>${esc(t('mother'))}</dt><dd><a href="#/orang/${mother.id}">${esc(mother.name)}</a></dd>` : ''}
    </dl>
    ${conflicts.map((c) => `<p class="chip ${c.status === 'open' ? 'review' : 'sent'}" data-conflict="${c.id}">${esc(c.field)}: ${esc(c.status === 'open' ? t('awaiting_review') : t('decided', { value: c.resolution ?? '' }))}</p>`).join('')}
    <a class="button block" href="#/orang/${p.id}/ubah">${esc(t('edit'))}</a>
    <h2>${esc(t('visits'))}</h2>
    ${visits.length ? `<ul class="list">${visits.slice(0, 24).map((v) => `<li class="row"><span>${esc(formatDate(v.on))}<small>${obsOf(v).filter((o) => !o.voided).map((o) => `${esc(o.code)} ${esc(formatNumber(o.value, 2))}${o.category_label ? ` (${esc(o.category_label)})` : ''}`).join(' · ')}</small></span><span data-state-of="${v.id}"></span></li>`).join('')}</ul>` : `<p class="muted">${esc(t('no_history'))}</p>`}
    <h2>${esc(t('immunizations'))}</h2>
    <p>${imm.filter((i) => !i.voided).sort((a, b) => (a.given_on < b.given_on ? -1 : 1)).map((i) => `${esc(i.dose)} <small>${esc(formatDate(i.given_on))}</small>`).join(' · ') || esc(t('no_history'))}</p>`);
  refreshStates();
}

const EDITABLE = ['name', 'nik', 'birth_date', 'sex', 'phone', 'jkn_number'];

async function personEdit(id) {
  const p = await db.person.get(id);
  render(`<a class="back" href="#/orang/${id}">← ${esc(t('back'))}</a><h1>${esc(t('edit'))}: ${esc(p.name)}</h1>
    <form id="edit" class="card" novalidate>
      <label>${esc(t('name'))}<input name="name" value="${esc(p.name)}" required></label>
      <label>${esc(t('nik'))}<input name="nik" inputmode="numeric" value="${esc(p.nik || '')}"></label>
      <label>${esc(t('birth_date'))}<input name="birth_date" type="date" value="${esc(p.birth_date)}" max="${today()}"></label>
      <label>${esc(t('sex'))}<select name="sex"><option value="L" ${p.sex === 'L' ? 'selected' : ''}>${esc(t('male'))}</option><option value="P" ${p.sex === 'P' ? 'selected' : ''}>${esc(t('female'))}</option></select></label>
      <label>${esc(t('phone'))}<input name="phone" inputmode="tel" value="${esc(p.phone || '')}"></label>
      <label>${esc(t('jkn_number'))}<input name="jkn_number" inputmode="numeric" value="${esc(p.jkn_number || '')}"></label>
      <p class="error" role="alert"></p>
      <button class="primary">${esc(t('save'))}</button></form>`);
  $('#edit').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const changes = {}, base = {};
    for (const k of EDITABLE) {
      const value = String(form.get(k) ?? '').trim();
      if (value !== String(p[k] ?? '')) { changes[k] = value; base[k] = p[k] ?? ''; }
    }
    const error = !changes.name && 'name' in changes ? t('required')
      : changes.nik && !/^\d{16}$/.test(changes.nik) ? t('nik_16') : changes.birth_date > today() ? t('date_future') : '';
    if (error) { $('#edit .error').textContent = error; return; }
    if (!Object.keys(changes).length) { location.hash = `#/orang/${id}`; return; }
    // base_version and base_values are those the kader saw (the replica row under any pending overlay).
    const pendingBefore = await db.outbox.where('entity_id').equals(id).count();
    await save([['person', { ...p, ...changes }]], [{ type: 'person.update', entity_id: id,
      base_version: p.version ?? 0, base_values: pendingBefore ? { ...base } : base, changes }]);
    await afterSave(id);
    location.hash = `#/orang/${id}`;
  });
}

// ------------------------------------------------------------------------------- worklist

async function worklist() {
  const tasks = (await db.task.where('status').equals('open').toArray()).sort((a, b) => (b.urgency || 0) - (a.urgency || 0) || (a.due_on || '').localeCompare(b.due_on || ''));
  const byHousehold = new Map();
  for (const task of tasks) {
    const key = task.household || 'x';
    if (!byHousehold.has(key)) byHousehold.set(key, []);
    byHousehold.get(key).push(task);
  }
  let html = `<h1>${esc(t('worklist_title'))}</h1>`;
  if (!tasks.length) html += `<p class="muted">${esc(t('no_tasks'))}</p>`;
  for (const [hid, list] of byHousehold) {
    const h = await db.household.get(hid);
    html += `<section class="card"><h2>${esc(h ? h.head_name : '—')} <small>${h ? `RT ${esc(h.rt)}` : ''}</small></h2><ul class="plain">`;
    for (const task of list) {
      const p = await db.person.get(task.person);
      html += `<li><b>${esc(p ? p.name : '')}</b> — ${esc(task.reason || task.kind)} <small>${task.due_on ? esc(t('due_on', { date: formatDate(task.due_on) })) : ''}</small>
        <span data-state-of="${task.id}"></span>
        <details><summary>${esc(t('close_task'))}</summary><form class="close-task" data-task="${task.id}">
          <select name="outcome" aria-label="${esc(t('outcome'))}"><option value="done">${esc(t('outcome_done'))}</option><option value="moved">${esc(t('outcome_moved'))}</option><option value="refused">${esc(t('outcome_refused'))}</option></select>
          <button>${esc(t('save'))}</button></form></details></li>`;
    }
    html += `</ul>${h ? `<a class="button block" href="#/kunjungan/${h.id}">${esc(t('visit_home'))}</a>` : ''}</section>`;
  }
  render(html);
  for (const form of document.querySelectorAll('.close-task')) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const task = await db.task.get(form.dataset.task);
      await save([['task', { ...task, status: 'done' }]], [{ type: 'task.close', entity_id: task.id, base_version: task.version ?? 0,
        changes: { outcome: new FormData(form).get('outcome') } }]);
      await afterSave(task.id);
      worklist();
    });
  }
  refreshStates();
}

// Home visit: SAJI and each member's checklist (siklus.rules.homevisit, sent by the server at sign-in).
function checklistStages(p, on, pregnant) {
  const months = Number(on.slice(0, 4)) * 12 + Number(on.slice(5, 7)) - Number(p.birth_date.slice(0, 4)) * 12 - Number(p.birth_date.slice(5, 7)) - (Number(on.slice(8)) < Number(p.birth_date.slice(8)) ? 1 : 0);
  if (p.sex === 'P' && pregnant) return 'ibu_hamil';
  if (months < 6) return 'bayi';
  if (months < 72) return 'balita';
  if (months < 19 * 12) return 'sekolah';
  if (months < 60 * 12) return 'dewasa';
  return 'lansia';
}

async function homeVisit(householdId) {
  const on = today();
  const h = await db.household.get(householdId);
  const members = (await db.person.where('household').equals(householdId).toArray()).filter((p) => active(p, on));
  const pregnant = await pregnantIds(on);
  const cl = profile.checklists;
  let html = `<a class="back" href="#/keluarga/${householdId}">← ${esc(t('back'))}</a><h1>${esc(t('visit_home'))}: ${esc(h.head_name)}</h1>
    <form id="visit" class="card"><fieldset><legend>${esc(t('saji'))}</legend>
    ${cl.saji.map(([code, label, hint]) => `<label class="check"><input type="checkbox" name="saji" value="${code}">${esc(label)} <small>${esc(hint)}</small></label>`).join('')}</fieldset>`;
  for (const p of members) {
    const stage = checklistStages(p, on, pregnant.has(p.id));
    const years = Math.floor(((new Date(on) - new Date(p.birth_date)) / 86400000) / 365.25);
    const items = cl.items[stage].filter((i) => i.female_from_years === null || (p.sex === 'P' && years >= i.female_from_years));
    html += `<fieldset class="member" data-person="${p.id}" data-stage="${stage}"><legend>${esc(p.name)} <small>${esc(cl.stages[stage])}</small></legend>
      ${items.map((i) => `<div class="q"><span>${esc(i.question)}</span><span class="yn">
        <label><input type="radio" name="${p.id}:${i.code}" value="ya">${esc(t('yes'))}</label>
        <label><input type="radio" name="${p.id}:${i.code}" value="tidak">${esc(t('no'))}</label></span></div>`).join('')}</fieldset>`;
  }
  html += `<label>${esc(t('note'))}<textarea name="note" rows="3"></textarea></label><button class="primary">${esc(t('save'))}</button></form>`;
  render(html);
  $('#visit').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const saji = form.getAll('saji');
    const writes = [], mutations = [];
    const openTasks = await db.task.where('household').equals(householdId).toArray();
    for (const fs of document.querySelectorAll('fieldset.member')) {
      const pid = fs.dataset.person, stage = fs.dataset.stage;
      const answers = {};
      for (const i of cl.items[stage]) { const a = form.get(`${pid}:${i.code}`); if (a) answers[i.code] = a; }
      if (!Object.keys(answers).length) continue;
      const findings = cl.items[stage].filter((i) => i.finding_on && answers[i.code] === i.finding_on);
      const note = [`${cl.stages[stage]} (${cl.version})`, `SAJI: ${saji.join(', ') || '-'}`,
        ...Object.entries(answers).map(([k, v]) => `${k}: ${v}`),
        findings.length ? `${t('findings')}: ${findings.map((f) => f.question).join(' | ')}` : t('no_findings'),
        form.get('note') || ''].filter(Boolean).join('\n');
      const id = uuidv7();
      const data = { id, person: pid, on, kind: 'kunjungan_rumah', place: 'rumah', note,
        client_claims: { checklist: stage, answers, saji, findings: findings.map((f) => f.code), refer: findings.some((f) => f.refer) } };
      writes.push(['visit', { id, person: pid, on, kind: 'kunjungan_rumah', place: 'rumah', note, observations: [], voided: false, _scope: desa() }]);
      mutations.push({ type: 'visit.create', entity_id: id, data });
      // A "given elsewhere" yes closes the matching open task.
      for (const i of cl.items[stage]) {
        if (!i.closes || answers[i.code] !== 'ya') continue;
        for (const task of openTasks.filter((x) => x.person === pid && x.kind === i.closes && x.status === 'open')) {
          writes.push(['task', { ...task, status: 'done' }]);
          mutations.push({ type: 'task.close', entity_id: task.id, base_version: task.version ?? 0, changes: { outcome: 'done' } });
        }
      }
    }
    if (!mutations.length) return toast(t('enter_one'));
    await save(writes, mutations);
    await afterSave(householdId);
    toast(t('home_visit_saved'));
    location.hash = `#/keluarga/${householdId}`;
  });
}

// --------------------------------------------------------------------------- registration

function personFields(prefix = '', { relation = true } = {}) {
  return `<label>${esc(t('name'))}<input name="${prefix}name" required></label>
    <label>${esc(t('nik'))}<input name="${prefix}nik" inputmode="numeric" maxlength="16"></label>
    <label>${esc(t('sex'))}<select name="${prefix}sex"><option value="L">${esc(t('male'))}</option><option value="P">${esc(t('female'))}</option></select></label>
    <label>${esc(t('birth_date'))}<input name="${prefix}birth_date" type="date" required max="${today()}"></label>
    ${relation ? `<label>${esc(t('relation'))}<select name="${prefix}relation">${['kepala', 'istri', 'suami', 'anak', 'famili'].map((r) => `<option value="${r}">${esc(t(`rel_${r}`))}</option>`).join('')}</select></label>` : ''}
    <label>${esc(t('phone'))}<input name="${prefix}phone" inputmode="tel"></label>`;
}

function personErrors(form, prefix = '') {
  const name = String(form.get(`${prefix}name`) || '').trim(), nik = String(form.get(`${prefix}nik`) || '').trim();
  const birth = String(form.get(`${prefix}birth_date`) || '');
  if (!name || !birth) return t('required');
  if (nik && !/^\d{16}$/.test(nik)) return t('nik_16');
  if (birth > today()) return t('date_future');
  return '';
}

async function possibleDuplicates(name, birth) {
  const n = name.toLowerCase().replace(/\s+/g, ' ');
  return (await db.person.where('_scope').equals(desa()).toArray())
    .filter((p) => !p.voided && p.birth_date === birth && p.name.toLowerCase().replace(/\s+/g, ' ') === n);
}

function personData(form, prefix, id, householdId, extra = {}) {
  const data = { id, household: householdId, name: String(form.get(`${prefix}name`)).trim(), sex: form.get(`${prefix}sex`),
    birth_date: form.get(`${prefix}birth_date`), relation: form.get(`${prefix}relation`) || 'anak', ...extra };
  for (const k of ['nik', 'phone']) { const v = String(form.get(`${prefix}${k}`) || '').trim(); if (v) data[k] = v; }
  return data;
}

async function registerFamily() {
  render(`<a class="back" href="#/">← ${esc(t('back'))}</a><h1>${esc(t('new_family'))}</h1>
    <form id="family" class="card" novalidate>
      <label>${esc(t('head_of_household'))}<input name="head_name" required></label>
      <label>${esc(t('address'))}<input name="address" required></label>
      <label>${esc(t('no_kk'))}<input name="no_kk" inputmode="numeric" maxlength="16"></label>
      <div class="two"><label>${esc(t('rt'))}<input name="rt" inputmode="numeric"></label><label>${esc(t('rw'))}<input name="rw" inputmode="numeric"></label></div>
      <fieldset><legend>${esc(t('head_of_household'))}</legend>${personFields('p_', { relation: false })}</fieldset>
      <p class="error" role="alert"></p><button class="primary">${esc(t('save'))}</button></form>`);
  $('#family [name=head_name]').addEventListener('input', (e) => { $('#family [name=p_name]').value = e.target.value; });
  let warned = false;
  $('#family').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const kk = String(form.get('no_kk') || '').trim();
    const error = !String(form.get('head_name')).trim() || !String(form.get('address')).trim() ? t('required')
      : kk && !/^\d{16}$/.test(kk) ? t('kk_16') : personErrors(form, 'p_');
    if (error) { $('#family .error').textContent = error; return; }
    const dupes = await possibleDuplicates(String(form.get('p_name')), form.get('p_birth_date'));
    if (dupes.length && !warned) { warned = true; $('#family .error').textContent = t('possible_duplicate', { names: dupes.map((d) => d.name).join(', ') }); return; }
    const hid = uuidv7(), pid = uuidv7();
    const hh = { id: hid, desa: desa(), head_name: String(form.get('head_name')).trim(), address: String(form.get('address')).trim(),
      rt: String(form.get('rt') || ''), rw: String(form.get('rw') || '') };
    if (kk) hh.no_kk = kk;
    if (posyanduId()) hh.posyandu = posyanduId();
    const head = personData(form, 'p_', pid, hid, { relation: 'kepala' });
    await save([['household', { ...hh, voided: false, _scope: desa() }], ['person', { ...head, voided: false, _scope: desa() }]],
      [{ type: 'household.create', entity_id: hid, data: hh }, { type: 'person.create', entity_id: pid, data: head }]);
    await afterSave(hid);
    location.hash = `#/keluarga/${hid}`;
  });
}

async function registerNewborn() {
  const on = today();
  const mothers = (await db.person.where('_scope').equals(desa()).toArray())
    .filter((p) => active(p, on) && p.sex === 'P' && p.birth_date <= `${Number(on.slice(0, 4)) - 12}${on.slice(4)}` && p.birth_date >= `${Number(on.slice(0, 4)) - 55}${on.slice(4)}`)
    .sort((a, b) => a.name.localeCompare(b.name));
  render(`<a class="back" href="#/">← ${esc(t('back'))}</a><h1>${esc(t('newborn'))}</h1>
    <form id="newborn" class="card" novalidate>
      <label>${esc(t('choose_mother'))}<select name="mother" required>${mothers.map((m) => `<option value="${m.id}">${esc(m.name)} (${esc(age(m.birth_date))})</option>`).join('')}</select></label>
      <label>${esc(t('baby_name'))}<input name="name" required></label>
      <label>${esc(t('sex'))}<select name="sex"><option value="L">${esc(t('male'))}</option><option value="P">${esc(t('female'))}</option></select></label>
      <label>${esc(t('birth_date'))}<input name="birth_date" type="date" required max="${on}" value="${on}"></label>
      <p class="error" role="alert"></p><button class="primary">${esc(t('save'))}</button></form>`);
  $('#newborn').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const error = personErrors(form);
    if (error) { $('#newborn .error').textContent = error; return; }
    const mother = await db.person.get(form.get('mother'));
    const id = uuidv7();
    const data = personData(form, '', id, mother.household, { relation: 'anak', mother: mother.id });
    await save([['person', { ...data, voided: false, _scope: desa() }]], [{ type: 'person.create', entity_id: id, data }]);
    await afterSave(id);
    location.hash = `#/orang/${id}`;
  });
}

// ---------------------------------------------------------------------------------- settings

async function more() {
  const pending = await outboxCount();
  const estimate = navigator.storage?.estimate ? await navigator.storage.estimate() : null;
  const persisted = navigator.storage?.persisted ? await navigator.storage.persisted() : false;
  const receipts = (await db.receipts.toArray()).filter((r) => r.status === 'rejected' || r.status === 'conflict');
  render(`<h1>${esc(t('settings'))}</h1>
    <section class="card"><h2>${esc(t('storage'))}</h2>
      ${estimate ? `<p>${esc(t('storage_used', { used: formatNumber(estimate.usage / 1e6, 1), quota: formatNumber(estimate.quota / 1e6, 0) }))}</p>` : ''}
      <p id="persisted">${esc(persisted ? t('storage_persisted') : t('storage_not_persisted'))}</p>
      <p id="pending">${esc(pending ? t('pending_count', { count: pending }) : t('all_sent'))}</p>
      <button id="sync-now" class="primary">${esc(t('sync_now'))}</button>
      <button id="export">${esc(t('export_outbox'))}</button></section>
    ${receipts.length ? `<section class="card" id="rejected"><h2>${esc(t('rejected'))}</h2><ul class="plain">${receipts.map((r) => `<li>${esc(r.type)} — ${esc(r.status === 'conflict' ? t('awaiting_review') : t('needs_fix'))} ${esc(Object.values(r.errors || {}).flat().join(' '))} ${esc((r.warnings || []).map((w) => w.msg).join(' '))}
      ${r.code === 'needs_confirmation' && r.payload && !r.resent ? `<button type="button" class="confirm" data-mutation="${r.mutation_id}">${esc(t('confirm_resend'))}</button>` : ''}</li>`).join('')}</ul></section>` : ''}
    <section class="card"><h2>${esc(t('device'))}</h2><p class="muted">${esc(profile.username)} · ${esc(await getMeta('device_id'))}</p>
      <button id="logout">${esc(t('logout'))}</button> <button id="wipe" class="danger">${esc(t('wipe'))}</button>
      <p class="error" role="alert" id="more-msg"></p></section>`);
  $('#sync-now').addEventListener('click', () => sync.schedule(0));
  // A surprising value the server wants confirmed: the kader checked it, send it again with the
  // warnings' codes confirmed (a new mutation; the refused one stays on the server for review).
  for (const button of document.querySelectorAll('button.confirm')) {
    button.addEventListener('click', async () => {
      const r = await db.receipts.get(button.dataset.mutation);
      const data = { ...r.payload.data, confirm: [...new Set([...(r.payload.data.confirm || []), ...(r.warnings || []).map((w) => w.code)])] };
      await save([], [{ type: r.payload.type, entity_id: r.entity_id, data }]);
      await db.receipts.update(r.mutation_id, { resent: true });
      await afterSave(r.entity_id);
      more();
    });
  }
  $('#export').addEventListener('click', exportOutbox);
  $('#logout').addEventListener('click', async () => {
    await sync.syncOnce();
    const left = await outboxCount();
    await sync.signOut();
    if (left) alert(t('logout_pending', { count: left }));
    location.hash = '#/';
    route();
  });
  $('#wipe').addEventListener('click', async () => {
    const left = await outboxCount();
    if (left) { $('#more-msg').textContent = t('wipe_blocked', { count: left }); return; }
    if (!confirm(t('wipe_confirm'))) return;
    await wipe();
    location.reload();
  });
}

// For tests and support: the app's state (no personal data beyond counts).
window.siklusKader = {
  sync, db, outboxCount,
  async counts() {
    const out = {};
    for (const table of ['household', 'person', 'visit', 'task', 'outbox', 'conflict', 'receipts']) out[table] = await db[table].count();
    return out;
  },
};

start();
