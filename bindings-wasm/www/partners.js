// Reading a pasted partner list and writing the CSV export. Pure functions (no
// DOM, no wasm), so the page and its tests share them.

/**
 * Splits text into RFC 4180 records: fields separated by `delimiter`, quoted
 * fields may hold the delimiter, doubled quotes and line breaks. Each record
 * keeps `quoted` (which fields were quoted) and `raw` (its text, for line mode).
 */
export function readRecords(text, delimiter) {
  const records = [];
  let fields = [];
  let field = '';
  let quoted = false; // inside quotes
  let start = 0;
  const end = (i) => {
    fields.push(field);
    records.push({ fields, raw: text.slice(start, i) });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      end(i);
      if (c === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
    } else field += c;
  }
  if (field !== '' || fields.length || start < text.length) end(text.length);
  return records;
}

/** Header words: which partner field a column holds. */
const HEADER = [
  [/^(first[\s_-]*name|first|given[\s_-]*name|forename|name)$/, 'name'],
  [/^(last[\s_-]*name|last|surname|family[\s_-]*name)$/, 'surname'],
  [/^(e-?mail|e-?mail[\s_-]*address|mail)$/, 'email'],
  [/^(full[\s_-]*name|partner|partner[\s_-]*name|display[\s_-]*name)$/, 'full'],
  // The core's locale hint and kana readings (a Japanese form's furigana columns).
  [/^(locale|language|lang)$/, 'locale'],
  [/^((first|given)[\s_-]*name[\s_-]*reading|name[\s_-]*reading|first[\s_-]*name[\s_-]*\(?kana\)?)$/, 'name_reading'],
  [/^((last|family)[\s_-]*name[\s_-]*reading|surname[\s_-]*reading|last[\s_-]*name[\s_-]*\(?kana\)?)$/, 'surname_reading'],
];
const headerField = (cell) => {
  const s = cell.trim().toLowerCase();
  for (const [re, f] of HEADER) if (re.test(s)) return f;
  return null;
};

/** `First Last <email>` or `First Last email@x`: the first word is the first name. */
function fromLine(line) {
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
  return { name: words[0] ?? '', surname: words.slice(1).join(' '), email };
}

/**
 * Parses a partner list. Either one partner per line (`First Last <email>`), or a
 * pasted spreadsheet (CSV or tab-separated, RFC 4180 quoting): `first,last,email`
 * by default, or in the order a header line names (`Last name,First name,Email`;
 * the header itself is skipped; `Locale`, `Name reading` and `Surname reading`
 * columns become the partner's `locale`, `name_reading` and `surname_reading`). Blank lines and `#` comments are skipped.
 * Returns `{ partners, warnings, lines, skipped, header }`; `warnings[i]` is a
 * note about partner i (an email without `@`).
 */
export function parsePartners(text) {
  const firstLine = text.split(/\r?\n/).find((l) => l.trim() && !l.trim().startsWith('#')) ?? '';
  const delimiter = firstLine.includes('\t') ? '\t' : ',';
  const records = readRecords(text, delimiter);
  const partners = [];
  const warnings = [];
  let skipped = 0;
  let header = null;
  let columns = null; // partner field per column, from a header
  for (const rec of records) {
    const raw = rec.raw.trim();
    if (!raw || (raw.startsWith('#') && !rec.raw.trimStart().startsWith('"'))) {
      skipped++;
      continue;
    }
    const isTable = rec.fields.length > 1;
    if (isTable && partners.length === 0 && header === null) {
      const fields = rec.fields.map(headerField);
      const known = fields.filter((f) => f).length;
      const filled = rec.fields.filter((c) => c.trim()).length;
      // A header names at least two partner columns (or only such columns) and holds no email.
      if (known > 0 && (known >= 2 || known === filled) && !rec.fields.some((c) => c.includes('@'))) {
        header = rec.fields.map((c) => c.trim());
        columns = fields;
        continue;
      }
    }
    let p;
    if (!isTable) {
      p = fromLine(raw);
    } else if (columns) {
      p = { name: '', surname: '', email: '' };
      columns.forEach((f, i) => {
        const v = (rec.fields[i] ?? '').trim();
        if (!f || !v) return;
        if (f === 'full') {
          const q = fromLine(v);
          if (!p.name) p.name = q.name;
          if (!p.surname) p.surname = q.surname;
        } else p[f] = v;
      });
    } else {
      const [name = '', surname = '', email = ''] = rec.fields.map((s) => s.trim());
      p = { name, surname, email };
    }
    if (p.email && !p.email.includes('@')) warnings[partners.length] = `email \`${p.email}\` has no @`;
    partners.push(p);
  }
  return { partners, warnings, lines: records.length, skipped, header };
}

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR
 * first) gets a leading `'`, the guard spreadsheet programs show as text.
 */
export function guardCell(value) {
  const s = value == null ? '' : String(value);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** RFC 4180 CSV: every cell guarded, quoted when needed, quotes doubled, CRLF line ends. */
export function toCsv(rows) {
  const cell = (v) => {
    const s = guardCell(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
