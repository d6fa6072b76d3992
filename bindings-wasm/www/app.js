// The live preview: reads the form, builds a Format and a Generator with the
// promocode core (WebAssembly) and shows each partner's code. Settings refresh
// once per frame; the partner list after a short pause. The CSV export draws
// its random parts from the OS random source, never from the preview seed.
import init, { Format, Generator, PLATFORMS, PLATFORM_RULES, DEFAULT_ALPHABET, canonicalKey } from './pkg/preview.js';
import { parsePartners, toCsv } from './partners.js';

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

/** Rows drawn in the table; the rest are in the CSV. */
const SHOWN_ROWS = 25;
/** Pause after typing in the partner list before it is read again (ms). */
const LIST_DEBOUNCE_MS = 250;
/** Pause after typing in the template before an error in it is shown (ms). */
const TEMPLATE_ERROR_DELAY_MS = 900;
/** Pause before the screen-reader summary is updated (ms). */
const ANNOUNCE_DELAY_MS = 1000;
/** Template placeholder names (syntax of the template, for "did you mean"). */
const PLACEHOLDERS = ['prefix', 'name', 'surname', 'email', 'discount', 'random'];

/** Error `field` (camelCase or snake_case) -> the id of the control it concerns. */
const FIELD_IDS = {
  prefix: 'prefix', name: 'name', surname: 'surname', email: 'email', discount: 'discount', random: 'random',
  template: 'template', separator: 'separator', platform: 'platform', case: 'case', alphabet: 'alphabet',
  maxLength: 'maxLength', max_length: 'maxLength', germanUmlauts: 'germanUmlauts', german_umlauts: 'germanUmlauts',
  seed: 'seed',
};
const TEXT_FIELDS = new Set(['prefix', 'template', 'separator', 'alphabet']);

const $ = (id) => document.getElementById(id);
/** Sets an element's text only when it changes (an unchanged page needs no new layout). */
const setText = (id, text) => { const el = $(id); if (el.textContent !== text) el.textContent = text; };
/**
 * `1,000` (en-US grouping) without `toLocaleString`: its first call sets up ICU's
 * number formatting, ~40 ms of the first refresh on load (benches/PERFORMANCE.md).
 */
const fmtInt = (n) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

// ---------------------------------------------------------------------------
// Platform facts

/**
 * What a platform allows: `{ name, maxLength, allowed, dash, storedLowercase }`,
 * read from the core's `PLATFORM_RULES` (nothing restated here).
 */
export function platformFacts(name) {
  const r = PLATFORM_RULES[name];
  return { name, maxLength: r.length, allowed: r.characters.replace(/`/g, ''), dash: r.separator, storedLowercase: r.lowercased };
}

function platformNote(f) {
  const parts = [`${f.allowed}`, `at most ${f.maxLength} characters`];
  if (f.storedLowercase) parts.push('stored lowercase');
  if (!f.dash) parts.push('no separator, so a repeated code gets a letter (JOHN20B)');
  return parts.join('; ');
}

// ---------------------------------------------------------------------------
// Reading the form

/** The format options the form describes (camelCase, as the JS API takes them). */
function readOptions() {
  const num = (id) => {
    const el = $(id);
    if (el.value.trim() === '') return el.validity.badInput ? NaN : null;
    return Number(el.value);
  };
  const text = (id) => ($(id).value === '' ? null : $(id).value);
  return {
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

// ---------------------------------------------------------------------------
// Computing

/**
 * The personal part alone, as the platform writes it: canonical keys, filled
 * lazily, kept while the list and those settings stay. `unclear`: the core's
 * warnings about a row whose code is not shortened (an abjad name, kanji
 * without a reading: about the name's text, so kept with the same settings).
 */
let personalCache = { key: '', list: null, format: null, values: [], unclear: [] };

function personalKey(options, list, i) {
  const opts = { name: options.name, surname: options.surname, email: options.email, platform: options.platform, case: options.case, germanUmlauts: options.germanUmlauts };
  const key = JSON.stringify(opts);
  if (personalCache.list !== list || personalCache.key !== key) {
    personalCache.format?.free();
    let format = null;
    try { format = opts.name || opts.surname || opts.email ? new Format(opts) : null; } catch { format = null; }
    personalCache = { key, list, format, values: [], unclear: [] };
  }
  const c = personalCache;
  if (!c.format) return null;
  if (c.values[i] === undefined) {
    try { c.values[i] = canonicalKey(c.format.render(list.partners[i])); } catch { c.values[i] = null; }
  }
  return c.values[i];
}

/** Text with a character outside ASCII (the core's script rules, and so its abjad and kanji warnings, concern only such text). */
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * One pass of one Format and one Generator over the partner list, in steps (the
 * first rows at once, the rest in slices between frames): every code, why a
 * code differs from the partner's plain code (a counter for a repeat, or a
 * shortened name), and for the shown rows (every row with `explainAll`, for the
 * CSV) what may make a code hard to recognise (the core's `explain` warnings).
 */
export class Run {
  constructor(options, seed, list, { explainAll = false, deferExplain = false } = {}) {
    this.options = options;
    this.seed = seed;
    this.list = list;
    this.format = new Format(options); // throws for an invalid setting
    this.gen = new Generator(this.format, { seed });
    /** The shown codes in a generator with a lookup index, for the typo notes (see `step`). */
    this.shown = null;
    this.entropyBits = this.format.entropyBits;
    this.maxLength = options.maxLength ?? platformFacts(options.platform).maxLength;
    this.total = list.partners.length;
    this.done = 0;
    this.codes = [];
    this.errors = {};
    this.notes = [];
    /** Row -> the core's warnings about its code (`[{code, field, message}]`), for the explained rows that have some. */
    this.warnings = [];
    this.explainAll = explainAll;
    /**
     * With `deferExplain` (the preview), rows whose warnings are not known yet
     * for this list and these name settings wait in `pending` ([row, cache]) for
     * `explainPending`, after the frame: the first refresh and a list edit draw
     * the codes without the calls (~14 on the samples: 2-5 ms of the first refresh).
     */
    this.deferExplain = deferExplain;
    this.pending = [];
    this.suffixed = 0;
    this.shortened = 0;
    this.first = new Map();
    this.rowOf = new Map(); // code -> its row, for "one slip from" notes
  }

  /** Generates the codes of partners `done..end`. */
  step(end) {
    const start = this.done;
    const slice = this.list.partners.slice(start, end);
    let codes;
    let errors = {};
    try {
      codes = this.gen.generateAll(slice);
    } catch (e) {
      if (e.code !== 'batch_failed') throw e;
      codes = e.codes;
      errors = e.errors;
    }
    for (const [k, err] of Object.entries(errors)) this.errors[start + Number(k)] = err;
    if (start < SHOWN_ROWS) {
      // The typo notes ask the core's `suggest` about each shown code. Without an
      // index, one suggest probes every one-edit neighbour (~2.7 ms native, more in
      // wasm: 20 of them were most of the first refresh); a generator holding just
      // the shown codes (the notes only name shown rows), with a lookup index,
      // answers in a fraction of that and never indexes the whole list. Same notes
      // (compared on 3,420 rows); the index also finds a counter one insertion from
      // its plain code (JOHN20-2 from JOHN20), but counter rows get no typo note.
      this.shown ??= new Generator(this.format, { lookupIndex: true, typoGuard: 'off' });
      this.shown.addExisting(codes.slice(0, SHOWN_ROWS - start).filter((c) => c != null));
    }
    codes.forEach((code, k) => {
      const i = start + k;
      this.codes[i] = code;
      if (code == null) return;
      // Counters exist only without a random part (with one, a repeat is redrawn).
      if (this.entropyBits === 0) {
        let plain = null;
        try { plain = this.format.render(this.list.partners[i]); } catch { /* counted as failed elsewhere */ }
        if (plain != null && code !== plain) {
          this.suffixed++;
          const j = this.first.get(plain);
          this.notes[i] = { kind: 'counter', text: j == null ? 'counter: the plain code is taken' : `counter: same code as #${j + 1}` };
        } else if (plain != null && !this.first.has(plain)) this.first.set(plain, i);
      }
      const ask = i < SHOWN_ROWS || this.explainAll; // rows whose explain warnings are wanted
      if (this.options.template == null) {
        const personal = personalKey(this.options, this.list, i);
        if (personal && !code.toLowerCase().includes(personal) && !canonicalKey(code).includes(personal)) {
          this.shortened++;
          const text = `name shortened to fit ${this.maxLength} characters`;
          this.notes[i] = this.notes[i] ? { kind: 'counter', text: `${this.notes[i].text}; ${text}` } : { kind: 'short', text };
          if (ask) this.explain(i, true);
        } else if (ask) {
          // Not shortened: only the name's text can be unclear; asked once per list and personal settings.
          const c = personalCache;
          if (!personal) this.explain(i, false);
          else if (c.unclear[i] === undefined) {
            if (!this.mayWarn(i, false)) c.unclear[i] = null;
            else if (this.deferExplain) this.pending.push([i, c.unclear]);
            else c.unclear[i] = this.explain(i, false) ?? null;
          } else if (c.unclear[i]) this.warnings[i] = c.unclear[i];
        }
      } else if (ask) this.explain(i, true); // a template's cut names are not noticed here: ask
      // A shown code one typo from an earlier one (the core's `suggest`): read aloud
      // or typed, one could be taken for the other. Counters are left out: they are
      // one letter from their plain code by design.
      if (i < SHOWN_ROWS && !this.notes[i] && this.rowOf.size > 0) {
        const near = this.shown.suggest(code, 3).find((s) => s.distance === 1 && this.rowOf.has(s.code));
        if (near) {
          const j = this.rowOf.get(near.code);
          this.notes[i] = { kind: 'near', text: `one typo from \`${near.code}\` (#${j + 1}): easy to mistake when heard or typed` };
        }
      }
      this.rowOf.set(code, i);
    });
    this.done = end;
  }

  /**
   * Asks the core's `explain` about row `i` when it can warn: its abjad and
   * kanji warnings need text outside ASCII, its initials warning a name cut to
   * fit (`cut`: the code was shortened, or the page cannot tell). Other rows
   * (most rows of most lists) skip the call: the core certainly has nothing to say.
   * Returns the warnings (also in `this.warnings[i]`), or undefined.
   */
  explain(i, cut) {
    if (!this.mayWarn(i, cut)) return undefined;
    try {
      const { warnings } = this.format.explain(this.list.partners[i]);
      if (warnings.length) this.warnings[i] = warnings;
    } catch { /* the row's error is shown already */ }
    return this.warnings[i];
  }

  /** True unless the core certainly has no warning about row `i` (see `explain`). */
  mayWarn(i, cut) {
    const o = this.options;
    return cut || Object.entries(this.list.partners[i]).some(([k, v]) => typeof v === 'string' && NON_ASCII.test(v)
      && (o.template != null || (k !== 'name' && k !== 'surname' && k !== 'email') || o[k]));
  }

  /** Asks the core about the rows left `pending` (their warnings are kept for the next refreshes). */
  explainPending() {
    for (const [i, cache] of this.pending) cache[i] = this.explain(i, false) ?? null;
    this.pending = [];
  }

  get finished() { return this.done >= this.total; }

  free() {
    this.shown?.free();
    this.shown = null;
    this.gen?.free();
    this.format?.free();
    this.gen = null;
    this.format = null;
  }
}

// ---------------------------------------------------------------------------
// Words

/** A count in words: `about 1 in 500,000`. */
function oneIn(bits) {
  const n = 2 ** bits;
  if (n < 1000) return `1 in ${fmtInt(Math.round(n))}`;
  const exp = Math.floor(Math.log10(n));
  const lead = Math.round(n / 10 ** exp);
  const rounded = lead * 10 ** exp;
  const words = [[1e12, 'trillion'], [1e9, 'billion'], [1e6, 'million']];
  if (rounded >= 1e15) return `1 in 10^${exp}`;
  for (const [v, w] of words) if (rounded >= v) return `1 in ${fmtInt(rounded / v)} ${w}`;
  return `1 in ${fmtInt(rounded)}`;
}

/** Strength as a badge and words. */
export function strength(bits, options) {
  const personal = options.template ? /\{(name|surname|email)/.test(options.template) : options.name || options.surname || options.email;
  if (bits === 0) {
    return personal
      ? { level: 'guessable', badge: 'Guessable', text: 'guessable from names: anyone who knows a partner can guess the code — set usage limits on the coupon, or add random characters' }
      : { level: 'guessable', badge: 'Guessable', text: 'no random part: every code is predictable — set usage limits on the coupon, or add random characters' };
  }
  const who = personal ? ', even knowing the partner' : '';
  const odds = `about ${oneIn(bits)} per guess${who}`;
  if (bits < 20) return { level: 'weak', badge: 'Weak', text: `${odds} — add random characters or set usage limits` };
  if (bits < 30) return { level: 'fair', badge: 'Fair', text: `${odds}; fine with usage limits` };
  return { level: 'strong', badge: 'Strong', text: odds };
}

/** Levenshtein distance (small strings). */
function distance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

/** The placeholder nearest to `name` (`nme` -> `name`), or null. */
export function nearestPlaceholder(name) {
  const bare = name.split(':')[0].toLowerCase();
  let best = null;
  for (const p of PLACEHOLDERS) {
    const dist = distance(bare, p);
    if (dist <= Math.max(2, p.length >> 1) && (!best || dist < best.dist)) best = { p, dist };
  }
  return best && `{${best.p}${name.includes(':') ? name.slice(name.indexOf(':')) : ''}}`;
}

/** Appends text to `el`, with `backticked` parts as <code>. */
function appendRich(el, text) {
  text.split(/(`[^`]*`)/).forEach((part) => {
    if (part.startsWith('`') && part.endsWith('`') && part.length >= 2) {
      const c = document.createElement('code');
      c.textContent = part.slice(1, -1);
      el.append(c);
    } else if (part) el.append(part);
  });
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

/** Plain words for an error, platform-aware; `column` is 1-based. */
function explain(e, options) {
  const facts = platformFacts(options.platform);
  const col = Number.isInteger(e.position) ? e.position + 1 : null;
  const value = FIELD_IDS[e.field] ? $(FIELD_IDS[e.field]).value : '';
  const chars = Array.from(value);
  switch (e.code) {
    case 'unknown_placeholder': {
      const m = chars.slice(e.position).join('').match(/^\{([^{}]*)\}?/);
      const name = m ? m[1] : '';
      const near = nearestPlaceholder(name);
      return `\`{${name}}\` at column ${col} is not a placeholder.${near ? ` Did you mean \`${near}\`?` : ' Use one of the placeholders listed above.'}`;
    }
    case 'unbalanced_brace': {
      const brace = chars[e.position] ?? '{';
      return brace === '{'
        ? `The \`{\` at column ${col} is never closed: finish the placeholder with \`}\`, or type \`{{\` for a literal brace.`
        : `The \`}\` at column ${col} closes nothing: remove it, or type \`}}\` for a literal brace.`;
    }
    case 'invalid_placeholder':
      return `${e.message.replace(/ at position \d+/, ` at column ${col}`)}`;
    case 'invalid_character': {
      const ch = chars[e.position] ?? '';
      return `\`${ch}\` (column ${col}) is not allowed on ${facts.name}, which takes ${facts.allowed}. Remove it, or pick another platform.`;
    }
    case 'too_long': {
      const own = options.maxLength != null && options.maxLength < facts.maxLength;
      const fixes = ['shorten the prefix', options.template ? 'shorten the template\'s fixed text' : null, options.random ? 'use fewer random characters' : null, options.discount != null ? 'drop the discount' : null].filter(Boolean);
      const raise = own ? ` or raise Max length (${facts.name} allows up to ${facts.maxLength})` : '';
      const limit = own ? `your max length of ${e.max}` : `${facts.name}'s limit of ${e.max} characters`;
      return `Codes would be at least ${e.length} characters, over ${limit}. To fit, ${fixes.join(', ')}${raise}.`;
    }
    default:
      return e.message.charAt(0).toUpperCase() + e.message.slice(1);
  }
}

// ---------------------------------------------------------------------------
// Rendering

function clearErrors() {
  for (const el of document.querySelectorAll('.field-error')) {
    el.hidden = true;
    el.textContent = '';
    delete el.dataset.code;
  }
  for (const el of document.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  $('format-error').hidden = true;
}

/** The control an error belongs to: its field, or for a too-long format the prefix (or template). */
function fieldOf(e, options) {
  if (FIELD_IDS[e.field]) return FIELD_IDS[e.field];
  if (e.code === 'too_long' || e.code === 'empty_format') return options.template ? 'template' : 'prefix';
  return null;
}

function showError(e, options) {
  const id = fieldOf(e, options);
  const slot = id && $(`${id}-error`);
  const text = explain(e, options);
  if (!slot) {
    const banner = $('format-error');
    banner.textContent = '';
    appendRich(banner, text);
    banner.dataset.code = e.code ?? '';
    banner.hidden = false;
    return;
  }
  slot.textContent = '';
  slot.dataset.code = e.code ?? '';
  const p = document.createElement('p');
  appendRich(p, text);
  slot.append(p);
  if (TEXT_FIELDS.has(id) && Number.isInteger(e.position) && e.field) {
    slot.append(markedValue($(id).value, e.position));
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

/** A table row for partner `i`: its partner cells filled, the code and note cells empty. */
function newRow(p, i) {
  const tr = document.createElement('tr');
  cell(tr, String(i + 1), 'num');
  const code = tr.insertCell();
  code.className = 'code';
  const span = document.createElement('span');
  span.className = 'code-text';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'copy';
  button.textContent = 'Copy';
  code.append(span, button);
  cell(tr, '', 'note');
  cell(tr, p.name, 'text');
  cell(tr, p.surname, 'text');
  const email = cell(tr, '', 'text email');
  const at = p.email.indexOf('@'); // a line break may fall before the @ only
  if (at > 0) email.append(p.email.slice(0, at), document.createElement('wbr'), p.email.slice(at));
  else email.textContent = p.email;
  return tr;
}

let drawn = { list: null, rows: [] };

/**
 * Shows the first rows: the partner cells are built once per list; a refresh
 * only changes the code and note cells that differ (less to lay out per keystroke).
 */
function drawRows(list, result, warnings) { // result: a Run (its first rows are done)
  const n = Math.min(list.partners.length, SHOWN_ROWS);
  if (drawn.list !== list) {
    drawn = { list, rows: list.partners.slice(0, n).map((p, i) => ({ tr: newRow(p, i), code: undefined, note: undefined })) };
    $('codes').tBodies[0].replaceChildren(...drawn.rows.map((r) => r.tr));
  }
  for (let i = 0; i < n; i++) {
    const row = drawn.rows[i];
    const code = result ? result.codes[i] : null;
    const err = result && code == null ? result.errors[i] : null;
    const note = [code != null ? result.notes[i]?.text : null, err?.message, warnings[i]].filter(Boolean).join('; ');
    const unclear = code != null ? result.warnings[i] : undefined; // the core's: what may make this code hard to recognise
    const noteKey = unclear ? `${note}\n${unclear.map((w) => w.message).join('\n')}` : note;
    if (row.code !== code) {
      row.code = code;
      const td = row.tr.cells[1];
      const [span, button] = td.children;
      span.textContent = code ?? '—';
      td.classList.toggle('muted', code == null);
      button.hidden = code == null;
      button.dataset.copy = code ?? '';
      button.setAttribute('aria-label', code == null ? 'Copy' : `Copy ${code}`);
    }
    if (row.note !== noteKey) {
      row.note = noteKey;
      const td = row.tr.cells[2];
      td.textContent = '';
      appendRich(td, note);
      if (unclear) {
        const mark = document.createElement('span');
        mark.className = 'unclear';
        mark.textContent = 'Hard to recognise';
        td.append(...(note ? ['; '] : []), mark, ': ');
        unclear.forEach((w, k) => { if (k) td.append('; '); appendRich(td, w.message); });
      }
      td.classList.toggle('error', err != null);
    }
    const { dataset } = row.tr;
    if (err) dataset.error = err.code; else if (dataset.error) delete dataset.error;
    const noteKind = code != null ? result.notes[i]?.kind ?? (unclear ? 'unclear' : null) : null;
    if (noteKind) dataset.note = noteKind; else if (dataset.note) delete dataset.note;
    const unclearCodes = unclear ? unclear.map((w) => w.code).join(' ') : null;
    if (unclearCodes) dataset.unclear = unclearCodes; else if (dataset.unclear) delete dataset.unclear;
  }
  const more = list.partners.length - n;
  const moreText = more > 0 ? `… and ${fmtInt(more)} more in the CSV.` : '';
  if ($('more-rows').textContent !== moreText) {
    $('more-rows').hidden = more <= 0;
    $('more-rows').textContent = moreText;
  }
}

// ---------------------------------------------------------------------------
// State and refresh

let list = parsePartners('');
let listText = null;
/** The last valid run (the table keeps its codes, dimmed, while a setting is invalid). */
let good = null;
let pendingTemplateError = null;
let templateTimer = 0;
let announceTimer = 0;
let lastInput = null; // the control of the last input event
let generation = 0; // bumps on every refresh; a slower run still counting stops
/** The background count works in short tasks (slices of partners for up to SLICE_MS), so typing stays responsive. */
const SLICE = 25;
const SLICE_MS = 6;
/** Pause after a refresh before the rest of the list is counted (ms). */
const COUNT_DELAY_MS = 40;

let listDirty = true; // the partner list was edited since it was last read

function readList() {
  if (!listDirty) return list;
  listDirty = false;
  const text = $('partners').value;
  if (text !== listText) {
    listText = text;
    list = parsePartners(text);
    const { partners, skipped, header, warnings } = list;
    const bad = warnings.filter(Boolean).length;
    const parts = [`Read ${fmtInt(partners.length)} partner${partners.length === 1 ? '' : 's'}`];
    if (header) parts.push(`skipped the header line (${header.join(', ')})`);
    if (skipped) parts.push(`skipped ${fmtInt(skipped)} blank or # line${skipped === 1 ? '' : 's'}`);
    if (bad) parts.push(`${fmtInt(bad)} email${bad === 1 ? '' : 's'} without @ (marked)`);
    $('parse-summary').textContent = `${parts.join('; ')}.`;
  }
  return list;
}

function refresh() {
  const t0 = performance.now();
  const token = ++generation;
  clearErrors();
  const options = readOptions();
  const current = readList();
  let run = null;
  let error = null;
  try {
    run = new Run(options, readSeed(), current, { deferExplain: true });
    run.step(Math.min(run.total, SHOWN_ROWS)); // the rows drawn now; the rest is counted after this frame
  } catch (e) {
    run?.free();
    run = null;
    error = e;
  }
  clearTimeout(templateTimer);
  pendingTemplateError = null;
  if (error) {
    // A template is wrong at most keystrokes while it is typed: say so after a pause or on leaving the field.
    // While the template is typed, any error (of the template or a setting it leaves unused) waits.
    if (lastInput === $('template') && document.activeElement === $('template')) {
      pendingTemplateError = { error, options };
      templateTimer = setTimeout(() => { if (pendingTemplateError) showError(pendingTemplateError.error, pendingTemplateError.options); }, TEMPLATE_ERROR_DELAY_MS);
    } else {
      showError(error, options);
    }
  }
  const t1 = performance.now();
  const shown = run ?? (good && good.list === current ? good : null);
  drawRows(current, shown, current.warnings);
  $('codes').classList.toggle('stale', !run && shown != null);
  $('stale-note').hidden = run != null || shown == null;
  $('download').disabled = true;
  if (run) {
    showStats(run, error);
    finish(run, token, t0);
  } else {
    showStats(shown, error); // the last good figures stay, like the codes
    document.body.dataset.stats = 'done';
  }
  const t2 = performance.now();
  setText('timing', `${(t2 - t0).toFixed(0)} ms`);
  document.body.dataset.coreMs = String(t1 - t0);
  document.body.dataset.totalMs = String(t2 - t0);
}

/** Counts the rest of the list in slices between frames, then shows the totals. */
async function finish(run, token, t0) {
  document.body.dataset.stats = 'counting';
  let pause = run.finished && !run.pending.length ? 0 : COUNT_DELAY_MS; // let the frame with the first rows go out, and a quick next keystroke in
  while (!run.finished || run.pending.length) {
    await new Promise((ok) => setTimeout(ok, pause));
    pause = 0;
    if (token !== generation) { run.free(); return; }
    try {
      if (run.pending.length) { // the shown rows' warnings first: their marks
        run.explainPending();
        drawRows(run.list, run, run.list.warnings);
        continue;
      }
      const t = performance.now();
      do run.step(Math.min(run.total, run.done + SLICE)); while (!run.finished && performance.now() - t < SLICE_MS);
    } catch (e) {
      run.free();
      showError(e, run.options);
      return;
    }
  }
  run.free();
  good = run;
  showStats(run, null);
  $('download').disabled = run.codes.every((c) => c == null);
  $('timing').textContent = `${(performance.now() - t0).toFixed(0)} ms`;
  document.body.dataset.stats = 'done';
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => announce(run, null), ANNOUNCE_DELAY_MS);
}

function showStats(run, error) {
  const total = list.partners.length;
  const done = run?.finished;
  const options = run ? run.options : readOptions();
  const ok = run ? run.codes.filter((c) => c != null).length : 0;
  const pct = (n) => {
    if (!total || !n) return '';
    const p = (100 * n) / total;
    const r = Math.round(p);
    return ` (${(r === 0 || r === 100) && p !== r ? p.toFixed(1) : r} %)`; // 99.7 %, never a rounded 100 % or 0 %
  };
  setText('count', done ? `${fmtInt(ok)} of ${fmtInt(total)}` : `… of ${fmtInt(total)}`);
  setText('suffixed', !done ? '…' : run.entropyBits === 0 ? `${fmtInt(run.suffixed)}${pct(run.suffixed)}` : 'none (random part)');
  setText('shortened', !done ? '…' : options.template ? 'n/a (template)' : `${fmtInt(run.shortened)}${pct(run.shortened)}`);
  const meter = $('length-meter');
  if (error && error.code === 'too_long') {
    meter.textContent = `${error.length} / ${error.max} characters at the least`;
    meter.dataset.over = 'true';
  } else if (done) {
    const longest = run.codes.reduce((m, c) => (c == null ? m : Math.max(m, [...c].length)), 0);
    meter.textContent = `Longest code: ${longest} / ${run.maxLength} characters`;
    delete meter.dataset.over;
  }
  if (run) {
    const s = strength(run.entropyBits, options);
    setText('strength-badge', s.badge);
    $('strength-badge').dataset.level = s.level;
    setText('strength-text', s.text);
    $('strength').title = `${run.entropyBits.toFixed(1)} bits of randomness per code`;
    setText('export-note', run.entropyBits > 0
      ? 'The CSV gets new random characters from this device\'s secure random source — not the preview seed, so they differ from the preview.'
      : 'These codes have no random part: the CSV holds the codes shown.');
  }
  const advice = [];
  if (done && run.suffixed) advice.push(`${fmtInt(run.suffixed)} code${run.suffixed === 1 ? '' : 's'} needed a counter because the names repeat: add the last name, or random characters.`);
  if (done && run.shortened) advice.push(`${fmtInt(run.shortened)} name${run.shortened === 1 ? ' was' : 's were'} shortened to fit: use a shorter prefix, or leave out the discount or the last name.`);
  if (done || !run) {
    $('advice').hidden = advice.length === 0;
    setText('advice', advice.join(' '));
  }
  if (error) {
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => announce(null, error), ANNOUNCE_DELAY_MS);
  }
}

/** The screen-reader summary, after a pause: counts and the first code, no timing. */
function announce(run, error) {
  let text = '';
  if (error) text = `Setting needs a fix: ${explain(error, readOptions()).replace(/`/g, '')}`;
  else if (run) {
    const ok = run.codes.filter((c) => c != null).length;
    const first = run.codes.find((c) => c != null);
    text = `${fmtInt(ok)} of ${fmtInt(run.total)} codes ready${first ? `; first code ${first}` : ''}${run.suffixed ? `; ${fmtInt(run.suffixed)} with a counter` : ''}.`;
  }
  if ($('announce').textContent !== text) $('announce').textContent = text;
}

function formatRecord(options) {
  const record = { platform: options.platform };
  for (const [k, v] of Object.entries(options)) {
    if (v == null || v === false || (k === 'random' && v === 0) || k === 'platform') continue;
    record[k] = v;
  }
  return JSON.stringify({ ...record, random_source: 'os', csv: 'RFC 4180; cells starting with = + - @ get a leading \'' });
}

/** The CSV: the same list and format, random parts from the OS random source (a generator without a seed). */
export function exportCsv() {
  if (!good || document.body.dataset.stats !== 'done') return null;
  const run = new Run(good.options, null, good.list, { explainAll: true }); // no seed: the OS CSPRNG
  try {
    run.step(run.total);
  } finally {
    run.free();
  }
  const record = formatRecord(good.options);
  const rows = [['code', 'name', 'surname', 'email', 'note', 'format']];
  good.list.partners.forEach((p, i) => {
    const unclear = run.codes[i] == null ? [] : (run.warnings[i] ?? []).map((w) => `hard to recognise: ${w.message}`);
    const note = [run.notes[i]?.text, run.codes[i] == null ? run.errors[i]?.message : null, good.list.warnings[i], ...unclear].filter(Boolean).join('; ');
    rows.push([run.codes[i] ?? '', p.name, p.surname, p.email, note.replace(/`/g, ''), record]);
  });
  return toCsv(rows);
}

function download() {
  const csv = exportCsv();
  if (csv == null) return;
  // A byte-order mark, so spreadsheet programs read the names in every script right.
  const blob = new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'promotion-codes.csv';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 0);
}

// ---------------------------------------------------------------------------
// Events

let frame = 0;
let listTimer = 0;

/** One refresh per frame, however many events arrive in it. */
function scheduleRefresh() {
  if (frame) return;
  frame = requestAnimationFrame(() => { frame = 0; refresh(); });
}

async function main() {
  // Timings of the load, for the browser test and `make bench` (benches/PERFORMANCE.md):
  // fetching, compiling and instantiating the module (streaming), then the first refresh.
  const tInit = performance.now();
  await init();
  document.body.dataset.initMs = String(performance.now() - tInit);
  const select = $('platform');
  select.replaceChildren(...PLATFORMS.map((p) => new Option(p, p)));
  const note = () => { $('platform-help').textContent = platformNote(platformFacts(select.value)); };
  select.addEventListener('change', note);
  note();
  $('alphabet').placeholder = DEFAULT_ALPHABET;
  $('partners').value = DEFAULT_PARTNERS;
  $('seed').value = randomSeed();
  $('newSeed').addEventListener('click', () => { $('seed').value = randomSeed(); scheduleRefresh(); });
  $('noSeparator').addEventListener('change', () => { $('separator').disabled = $('noSeparator').checked; });
  $('download').addEventListener('click', download);
  $('settings').addEventListener('submit', (e) => e.preventDefault());
  $('codes').addEventListener('click', (e) => {
    const b = e.target.closest('button.copy');
    if (!b) return;
    navigator.clipboard?.writeText(b.dataset.copy).then(() => { b.textContent = 'Copied'; setTimeout(() => { b.textContent = 'Copy'; }, 1200); }, () => {});
  });
  const onInput = (e) => {
    lastInput = e.target;
    if (e.target === $('partners')) {
      listDirty = true;
      clearTimeout(listTimer);
      listTimer = setTimeout(scheduleRefresh, LIST_DEBOUNCE_MS);
    } else scheduleRefresh();
  };
  document.addEventListener('input', onInput);
  document.addEventListener('change', onInput);
  // Leaving the template shows an error it still has at once.
  $('template').addEventListener('blur', () => { if (pendingTemplateError) { lastInput = null; refresh(); } });
  refresh();
  document.body.dataset.firstRefreshMs = document.body.dataset.totalMs;
  document.body.dataset.ready = 'true';
}

if (typeof document !== 'undefined') {
  main().catch((e) => {
    const banner = $('format-error');
    banner.textContent = `The preview could not start: ${e.message}`;
    banner.hidden = false;
  });
}
