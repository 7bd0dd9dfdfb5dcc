//! Script parameters: `${name}` substitution, `--set` overrides and `\set` defaults.

use std::collections::BTreeMap;

/// Variables of a session. Values given on the command line (`--set`) win over `\set` in scripts,
/// so a script's `\set` lines act as its documented defaults.
#[derive(Debug, Default, Clone)]
pub struct Variables {
    values: BTreeMap<String, String>,
    overridden: BTreeMap<String, String>,
}

/// True if `name` is a valid variable name: `[A-Za-z_][A-Za-z0-9_]*`.
pub fn is_valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Variables {
    /// Sets a command-line value that `\set` cannot change.
    pub fn set_override(&mut self, name: &str, value: &str) {
        self.overridden.insert(name.to_string(), value.to_string());
    }

    /// Sets `name` unless the command line fixed it; returns false if it was fixed.
    pub fn set(&mut self, name: &str, value: &str) -> bool {
        if self.overridden.contains_key(name) {
            return false;
        }
        self.values.insert(name.to_string(), value.to_string());
        true
    }

    /// Removes a `\set` value.
    pub fn unset(&mut self, name: &str) {
        self.values.remove(name);
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.overridden.get(name).or_else(|| self.values.get(name)).map(String::as_str)
    }

    /// All variables and their values, sorted by name.
    pub fn all(&self) -> Vec<(&str, &str)> {
        let mut names: Vec<&String> = self.values.keys().chain(self.overridden.keys()).collect();
        names.sort();
        names.dedup();
        names.into_iter().map(|n| (n.as_str(), self.get(n).unwrap_or_default())).collect()
    }

    /// Replaces every `${name}` in `text`; an undefined name is an error naming it.
    pub fn substitute(&self, text: &str) -> Result<String, String> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            match after.find('}') {
                Some(end) if is_valid_name(&after[..end]) => {
                    let name = &after[..end];
                    match self.get(name) {
                        Some(value) => out.push_str(value),
                        None => {
                            return Err(format!(
                                "undefined variable ${{{name}}}: pass --set {name}=VALUE or add \\set {name} VALUE to the script"
                            ));
                        }
                    }
                    rest = &after[end + 1..];
                }
                _ => {
                    out.push_str("${");
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// Parses the argument of `\set`: `name value…`, where a value in single quotes loses them.
pub fn parse_set(args: &str) -> Result<(String, String), String> {
    let args = args.trim();
    let (name, value) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
    if !is_valid_name(name) {
        return Err(format!("\\set: '{name}' is not a variable name (letters, digits, _)"));
    }
    let value = value.trim();
    let value = value
        .strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .map(|v| v.replace("''", "'"))
        .unwrap_or_else(|| value.to_string());
    Ok((name.to_string(), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitutes_and_reports_undefined() {
        let mut vars = Variables::default();
        vars.set("input", "a.parquet");
        assert_eq!(vars.substitute("FROM read_corpus('${input}') -- ${input}").unwrap(), "FROM read_corpus('a.parquet') -- a.parquet");
        assert_eq!(vars.substitute("cost: $5, ${ not a var }").unwrap(), "cost: $5, ${ not a var }");
        let err = vars.substitute("SELECT ${limit}").unwrap_err();
        assert!(err.contains("undefined variable ${limit}"), "{err}");
    }

    #[test]
    fn command_line_values_win_over_script_defaults() {
        let mut vars = Variables::default();
        vars.set_override("input", "cli.jsonl");
        assert!(!vars.set("input", "default.parquet"));
        assert!(vars.set("output", "out.parquet"));
        assert_eq!(vars.get("input"), Some("cli.jsonl"));
        assert_eq!(vars.all(), vec![("input", "cli.jsonl"), ("output", "out.parquet")]);
    }

    #[test]
    fn parses_set_arguments() {
        assert_eq!(parse_set("input 'it''s here.parquet'").unwrap(), ("input".into(), "it's here.parquet".into()));
        assert_eq!(parse_set("  n   100 ").unwrap(), ("n".into(), "100".into()));
        assert_eq!(parse_set("flag").unwrap(), ("flag".into(), String::new()));
        assert!(parse_set("9x 1").is_err());
    }
}
