//! Certification (`wbxconf certify`): a certificate for one target from a run of the
//! whole suite, the run's record kept beside it, and verification of both later
//! without the target.
//!
//! - `model`: the certificate as data (`certificate.json`).
//! - `build`: from a run to a certificate (clause verdicts, `certifiable`, findings).
//! - `digest`: per-file digests of the suite and of the kept record.
//! - `render`: `certificate.md` and `certificate.html`.
//! - `folder`: writing and reading the certificate's folder.
//! - `verify`: whether a certificate still holds (`--verify DIR`).
//! - `seal`: the certifier's signature on it (`certificate.sig`) and their keys.

pub mod build;
pub mod digest;
pub mod folder;
pub mod model;
pub mod render;
pub mod seal;
pub mod verify;

pub use model::Certificate;
pub use verify::{verify, Verification};
