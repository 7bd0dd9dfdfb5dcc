//! Splitting a URL into the parts used for domain tagging: scheme, host, registered domain,
//! public suffix, top-level domain and path, with the Public Suffix List compiled in by the
//! `psl` crate.
//!
//! Parsing follows the WHATWG URL standard (the `url` crate): hosts of http(s), ftp, ws(s) and
//! file URLs are percent-decoded, lower-cased and IDNA-mapped (a Unicode host becomes its
//! punycode form; a punycode host stays as given), numeric IPv4 forms are normalized
//! (`http://2130706433/` is 127.0.0.1), and the port and user info are dropped. Hosts of
//! other schemes are only ASCII-lower-cased. A URL without a scheme (`example.com/a`,
//! `//example.com/a`, `example.com:8080`) is parsed as if `http://` preceded it and gets a NULL
//! scheme.

use std::net::Ipv4Addr;

use url::{Host, Url};

/// The parts of one URL. The domain parts are byte ranges of `host`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlParts {
    /// Lower-case scheme, `None` when the input had none.
    pub scheme: Option<String>,
    /// Lower-case host without port, user info, IPv6 brackets or trailing dots.
    pub host: Option<String>,
    /// True when the host is an IPv4 or IPv6 address.
    pub is_ip: bool,
    /// Start of the registered domain (public suffix plus one label) in `host`.
    domain_start: Option<usize>,
    /// Start of the public suffix in `host`.
    suffix_start: Option<usize>,
    /// The path (percent-encoded as parsed; no query or fragment).
    pub path: String,
    /// Non-empty `/`-separated segments of the path; `None` for an opaque path (`mailto:a@b`).
    pub path_depth: Option<u32>,
}

impl UrlParts {
    /// The registered domain: the public suffix and the label before it (`bbc.co.uk` for
    /// `www.bbc.co.uk`); `None` for IP hosts and hosts that are themselves a public suffix.
    pub fn registered_domain(&self) -> Option<&str> {
        Some(&self.host.as_deref()?[self.domain_start?..])
    }

    /// The public suffix under the Public Suffix List's rules, including its private section
    /// (`co.uk`, `github.io`); a host matching no rule has its last label as suffix (the
    /// list's default rule `*`).
    pub fn public_suffix(&self) -> Option<&str> {
        Some(&self.host.as_deref()?[self.suffix_start?..])
    }

    /// The last label of a domain host (`uk`); `None` for IP hosts.
    pub fn tld(&self) -> Option<&str> {
        let host = self.host.as_deref()?;
        if self.is_ip || host.is_empty() {
            return None;
        }
        Some(host.rsplit('.').next().unwrap_or(host))
    }
}

/// True if `input` starts with `scheme:` where the colon is not followed by a port number
/// (`example.com:8080` has no scheme).
fn has_scheme(input: &str) -> bool {
    let trimmed = input.trim_start_matches(|c: char| c <= ' ');
    let bytes = trimmed.as_bytes();
    if !bytes.first().is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    match bytes.iter().position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))) {
        Some(end) if bytes[end] == b':' => !bytes.get(end + 1).is_some_and(u8::is_ascii_digit),
        _ => false,
    }
}

/// Splits `input` into its parts; `None` if it is not a URL (the WHATWG parser rejects it, or a
/// scheme-less input has no valid host).
pub fn split_url(input: &str) -> Option<UrlParts> {
    let scheme_given = has_scheme(input);
    let url = if scheme_given {
        Url::parse(input).ok()?
    } else {
        let rest = input.trim_start_matches(|c: char| c <= ' ');
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        Url::parse(&format!("http://{rest}")).ok()?
    };
    let (host, is_ip) = match url.host() {
        None => (None, false),
        Some(Host::Ipv4(ip)) => (Some(ip.to_string()), true),
        Some(Host::Ipv6(ip)) => (Some(ip.to_string()), true),
        Some(Host::Domain(domain)) => {
            let domain = domain.trim_end_matches('.').to_ascii_lowercase();
            let is_ip = domain.parse::<Ipv4Addr>().is_ok();
            (Some(domain), is_ip)
        }
    };
    let (mut domain_start, mut suffix_start) = (None, None);
    if let Some(host) = host.as_deref().filter(|h| !is_ip && !h.is_empty()) {
        let bytes = host.as_bytes();
        suffix_start = psl::suffix(bytes).map(|s| host.len() - s.as_bytes().len());
        domain_start = psl::domain(bytes).map(|d| host.len() - d.as_bytes().len());
    }
    let path_depth = if url.cannot_be_a_base() {
        None
    } else {
        Some(url.path().split('/').filter(|s| !s.is_empty()).count() as u32)
    };
    Some(UrlParts {
        scheme: scheme_given.then(|| url.scheme().to_string()),
        host,
        is_ip,
        domain_start,
        suffix_start,
        path: url.path().to_string(),
        path_depth,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (scheme, host, registered_domain, public_suffix, tld, path, path_depth, is_ip)
    type Row<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<&'a str>, &'a str, Option<u32>, bool);

    fn parts(url: &str) -> (Option<String>, Option<String>, Option<String>, Option<String>, Option<String>, String, Option<u32>, bool) {
        let p = split_url(url).unwrap_or_else(|| panic!("{url} parses"));
        let s = |x: Option<&str>| x.map(str::to_string);
        (
            p.scheme.clone(),
            p.host.clone(),
            s(p.registered_domain()),
            s(p.public_suffix()),
            s(p.tld()),
            p.path.clone(),
            p.path_depth,
            p.is_ip,
        )
    }

    fn check(url: &str, expected: Row<'_>) {
        let s = |x: Option<&str>| x.map(str::to_string);
        let want = (s(expected.0), s(expected.1), s(expected.2), s(expected.3), s(expected.4), expected.5.to_string(), expected.6, expected.7);
        assert_eq!(parts(url), want, "{url}");
    }

    #[test]
    fn registered_domains_and_suffixes() {
        check("https://www.bbc.co.uk/news", (Some("https"), Some("www.bbc.co.uk"), Some("bbc.co.uk"), Some("co.uk"), Some("uk"), "/news", Some(1), false));
        check("HTTP://User:Pw@WWW.Example.COM:8080/a/b/?q=1#f", (Some("http"), Some("www.example.com"), Some("example.com"), Some("com"), Some("com"), "/a/b/", Some(2), false));
        check("https://alice.github.io/x", (Some("https"), Some("alice.github.io"), Some("alice.github.io"), Some("github.io"), Some("io"), "/x", Some(1), false));
        check("http://co.uk/", (Some("http"), Some("co.uk"), None, Some("co.uk"), Some("uk"), "/", Some(0), false));
        check("http://localhost:3000/", (Some("http"), Some("localhost"), None, Some("localhost"), Some("localhost"), "/", Some(0), false));
        check("http://intranet.corp/a", (Some("http"), Some("intranet.corp"), Some("intranet.corp"), Some("corp"), Some("corp"), "/a", Some(1), false));
        check("http://www.bbc.co.uk./", (Some("http"), Some("www.bbc.co.uk"), Some("bbc.co.uk"), Some("co.uk"), Some("uk"), "/", Some(0), false));
    }

    #[test]
    fn ip_hosts() {
        check("http://192.168.0.1:80/x", (Some("http"), Some("192.168.0.1"), None, None, None, "/x", Some(1), true));
        check("http://2130706433/", (Some("http"), Some("127.0.0.1"), None, None, None, "/", Some(0), true));
        check("http://[2001:DB8::1]:8080/a", (Some("http"), Some("2001:db8::1"), None, None, None, "/a", Some(1), true));
        check("foo://10.0.0.1/a", (Some("foo"), Some("10.0.0.1"), None, None, None, "/a", Some(1), true));
    }

    #[test]
    fn idn_hosts() {
        check("http://xn--bcher-kva.de/", (Some("http"), Some("xn--bcher-kva.de"), Some("xn--bcher-kva.de"), Some("de"), Some("de"), "/", Some(0), false));
        check("http://Bücher.DE/", (Some("http"), Some("xn--bcher-kva.de"), Some("xn--bcher-kva.de"), Some("de"), Some("de"), "/", Some(0), false));
        check("http://пример.рф/", (Some("http"), Some("xn--e1afmkfd.xn--p1ai"), Some("xn--e1afmkfd.xn--p1ai"), Some("xn--p1ai"), Some("xn--p1ai"), "/", Some(0), false));
    }

    #[test]
    fn scheme_less_and_opaque() {
        check("example.com/a/b", (None, Some("example.com"), Some("example.com"), Some("com"), Some("com"), "/a/b", Some(2), false));
        check("//cdn.example.org", (None, Some("cdn.example.org"), Some("example.org"), Some("org"), Some("org"), "/", Some(0), false));
        check("example.com:8080", (None, Some("example.com"), Some("example.com"), Some("com"), Some("com"), "/", Some(0), false));
        check("mailto:someone@example.com", (Some("mailto"), None, None, None, None, "someone@example.com", None, false));
        check("file:///etc/hosts", (Some("file"), None, None, None, None, "/etc/hosts", Some(2), false));
    }

    #[test]
    fn unparsable() {
        for bad in ["", "http://", "http://exa mple.com/", "http://[::1/", "not a url at all", "https://xn--/"] {
            assert_eq!(split_url(bad), None, "{bad:?}");
        }
    }
}
