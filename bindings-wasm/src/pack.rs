//! Lists cross the boundary in bulk (see `js/pack.js`): one string and one
//! array of UTF-16 lengths instead of one call per item and field. Items the
//! bulk path can't take (a field of another type, a non-object partner) go
//! through the exact per-value conversion, so errors are the core's.

use crate::convert;
use crate::error::JsResult;
use js_sys::{Array, Int32Array};
use promocode::Partner;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/pack.js")]
extern "C" {
    #[wasm_bindgen(js_name = packStrings, catch)]
    fn pack_strings(list: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = packPartners, catch)]
    fn pack_partners(list: &JsValue) -> Result<JsValue, JsValue>;
}

/// Reads strings off the packed text by their UTF-16 lengths.
struct Unpacker<'a> {
    text: &'a str,
}

impl Unpacker<'_> {
    /// The next string of `units` UTF-16 units, then skips the U+0000 separator.
    fn take(&mut self, units: i32) -> String {
        let (mut n, mut end) = (0usize, 0usize);
        let bytes = self.text.as_bytes();
        while n < units as usize && end < bytes.len() {
            let b = bytes[end];
            // UTF-8 lead byte -> (bytes, UTF-16 units): 4-byte sequences are surrogate pairs.
            let (len, u) = match b {
                0..=0x7F => (1, 1),
                0xC0..=0xDF => (2, 1),
                0xE0..=0xEF => (3, 1),
                _ => (4, 2),
            };
            end += len;
            n += u;
        }
        let end = end.min(bytes.len());
        let s = self.text.get(..end).unwrap_or_default().to_owned();
        // Skip the separator.
        self.text = self.text.get(end + 1..).unwrap_or_default();
        s
    }
}

/// `[text, lengths]` as the helpers return it.
fn unpack(packed: &JsValue) -> (String, Vec<i32>) {
    let pair: &Array = packed.unchecked_ref();
    let text = pair.get(0).as_string().unwrap_or_default();
    let lens = Int32Array::from(pair.get(1)).to_vec();
    (text, lens)
}

/// The strings of a JS array in one crossing, or `None` when some item is not a
/// string (the caller then converts item by item for the exact error).
pub fn strings(list: &Array) -> JsResult<Option<Vec<String>>> {
    let packed = pack_strings(list)?;
    if packed.is_null() {
        return Ok(None);
    }
    let (text, lens) = unpack(&packed);
    let mut u = Unpacker { text: &text };
    Ok(Some(lens.iter().map(|&n| u.take(n)).collect()))
}

/// Every partner of a JS array, in order; the first that can't be read throws.
pub fn partners(list: &Array) -> JsResult<Vec<Partner>> {
    // js/pack.js reads these keys in this order; should the core ever read
    // others, every partner takes the exact path.
    const N: usize = 7;
    if Partner::FIELDS != ["name", "surname", "email", "id", "locale", "name_reading", "surname_reading"] {
        return (0..list.length()).map(|i| convert::partner(&list.get(i))).collect();
    }
    let (text, lens) = unpack(&pack_partners(list)?);
    let mut u = Unpacker { text: &text };
    let mut out = Vec::with_capacity(lens.len() / N);
    for (i, f) in lens.chunks_exact(N).enumerate() {
        if f[0] == -2 {
            out.push(convert::partner(&list.get(i as u32))?);
            continue;
        }
        let mut field = |n: i32| (n >= 0).then(|| u.take(n));
        let p = Partner {
            name: field(f[0]),
            surname: field(f[1]),
            email: field(f[2]),
            id: field(f[3]),
            locale: field(f[4]),
            name_reading: field(f[5]),
            surname_reading: field(f[6]),
        };
        // An unknown locale is the reading error the exact path words.
        if p.locale.as_deref().is_some_and(|l| promocode::Locale::from_name(l).is_err()) {
            out.push(convert::partner(&list.get(i as u32))?);
            continue;
        }
        out.push(p);
    }
    Ok(out)
}
