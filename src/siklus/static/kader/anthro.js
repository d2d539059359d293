// WHO z-scores, Permenkes 2/2020 statuses and the KMS N/T judgement on the phone.
//
// A line-by-line port of siklus.rules.anthropometry (zscores.compute, status.assess,
// growth.judge) for one child, fed with the very LMS tables the server uses
// (who-lms.json, written by scripts/kader_lms.py) and the settings in force for the kader's area
// (the bootstrap's "rules"). tests/kader/test_anthro_parity.py runs this file in Chromium over the
// tables' whole range and compares it with the Python: the same z to 1e-9, the same statuses.
// The arithmetic follows the Python's operation order on purpose (bit-identical doubles); don't
// "simplify" it. The server recomputes every stored value anyway: this is the instant feedback.

export const MALE = 1, FEMALE = 2;
export const UNKNOWN = 0, LYING = 1, STANDING = 2;
export const REF_NONE = 0, REF_WHO2006 = 1, REF_WHO2007 = 2;
export const WFLH_NONE = 0, WFLH_LENGTH = 1, WFLH_HEIGHT = 2;

const L_ZERO = 1e-7;
const HEIGHT_ADJUSTMENT_CM = 0.7;
const LENGTH_UNTIL_DAY = 731;
const UNKNOWN_AGE_LENGTH_BELOW_CM = 87.0;
const DECIMALS = 2;

const num = (v) => (v === null || v === undefined || v === '' ? NaN : Number(v));

// numpy's round(x, d): rint(x * 10^d) / 10^d, rint rounding half to even.
export function npRound(x, decimals = DECIMALS) {
  if (!Number.isFinite(x)) return x;
  const f = Math.pow(10, decimals);
  const y = x * f;
  const fl = Math.floor(y);
  const d = y - fl;
  let r;
  if (d > 0.5) r = fl + 1;
  else if (d < 0.5) r = fl;
  else r = fl % 2 === 0 ? fl : fl + 1;
  return r / f + 0.0;
}

function valueAt(z, l, m, s) {
  if (Math.abs(l) < L_ZERO) return m * Math.exp(s * z);
  return m * Math.pow(1.0 + l * s * z, 1.0 / l);
}

// lms.zscore for one value.
function lmsZ(y, l, m, s, restricted, lIsOne, lNearZero) {
  if (!(y > 0) || Number.isNaN(l) || Number.isNaN(m) || Number.isNaN(s)) return NaN;
  const ratio = y / m;
  let z;
  if (lIsOne) z = (ratio - 1.0) / s;
  else if (!lNearZero) z = (Math.pow(ratio, l) - 1.0) / (l * s);
  else if (Math.abs(l) < L_ZERO) z = Math.log(ratio) / s;
  else z = (Math.pow(ratio, l) - 1.0) / (l * s);
  if (restricted && Math.abs(z) > 3.0) {
    const side = z > 0 ? 1.0 : -1.0;
    const sd3 = valueAt(3.0 * side, l, m, s);
    const sd2 = valueAt(2.0 * side, l, m, s);
    z = 3.0 * side + (y - sd3) / Math.abs(sd3 - sd2);
  }
  return z;
}

export class Anthro {
  // lms: the parsed who-lms.json; rules: {settings, scales, kbm, ...} from the bootstrap.
  constructor(lms, rules) {
    this.lms = lms;
    this.rules = rules;
    this.s = rules.settings;
    this.t = {};
    for (const [name, t] of Object.entries(lms.tables)) {
      const fix = (rows) => rows.map((r) => Float64Array.from(r, (v) => (v === null ? NaN : v)));
      this.t[name] = { ...t, l: fix(t.l), m: fix(t.m), s: fix(t.s) };
    }
  }

  get version() { return this.lms.version + ':' + (this.rules.signature || 'default'); }

  _byDay(name, y, row, day, restricted) {
    const t = this.t[name];
    return lmsZ(y, t.l[row][day], t.m[row][day], t.s[row][day], restricted, t.l_is_one, t.l_near_zero);
  }

  _byMonth(name, y, row, months) {
    const t = this.t[name];
    if (!(months <= this.lms.who2007_upper_months[name])) return NaN;
    const low = Math.min(Math.floor(months), t.width - 2);
    const diff = months - low;
    const at = (v) => v[row][low] + diff * (v[row][low + 1] - v[row][low]);
    return lmsZ(y, at(t.l), at(t.m), at(t.s), name !== 'hfa-2007', t.l_is_one, t.l_near_zero);
  }

  // zscores.compute for one child. Inputs as the Python's: sex 1/2, ageDays and/or ageMonths,
  // weight kg, lenhei cm as measured, measure 0/1/2, headc, muac cm, oedema, completedMonths.
  compute(input, { decimals = DECIMALS } = {}) {
    const lms = this.lms, S = this.s;
    const sex = num(input.sex);
    let weight = num(input.weight), lenhei = num(input.lenhei);
    const headc = num(input.headc), muac = num(input.muac);
    let measure = input.measure === undefined || input.measure === null ? UNKNOWN : Number(input.measure);
    const oedema = !!input.oedema && Number(input.oedema) > 0;
    let days = num(input.ageDays), months = num(input.ageMonths);
    const dpm = lms.days_per_month;
    days = Number.isFinite(days) ? days : months * dpm;
    months = Number.isFinite(months) ? months : days / dpm;
    if (days < 0 || months < 0) { days = NaN; months = NaN; }
    const day = Math.floor(days + 0.5);
    const knownAge = Number.isFinite(day);
    const knownSex = sex === MALE || sex === FEMALE;
    const row = sex === FEMALE ? 1 : 0;
    const last = lms.who2006_last_day;

    const upper = S.who2006_upper_age_months;
    let switchAge = months;
    const completed = num(input.completedMonths);
    if (S.index_switch_age_basis === 'completed_months' && Number.isFinite(completed)) switchAge = completed;
    const who2006 = knownSex && day <= last && switchAge < upper;
    const who2007 = knownSex && !who2006 && (day > last || switchAge >= Math.max(upper, lms.who2007_first_month));
    const c9mo = measure === STANDING && months < 9;
    if (S.standing_under_9_months === 'ignore_position' && c9mo) measure = UNKNOWN;
    let clenhei = lenhei + (knownAge && day < LENGTH_UNTIL_DAY && measure === STANDING ? HEIGHT_ADJUSTMENT_CM : 0.0);
    clenhei -= (knownAge && day >= LENGTH_UNTIL_DAY && measure === LYING ? HEIGHT_ADJUSTMENT_CM : 0.0);
    const h = clenhei / 100.0;
    const cbmi = weight / (h * h);
    const w = oedema ? NaN : weight;
    const bmi = oedema ? NaN : cbmi;

    let zwei = NaN, zlen = NaN, zbmi = NaN, zhc = NaN, zac = NaN;
    if (who2006) {
      const d = Math.min(Math.max(day, 0), last);
      zwei = this._byDay('wfa', w, row, d, true);
      zlen = this._byDay('lhfa', clenhei, row, d, false);
      zbmi = this._byDay('bmi', bmi, row, d, true);
      zhc = this._byDay('hcfa', headc, row, d, false);
      zac = this._byDay('acfa', muac, row, d, true);
    }
    if (who2007) {
      const m = Math.max(months, lms.who2007_first_month);
      zwei = this._byMonth('wfa-2007', w, row, m);
      zlen = this._byMonth('hfa-2007', clenhei, row, m);
      zbmi = this._byMonth('bmi-2007', bmi, row, m);
    }
    const [zwfl, wflhTable] = this._wflh(w, clenhei, measure, row, knownSex, knownAge, who2006, day);

    const out = { age_days: day, age_months: months, clenhei, cbmi };
    const scores = { zwei, zlen, zwfl, zbmi, zhc, zac };
    for (const [name, z] of Object.entries(scores)) {
      const r = npRound(z, decimals);
      out[name] = r;
      const [low, high] = lms.flag_limits[name];
      out['f' + name.slice(1)] = Number.isNaN(r) ? NaN : (r < low || r > high ? 1.0 : 0.0);
    }
    out.reference = who2006 && knownAge ? REF_WHO2006
      : (who2007 && months <= lms.who2007_upper_months['hfa-2007'] ? REF_WHO2007 : REF_NONE);
    out.wflh_table = wflhTable;
    out.c9mo_flag = c9mo ? 1.0 : 0.0;
    return out;
  }

  _wflh(weight, clenhei, measure, row, knownSex, knownAge, who2006, day) {
    const unknownPosition = measure === UNKNOWN;
    const byLength = knownAge ? day < LENGTH_UNTIL_DAY
      : (measure === LYING || (unknownPosition && clenhei < UNKNOWN_AGE_LENGTH_BELOW_CM));
    const byHeight = knownAge ? day >= LENGTH_UNTIL_DAY
      : (measure === STANDING || (unknownPosition && clenhei >= UNKNOWN_AGE_LENGTH_BELOW_CM));
    const [lLow, lHigh] = this.lms.wfl_range_cm, [hLow, hHigh] = this.lms.wfh_range_cm;
    const inRange = byLength ? clenhei >= lLow && clenhei <= lHigh : clenhei >= hLow && clenhei <= hHigh;
    const valid = knownSex && (byLength || byHeight) && inRange && (who2006 || !knownAge);
    if (!valid) return [NaN, WFLH_NONE];
    const t = byLength ? this.t.wfl : this.t.wfh;
    const low10 = Math.trunc(clenhei * 10.0);
    const diff = (clenhei - low10 / 10.0) / 0.1;
    const first10 = Math.round(t.x0 * 10);
    const column = Math.min(Math.max(low10 - first10, 0), t.width - 1);
    const upper = Math.min(column + 1, t.width - 1);
    const at = (v) => v[row][column] + diff * (v[row][upper] - v[row][column]);
    const z = lmsZ(weight, at(t.l), at(t.m), at(t.s), true, false,
      this.t.wfl.l_near_zero || this.t.wfh.l_near_zero);
    return [z, byLength ? WFLH_LENGTH : WFLH_HEIGHT];
  }

  // Scale.band: category number (0 = lowest) of a z, -1 without one.
  band(index, z) {
    const r = npRound(z, DECIMALS);
    if (Number.isNaN(r)) return -1;
    let band = 0;
    for (const [cut, toUpper] of this.rules.scales[index].cuts) band += toUpper ? (r >= cut ? 1 : 0) : (r > cut ? 1 : 0);
    return band;
  }

  // status.assess for one child: {statuses: {index: {code, label}}, stunting, wasting, underweight, overweight}
  // (flags true/false/null).
  assess(z, { oedema = false, muac = NaN } = {}) {
    const S = this.s;
    muac = num(muac);
    const under5 = z.reference === REF_WHO2006;
    const cm = Math.floor(z.age_months);
    const school = z.reference === REF_WHO2007 && cm <= S.imtu_5_18_max_months;
    const [lilaFrom, lilaTo] = S.muac_age_months;
    const lilaAge = cm >= lilaFrom && cm < lilaTo;
    const severeOedema = !!oedema && !!S.oedema_counts_as_severe;
    const wflhApplies = z.wflh_table !== WFLH_NONE || (severeOedema && (under5 || Number.isNaN(z.age_months)));
    const statuses = {};
    const put = (index, value, applies, oedemaLowest) => {
      let band = this.band(index, applies ? value : NaN);
      if (oedemaLowest && applies && severeOedema) band = 0;
      if (band >= 0) {
        const [code, label] = this.rules.scales[index].categories[band];
        statuses[index] = { code, label };
      }
    };
    put('bb_u', z.zwei, under5, true);
    put('tb_u', z.zlen, under5, false);
    put('bb_tb', z.zwfl, wflhApplies, true);
    put('imt_u', z.zbmi, under5, true);
    put('imt_u_5_18', z.zbmi, school, true);
    put('lk_u', z.zhc, under5, false);
    put('lila', muac, lilaAge, false);
    const cut = S.derived_flag_cutoffs;
    const flag = (condition, value, applies, knownAnyway = false) => {
      const known = (applies && !Number.isNaN(value)) || (applies && knownAnyway);
      return known ? !!condition : null;
    };
    return {
      statuses,
      stunting: flag(z.zlen < cut.stunting, z.zlen, under5),
      wasting: flag(z.zwfl < cut.wasting || severeOedema, z.zwfl, wflhApplies, severeOedema),
      underweight: flag(z.zwei < cut.underweight || severeOedema, z.zwei, under5, severeOedema),
      overweight: flag(z.zwfl > cut.overweight, z.zwfl, z.wflh_table !== WFLH_NONE),
      version: this.rules.status_version,
    };
  }

  // KMS N/T/O/B for a weighing series [{date: 'YYYY-MM-DD', weight, oedema}] (growth.judge).
  judge(sex, birthDate, weighings) {
    const S = this.s;
    const series = [...weighings].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const judged = [];
    for (const wg of series) {
      const z = this.compute({
        sex: sexCode(sex), ageDays: daysBetween(birthDate, wg.date), weight: wg.weight,
        oedema: wg.oedema, completedMonths: completedMonths(birthDate, wg.date),
      }).zwei;
      const [y, mo] = wg.date.split('-').map(Number);
      const monthIndex = y * 12 + mo;
      let previous = null;
      for (let i = judged.length - 1; i >= 0; i--) {
        if (judged[i].monthIndex < monthIndex) { previous = judged[i]; break; }
      }
      const age = S.kbm_age_basis === 'calendar_column' ? kmsColumn(birthDate, wg.date) : completedMonths(birthDate, wg.date);
      const grams = this.kbm(age, wg.date);
      let code, gain = null, monthsSince = null, required = null;
      if (grams === null) code = null;
      else if (previous === null) code = 'B';
      else {
        monthsSince = monthIndex - previous.monthIndex;
        gain = pyRound((wg.weight - previous.weight) * 1000);
        if (monthsSince === 1 || S.kbm_gap_rule === 'kbm_per_month') {
          required = grams * monthsSince;
          code = gain >= required ? 'N' : 'T';
        } else code = 'O';
      }
      const twoT = code === 'T' && monthsSince === 1 && previous !== null && previous.code === 'T';
      const zwei = Number.isNaN(z) ? null : z;
      const bgm = zwei !== null && zwei < -3.0;
      const aboveOrange = zwei !== null && zwei > S.referral_above_wfa_z;
      const reasons = [];
      if ((S.referral_rule === 'T' && code === 'T') || (S.referral_rule === '2T' && twoT)) reasons.push(twoT ? '2T' : 'T');
      if (bgm) reasons.push('BGM');
      if (aboveOrange) reasons.push('above line');
      judged.push({ date: wg.date, weight: wg.weight, monthIndex, age_months: age, code, gain_g: gain, kbm_g: required,
        months_since: monthsSince, two_t: twoT, bgm, above_orange: aboveOrange, zwei, refer: reasons.length > 0, reasons });
    }
    return judged;
  }

  kbm(age, on) {
    if (age < 0 || age > 60) return null;
    const editions = this.rules.kbm.filter((e) => e.valid_from <= on);
    const edition = editions.length ? editions[editions.length - 1] : this.rules.kbm[0];
    let grams = edition.steps[0][1];
    for (const [from, value] of edition.steps) if (age >= from) grams = value;
    return grams;
  }

  // Everything the Posyandu grid shows for one child's row: z-scores, statuses, refer and why.
  child(person, on, values) {
    const z = this.compute({
      sex: sexCode(person.sex), ageDays: daysBetween(person.birth_date, on),
      completedMonths: completedMonths(person.birth_date, on),
      weight: values.weight_kg, lenhei: values.lenhei_cm, measure: measureCode(values.measure),
      headc: values.headc_cm, muac: values.muac_cm, oedema: values.oedema,
    });
    const a = this.assess(z, { oedema: values.oedema, muac: values.muac_cm });
    const refer = new Set(this.s.referral_statuses);
    const reasons = Object.values(a.statuses).filter((st) => refer.has(st.code)).map((st) => st.label);
    return { z, ...a, refer: reasons.length > 0, reasons };
  }
}

// Python's round() on a float: half to even.
function pyRound(x) { return npRound(x, 0); }

export function sexCode(sex) {
  const s = String(sex).trim().toUpperCase();
  if (s === '1' || s === 'L' || s === 'M') return MALE;
  if (s === '2' || s === 'P' || s === 'F') return FEMALE;
  return 0;
}

export function measureCode(m) {
  const k = m === null || m === undefined ? '' : String(m).trim().toLowerCase();
  return { l: LYING, pb: LYING, lying: LYING, h: STANDING, tb: STANDING, standing: STANDING }[k] ?? UNKNOWN;
}

const dayNumber = (iso) => { const [y, m, d] = iso.split('-').map(Number); return Date.UTC(y, m - 1, d) / 86400000; };
export const daysBetween = (from, to) => dayNumber(to) - dayNumber(from);

export function completedMonths(birth, on) {
  const [by, bm, bd] = birth.split('-').map(Number), [y, m, d] = on.split('-').map(Number);
  return (y - by) * 12 + m - bm - (d < bd ? 1 : 0);
}

export function kmsColumn(birth, on) {
  const [by, bm] = birth.split('-').map(Number), [y, m] = on.split('-').map(Number);
  return (y - by) * 12 + m - bm;
}

// Loads who-lms.json (through the service worker's cache when offline) and builds the engine.
export async function load(rules, url = '/static/kader/who-lms.json') {
  const response = await fetch(url);
  if (!response.ok) throw new Error('who-lms.json: ' + response.status);
  return new Anthro(await response.json(), rules);
}
