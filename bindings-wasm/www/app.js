// The live preview: reads the form, builds a Format and a Generator with the
// promocode core (WebAssembly) on every input event, and shows each partner's code.
import init, { Format, Generator, PLATFORMS, DEFAULT_ALPHABET } from './pkg/index.js';

const DEFAULT_PARTNERS = `John Doe <john.doe@example.com>
José Núñez <jose.nunez@example.es>
Søren Kierkegaard <soren@example.dk>
Иван Петров <ivan.petrov@example.ru>
张伟 <zhang.wei@example.cn>
さくら <sakura@example.jp>
김민준 <minjun.kim@example.kr>
محمد <mohammed@example.ae>
राहुल <rahul@example.in>
Γιώργος Παπαδόπουλος <giorgos@example.gr>
🦄 <unicorn@example.com>
John Doe <jdoe@example.org>
Zoë Müller <zoe.mueller@example.de>
Łukasz Wiśniewski <lukasz@example.pl>
Mary-Jane O'Brien <mj@example.ie>
François Lefèvre <francois@example.fr>
An Nguyễn <an.nguyen@example.vn>
Ahmet Yılmaz <ahmet@example.tr>
יוסף כהן <yosef@example.il>
สมชาย ใจดี <somchai@example.th>`;

const PLATFORM_NOTES = {
  generic: 'A-Z a-z 0-9 - _, at most 255',
  stripe: 'A-Z a-z 0-9 -, at most 500',
  'stripe-legacy': 'A-Z a-z 0-9 (API before 2026-02), at most 500',
  paddle: 'A-Z a-z 0-9, at most 32',
  shopify: 'A-Z a-z 0-9 - _, at most 255',
  woocommerce: 'any text but < > \\ &, stored lowercase',
  partnero: 'A-Z a-z 0-9 - _, at most 100',
  'partnero-coupon': 'A-Z a-z 0-9 - _, at most 255',
};

/** Error `field` (camelCase or snake_case) -> the id of the control it concerns. */
const FIELD_IDS = {
  prefix: 'prefix', name: 'name', surname: 'surname', email: 'email', discount: 'discount', random: 'random',
  template: 'template', separator: 'separator', platform: 'platform', case: 'case', alphabet: 'alphabet',
  maxLength: 'maxLength', max_length: 'maxLength', germanUmlauts: 'germanUmlauts', german_umlauts: 'germanUmlauts',
  seed: 'seed',
};
const TEXT_FIELDS = new Set(['prefix', 'template', 'separator', 'alphabet']);

const $ = (id) => document.getElementById(id);

/**
 * Parses the partner list: `First Last <email>` per line, or CSV `first,last,email`
 * when the line has a comma or a tab. Blank lines and `#` comments are skipped.
 */
export function parsePartners(text) {
  const partners = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (/[,\t]/.test(line)) {
      const [name = '', surname = '', email = ''] = line.split(/[,\t]/).map((s) => s.trim());
      partners.push({ name, surname, email });
      continue;
    }
    let rest = line;
    let email = '';
    const bracket = rest.match(/<([^<>]*)>\s*$/);
    if (bracket) {
      email = bracket[1].trim();
      rest = rest.slice(0, bracket.index).trim();
    } else {
      const last = rest.split(/\s+/).pop();
      if (last.includes('@')) {
        email = last;
        rest = rest.slice(0, rest.length - last.length).trim();
      }
    }
    const words = rest.split(/\s+/).filter(Boolean);
    partners.push({ name: words[0] ?? '', surname: words.slice(1).join(' '), email });
  }
  return partners;
}

/** RFC 4180 CSV: quoted when needed, quotes doubled, CRLF line ends. */
export function toCsv(rows) {
  const cell = (v) => {
    const s = v == null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** The format options the form describes (camelCase, as the JS API takes them). */
function readOptions() {
  const num = (id) => {
    const el = $(id);
    if (el.value.trim() === '') return el.validity.badInput ? NaN : null;
    return Number(el.value);
  };
  const text = (id) => ($(id).value === '' ? null : $(id).value);
  const options = {
    prefix: $('prefix').value,
    name: $('name').checked,
    surname: $('surname').checked,
    email: $('email').checked,
    discount: num('discount'),
    random: num('random') ?? 0,
    template: text('template'),
    separator: $('noSeparator').checked ? '' : text('separator'),
    platform: $('platform').value,
    case: text('case'),
    alphabet: text('alphabet'),
    maxLength: num('maxLength'),
    germanUmlauts: $('germanUmlauts').checked,
  };
  return options;
}

/** The seed field: a decimal integer (BigInt, so every u64 works), or the raw text for the core to reject. */
function readSeed() {
  const s = $('seed').value.trim();
  if (s === '') return null;
  return /^\d+$/.test(s) ? BigInt(s) : s;
}

function randomSeed() {
  const a = new Uint32Array(1);
  crypto.getRandomValues(a);
  return String(a[0]);
}

/** Computes every code: one Format and one Generator per refresh. */
export function compute(options, seed, partners) {
  const format = new Format(options);
  const gen = new Generator(format, { seed });
  let codes;
  let errors = {};
  try {
    codes = gen.generateAll(partners);
  } catch (e) {
    if (e.code !== 'batch_failed') throw e;
    codes = e.codes;
    errors = e.errors;
  }
  const entropyBits = format.entropyBits;
  gen.free();
  format.free();
  return { codes, errors, entropyBits };
}

// ---------------------------------------------------------------------------
// Rendering

function clearErrors() {
  for (const el of document.querySelectorAll('.field-error')) {
    el.hidden = true;
    el.textContent = '';
  }
  for (const el of document.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  $('format-error').hidden = true;
}

/** The setting's text with the character at `position` (code points) marked. */
function markedValue(value, position) {
  const chars = Array.from(value);
  const out = document.createElement('code');
  out.className = 'marked';
  out.append(chars.slice(0, position).join(''));
  const mark = document.createElement('mark');
  mark.textContent = position < chars.length ? chars[position] : '␣';
  out.append(mark, chars.slice(position + 1).join(''));
  return out;
}

function showError(e) {
  const id = FIELD_IDS[e.field];
  const slot = id && $(`${id}-error`);
  if (!slot) {
    const banner = $('format-error');
    banner.textContent = e.message;
    banner.dataset.code = e.code ?? '';
    banner.hidden = false;
    return;
  }
  slot.textContent = '';
  slot.dataset.code = e.code ?? '';
  slot.append(e.message);
  if (TEXT_FIELDS.has(id) && Number.isInteger(e.position)) {
    slot.append(document.createElement('br'), markedValue($(id).value, e.position));
  }
  slot.hidden = false;
  $(id).setAttribute('aria-invalid', 'true');
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  if (className?.startsWith('text')) td.dir = 'auto'; // Arabic and Hebrew names read right to left
  return td;
}

let last = { partners: [], codes: [], errors: {} };

function refresh() {
  const t0 = performance.now();
  clearErrors();
  const partners = parsePartners($('partners').value);
  let result;
  try {
    result = compute(readOptions(), readSeed(), partners);
  } catch (e) {
    showError(e);
    result = null;
  }
  const t1 = performance.now();

  const body = $('codes').tBodies[0];
  const rows = [];
  partners.forEach((p, i) => {
    const tr = document.createElement('tr');
    cell(tr, String(i + 1), 'num');
    cell(tr, p.name, 'text');
    cell(tr, p.surname, 'text');
    cell(tr, p.email, 'text email');
    if (!result) {
      cell(tr, '—', 'muted');
    } else if (result.codes[i] != null) {
      cell(tr, result.codes[i], 'code');
    } else {
      const err = result.errors[i];
      const td = cell(tr, err.message, 'error');
      td.dataset.code = err.code;
    }
    rows.push(tr);
  });
  body.replaceChildren(...rows);
  last = result ? { partners, codes: result.codes, errors: result.errors } : { partners, codes: [], errors: {} };

  const ok = result ? result.codes.filter((c) => c != null).length : 0;
  $('entropy').textContent = result ? `${result.entropyBits.toFixed(1)} bits` : '–';
  $('entropy').title = result && result.entropyBits === 0 ? 'No random part: codes can be guessed from the names' : '';
  $('count').textContent = result ? `${ok} of ${partners.length}` : `0 of ${partners.length}`;
  $('download').disabled = !result || ok === 0;
  const t2 = performance.now();
  $('timing').textContent = `${(t1 - t0).toFixed(2)} ms core · ${(t2 - t0).toFixed(2)} ms total`;
  document.body.dataset.coreMs = String(t1 - t0);
  document.body.dataset.totalMs = String(t2 - t0);
}

function download() {
  const rows = [['name', 'surname', 'email', 'code', 'error']];
  last.partners.forEach((p, i) => {
    const code = last.codes[i];
    rows.push([p.name, p.surname, p.email, code ?? '', code == null && last.errors[i] ? last.errors[i].message : '']);
  });
  // A byte-order mark, so spreadsheet programs read the names in every script right.
  const blob = new Blob(['\ufeff', toCsv(rows)], { type: 'text/csv;charset=utf-8' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'promotion-codes.csv';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 0);
}

async function main() {
  await init();
  const select = $('platform');
  select.replaceChildren(...PLATFORMS.map((p) => new Option(p, p)));
  const note = () => { $('platform-help').textContent = PLATFORM_NOTES[select.value] ?? ''; };
  select.addEventListener('change', note);
  note();
  $('alphabet').placeholder = DEFAULT_ALPHABET;
  $('partners').value = DEFAULT_PARTNERS;
  $('seed').value = randomSeed();
  $('newSeed').addEventListener('click', () => { $('seed').value = randomSeed(); refresh(); });
  $('noSeparator').addEventListener('change', () => { $('separator').disabled = $('noSeparator').checked; });
  $('download').addEventListener('click', download);
  $('settings').addEventListener('submit', (e) => e.preventDefault());
  document.addEventListener('input', refresh);
  document.addEventListener('change', refresh);
  refresh();
  document.body.dataset.ready = 'true';
}

if (typeof document !== 'undefined') {
  main().catch((e) => {
    const banner = $('format-error');
    banner.textContent = `The preview could not start: ${e.message}`;
    banner.hidden = false;
  });
}
