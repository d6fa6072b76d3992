// Bulk conversion helpers, imported by the wasm module (src/pack.rs). Crossing
// the JS/wasm boundary costs far more than the work on either side, so lists of
// strings and partners cross as ONE string plus one Int32Array of lengths
// (UTF-16 units, each string followed by a U+0000 separator so lone surrogates
// stay lone) instead of a call per field.

/** Strings of `list`: `[text, lengths]`, or null when an item is not a string. */
export function packStrings(list) {
  const n = list.length;
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

/** The partner fields, in the order of the core's `Partner::FIELDS` (src/from_host.rs checks it). */
const FIELDS = ['name', 'surname', 'email', 'id', 'locale', 'name_reading', 'surname_reading'];

/** The length slot of one field: its length, -1 for null/undefined, -2 for another type. */
function slot(v, parts) {
  if (typeof v === 'string') {
    parts.push(v);
    return v.length;
  }
  return v === undefined || v === null ? -1 : -2;
}

/**
 * The seven fields of each partner (`FIELDS`): `[text, lengths]` with 7 lengths per partner:
 * the string's length, or -1 for null/undefined; -2 in the first slot when the
 * partner needs the exact (slow) path: not a plain object, or a field of
 * another type, whose error the core words.
 */
export function packPartners(list) {
  const n = list.length;
  const lens = new Int32Array(FIELDS.length * n);
  const parts = [];
  for (let i = 0, j = 0; i < n; i++, j += FIELDS.length) {
    const p = list[i];
    if (p === null || typeof p !== 'object' || Array.isArray(p)) {
      lens[j] = -2;
      continue;
    }
    const start = parts.length;
    for (let k = 0; k < FIELDS.length; k++) {
      const s = slot(p[FIELDS[k]], parts);
      if (s === -2) {
        parts.length = start;
        lens[j] = -2;
        break;
      }
      lens[j + k] = s;
    }
  }
  return [parts.join('\0'), lens];
}
