//! What the reference is started with.

use super::seed::Seed;
use super::switches::Switches;
use std::fmt;
use std::net::SocketAddr;
use std::str::FromStr;

/// Everything `start` needs.
#[derive(Debug, Clone)]
pub struct Config {
    pub seed: Seed,
    pub release: Release,
    pub switches: Switches,
    /// Where outgoing mail goes (plain SMTP); `None` composes and logs it only.
    pub mail_relay: Option<SocketAddr>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            seed: Seed::builtin(),
            release: Release::Sp11,
            switches: Switches::none(),
            mail_relay: None,
        }
    }
}

impl Config {
    /// The switches in force: the configured ones plus those the release implies.
    pub fn effective_switches(&self) -> Switches {
        self.switches.union(&self.release.switches())
    }
}

/// Which release the reference behaves as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Release {
    #[default]
    Sp11,
    /// SP11 with its additions switched off (see `Switches::sp10`).
    Sp10,
}

impl Release {
    pub fn switches(self) -> Switches {
        match self {
            Release::Sp11 => Switches::none(),
            Release::Sp10 => Switches::sp10(),
        }
    }

    /// The `release` element of GetAPIVersion.
    pub fn api_release(self) -> &'static str {
        match self {
            Release::Sp11 => "SP11",
            Release::Sp10 => "SP10",
        }
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Release::Sp11 => "sp11",
            Release::Sp10 => "sp10",
        })
    }
}

impl FromStr for Release {
    type Err = String;

    fn from_str(s: &str) -> Result<Release, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sp11" => Ok(Release::Sp11),
            "sp10" => Ok(Release::Sp10),
            other => Err(format!("unknown release {other:?} (expected sp11 or sp10)")),
        }
    }
}
