//! Masking secrets in everything the harness writes.
//!
//! Each distinct secret value gets its own stable token (`«secret-3»`), so equal values
//! stay equal in transcripts (a re-judged exchange still matches its captures) while the
//! value itself never reaches a terminal, a report, a transcript or a golden file.
//! Values are registered as they become known: profile credentials, generated actor
//! passwords, `${env:…}` values, and tickets found in responses.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, OnceLock, RwLock};

use crate::scenario::template::xml_escape;

/// Elements whose text is a credential wherever they appear in a request or response.
pub const SECRET_ELEMENTS: [&str; 5] = [
    "password",
    "sessionTicket",
    "ticket",
    "partnerID",
    "webExAccessToken",
];

/// Shorter values are not masked: masking `1` or `ab` would shred every document (they
/// occur inside dates, keys and tags). [`Masker::register_named`] says so when it
/// happens, since such a value will then appear in reports.
const MIN_SECRET_LEN: usize = 4;

#[derive(Debug, Default)]
pub struct Masker {
    secrets: RwLock<Secrets>,
}

/// Sources already warned about as too short to mask: once per process, though
/// `compare` and `mutants` start a session (and a masker) per target or defect.
static WARNED: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();

/// What the user is told about a secret too short to mask.
pub fn too_short_warning(source: &str, chars: usize) -> String {
    format!(
        "`{source}` is {chars} character{}: too short to mask safely; it will appear in reports",
        if chars == 1 { "" } else { "s" }
    )
}

/// `value` as a target may echo it inside a URL or a submitted form: RFC 3986
/// percent-encoding of every byte but the unreserved ones, and the
/// `application/x-www-form-urlencoded` form (space as `+`), each with upper- and
/// lower-case hex digits. Forms equal to `value` are left out.
fn url_encoded_forms(value: &str) -> Vec<String> {
    let rfc3986 = |b: u8| b.is_ascii_alphanumeric() || b"-._~".contains(&b);
    let form = |b: u8| b.is_ascii_alphanumeric() || b"*-._".contains(&b);
    let mut out: Vec<String> = Vec::new();
    for (keep, space_as_plus) in [(&rfc3986 as &dyn Fn(u8) -> bool, false), (&form, true)] {
        let mut upper = String::with_capacity(value.len() * 3);
        for &b in value.as_bytes() {
            if keep(b) {
                upper.push(char::from(b));
            } else if b == b' ' && space_as_plus {
                upper.push('+');
            } else {
                upper.push_str(&format!("%{b:02X}"));
            }
        }
        let lower = lower_hex_escapes(&upper);
        for v in [upper, lower] {
            if v != value && !out.contains(&v) {
                out.push(v);
            }
        }
    }
    out
}

/// `%3C` → `%3c`: only the two digits after each `%` change case.
fn lower_hex_escapes(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut digits_left = 0;
    for c in encoded.chars() {
        if digits_left > 0 {
            out.push(c.to_ascii_lowercase());
            digits_left -= 1;
        } else {
            out.push(c);
            if c == '%' {
                digits_left = 2;
            }
        }
    }
    out
}

/// Every registered value with its token, indexed so that masking a text costs in
/// proportion to the text, not to the number of secrets (a run registers one password
/// per actor: tens of thousands in a large suite).
#[derive(Debug, Default)]
struct Secrets {
    /// value → token (escaped XML forms included, with the same token).
    tokens: HashMap<String, String>,
    /// First `MIN_SECRET_LEN` bytes → the values starting with them, longest first, so a
    /// secret containing another masks whole.
    by_start: HashMap<[u8; MIN_SECRET_LEN], Vec<String>>,
    /// Whether any value starts with these two bytes: most positions of a text are
    /// ruled out without hashing.
    first_two: Vec<bool>,
    /// Distinct values registered so far (an escaped form shares its value's token);
    /// numbers the next token.
    values: usize,
}

impl Secrets {
    fn insert(&mut self, value: String, token: &str) {
        let Some(start) = start_of(value.as_bytes()) else {
            return;
        };
        if self.first_two.is_empty() {
            self.first_two = vec![false; 1 << 16];
        }
        self.first_two[pair_index(&start)] = true;
        let values = self.by_start.entry(start).or_default();
        let at = values.partition_point(|v| v.len() >= value.len());
        values.insert(at, value.clone());
        self.tokens.insert(value, token.to_string());
    }

    /// The longest registered value `text` starts with, and its token.
    fn at(&self, text: &[u8]) -> Option<(usize, &str)> {
        let start = start_of(text)?;
        if !self
            .first_two
            .get(pair_index(&start))
            .copied()
            .unwrap_or(false)
        {
            return None;
        }
        let value = self
            .by_start
            .get(&start)?
            .iter()
            .find(|v| text.starts_with(v.as_bytes()))?;
        Some((value.len(), self.tokens.get(value)?.as_str()))
    }
}

fn start_of(bytes: &[u8]) -> Option<[u8; MIN_SECRET_LEN]> {
    bytes.get(..MIN_SECRET_LEN)?.try_into().ok()
}

fn pair_index(start: &[u8; MIN_SECRET_LEN]) -> usize {
    usize::from(start[0]) << 8 | usize::from(start[1])
}

impl Masker {
    pub fn new() -> Masker {
        Masker::default()
    }

    /// Registers a secret value; returns its token.
    pub fn register(&self, value: &str) -> Option<String> {
        let value = value.trim();
        if value.len() < MIN_SECRET_LEN || value == "******" {
            return None;
        }
        let mut secrets = self.secrets.write().unwrap_or_else(|e| e.into_inner());
        if let Some(t) = secrets.tokens.get(value) {
            return Some(t.clone());
        }
        secrets.values += 1;
        let token = format!("«secret-{}»", secrets.values);
        // The value as it appears inside XML text, where `&` and `<` are escaped, and
        // both as a target may echo them inside a URL or a form (percent-encoded).
        let escaped = xml_escape(value);
        for form in [value.to_string(), escaped.clone()]
            .into_iter()
            .chain(url_encoded_forms(value))
            .chain(url_encoded_forms(&escaped))
        {
            if !secrets.tokens.contains_key(&form) {
                secrets.insert(form, &token);
            }
        }
        Some(token)
    }

    /// Registers a secret that `source` (`${env:MY_TOKEN}`) names. A value too short to
    /// mask safely is not masked: the user is told once per source and process, on
    /// stderr, since the value will appear in reports and nothing else would say so.
    pub fn register_named(&self, source: &str, value: &str) -> Option<String> {
        let token = self.register(value);
        let chars = value.trim().chars().count();
        if token.is_none() && chars > 0 && value.trim() != "******" {
            let mut warned = WARNED
                .get_or_init(Mutex::default)
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            if warned.insert(source.to_string()) {
                eprintln!("warning: {}", too_short_warning(source, chars));
            }
        }
        token
    }

    /// Registers the text of every secret-bearing element in an XML document (found
    /// textually, so it works on documents that do not parse).
    pub fn register_from_xml(&self, doc: &str) {
        for name in SECRET_ELEMENTS {
            let mut rest = doc;
            while let Some(i) = rest.find(name) {
                let after = &rest[i + name.len()..];
                rest = after;
                // Must be the end of a start tag `…name>` with a prefix or `<` before it.
                let Some(after) = after.strip_prefix('>') else {
                    continue;
                };
                let before = &doc[..doc.len() - rest.len() - name.len()];
                if !(before.ends_with('<') || before.ends_with(':')) {
                    continue;
                }
                if let Some(end) = after.find('<') {
                    let value = &after[..end];
                    if !value.trim().is_empty() {
                        self.register(&unescape(value));
                    }
                }
            }
        }
    }

    /// `text` with every registered secret replaced by its token (leftmost, longest
    /// first).
    pub fn mask(&self, text: &str) -> String {
        let secrets = self.secrets.read().unwrap_or_else(|e| e.into_inner());
        if secrets.values == 0 {
            return text.to_string();
        }
        let bytes = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        let (mut copied, mut i) = (0, 0);
        while i < bytes.len() {
            match secrets.at(&bytes[i..]) {
                // A whole registered value matched: it starts and ends on char boundaries.
                Some((len, token)) => {
                    out.push_str(text.get(copied..i).unwrap_or_default());
                    out.push_str(token);
                    i += len;
                    copied = i;
                }
                None => i += 1,
            }
        }
        out.push_str(text.get(copied..).unwrap_or_default());
        out
    }

    pub fn is_secret(&self, value: &str) -> bool {
        let secrets = self.secrets.read().unwrap_or_else(|e| e.into_inner());
        secrets.tokens.contains_key(value.trim())
    }
}

/// A blessed golden file is written from a masked answer: each token left in it (a
/// secret no step captured) becomes `{{any}}`, since a token would never match the
/// real value on the next run, and the value itself must never be written.
pub fn tokens_to_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("«secret-") {
        let after = &rest[start + "«secret-".len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        match after[digits..].strip_prefix('»') {
            Some(tail) if digits > 0 => {
                out.push_str(&rest[..start]);
                out.push_str("{{any}}");
                rest = tail;
            }
            _ => {
                out.push_str(&rest[..start + "«secret-".len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_get_equal_tokens_and_escaped_forms_are_masked() {
        let m = Masker::new();
        let t1 = m.register("p&ss<word").unwrap();
        let t2 = m.register("other-secret").unwrap();
        assert_eq!((t1.as_str(), t2.as_str()), ("«secret-1»", "«secret-2»"));
        assert_eq!(m.register("p&ss<word").unwrap(), t1);
        let masked = m.mask("a p&ss<word b p&amp;ss&lt;word c other-secret");
        assert_eq!(masked, format!("a {t1} b {t1} c {t2}"));
    }

    #[test]
    fn tokens_become_placeholders_and_other_text_stays() {
        assert_eq!(
            tokens_to_placeholders("<t>«secret-12»</t><n>X«secret-3»X «secret-» «secret-4</n>"),
            "<t>{{any}}</t><n>X{{any}}X «secret-» «secret-4</n>"
        );
    }

    #[test]
    fn longest_value_masks_whole_among_many() {
        let m = Masker::new();
        for i in 0..20_000 {
            m.register(&format!("Wx{i:08x}!"));
        }
        let short = m.register("abcd").unwrap();
        let long = m.register("abcd1234").unwrap();
        let one = m.register("Wx00004e1f!").unwrap();
        assert_eq!(
            m.mask("xabcd1234y abcd é Wx00004e1f! abc"),
            format!("x{long}y {short} é {one} abc")
        );
        assert!(m.is_secret(" abcd "));
        assert!(!m.is_secret("abc"));
    }

    #[test]
    fn tickets_in_documents_are_found() {
        let m = Masker::new();
        m.register_from_xml("<use:sessionTicket>AAAbbb123</use:sessionTicket><password>hunter22</password><x>ticket</x>");
        assert!(m.is_secret("AAAbbb123"));
        assert!(m.is_secret("hunter22"));
        let token = m.mask("AAAbbb123");
        assert!(
            token.starts_with("«secret-") && token != m.mask("hunter22"),
            "{token}"
        );
        assert!(
            m.register("ab").is_none(),
            "short values are not credentials"
        );
    }

    #[test]
    fn url_encoded_echoes_are_masked_with_the_same_token() {
        let m = Masker::new();
        let t = m.register("Adm1n-cmr!").unwrap();
        let spaced = m.register("a b&c~").unwrap();
        let echo =
            "GET /?q=%3Cpassword%3EAdm1n-cmr%21%3C/password%3E&r=adm1n-cmr%21&s=Adm1n-cmr%21";
        assert_eq!(
            m.mask(echo),
            format!("GET /?q=%3Cpassword%3E{t}%3C/password%3E&r=adm1n-cmr%21&s={t}")
        );
        for form in ["a%20b%26c~", "a+b%26c%7E", "a%20b%26amp%3Bc~", "a+b%26c%7e"] {
            assert_eq!(
                m.mask(&format!("<{form}>")),
                format!("<{spaced}>"),
                "{form}"
            );
        }
        assert_eq!(url_encoded_forms("plain-value"), Vec::<String>::new());
    }
}
