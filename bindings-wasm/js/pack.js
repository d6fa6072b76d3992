// Bulk conversion helpers, imported by the wasm module (src/pack.rs). Crossing
// the JS/wasm boundary costs far more than the work on either side, so lists of
// strings and partners cross as ONE string plus one Int32Array of lengths
// (UTF-16 units, each string followed by a U+0000 separator so lone surrogates
// stay lone) instead of a call per field.

/**
 * Strings of the first `n` items of `list` (`n`: its length, read and checked once
 * by the caller): `[text, lengths]`, or null when an item is not a string (or a hole).
 */
export function packStrings(list, n) {
  const lens = new Int32Array(n);
  const parts = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = list[i];
    if (typeof s !== 'string') return null;
    lens[i] = s.length;
    parts[i] = s;
  }
  return [parts.join('\0'), lens];
}

/** The length slot of one field: its length, -1 for null/undefined, -2 for another type. */
function slot(v, parts) {
  if (typeof v === 'string') {
    parts.push(v);
    return v.length;
  }
  return v === undefined || v === null ? -1 : -2;
}

/**
 * The fields of each partner (the core's `Partner::FIELDS`, in that order): `[text, lengths]` with 7 lengths per partner:
 * the string's length, or -1 for null/undefined; -2 in the first slot when the
 * partner needs the exact (slow) path: not a plain object, or a field of
 * another type, whose error the core words.
 */
export function packPartners(list, n) {
  const lens = new Int32Array(7 * n);
  const parts = [];
  for (let i = 0, j = 0; i < n; i++, j += 7) {
    if (!(i in list)) {
      // A hole: the exact path reports it; nothing after it is read.
      lens[j] = -2;
      return [parts.join('\0'), lens.subarray(0, j + 7)];
    }
    const p = list[i];
    if (p === null || typeof p !== 'object' || Array.isArray(p)) {
      lens[j] = -2;
      continue;
    }
    const start = parts.length;
    const a = slot(p.name, parts);
    const b = slot(p.surname, parts);
    const c = slot(p.email, parts);
    const d = slot(p.id, parts);
    const e = slot(p.locale, parts);
    const f = slot(p.name_reading, parts);
    const g = slot(p.surname_reading, parts);
    if (a === -2 || b === -2 || c === -2 || d === -2 || e === -2 || f === -2 || g === -2) {
      parts.length = start;
      lens[j] = -2;
    } else {
      lens[j] = a;
      lens[j + 1] = b;
      lens[j + 2] = c;
      lens[j + 3] = d;
      lens[j + 4] = e;
      lens[j + 5] = f;
      lens[j + 6] = g;
    }
  }
  return [parts.join('\0'), lens];
}
