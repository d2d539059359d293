// Small helpers of the app's screens: texts, escaping, dates, ages, life-cycle groups, sasaran.
import { completedMonths, daysBetween } from './anthro.js';

let TEXTS = {};
export function setTexts(texts) { TEXTS = texts || {}; }
// t('key', {name: 'x'}): the server-translated text with %(name)s filled.
export function t(key, params = {}) {
  const text = TEXTS[key] ?? key;
  return text.replace(/%\((\w+)\)s/g, (_, k) => String(params[k] ?? ''));
}

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ESC[c]);

// Today in the phone's local calendar (a date the kader confirms, not an ordering clock).
export function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function formatDate(iso, lang = document.documentElement.lang || 'id') {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(lang === 'en' ? 'en-GB' : 'id-ID',
    { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function formatNumber(value, digits = 1, lang = document.documentElement.lang || 'id') {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  return Number(value).toLocaleString(lang === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: digits });
}

export function age(birth, on = today()) {
  const months = completedMonths(birth, on);
  if (months < 1) return t('age_days', { days: daysBetween(birth, on) });
  if (months < 24) return t('age_months', { months });
  return t('age_years', { years: Math.floor(months / 12) });
}

// The Posyandu groups of siklus.care.posyandu (life-cycle main stage; an open pregnancy first).
export function stageOf(person, on, pregnant) {
  if (pregnant) return 'ibu_hamil';
  const months = completedMonths(person.birth_date, on);
  if (months <= 11) return 'bayi';
  if (months <= 59) return 'balita';
  if (months <= 72) return 'apras';
  const years = Math.floor(months / 12);
  if (years <= 18) return 'anak_sekolah';
  if (years <= 59) return 'dewasa';
  return 'lansia';
}

export function vitaminA(person, on) {
  const months = completedMonths(person.birth_date, on);
  if (months >= 6 && months <= 11) return 'vitamin_a_biru';
  if (months >= 12 && months <= 59) return 'vitamin_a_merah';
  return null;
}

export function active(person, on = today()) {
  return !person.voided && person.birth_date <= on && (!person.died_on || person.died_on > on)
    && (!person.moved_out_on || person.moved_out_on > on);
}

export function debounce(fn, ms) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

export const OBS = ['id', 'code', 'value', 'value_code', 'unit', 'method', 'category', 'category_label', 'rule_version',
  'voided'];
export const obsOf = (visit) => (visit.observations || []).map((o) => (Array.isArray(o)
  ? Object.fromEntries(OBS.map((c, i) => [c, o[i]])) : o));
