// The guards both JS entry points put around the wasm-bindgen glue `w` (index.mjs
// for the browser, index.cjs for Node): scripts/build.sh writes this file in place
// of the `// @include wrap.js` line of each, so the two packages share one copy.

/**
 * A panic (a bug) traps the wasm instance (`unreachable`); its panic hook has
 * recorded the coded `internal_error`, which is thrown instead (src/error.rs).
 */
const untrap = (e) => (e instanceof WebAssembly.RuntimeError ? w.__takePanic(String(e.message)) : e);
/** `fn` with traps turned into `internal_error` (same name and length). */
function guarded(fn) {
  const g = function (...args) {
    try {
      return fn.apply(this, args);
    } catch (e) {
      throw untrap(e);
    }
  };
  Object.defineProperty(g, 'name', { value: fn.name });
  Object.defineProperty(g, 'length', { value: fn.length });
  return g;
}

/**
 * Methods and getters check `this` first: called on another object (or after
 * `free()`), the wasm glue would read that object's memory as its own.
 */
function guardReceiver(cls, name) {
  const proto = cls.prototype;
  for (const key of Object.getOwnPropertyNames(proto)) {
    if (key === 'constructor' || key.startsWith('__')) continue;
    const d = Object.getOwnPropertyDescriptor(proto, key);
    const live = key !== 'free';
    const check = (fn) => guarded(function (...args) {
      if (!(this instanceof cls) || (live && !this.__wbg_ptr)) throw w.__receiverError(this, name);
      return fn.apply(this, args);
    });
    if (typeof d.value === 'function') d.value = check(d.value);
    else if (d.get) d.get = check(d.get);
    Object.defineProperty(proto, key, d);
  }
}
guardReceiver(w.Format, 'Format');
guardReceiver(w.Generator, 'Generator');
if (w.Store) guardReceiver(w.Store, 'Store');

/** A class called without `new` (`Format({...})`) throws the Node package's coded error. */
const newOnly = (cls) => new Proxy(cls, { apply: (_, self) => { throw w.__receiverError(self, 'new'); } });

/** A compiled, checked format: `new Format({ prefix: 'PARTNER', name: true, random: 2 })`. */
class Format extends w.Format {
  constructor(options) {
    try {
      super(options);
    } catch (e) {
      throw untrap(e);
    }
  }
}

/** Hands out codes unique (ignoring case and accents) against every code that exists. */
class Generator extends w.Generator {
  constructor(format, options) {
    // A typed `invalid_type` error (field `format`) instead of wasm-bindgen's plain one.
    if (!(format instanceof w.Format) || !format.__wbg_ptr) throw w.__formatError(format);
    try {
      super(format, options);
    } catch (e) {
      throw untrap(e);
    }
  }
}

/** A program store (`memory:` only in this build; the preview module has none). */
const Store = w.Store && class Store extends w.Store {
  constructor(uri, options) {
    try {
      super(uri, options);
    } catch (e) {
      throw untrap(e);
    }
  }
};

/** The core's constants (`api::constants`), frozen (the platform rules one level down too). */
function frozenConstants() {
  const c = w.__constants();
  return {
    REDEMPTION_REASONS: Object.freeze(c.REDEMPTION_REASONS),
    ERROR_CODES: Object.freeze(c.ERROR_CODES),
    DEFAULT_ALPHABET: c.DEFAULT_ALPHABET,
    PLATFORMS: Object.freeze(c.PLATFORMS),
    PLATFORM_RULES: Object.freeze(Object.fromEntries(Object.entries(c.PLATFORM_RULES).map(([k, v]) => [k, Object.freeze(v)]))),
  };
}
