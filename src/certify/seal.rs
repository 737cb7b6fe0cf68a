//! A certifier's signature on a certificate (`certificate.sig`), so a buyer can tell a
//! certificate issued by a lab they trust from one anybody could have written.
//!
//! The signature is Ed25519 over the exact bytes of `certificate.json`. That file holds
//! the digest of every file of the suite and of the kept record, so the signature covers
//! the whole folder: verification re-digests those files and judges the record again,
//! the signature says who vouched for the result.
//!
//! Files, all text:
//! - secret key (`--new-key FILE`): `wbxconf-ed25519-secret-v1` and the PKCS#8 key in
//!   hex, mode 0600; it never leaves the certifier's machine;
//! - public key (`FILE.pub`): one line, `ed25519:` and 64 hex digits; published;
//! - `certificate.sig`: the signer's public key and the signature.

use std::io;
use std::path::Path;

use ring::rand::SystemRandom;
use ring::signature::{self, Ed25519KeyPair, KeyPair, UnparsedPublicKey};

use crate::report::files::write_atomic;

pub const SIGNATURE_FILE: &str = "certificate.sig";
const SECRET_HEADER: &str = "wbxconf-ed25519-secret-v1";
const KEY_PREFIX: &str = "ed25519:";

/// What a certificate folder's signature says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seal {
    /// No `certificate.sig`.
    Unsigned,
    /// A valid signature by this public key (`ed25519:…`).
    SignedBy(String),
    /// A signature file that does not verify, and why.
    Broken(String),
}

/// Makes a new key pair: the secret at `path` (0600), the public key at `path.pub`.
/// Returns the public key. Refuses to overwrite either file.
pub fn new_key(path: &Path) -> Result<String, String> {
    let public_path = public_path(path);
    for p in [path, public_path.as_path()] {
        if p.exists() {
            return Err(format!(
                "{} exists: a key is never overwritten",
                p.display()
            ));
        }
    }
    let pkcs8 = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new())
        .map_err(|_| "the system's random source failed".to_string())?;
    let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref())
        .map_err(|_| "the new key does not read back".to_string())?;
    let public = public_key_text(&pair);
    let secret = format!("{SECRET_HEADER}\n{}\n", hex(pkcs8.as_ref()));
    write_private(path, secret.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    write_atomic(&public_path, format!("{public}\n").as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", public_path.display()))?;
    Ok(public)
}

/// A certifier's secret key, read before the run so a wrong file is found at once.
pub struct SigningKey(Ed25519KeyPair);

impl SigningKey {
    pub fn read(path: &Path) -> Result<SigningKey, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the signing key {}: {e}", path.display()))?;
        read_secret(&text)
            .map(SigningKey)
            .map_err(|m| format!("{} is not a wbxconf signing key: {m}", path.display()))
    }

    /// `ed25519:…`, as published.
    pub fn public(&self) -> String {
        public_key_text(&self.0)
    }
}

/// Signs `dir/certificate.json`; writes `certificate.sig` and returns the signer's
/// public key.
pub fn sign(dir: &Path, key: &SigningKey) -> Result<String, String> {
    let cert = std::fs::read(dir.join("certificate.json"))
        .map_err(|e| format!("cannot read certificate.json: {e}"))?;
    let public = key.public();
    let sig = key.0.sign(&cert);
    let body = format!(
        "# Ed25519 signature over the bytes of certificate.json (wbxconf certify --verify DIR --trust KEY)\nkey: {public}\nsignature: {}\n",
        hex(sig.as_ref())
    );
    write_atomic(&dir.join(SIGNATURE_FILE), body.as_bytes())
        .map_err(|e| format!("cannot write {SIGNATURE_FILE}: {e}"))?;
    Ok(public)
}

/// Reads and checks the signature of the certificate in `dir`.
pub fn check(dir: &Path) -> Seal {
    let text = match std::fs::read_to_string(dir.join(SIGNATURE_FILE)) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Seal::Unsigned,
        Err(e) => return Seal::Broken(format!("cannot read {SIGNATURE_FILE}: {e}")),
    };
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(':').map(str::trim))
    };
    let (Some(key), Some(sig)) = (field("key"), field("signature")) else {
        return Seal::Broken(format!("{SIGNATURE_FILE} lacks its `key` or `signature`"));
    };
    let Some(public) = parse_public(key) else {
        return Seal::Broken(format!("{SIGNATURE_FILE}: `{key}` is not an ed25519 key"));
    };
    let Some(sig) = unhex(sig) else {
        return Seal::Broken(format!("{SIGNATURE_FILE}: the signature is not hex"));
    };
    let cert = match std::fs::read(dir.join("certificate.json")) {
        Ok(c) => c,
        Err(e) => return Seal::Broken(format!("cannot read certificate.json: {e}")),
    };
    match UnparsedPublicKey::new(&signature::ED25519, &public).verify(&cert, &sig) {
        Ok(()) => Seal::SignedBy(key.to_string()),
        Err(_) => Seal::Broken(format!(
            "the signature by {key} does not match certificate.json (the certificate was changed after signing, or signed by another key)"
        )),
    }
}

/// A trusted key as given on the command line: the key itself or a file holding it.
pub fn read_trusted(spec: &str) -> Result<String, String> {
    let text = if spec.starts_with(KEY_PREFIX) {
        spec.to_string()
    } else {
        std::fs::read_to_string(spec).map_err(|e| format!("cannot read the key {spec}: {e}"))?
    };
    let key = text.trim();
    parse_public(key).map(|_| key.to_string()).ok_or_else(|| {
        format!("`{spec}` is neither an ed25519:… public key nor a file holding one")
    })
}

fn public_path(secret: &Path) -> std::path::PathBuf {
    let mut name = secret.as_os_str().to_owned();
    name.push(".pub");
    name.into()
}

fn public_key_text(pair: &Ed25519KeyPair) -> String {
    format!("{KEY_PREFIX}{}", hex(pair.public_key().as_ref()))
}

fn read_secret(text: &str) -> Result<Ed25519KeyPair, String> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    if lines.next() != Some(SECRET_HEADER) {
        return Err(format!("it does not start with `{SECRET_HEADER}`"));
    }
    let bytes = lines.next().and_then(unhex).ok_or("the key is not hex")?;
    Ed25519KeyPair::from_pkcs8(&bytes).map_err(|_| "the key does not decode".to_string())
}

fn parse_public(key: &str) -> Option<Vec<u8>> {
    let bytes = unhex(key.strip_prefix(KEY_PREFIX)?)?;
    (bytes.len() == 32).then_some(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The secret key is readable by its owner only, from the moment it exists.
fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_certificate_verifies_and_any_change_or_other_key_breaks_it() {
        let dir = tempfile::tempdir().expect("dir");
        let key = dir.path().join("lab.key");
        let public = new_key(&key).expect("key");
        assert!(public.starts_with("ed25519:") && public.len() == 8 + 64);
        assert!(new_key(&key).is_err(), "never overwritten");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&key).expect("meta").permissions().mode();
            assert_eq!(mode & 0o077, 0, "the secret key is private: {mode:o}");
        }
        assert_eq!(
            read_trusted(dir.path().join("lab.key.pub").to_str().expect("utf-8")),
            Ok(public.clone())
        );

        let cert = dir.path().join("cert");
        std::fs::create_dir_all(&cert).expect("dir");
        assert_eq!(check(&cert), Seal::Unsigned);
        std::fs::write(cert.join("certificate.json"), b"{\"certifiable\": true}\n").expect("w");
        let signing = SigningKey::read(&key).expect("reads");
        assert_eq!(sign(&cert, &signing), Ok(public.clone()));
        assert_eq!(check(&cert), Seal::SignedBy(public.clone()));
        let sig = std::fs::read_to_string(cert.join(SIGNATURE_FILE)).expect("sig");
        assert!(!sig.contains(&std::fs::read_to_string(&key).expect("key")[30..60]));

        std::fs::write(cert.join("certificate.json"), b"{\"certifiable\": false}\n").expect("w");
        assert!(matches!(check(&cert), Seal::Broken(m) if m.contains("does not match")));

        // A signature file naming another key than the one that signed.
        std::fs::write(cert.join("certificate.json"), b"{\"certifiable\": true}\n").expect("w");
        let other = new_key(&dir.path().join("other.key")).expect("key");
        std::fs::write(cert.join(SIGNATURE_FILE), sig.replace(&public, &other)).expect("w");
        assert!(matches!(check(&cert), Seal::Broken(_)));
        assert!(read_trusted("ed25519:abcd").is_err());
        assert!(SigningKey::read(&dir.path().join("lab.key.pub")).is_err());
    }
}
