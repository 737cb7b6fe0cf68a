//! `${…}` templates in scenario bodies, XPath expressions and expected values.
//!
//! Forms:
//! - `${name}`: a value captured by an earlier step;
//! - `${actor.field}`: a provisioned actor or profile account (`id`, `email`, `name`,
//!   `first`, `last`, `password`, `site`, `site_id`); `${site.ROLE.name}` / `.id`; `${run.id}`;
//! - `${env:NAME}`: an environment variable, the only way secrets enter (always masked);
//! - `${date(EXPR)}`, `${date(EXPR, TZ)}`: a date in the API's `MM/dd/yyyy HH:mm:ss` format,
//!   where EXPR is `now` or `today` followed by terms like `+ 2d`, `- 3h`, `+ 30m`, `+ 1w`,
//!   and optionally `at 10:00`; TZ is a Webex `timeZoneID` (default: GMT);
//! - `${epoch_ms(EXPR, TZ)}`: the same instant in milliseconds since the epoch (the unit of `recurrenceId`).
//!
//! `$${` writes a literal `${`. Templates are parsed when the suite loads, so a
//! malformed expression is a load error, not a failure halfway through a run.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Timelike, Utc};

/// A parsed template: literal text and expressions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Lit(String),
    Expr(Expr),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A dotted name: `meeting`, `host_a.id`, `site.cmr.name`, `run.id`.
    Var(Vec<String>),
    Env(String),
    Date(DateExpr),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateExpr {
    pub base: DateBase,
    /// Offset in minutes from the base.
    pub offset_minutes: i64,
    /// A time of day replacing the base's, applied after day offsets.
    pub at: Option<NaiveTime>,
    /// Webex timeZoneID; None = GMT.
    pub zone: Option<u16>,
    pub format: DateFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateBase {
    Now,
    Today,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFormat {
    Api,
    EpochMillis,
}

/// How substituted values are written into their surroundings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    /// Into XML text or attribute values: `&`, `<`, `>`, `"`, `'` escaped.
    Xml,
    /// As is (XPath expressions, expected values, file names).
    None,
}

/// A value a template expression resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub text: String,
    /// Secrets are registered with the masker before anything is written.
    pub secret: bool,
}

/// What templates are rendered against: the scenario's variables, actors, profile and clock.
pub trait Context {
    fn lookup(&self, path: &[String]) -> Option<Resolved>;
    fn env(&self, name: &str) -> Option<String>;
    /// The instant `now` stands for: fixed per scenario so every `now` in it agrees.
    fn now(&self) -> DateTime<Utc>;
    /// The IANA zone of a Webex timeZoneID.
    fn zone(&self, id: u16) -> Option<chrono_tz::Tz>;
    /// Called for each secret value substituted (so it can be masked everywhere).
    fn secret_used(&self, value: &str);
    /// Called for each `${env:NAME}` value substituted: a secret whose source can be
    /// named when it cannot be masked.
    fn env_used(&self, name: &str, value: &str) {
        let _ = name;
        self.secret_used(value);
    }
}

impl Template {
    pub fn parse(text: &str) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut rest = text;
        while let Some(i) = rest.find('$') {
            lit.push_str(&rest[..i]);
            let after = &rest[i..];
            if let Some(after_escape) = after.strip_prefix("$${") {
                lit.push_str("${");
                rest = after_escape;
            } else if let Some(body) = after.strip_prefix("${") {
                let end = find_close(body)
                    .ok_or_else(|| format!("unclosed `${{` in `{}`", abbreviate(after)))?;
                let expr = parse_expr(body[..end].trim())?;
                if !lit.is_empty() {
                    parts.push(Part::Lit(std::mem::take(&mut lit)));
                }
                parts.push(Part::Expr(expr));
                rest = &body[end + 1..];
            } else {
                lit.push('$');
                rest = &after[1..];
            }
        }
        lit.push_str(rest);
        if !lit.is_empty() {
            parts.push(Part::Lit(lit));
        }
        Ok(Template { parts })
    }

    /// The expressions in this template, for static checks (unknown variables).
    pub fn exprs(&self) -> impl Iterator<Item = &Expr> {
        self.parts.iter().filter_map(|p| match p {
            Part::Expr(e) => Some(e),
            Part::Lit(_) => None,
        })
    }

    /// Whether the template contains no expression at all.
    pub fn is_literal(&self) -> bool {
        self.exprs().next().is_none()
    }

    pub fn render(&self, ctx: &dyn Context, escape: Escape) -> Result<String, String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Lit(s) => out.push_str(s),
                Part::Expr(e) => {
                    let value = eval(e, ctx)?;
                    match e {
                        Expr::Env(name) => ctx.env_used(name, &value.text),
                        _ if value.secret => ctx.secret_used(&value.text),
                        _ => {}
                    }
                    match escape {
                        Escape::Xml => out.push_str(&xml_escape(&value.text)),
                        Escape::None => out.push_str(&value.text),
                    }
                }
            }
        }
        Ok(out)
    }
}

/// Renders a template string in one go (parse + render), for values not parsed at load.
pub fn render_str(text: &str, ctx: &dyn Context, escape: Escape) -> Result<String, String> {
    Template::parse(text)?.render(ctx, escape)
}

fn find_close(body: &str) -> Option<usize> {
    // Parentheses may hold commas and spaces, never braces: the first `}` closes.
    body.find('}')
}

fn abbreviate(s: &str) -> String {
    s.chars().take(40).collect()
}

fn parse_expr(src: &str) -> Result<Expr, String> {
    if let Some(name) = src.strip_prefix("env:") {
        let name = name.trim();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!(
                "`${{env:{name}}}`: an environment variable name is letters, digits and _"
            ));
        }
        return Ok(Expr::Env(name.to_string()));
    }
    for (func, format) in [
        ("date", DateFormat::Api),
        ("epoch_ms", DateFormat::EpochMillis),
    ] {
        if let Some(args) = src.strip_prefix(func).map(str::trim_start) {
            if let Some(args) = args.strip_prefix('(').and_then(|a| a.strip_suffix(')')) {
                return parse_date(args, format).map(Expr::Date);
            }
        }
    }
    let path: Vec<String> = src.split('.').map(|s| s.trim().to_string()).collect();
    if path.iter().any(|p| {
        p.is_empty()
            || !p
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '@')
    }) {
        return Err(format!(
            "`${{{src}}}` is not a template expression (expected a name like `meeting` or `host.id`, `env:NAME`, `date(now + 2d)` or `epoch_ms(today + 1d at 10:00, 4)`)"
        ));
    }
    Ok(Expr::Var(path))
}

fn parse_date(args: &str, format: DateFormat) -> Result<DateExpr, String> {
    let (expr, zone) = match args.split_once(',') {
        Some((e, z)) => {
            let z = z.trim();
            let id: u16 = z.parse().map_err(|_| {
                format!("time zone `{z}` in `{args}` is not a Webex timeZoneID (a number 0..61)")
            })?;
            (e.trim(), Some(id))
        }
        None => (args.trim(), None),
    };
    let mut tokens = expr.split_whitespace().peekable();
    let base = match tokens.next() {
        Some("now") => DateBase::Now,
        Some("today") => DateBase::Today,
        other => {
            return Err(format!(
                "a date starts with `now` or `today`, found `{}`",
                other.unwrap_or("")
            ))
        }
    };
    let mut offset_minutes = 0i64;
    let mut at = None;
    while let Some(tok) = tokens.next() {
        match tok {
            "+" | "-" => {
                let amount = tokens
                    .next()
                    .ok_or_else(|| format!("`{tok}` needs an amount like `2d` in `{expr}`"))?;
                let minutes = parse_amount(amount).ok_or_else(|| {
                    format!("`{amount}` is not an amount (use 30m, 3h, 2d or 1w)")
                })?;
                offset_minutes += if tok == "+" { minutes } else { -minutes };
            }
            "at" => {
                let t = tokens
                    .next()
                    .ok_or_else(|| format!("`at` needs a time like 10:00 in `{expr}`"))?;
                at = Some(
                    NaiveTime::parse_from_str(t, "%H:%M")
                        .map_err(|_| format!("`{t}` is not a time of day (HH:MM)"))?,
                );
            }
            t if t.starts_with('+') || t.starts_with('-') => {
                let minutes = parse_amount(&t[1..])
                    .ok_or_else(|| format!("`{t}` is not an offset (use +30m, +3h, +2d or +1w)"))?;
                offset_minutes += if t.starts_with('+') {
                    minutes
                } else {
                    -minutes
                };
            }
            other => return Err(format!("unexpected `{other}` in date `{expr}`")),
        }
    }
    Ok(DateExpr {
        base,
        offset_minutes,
        at,
        zone,
        format,
    })
}

fn parse_amount(s: &str) -> Option<i64> {
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit())?);
    let n: i64 = num.parse().ok()?;
    let per = match unit {
        "m" => 1,
        "h" => 60,
        "d" => 24 * 60,
        "w" => 7 * 24 * 60,
        _ => return None,
    };
    Some(n * per)
}

fn eval(expr: &Expr, ctx: &dyn Context) -> Result<Resolved, String> {
    match expr {
        Expr::Var(path) => ctx
            .lookup(path)
            .ok_or_else(|| format!("unknown variable `{}`", path.join("."))),
        Expr::Env(name) => ctx
            .env(name)
            .map(|text| Resolved { text, secret: true })
            .ok_or_else(|| format!("environment variable `{name}` is not set")),
        Expr::Date(d) => eval_date(d, ctx).map(|text| Resolved {
            text,
            secret: false,
        }),
    }
}

fn eval_date(d: &DateExpr, ctx: &dyn Context) -> Result<String, String> {
    let tz: chrono_tz::Tz = match d.zone {
        Some(id) => ctx
            .zone(id)
            .ok_or_else(|| format!("unknown Webex timeZoneID {id}"))?,
        None => chrono_tz::UTC,
    };
    // The API's format has whole seconds; an instant with more precision would give an
    // epoch_ms that no date written by the same expression can match.
    let now = ctx
        .now()
        .with_timezone(&tz)
        .naive_local()
        .with_nanosecond(0)
        .unwrap_or_default();
    let base = match d.base {
        DateBase::Now => now,
        DateBase::Today => now.date().and_time(NaiveTime::MIN),
    };
    let mut local = base + Duration::minutes(d.offset_minutes);
    if let Some(at) = d.at {
        local = local.date().and_time(at);
    }
    match d.format {
        DateFormat::Api => Ok(local.format("%m/%d/%Y %H:%M:%S").to_string()),
        DateFormat::EpochMillis => {
            // A local time in a DST gap does not exist; the earliest valid reading is used,
            // the same rule the reference documents for schedules.
            let instant = tz
                .from_local_datetime(&local)
                .earliest()
                .or_else(|| {
                    tz.from_local_datetime(&(local + Duration::hours(1)))
                        .earliest()
                })
                .ok_or_else(|| format!("{local} does not exist in zone {tz}"))?;
            Ok(instant.timestamp_millis().to_string())
        }
    }
}

pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::collections::HashMap;

    struct Ctx {
        vars: HashMap<String, Resolved>,
        secrets: RefCell<Vec<String>>,
    }
    impl Context for Ctx {
        fn lookup(&self, path: &[String]) -> Option<Resolved> {
            self.vars.get(&path.join(".")).cloned()
        }
        fn env(&self, name: &str) -> Option<String> {
            (name == "TOKEN").then(|| "s3cret".to_string())
        }
        fn now(&self) -> DateTime<Utc> {
            Utc.with_ymd_and_hms(2027, 3, 27, 22, 30, 15).unwrap()
        }
        fn zone(&self, id: u16) -> Option<chrono_tz::Tz> {
            (id == 25).then_some(chrono_tz::Europe::Berlin)
        }
        fn secret_used(&self, value: &str) {
            self.secrets.borrow_mut().push(value.to_string());
        }
        fn env_used(&self, name: &str, value: &str) {
            self.secrets.borrow_mut().push(format!("{name}={value}"));
        }
    }

    fn ctx() -> Ctx {
        let mut vars = HashMap::new();
        vars.insert(
            "meeting".into(),
            Resolved {
                text: "123".into(),
                secret: false,
            },
        );
        vars.insert(
            "host.name".into(),
            Resolved {
                text: "A & B".into(),
                secret: false,
            },
        );
        Ctx {
            vars,
            secrets: RefCell::new(vec![]),
        }
    }

    #[test]
    fn variables_and_escaping() {
        let t = Template::parse("<k>${meeting}</k><n>${host.name}</n> $${literal}").unwrap();
        assert_eq!(
            t.render(&ctx(), Escape::Xml).unwrap(),
            "<k>123</k><n>A &amp; B</n> ${literal}"
        );
        assert_eq!(
            t.render(&ctx(), Escape::None).unwrap(),
            "<k>123</k><n>A & B</n> ${literal}"
        );
    }

    #[test]
    fn env_values_are_reported_as_secrets() {
        let c = ctx();
        assert_eq!(
            render_str("${env:TOKEN}", &c, Escape::None).unwrap(),
            "s3cret"
        );
        // Named, so a value too short to mask can be reported by its source.
        assert_eq!(c.secrets.borrow().as_slice(), ["TOKEN=s3cret"]);
        assert!(render_str("${env:MISSING}", &c, Escape::None)
            .unwrap_err()
            .contains("MISSING"));
    }

    #[test]
    fn dates_in_api_format_and_epoch_millis() {
        let c = ctx();
        assert_eq!(
            render_str("${date(now)}", &c, Escape::None).unwrap(),
            "03/27/2027 22:30:15"
        );
        assert_eq!(
            render_str("${date(today + 2d at 10:00)}", &c, Escape::None).unwrap(),
            "03/29/2027 10:00:00"
        );
        // Berlin switches to summer time in the night of 28 March 2027: now is 23:30 CET there.
        assert_eq!(
            render_str("${date(now, 25)}", &c, Escape::None).unwrap(),
            "03/27/2027 23:30:15"
        );
        assert_eq!(
            render_str("${date(today + 1d at 10:00, 25)}", &c, Escape::None).unwrap(),
            "03/28/2027 10:00:00"
        );
        // 10:00 CEST on 28 March 2027 is 08:00 UTC.
        let ms = Utc
            .with_ymd_and_hms(2027, 3, 28, 8, 0, 0)
            .unwrap()
            .timestamp_millis();
        assert_eq!(
            render_str("${epoch_ms(today + 1d at 10:00, 25)}", &c, Escape::None).unwrap(),
            ms.to_string()
        );
        assert_eq!(
            render_str("${date(now - 1h -30m)}", &c, Escape::None).unwrap(),
            "03/27/2027 21:00:15"
        );
    }

    #[test]
    fn malformed_expressions_are_load_errors() {
        assert!(Template::parse("${date(tomorrow)}")
            .unwrap_err()
            .contains("now"));
        assert!(Template::parse("${date(now + 2x)}")
            .unwrap_err()
            .contains("2x"));
        assert!(Template::parse("${a b}")
            .unwrap_err()
            .contains("not a template expression"));
        assert!(Template::parse("${meeting")
            .unwrap_err()
            .contains("unclosed"));
        assert!(render_str("${nope}", &ctx(), Escape::None)
            .unwrap_err()
            .contains("unknown variable `nope`"));
    }
}
