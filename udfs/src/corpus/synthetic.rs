//! A deterministic generator of web-like documents with known ground truth (kind, language, topic,
//! duplicates), for the demo job, tests and benchmarks. Every document is a pure function of
//! `(seed, id)`, so partitions can generate disjoint id ranges in parallel.
//!
//! Text comes from small templates over a vocabulary of about 1,500 words (module `vocab`, which
//! documents the slot letters): in a template, an upper-case letter (or `1`) is a slot filled at
//! random, a slot followed by `?` is filled with probability 0.3, other tokens are copied. For
//! speed (about 100k documents a second on one core), noun, prepositional and verb phrases are
//! copied from pools of 512 per topic or language, and clauses from pools of 2,048 built from
//! them; the pools (about 3 MB) are generated once per process from a fixed seed. Each document
//! takes its clauses in the order of its own keyed permutation of the pool, so it never repeats a
//! clause, and two documents share about as few clauses as independent random draws would.

use std::cell::Cell;
use std::sync::OnceLock;

use vocab::*;

/// Kinds of synthetic document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKind {
    /// Clean English prose: paragraphs of punctuated sentences, sometimes under a title.
    Prose,
    /// Navigation menus, cookie and JavaScript notices, legal links: short unpunctuated lines.
    Boilerplate,
    /// Keyword stuffing: a few keywords repeated, no stop words.
    Spam,
    /// A title over a list of lines that start with a bullet ("•", "-" or "*").
    Bullets,
    /// Teaser lines that end in "..." or "…".
    Ellipsis,
    /// Lorem ipsum filler text.
    Lorem,
    /// Source code snippets (Python, JavaScript, Rust, SQL).
    Code,
    /// Very short pages (3 to 40 words).
    Stub,
    /// Prose in German, French, Spanish, Italian, Russian, Chinese or Japanese.
    NonEnglish,
}

impl DocKind {
    /// All kinds, in declaration order.
    pub const ALL: [DocKind; 9] = [
        DocKind::Prose,
        DocKind::Boilerplate,
        DocKind::Spam,
        DocKind::Bullets,
        DocKind::Ellipsis,
        DocKind::Lorem,
        DocKind::Code,
        DocKind::Stub,
        DocKind::NonEnglish,
    ];

    /// The kind's name as it appears in the `kind` column.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Prose => "prose",
            DocKind::Boilerplate => "boilerplate",
            DocKind::Spam => "spam",
            DocKind::Bullets => "bullets",
            DocKind::Ellipsis => "ellipsis",
            DocKind::Lorem => "lorem",
            DocKind::Code => "code",
            DocKind::Stub => "stub",
            DocKind::NonEnglish => "non_english",
        }
    }
}

/// How a duplicate was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DupKind {
    /// Byte-identical text, served from another (mirror or syndication) URL.
    Exact,
    /// The original's text with a few words substituted, deleted or inserted, maybe a footer.
    Near,
}

impl DupKind {
    /// The duplicate kind's name as it appears in the `dup_kind` column.
    pub fn as_str(self) -> &'static str {
        match self {
            DupKind::Exact => "exact",
            DupKind::Near => "near",
        }
    }
}

/// One generated document.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticDoc {
    /// The document's id (its position in the corpus).
    pub id: u64,
    /// Where the document was "crawled" from; unique within a corpus (it contains the id).
    pub url: String,
    /// The document's text; never empty.
    pub text: String,
    /// The kind of document.
    pub kind: DocKind,
    /// ISO 639-1 code of the text's language ("en" for code and stubs, "la" for lorem ipsum).
    pub lang: &'static str,
    /// The topic of prose, non-English prose and spam; `None` for the other kinds.
    pub topic: Option<&'static str>,
    /// The id of the original this document duplicates; `None` for originals.
    pub dup_of: Option<u64>,
    /// How this document duplicates `dup_of`; `None` for originals.
    pub dup_kind: Option<DupKind>,
}

impl Default for SyntheticDoc {
    /// An empty English prose original with id 0, to be overwritten by [`generate_into`].
    fn default() -> Self {
        let (url, text) = (String::new(), String::new());
        SyntheticDoc { id: 0, url, text, kind: DocKind::Prose, lang: "en", topic: None, dup_of: None, dup_kind: None }
    }
}

/// Probability that a document (other than id 0) is an exact duplicate of an earlier original.
pub const EXACT_DUP_RATE: f64 = 0.03;
/// Probability that a document (other than id 0) is a near duplicate of an earlier original.
pub const NEAR_DUP_RATE: f64 = 0.04;
/// Share of each kind among original documents (in [`DocKind::ALL`] order); the shares sum to 1.0.
pub const KIND_SHARES: [(DocKind, f64); 9] = [
    (DocKind::Prose, 0.55),
    (DocKind::Boilerplate, 0.07),
    (DocKind::Spam, 0.05),
    (DocKind::Bullets, 0.04),
    (DocKind::Ellipsis, 0.03),
    (DocKind::Lorem, 0.02),
    (DocKind::Code, 0.06),
    (DocKind::Stub, 0.06),
    (DocKind::NonEnglish, 0.12),
];

/// Generate document `id` of the corpus with this `seed`. Pure function of `(seed, id)`:
/// independent of which other ids are generated or in which order.
pub fn generate(seed: u64, id: u64) -> SyntheticDoc {
    let mut doc = SyntheticDoc::default();
    generate_into(seed, id, &mut doc);
    doc
}

/// Same as [`generate`], but overwrites `doc`, reusing its `url` and `text` buffers.
pub fn generate_into(seed: u64, id: u64, doc: &mut SyntheticDoc) {
    match dup_target(seed, id) {
        None => {
            original_into(seed, id, doc);
            (doc.dup_of, doc.dup_kind) = (None, None);
        }
        Some((of, how)) => {
            original_into(seed, of, doc);
            let r = Rng::new(mix(seed, id, SALT_EDIT));
            mirror_url(&r, id, &mut doc.url);
            if how == DupKind::Near {
                near_edit(&r, doc);
            }
            (doc.dup_of, doc.dup_kind) = (Some(of), Some(how));
        }
    }
    doc.id = id;
}

// Randomness: SplitMix64, seeded per (seed, id, purpose). ---------------------------------------

const SALT_DOC: u64 = 0x6A09_E667_F3BC_C908;
const SALT_DUP: u64 = 0xBB67_AE85_84CA_A73B;
const SALT_EDIT: u64 = 0x3C6E_F372_FE94_F82B;
const SALT_POOL: u64 = 0xA54F_F53A_5F1D_36F1;

fn fmix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn mix(seed: u64, id: u64, salt: u64) -> u64 {
    fmix(fmix(seed ^ salt) ^ id.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// SplitMix64: integer arithmetic only, so the same on every platform. The state is a `Cell` so
/// that draws can be arguments of the writer's own methods.
struct Rng(Cell<u64>);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(Cell::new(seed))
    }
    fn next(&self) -> u64 {
        self.0.set(self.0.get().wrapping_add(0x9E37_79B9_7F4A_7C15));
        fmix(self.0.get())
    }
    /// Uniform in `0..n` (`n > 0`).
    fn below(&self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }
    /// Uniform in `lo..=hi`.
    fn range(&self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// Uniform in `[0, 1)`, with 53 exact bits.
    fn f64(&self) -> f64 {
        (self.next() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    fn chance(&self, p: f64) -> bool {
        self.f64() < p
    }
    fn pick<T: Copy>(&self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
    /// A long-tailed length: `tiers` of (percent, lo, hi), the percents summing to 100.
    fn tiered(&self, tiers: &[(usize, usize, usize)]) -> usize {
        let mut u = self.below(100);
        for &(pct, lo, hi) in tiers {
            if u < pct {
                return self.range(lo, hi);
            }
            u -= pct;
        }
        tiers[0].1
    }
}

// Ground truth: kinds and duplicates. -----------------------------------------------------------

fn pick_kind(u: f64) -> DocKind {
    let mut acc = 0.0;
    for (kind, share) in KIND_SHARES {
        acc += share;
        if u < acc {
            return kind;
        }
    }
    DocKind::NonEnglish
}

/// The kind of original document `id` (the first draw of its content generator).
fn kind_of(seed: u64, id: u64) -> DocKind {
    pick_kind(Rng::new(mix(seed, id, SALT_DOC)).f64())
}

fn has_topic(kind: DocKind) -> bool {
    matches!(kind, DocKind::Prose | DocKind::Spam | DocKind::NonEnglish)
}

/// Whether `id` rolled to be a duplicate (never id 0), and the rest of its roll. Ids that roll
/// `None` are originals.
fn dup_roll(seed: u64, id: u64) -> (Option<DupKind>, Rng) {
    let r = Rng::new(mix(seed, id, SALT_DUP));
    let how = match r.f64() {
        _ if id == 0 => None,
        u if u < EXACT_DUP_RATE => Some(DupKind::Exact),
        u if u < EXACT_DUP_RATE + NEAR_DUP_RATE => Some(DupKind::Near),
        _ => None,
    };
    (how, r)
}

/// The original that `id` duplicates and how, or `None` when `id` is an original. Candidates are
/// earlier ids at log-uniform distances (skewed towards recent ids, covering the whole range); a
/// candidate must itself be an original, and not a stub for near duplicates.
fn dup_target(seed: u64, id: u64) -> Option<(u64, DupKind)> {
    let (how, r) = dup_roll(seed, id);
    let how = how?;
    let bits = 64 - id.leading_zeros() as usize;
    (0..12).find_map(|_| {
        let span = (1u64 << (r.below(bits) + 1)).min(id);
        let j = id - 1 - r.below(span as usize) as u64;
        let ok = dup_roll(seed, j).0.is_none() && (how == DupKind::Exact || kind_of(seed, j) != DocKind::Stub);
        ok.then_some((j, how))
    })
}

fn original_into(seed: u64, id: u64, doc: &mut SyntheticDoc) {
    let r = Rng::new(mix(seed, id, SALT_DOC));
    let (kind, topic) = (pick_kind(r.f64()), r.below(TOPICS.len()));
    let lang = match kind {
        DocKind::NonEnglish => r.pick(LANG_SHARES),
        DocKind::Lorem => "la",
        _ => "en",
    };
    let t = &TOPICS[topic];
    (doc.kind, doc.lang, doc.topic) = (kind, lang, has_topic(kind).then_some(t.name));
    doc.url.clear();
    write_url(&r, kind, lang, t, id, &mut doc.url);
    doc.text.clear();
    let w = &mut W::new(&mut doc.text, r, false);
    let en = Ctx::En(topic);
    match kind {
        DocKind::Prose => {
            if w.r.chance(0.6) {
                w.title(topic);
                w.para();
            }
            let n = w.r.tiered(&[(75, 150, 500), (20, 500, 1500), (4, 1500, 3000), (1, 3000, 5000)]);
            w.run(en, "F , and F"); // so that every prose document has "and"
            w.end(".");
            paragraphs(w, n, |w| w.sentence(en));
        }
        DocKind::Boilerplate => boilerplate(w, topic),
        DocKind::Spam => {
            let k = w.r.range(4, 8);
            let keywords: [&str; 8] = std::array::from_fn(|i| w.r.pick(if i % 2 == 0 { SPAM_WORDS } else { t.nouns }));
            for _ in 0..w.r.range(8, 20) {
                w.line();
                let sep = w.r.pick(&[" |", ",", "", ""]);
                for i in 0..w.r.range(6, 14) {
                    w.raw(if i > 0 { sep } else { "" });
                    w.cap = w.r.chance(0.3);
                    w.word(w.r.pick(&keywords[..k]));
                }
                w.raw(if w.r.chance(0.2) { "!!!" } else { "" });
            }
        }
        DocKind::Bullets => {
            let marker = w.r.pick(&["•", "-", "*"]);
            w.title(topic);
            for _ in 0..w.r.range(20, 45) {
                w.line();
                w.raw(marker);
                w.run_pick(en, BULLET_ITEMS);
                w.raw(if w.r.chance(0.2) { "." } else { "" });
            }
        }
        DocKind::Ellipsis => {
            for _ in 0..w.r.range(8, 25) {
                w.line();
                w.run(en, "F");
                w.raw(w.r.pick(&["...", "…"]));
                if w.r.chance(0.25) {
                    w.line();
                    w.raw(w.r.pick(&MISC[..6]));
                }
            }
        }
        DocKind::Lorem => {
            w.end("Lorem ipsum dolor sit amet, consectetur adipiscing elit.");
            let n = w.r.range(30, 300);
            paragraphs(w, n, |w| {
                for i in 0..w.r.range(8, 20) {
                    w.raw(if i > 0 && w.r.chance(0.08) { "," } else { "" });
                    w.word(w.r.pick(LOREM));
                }
                w.end(".");
            });
        }
        DocKind::Code => code(w, topic),
        DocKind::Stub => match w.r.below(4) {
            0 => w.raw(w.r.pick(STUB_LINES)),
            1 => w.title(topic),
            _ => {
                if w.r.chance(0.5) {
                    w.title(topic);
                    w.para();
                }
                w.run(en, "F");
                w.end(".");
            }
        },
        DocKind::NonEnglish => {
            let ctx = match lang {
                "zh" | "ja" => Ctx::Cjk(lang == "ja"),
                _ => Ctx::Foreign(LANGS.iter().position(|l| l.code == lang).unwrap_or(0)),
            };
            let n = w.r.tiered(&[(80, 100, 500), (17, 500, 1500), (3, 1500, 3000)]);
            paragraphs(w, n, |w| w.sentence(ctx));
        }
    }
}

// URLs. -----------------------------------------------------------------------------------------

fn push_num(s: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf[i..].iter().for_each(|&b| s.push(b as char));
}

fn push_host(r: &Rng, u: &mut String) {
    u.push_str(r.pick(HOST_A));
    u.push_str(if r.chance(0.2) { "-" } else { "" });
    u.push_str(r.pick(HOST_B));
}

fn write_url(r: &Rng, kind: DocKind, lang: &str, t: &Topic, id: u64, u: &mut String) {
    u.push_str(if r.chance(0.08) { "http://" } else { "https://" });
    u.push_str(r.pick(SUBS));
    u.push('.');
    push_host(r, u);
    u.push_str(r.pick(LANG_TLDS.iter().find(|l| l.0 == lang).map_or(TLDS, |l| l.1)));
    u.push('/');
    u.push_str(if has_topic(kind) { t.name } else { r.pick(SECTIONS) });
    u.push('/');
    if r.chance(0.3) {
        push_num(u, 2005 + r.below(20) as u64);
        u.push('/');
    }
    for _ in 0..r.range(2, 5) {
        u.push_str(if r.chance(0.6) { r.pick(t.nouns) } else { r.pick(GEN_NOUNS) });
        u.push('-');
    }
    push_num(u, id);
    match r.below(10) {
        0..=5 => u.push_str(".html"),
        6 | 7 => u.push('/'),
        _ => {
            u.push_str(".html?");
            u.push_str(r.pick(QUERIES));
        }
    }
}

/// Moves `url`'s path to a mirror host (never used by originals), under a prefix naming `id`.
fn mirror_url(r: &Rng, id: u64, url: &mut String) {
    let host = url.find("://").map_or(0, |i| i + 3);
    let tail = url.split_off(url[host..].find('/').map_or(url.len(), |i| host + i));
    url.clear();
    url.push_str("https://");
    url.push_str(r.pick(MIRROR_SUBS));
    url.push('.');
    push_host(r, url);
    url.push_str(r.pick(TLDS));
    url.push_str(r.pick(MIRROR_PATHS));
    push_num(url, id);
    url.push_str(&tail);
}

// Writing text from templates. ------------------------------------------------------------------

/// What the slots of a template draw from.
#[derive(Clone, Copy)]
enum Ctx {
    /// English, biased towards topic `TOPICS[i]`.
    En(usize),
    /// `LANGS[i]`, a language with spaces between words.
    Foreign(usize),
    /// Chinese (`false`) or Japanese (`true`): no spaces.
    Cjk(bool),
}

/// Number of pre-generated phrases per kind of phrase and topic or language.
const POOL_SIZE: usize = 512;
/// Number of pre-generated clauses per topic or language (a power of two).
const CLAUSE_POOL: usize = 2048;

/// Pre-generated phrases of one kind and context: `text[start..end]` holding `words` words.
struct Pool {
    text: String,
    spans: Vec<(u32, u32, u32)>,
}

/// Pools of noun, prepositional and verb phrases and of clauses for each topic and language.
static POOLS: [OnceLock<Pool>; 60] = [const { OnceLock::new() }; 60];

/// Writes words into `s`, handling spaces and capitalization, and counts them.
struct W<'a> {
    s: &'a mut String,
    r: Rng,
    words: usize,
    /// The next word needs a space before it.
    sp: bool,
    /// The next word starts a sentence or line.
    cap: bool,
    /// Title case: capitalize all words but short function words.
    title: bool,
    /// Generate phrases instead of copying them from the pools (when filling a phrase pool).
    live: bool,
    /// Clauses taken so far, and the key of this writer's permutation of the clause pool: a
    /// document takes distinct clauses, in an order unrelated to other documents'.
    clauses: usize,
    key: [usize; 4],
}

impl<'a> W<'a> {
    fn new(s: &'a mut String, r: Rng, live: bool) -> Self {
        let odd = || 2 * r.below(CLAUSE_POOL / 2) + 1;
        let key = [odd(), r.below(CLAUSE_POOL), odd(), r.below(CLAUSE_POOL)];
        W { s, r, words: 0, sp: false, cap: true, title: false, live, clauses: 0, key }
    }
    fn word(&mut self, w: &str) {
        if self.sp {
            self.s.push(' ');
        }
        if self.cap || (self.title && !SMALL.contains(&w)) {
            let mut cs = w.chars();
            self.s.extend(cs.next().into_iter().flat_map(char::to_uppercase));
            self.s.push_str(cs.as_str());
            self.cap = false;
        } else {
            self.s.push_str(w);
        }
        self.sp = true;
        self.words += 1;
    }
    /// Text glued to what precedes it, followed by a space if a word comes next.
    fn raw(&mut self, p: &str) {
        self.s.push_str(p);
        self.sp |= !p.is_empty();
    }
    fn num(&mut self, lo: usize, hi: usize) {
        self.s.push_str(if self.sp { " " } else { "" });
        push_num(self.s, self.r.range(lo, hi) as u64);
        (self.sp, self.cap) = (true, false);
        self.words += 1;
    }
    /// Ends a sentence with `p`.
    fn end(&mut self, p: &str) {
        self.raw(p);
        self.cap = true;
    }
    /// Starts a new line (except at the very start).
    fn line(&mut self) {
        self.s.push_str(if self.s.is_empty() { "" } else { "\n" });
        (self.sp, self.cap) = (false, true);
    }
    fn para(&mut self) {
        self.s.push_str("\n\n");
        (self.sp, self.cap) = (false, true);
    }
    /// A title line in title case, without terminal punctuation.
    fn title(&mut self, topic: usize) {
        self.title = true;
        self.run_pick(Ctx::En(topic), TITLES);
        self.title = false;
    }
    fn run_pick(&mut self, ctx: Ctx, templates: &[&str]) {
        self.run(ctx, self.r.pick(templates));
    }
    /// Writes template `tpl`, filling its slots from `ctx`.
    fn run(&mut self, ctx: Ctx, tpl: &str) {
        let (b, mut i) = (tpl.as_bytes(), 0);
        while i < b.len() {
            match (b[i], b.get(i + 1).copied().unwrap_or(b' ')) {
                (c @ (b'A'..=b'Z' | b'1'), b' ') => self.slot(ctx, c),
                (c @ (b'A'..=b'Z' | b'1'), b'?') => {
                    if self.r.chance(0.3) {
                        self.slot(ctx, c);
                    }
                    i += 1;
                }
                (b',', b' ') => self.raw(","),
                _ => {
                    let start = i;
                    while i < b.len() && b[i] != b' ' {
                        i += 1;
                    }
                    match ctx {
                        Ctx::Cjk(_) => self.s.push_str(&tpl[start..i]),
                        _ => self.word(&tpl[start..i]),
                    }
                    i -= 1;
                }
            }
            i += 2;
        }
    }
    fn slot(&mut self, ctx: Ctx, c: u8) {
        match ctx {
            Ctx::En(_) | Ctx::Foreign(_) if !self.live && matches!(c, b'D' | b'P' | b'1') => self.pooled(ctx, c),
            _ if c == b'F' && !self.live => self.pooled(ctx, c),
            _ if c == b'F' => self.run_pick(ctx, clauses(ctx)),
            Ctx::En(_) | Ctx::Foreign(_) if c == b'P' => self.run(ctx, "Q D"),
            Ctx::En(_) | Ctx::Foreign(_) if c == b'1' => self.run(ctx, "V D"),
            Ctx::En(topic) => self.en_slot(topic, c),
            Ctx::Foreign(l) if matches!(c, b'N' | b'D') => {
                let l = &LANGS[l];
                if self.r.chance(l.det_p) {
                    self.word(self.r.pick(l.dets));
                }
                let adj = self.r.chance(0.35).then(|| self.r.pick(l.adjs));
                let (before, after) = if l.adj_after { (None, adj) } else { (adj, None) };
                before.into_iter().for_each(|a| self.word(a));
                self.word(self.r.pick(l.nouns));
                after.into_iter().for_each(|a| self.word(a));
            }
            Ctx::Foreign(l) => {
                let l = &LANGS[l];
                let xs = match c {
                    b'V' => l.verbs,
                    b'Q' => l.preps,
                    b'C' => l.conjs,
                    b'R' => l.advs,
                    b'O' => l.openers,
                    b'K' => l.cop,
                    _ => l.adjs,
                };
                self.word(self.r.pick(xs));
            }
            Ctx::Cjk(ja) => {
                let xs = match (ja, c) {
                    (false, b'N') => ZH_N,
                    (false, b'V') => ZH_V,
                    (false, b'J') => ZH_A,
                    (false, b'R') => ZH_ADV,
                    (false, b'O') => ZH_OPEN,
                    (false, _) => ZH_CONJ,
                    (true, b'N') => JA_N,
                    (true, b'V') => JA_V,
                    (true, b'J') => JA_A,
                    (true, _) => JA_OPEN,
                };
                self.s.push_str(self.r.pick(xs));
                self.words += 1;
            }
        }
    }
    /// The English slots (letters are documented in `vocab`).
    fn en_slot(&mut self, topic: usize, c: u8) {
        let t = &TOPICS[topic];
        match c {
            b'N' => match self.r.below(16) {
                0 => self.run(Ctx::En(topic), "W"),
                1 => self.word(self.r.pick(PLACES)),
                2 | 3 => self.run(Ctx::En(topic), "D of D"),
                _ => self.slot(Ctx::En(topic), b'D'),
            },
            b'D' => {
                let adj = self.r.chance(0.4).then(|| self.adj(t));
                let noun = if self.r.chance(0.55) { self.r.pick(t.nouns) } else { self.r.pick(GEN_NOUNS) };
                let det = match self.r.pick(DETS) {
                    "a" if adj.unwrap_or(noun).starts_with(['a', 'e', 'i', 'o', 'u']) => "an",
                    det => det,
                };
                self.word(det);
                adj.into_iter().for_each(|a| self.word(a));
                self.word(noun);
            }
            b'V' | b'B' => {
                let (base, past) = if self.r.chance(0.35) { self.r.pick(t.verbs) } else { self.r.pick(VERBS) };
                self.word(if c == b'B' { base } else { past });
            }
            b'J' => self.word(self.adj(t)),
            b'E' => self.word(self.r.pick(t.nouns)),
            b'W' => {
                self.word(self.r.pick(FIRST));
                self.word(self.r.pick(LAST));
            }
            b'Y' => self.num(1890, 2023),
            b'U' => self.num(2, 95),
            b'I' => self.num(3, 12),
            _ => self.word(self.r.pick(EN_LISTS[usize::from(c - b'A')])),
        }
    }
    fn adj(&self, t: &Topic) -> &'static str {
        if self.r.chance(0.5) { self.r.pick(t.adjs) } else { self.r.pick(GEN_ADJS) }
    }
    /// Copies a phrase of kind `unit` (`D`, `P` or `1`) from the pool of `ctx`, filling the pool on
    /// first use.
    fn pooled(&mut self, ctx: Ctx, unit: u8) {
        let i = 4 * match ctx {
            Ctx::En(topic) => topic,
            Ctx::Foreign(l) => TOPICS.len() + l,
            Ctx::Cjk(ja) => TOPICS.len() + LANGS.len() + usize::from(ja),
        } + match unit {
            b'D' => 0,
            b'P' => 1,
            b'1' => 2,
            _ => 3,
        };
        let size = if unit == b'F' { CLAUSE_POOL } else { POOL_SIZE };
        let pool = POOLS[i].get_or_init(|| {
            let (mut text, mut spans) = (String::with_capacity(size * 32), Vec::with_capacity(size));
            let w = &mut W::new(&mut text, Rng::new(mix(i as u64, 0, SALT_POOL)), unit != b'F');
            w.cap = false;
            for _ in 0..size {
                let (start, words) = (w.s.len(), w.words);
                match unit {
                    b'F' => w.run_pick(ctx, clauses(ctx)),
                    _ => w.slot(ctx, unit),
                }
                spans.push((start as u32, w.s.len() as u32, (w.words - words) as u32));
                w.sp = false;
            }
            Pool { text, spans }
        });
        let k = match unit {
            b'F' => {
                // The clauses-th element of a keyed bijection of 0..CLAUSE_POOL (odd multipliers, xorshifts).
                let mask = CLAUSE_POOL - 1;
                let x = (self.clauses.wrapping_mul(self.key[0]).wrapping_add(self.key[1])) & mask;
                let x = ((x ^ (x >> 5)).wrapping_mul(self.key[2]).wrapping_add(self.key[3])) & mask;
                self.clauses += 1;
                x ^ (x >> 6)
            }
            _ => self.r.below(size),
        };
        let (start, end, words) = pool.spans[k];
        let phrase = &pool.text[start as usize..end as usize];
        match ctx {
            Ctx::Cjk(_) => self.s.push_str(phrase),
            _ => self.word(phrase),
        }
        self.words += words as usize - usize::from(!matches!(ctx, Ctx::Cjk(_)));
    }
    /// One sentence of 8 to 30 words (tokens in Chinese and Japanese), extended until long enough.
    fn sentence(&mut self, ctx: Ctx) {
        let (forms, extensions) = match ctx {
            Ctx::En(_) => (SENTENCES, EXTENSIONS),
            Ctx::Foreign(_) => (F_SENTENCES, F_EXTENSIONS),
            Ctx::Cjk(false) => (ZH_SENTENCES, ZH_EXTENSIONS),
            Ctx::Cjk(true) => (JA_SENTENCES, JA_EXTENSIONS),
        };
        let (start, len, form) = (self.words, 8 + self.r.below(12) + self.r.below(12), self.r.pick(forms));
        if let Some(question) = form.strip_suffix(" ?") {
            self.run(ctx, question);
            return self.end("?");
        }
        self.run(ctx, form);
        while self.words - start < len {
            self.run_pick(ctx, extensions);
        }
        self.end(match ctx {
            Ctx::Cjk(_) => "。",
            _ if self.r.chance(0.03) => "!",
            _ => ".",
        });
    }
}

fn clauses(ctx: Ctx) -> &'static [&'static str] {
    match ctx {
        Ctx::En(_) => CLAUSES,
        Ctx::Foreign(_) => F_CLAUSES,
        Ctx::Cjk(ja) => [ZH_CLAUSES, JA_CLAUSES][usize::from(ja)],
    }
}

/// At least two paragraphs of 2 to 7 sentences, until `target` words.
fn paragraphs(w: &mut W, target: usize, mut sentence: impl FnMut(&mut W)) {
    let (start, mut n) = (w.words, 0);
    while n < 2 || w.words - start < target {
        if n > 0 {
            w.para();
        }
        for _ in 0..w.r.range(2, 7) {
            sentence(w);
        }
        n += 1;
    }
}

fn boilerplate(w: &mut W, topic: usize) {
    let (site_a, site_b, sep) = (w.r.pick(HOST_A), w.r.pick(HOST_B), w.r.pick(&[" |", " /", "\n"]));
    w.raw(if w.r.chance(0.6) { "Skip to main content" } else { "" });
    w.line();
    for i in 0..w.r.range(4, 9) {
        match sep {
            _ if i == 0 => {}
            "\n" => w.line(),
            _ => w.raw(sep),
        }
        w.word(w.r.pick(NAV));
    }
    if w.r.chance(0.5) {
        w.line();
        w.raw("You are here: Home >");
        w.title = true;
        w.word(TOPICS[topic].name);
        w.raw(" >");
        w.run(Ctx::En(topic), "E");
        w.title = false;
    }
    if w.r.chance(0.5) {
        w.line();
        w.sentence(Ctx::En(topic));
    }
    for &(lines, lo, hi) in BOILERPLATE {
        for _ in 0..w.r.range(lo, hi) {
            w.line();
            w.raw(w.r.pick(lines));
        }
    }
    w.line();
    w.raw("©");
    w.num(2008, 2024);
    w.title = true;
    w.word(site_a);
    w.word(site_b);
    w.title = false;
    w.raw(". All rights reserved.");
}

fn push_camel(s: &mut String, name: &str) {
    for (i, part) in name.split('_').enumerate() {
        s.extend(part.chars().take(1).map(|c| if i > 0 { c.to_ascii_uppercase() } else { c }));
        s.push_str(part.get(1..).unwrap_or(""));
    }
}

/// Code snippets in one language, sometimes after an English sentence. Template slots: `@f` `@g`
/// functions, `@a` `@b` variables, `@t` a type, `@s` a table (fixed per snippet); `@c` `@k`
/// columns and `@n` numbers (fresh at each use); `@F` `@A` `@B` the camelCase forms.
fn code(w: &mut W, topic: usize) {
    let templates = w.r.pick(CODE);
    if w.r.chance(0.4) {
        w.sentence(Ctx::En(topic));
        w.para();
    }
    for i in 0..w.r.range(1, 4) {
        if i > 0 {
            w.para();
        }
        let (mut rest, a) = (w.r.pick(templates), w.r.below(VARS.len()));
        let (a, b) = (VARS[a], VARS[(a + 1 + w.r.below(VARS.len() - 1)) % VARS.len()]);
        let (f, g, t, s) = (w.r.pick(FN_NAMES), w.r.pick(FN_NAMES), w.r.pick(TYPES), w.r.pick(TABLES));
        while let Some(p) = rest.find('@') {
            w.s.push_str(&rest[..p]);
            match rest.as_bytes()[p + 1] {
                b'f' => w.s.push_str(f),
                b'g' => w.s.push_str(g),
                b'a' => w.s.push_str(a),
                b'b' => w.s.push_str(b),
                b't' => w.s.push_str(t),
                b's' => w.s.push_str(s),
                b'c' | b'k' => w.s.push_str(w.r.pick(COLUMNS)),
                b'F' => push_camel(w.s, f),
                b'A' => push_camel(w.s, a),
                b'B' => push_camel(w.s, b),
                _ => push_num(w.s, w.r.range(1, 500) as u64),
            }
            rest = &rest[p + 2..];
        }
        w.s.push_str(rest);
    }
}

// Near duplicates. ------------------------------------------------------------------------------

/// Rewrites `doc.text` with edits starting at 0.8–2.5% of its words (CJK characters for Chinese
/// and Japanese), each a run of 1–3 substituted, deleted or inserted words, and sometimes a
/// footer line; the result always differs from the original.
fn near_edit(r: &Rng, doc: &mut SyntheticDoc) {
    let src = std::mem::take(&mut doc.text);
    let rate = 0.008 + 0.017 * r.f64();
    if matches!(doc.lang, "zh" | "ja") {
        edit_chars(r, &src, &mut doc.text, rate);
    } else {
        edit_words(r, &src, &mut doc.text, rate);
    }
    if r.chance(0.3) || doc.text == src {
        doc.text.push_str("\n\n");
        doc.text.push_str(r.pick(FOOTERS));
    }
}

fn is_sep(b: u8) -> bool {
    b == b' ' || b == b'\n'
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}')
}

const TRAILING: [char; 9] = ['.', ',', '!', '?', ';', ':', '…', '"', ')'];

/// A random word of `src` without surrounding punctuation (or `fallback`).
fn sample_word<'a>(r: &Rng, src: &'a str, fallback: &'a str) -> &'a str {
    let b = src.as_bytes();
    for _ in 0..8 {
        let mut p = r.below(b.len());
        while p > 0 && !is_sep(b[p - 1]) {
            p -= 1;
        }
        let end = b[p..].iter().position(|&c| is_sep(c)).map_or(b.len(), |e| p + e);
        let core = src[p..end].trim_end_matches(TRAILING).trim_start_matches(['(', '"', '•', '*', '-']);
        if core.chars().any(char::is_alphanumeric) {
            return core;
        }
    }
    fallback
}

/// Copies `src` to `out` with word-level edits. Words keep their trailing punctuation, and line
/// starts and sentence ends are never deleted, so lines keep their shape.
fn edit_words(r: &Rng, src: &str, out: &mut String, rate: f64) {
    let b = src.as_bytes();
    let (mut i, mut n, mut run, mut op) = (0, 0, 0, 0);
    while i < b.len() {
        let s0 = i;
        while i < b.len() && is_sep(b[i]) {
            i += 1;
        }
        let w0 = i;
        while i < b.len() && !is_sep(b[i]) {
            i += 1;
        }
        let (sep, word) = (&src[s0..w0], &src[w0..i]);
        n += 1;
        if run == 0 && n > 2 && r.chance(rate) {
            (run, op) = (r.range(1, 3), r.below(3));
        }
        out.push_str(sep);
        if run == 0 || !word.chars().any(char::is_alphanumeric) {
            out.push_str(word);
            continue;
        }
        run -= 1;
        let core = word.trim_end_matches(TRAILING);
        let (tail, line_start) = (&word[core.len()..], sep.is_empty() || sep.contains('\n'));
        match op {
            1 if !line_start && tail.is_empty() => out.truncate(out.len() - sep.len()),
            2 if tail.is_empty() => {
                out.push_str(word);
                out.push(' ');
                out.push_str(sample_word(r, src, core));
            }
            2 if !line_start => {
                out.push_str(sample_word(r, src, core));
                out.push(' ');
                out.push_str(word);
            }
            _ if core.starts_with(|c: char| c.is_ascii_digit()) => {
                push_num(out, r.range(1, 2030) as u64);
                out.push_str(tail);
            }
            _ => {
                out.push_str(sample_word(r, src, core));
                out.push_str(tail);
            }
        }
    }
}

/// Copies `src` to `out` with character-level edits of its CJK characters.
fn edit_chars(r: &Rng, src: &str, out: &mut String, rate: f64) {
    let sample = |r: &Rng, fallback: char| {
        (0..8)
            .find_map(|_| {
                let mut p = r.below(src.len());
                while !src.is_char_boundary(p) {
                    p -= 1;
                }
                src[p..].chars().next().filter(|&c| is_cjk(c))
            })
            .unwrap_or(fallback)
    };
    let (mut run, mut op) = (0, 0);
    for (i, c) in src.chars().enumerate() {
        if is_cjk(c) && run == 0 && i > 2 && r.chance(rate) {
            (run, op) = (r.range(1, 3), r.below(3));
        }
        if !is_cjk(c) || run == 0 {
            out.push(c);
            continue;
        }
        run -= 1;
        match op {
            0 => out.push(sample(r, c)),
            1 => {}
            _ => {
                out.push(c);
                out.push(sample(r, c));
            }
        }
    }
}

// Vocabulary and templates. ---------------------------------------------------------------------

/// Word lists and templates (laid out by hand: rustfmt would put one word per line).
#[rustfmt::skip]
mod vocab {
    /// A topic's own vocabulary.
    pub struct Topic {
        pub name: &'static str,
        pub nouns: &'static [&'static str],
        pub adjs: &'static [&'static str],
        /// (base, past) forms.
        pub verbs: &'static [(&'static str, &'static str)],
    }

    /// A language with spaces between words.
    pub struct Lang {
        pub code: &'static str,
        pub dets: &'static [&'static str],
        /// Probability of a determiner before a noun.
        pub det_p: f64,
        pub nouns: &'static [&'static str],
        pub adjs: &'static [&'static str],
        /// Adjectives follow the noun.
        pub adj_after: bool,
        pub verbs: &'static [&'static str],
        pub preps: &'static [&'static str],
        pub conjs: &'static [&'static str],
        pub advs: &'static [&'static str],
        pub openers: &'static [&'static str],
        pub cop: &'static [&'static str],
    }

    pub const SUBS: &[&str] = &["www", "www", "www", "www", "blog", "news", "en", "m", "forum", "shop", "community", "info"];
    pub const HOST_A: &[&str] = &["green", "blue", "daily", "open", "smart", "urban", "global", "modern", "first", "north",
        "river", "silver", "bright", "true", "clear", "prime", "local", "golden", "wild", "quiet"];
    pub const HOST_B: &[&str] = &["valley", "journal", "times", "hub", "post", "report", "lab", "works", "guide", "review",
        "network", "press", "insider", "digest", "today", "world", "herald", "planet", "notes", "forum"];
    pub const TLDS: &[&str] = &[".com", ".com", ".com", ".com", ".org", ".org", ".net", ".co.uk", ".io", ".info", ".de", ".fr"];
    pub const LANG_TLDS: &[(&str, &[&str])] = &[("de", &[".de", ".de", ".at", ".ch"]), ("fr", &[".fr", ".fr", ".be", ".ca"]),
        ("es", &[".es", ".es", ".com.mx", ".com.ar"]), ("it", &[".it"]), ("ru", &[".ru"]), ("zh", &[".cn", ".com.cn"]),
        ("ja", &[".jp", ".co.jp"])];
    pub const QUERIES: &[&str] = &["utm_source=newsletter", "ref=rss", "page=2", "amp=1", "share=twitter", "src=homepage"];
    pub const SECTIONS: &[&str] = &["page", "post", "p", "article", "category", "tag", "docs", "snippets"];
    pub const MIRROR_SUBS: &[&str] = &["mirror", "archive", "cache", "syndication", "feeds", "reader"];
    pub const MIRROR_PATHS: &[&str] = &["/syndicated/", "/mirror/", "/amp/", "/feed/item/", "/archive/"];

    // English templates. Slots: A question word, B verb (base form), C conjunction, D determiner, maybe an
    // adjective, and a noun, E topic noun, F clause, G degree adverb, H verb of saying, I number 3-12, J adjective,
    // K copula, L "clear"-like adjective, M modal, N noun phrase (D, D of D, a person or a place), O sentence opener,
    // P prepositional phrase (Q D), Q preposition, R adverb, S subordinator, T "tried"-like verb, U number 2-95,
    // V verb (past), W person, X auxiliary, Y year, Z "is" or "was", 1 verb phrase (V D). Clauses must not contain F.
    pub const CLAUSES: &[&str] = &["N R? 1 P?", "N 1 P?", "N V N", "N 1 P", "N 1", "N M B N P?", "N M B N",
        "N K G? J", "N K J and J", "N T to B N", "N H that D 1", "N R? 1 , which 1"];
    pub const SENTENCES: &[&str] = &["F", "F", "F", "F", "F", "F", "F", "F", "F", "F", "F", "F", "O , F", "O , F", "O , F",
        "S F , F", "S F , F", "S F , F", "W H that F", "W H that F", "A X N B N ?", "it Z L that F", "in Y , F",
        "about U percent of the E 1", "there Z D P"];
    pub const EXTENSIONS: &[&str] = &[", C F", ", C F", ", C F", ", which 1", "P", "with D", "and 1"];
    pub const TITLES: &[&str] = &["the J E of E", "how E V the E", "why the J E matters", "J E and E",
        "I J lessons about E", "a J guide to the E"];
    pub const BULLET_ITEMS: &[&str] = &["J E", "E P", "D V D", "J E P", "E and E"];
    /// Words not capitalized in titles.
    pub const SMALL: &[&str] = &["the", "of", "and", "about", "a", "an", "to", "in", "for", "with", "on"];
    /// The word lists of the English slots that are a plain pick, by letter.
    pub const EN_LISTS: [&[&str]; 26] = [ASK, &[], CONJS, &[], &[], &[], DEGREE, SAYS, &[], &[], COPULA, CLEAR, MODALS,
        &[], OPENERS, &[], PREPS, ADVS, SUBORD, TRY, &[], &[], &[], AUX, &[], IS_WAS];

    pub static TOPICS: [Topic; 8] = [
        Topic { name: "science", nouns: &["experiment", "laboratory", "hypothesis", "molecule", "particle", "telescope",
            "galaxy", "species", "cell", "protein", "genome", "sample", "theory", "researcher", "physicist", "chemist",
            "biologist", "measurement", "observation", "climate", "ocean", "glacier", "fossil", "mineral", "enzyme",
            "virus", "reaction", "orbit", "planet", "comet", "microscope", "dataset", "equation", "satellite",
            "ecosystem", "specimen", "catalyst", "crystal"],
            adjs: &["scientific", "experimental", "molecular", "genetic", "chemical", "theoretical", "microscopic",
            "cosmic", "empirical", "statistical", "biological", "atomic", "thermal", "peer-reviewed"],
            verbs: &[("detect", "detected"), ("isolate", "isolated"), ("calculate", "calculated"), ("predict", "predicted"),
            ("simulate", "simulated"), ("sequence", "sequenced"), ("confirm", "confirmed"), ("replicate", "replicated")] },
        Topic { name: "sports", nouns: &["match", "tournament", "league", "coach", "player", "striker", "goalkeeper",
            "stadium", "season", "championship", "referee", "trophy", "victory", "defeat", "goal", "pitch", "marathon",
            "athlete", "race", "medal", "racket", "inning", "quarterback", "sprint", "training", "fixture", "supporter",
            "rival", "captain", "squad", "final", "penalty", "transfer", "contract", "injury", "derby", "scoreboard"],
            adjs: &["athletic", "competitive", "defensive", "offensive", "unbeaten", "professional", "amateur", "olympic",
            "decisive", "dramatic", "tactical", "talented", "relegated", "undefeated"],
            verbs: &[("score", "scored"), ("defeat", "defeated"), ("coach", "coached"), ("train", "trained"),
            ("qualify", "qualified"), ("sign", "signed"), ("tackle", "tackled"), ("celebrate", "celebrated")] },
        Topic { name: "finance", nouns: &["bank", "loan", "mortgage", "investor", "portfolio", "dividend", "bond", "stock",
            "currency", "inflation", "revenue", "profit", "deficit", "lender", "borrower", "fund", "asset", "debt",
            "credit", "tax", "economy", "exchange", "broker", "earnings", "quarter", "forecast", "pension", "valuation",
            "merger", "shareholder", "recession", "treasury", "invoice", "salary", "insurer", "audit", "payment"],
            adjs: &["financial", "fiscal", "monetary", "economic", "volatile", "profitable", "quarterly", "speculative",
            "liquid", "taxable", "bullish", "cautious", "corporate", "retail"],
            verbs: &[("invest", "invested"), ("borrow", "borrowed"), ("lend", "lent"), ("trade", "traded"),
            ("fund", "funded"), ("tax", "taxed"), ("save", "saved"), ("audit", "audited")] },
        Topic { name: "health", nouns: &["patient", "doctor", "nurse", "hospital", "clinic", "vaccine", "disease",
            "symptom", "treatment", "therapy", "diet", "exercise", "sleep", "infection", "surgery", "medicine", "diagnosis",
            "heart", "brain", "blood", "muscle", "nutrition", "condition", "prescription", "physician", "illness",
            "recovery", "wellbeing", "screening", "dose", "allergy", "pharmacy", "pregnancy", "stress", "posture", "ward"],
            adjs: &["medical", "clinical", "chronic", "healthy", "mental", "preventive", "surgical", "nutritional",
            "acute", "immune", "painful", "elderly", "contagious", "physical"],
            verbs: &[("treat", "treated"), ("diagnose", "diagnosed"), ("prescribe", "prescribed"), ("heal", "healed"),
            ("prevent", "prevented"), ("vaccinate", "vaccinated"), ("recover", "recovered"), ("monitor", "monitored")] },
        Topic { name: "travel", nouns: &["journey", "trip", "flight", "airport", "hotel", "hostel", "passport", "luggage",
            "itinerary", "destination", "beach", "island", "mountain", "coast", "harbor", "ferry", "train", "station",
            "guide", "tourist", "traveler", "map", "border", "visa", "cathedral", "route", "cruise", "resort", "trail",
            "lake", "landscape", "souvenir", "ticket", "vacation", "backpack", "castle", "valley", "campsite"],
            adjs: &["scenic", "remote", "coastal", "crowded", "exotic", "historic", "affordable", "charming", "mountainous",
            "tropical", "sunny", "hidden", "picturesque", "overnight"],
            verbs: &[("visit", "visited"), ("explore", "explored"), ("book", "booked"), ("travel", "traveled"),
            ("hike", "hiked"), ("fly", "flew"), ("pack", "packed"), ("cross", "crossed")] },
        Topic { name: "technology", nouns: &["software", "hardware", "computer", "device", "smartphone", "processor",
            "server", "database", "algorithm", "cloud", "browser", "developer", "engineer", "startup", "platform",
            "application", "interface", "sensor", "robot", "battery", "chip", "update", "encryption", "password",
            "storage", "bandwidth", "protocol", "framework", "compiler", "keyboard", "screen", "camera", "drone",
            "printer", "model", "prototype", "website", "laptop"],
            adjs: &["digital", "wireless", "automated", "mobile", "secure", "virtual", "electronic", "scalable",
            "efficient", "intelligent", "compact", "online", "programmable", "open-source"],
            verbs: &[("install", "installed"), ("deploy", "deployed"), ("upgrade", "upgraded"), ("encrypt", "encrypted"),
            ("code", "coded"), ("download", "downloaded"), ("automate", "automated"), ("debug", "debugged")] },
        Topic { name: "cooking", nouns: &["recipe", "kitchen", "chef", "oven", "flour", "butter", "sugar", "garlic",
            "onion", "tomato", "sauce", "soup", "bread", "dough", "pastry", "salad", "cheese", "pepper", "spice", "herb",
            "lemon", "chicken", "rice", "pasta", "skillet", "pan", "knife", "dessert", "meal", "dinner", "breakfast",
            "ingredient", "flavor", "crust", "broth", "vinegar", "honey", "cream", "bowl"],
            adjs: &["delicious", "crispy", "savory", "sweet", "spicy", "fresh", "roasted", "creamy", "tender", "homemade",
            "bitter", "aromatic", "rich", "golden"],
            verbs: &[("bake", "baked"), ("roast", "roasted"), ("stir", "stirred"), ("chop", "chopped"),
            ("season", "seasoned"), ("simmer", "simmered"), ("taste", "tasted"), ("cook", "cooked")] },
        Topic { name: "history", nouns: &["empire", "kingdom", "dynasty", "emperor", "king", "queen", "war", "battle",
            "treaty", "revolution", "century", "monument", "archive", "manuscript", "ruin", "colony", "republic", "senate",
            "army", "soldier", "merchant", "peasant", "monastery", "chronicle", "artifact", "ancestor", "civilization",
            "reign", "conquest", "rebellion", "settlement", "pilgrim", "explorer", "historian", "archaeologist", "tomb",
            "temple", "scroll"],
            adjs: &["ancient", "medieval", "imperial", "colonial", "royal", "historical", "religious", "military", "feudal",
            "classical", "prehistoric", "revolutionary", "forgotten", "legendary"],
            verbs: &[("conquer", "conquered"), ("rule", "ruled"), ("invade", "invaded"), ("found", "founded"),
            ("defend", "defended"), ("negotiate", "negotiated"), ("record", "recorded"), ("rebuild", "rebuilt")] },
    ];

    pub const GEN_NOUNS: &[&str] = &["time", "year", "group", "community", "report", "study", "question", "problem",
        "change", "decision", "system", "process", "result", "effect", "area", "region", "city", "country", "family",
        "company", "project", "plan", "program", "idea", "policy", "approach", "method", "value", "level", "period",
        "center", "effort", "market", "team", "school", "member", "leader", "author", "government", "committee",
        "council", "network", "service", "experience", "story", "morning", "evening", "week", "summer", "winter",
        "village", "reason", "example", "detail", "feature", "range", "source", "record", "moment", "challenge",
        "opportunity", "neighborhood", "audience", "partner", "volunteer", "budget", "agreement", "proposal", "survey",
        "campaign", "debate", "tradition", "festival", "library", "garden", "bridge", "river", "factory", "newspaper",
        "visitor"];
    pub const GEN_ADJS: &[&str] = &["new", "old", "large", "small", "important", "recent", "local", "national", "public",
        "private", "major", "common", "simple", "complex", "early", "late", "modern", "traditional", "popular",
        "significant", "careful", "strong", "rapid", "slow", "difficult", "useful", "clear", "broad", "narrow", "natural",
        "regional", "global", "annual", "final", "basic", "serious", "unusual", "familiar", "remarkable", "practical",
        "quiet", "bright", "ordinary", "visible", "steady", "entire", "original", "independent", "detailed", "ambitious",
        "reliable", "flexible"];
    pub const VERBS: &[(&str, &str)] = &[("describe", "described"), ("improve", "improved"), ("support", "supported"),
        ("reduce", "reduced"), ("create", "created"), ("build", "built"), ("find", "found"), ("show", "showed"),
        ("explain", "explained"), ("change", "changed"), ("develop", "developed"), ("examine", "examined"),
        ("follow", "followed"), ("include", "included"), ("consider", "considered"), ("produce", "produced"),
        ("provide", "provided"), ("review", "reviewed"), ("measure", "measured"), ("share", "shared"), ("test", "tested"),
        ("track", "tracked"), ("design", "designed"), ("publish", "published"), ("announce", "announced"),
        ("replace", "replaced"), ("protect", "protected"), ("organize", "organized"), ("welcome", "welcomed"),
        ("question", "questioned"), ("expand", "expanded"), ("prepare", "prepared"), ("discover", "discovered"),
        ("observe", "observed"), ("compare", "compared"), ("combine", "combined"), ("transform", "transformed"),
        ("challenge", "challenged"), ("highlight", "highlighted"), ("shape", "shaped"), ("influence", "influenced"),
        ("choose", "chose"), ("bring", "brought"), ("keep", "kept"), ("leave", "left"), ("hold", "held"),
        ("drive", "drove"), ("win", "won"), ("lose", "lost"), ("see", "saw"), ("take", "took"), ("make", "made"),
        ("give", "gave"), ("begin", "began"), ("reach", "reached"), ("offer", "offered")];
    pub const DETS: &[&str] = &["the", "the", "the", "the", "the", "the", "the", "a", "a", "a", "this", "that", "every",
        "each", "another", "our", "their", "its"];
    pub const ADVS: &[&str] = &["quickly", "slowly", "carefully", "clearly", "recently", "finally", "already", "often",
        "rarely", "gradually", "eventually", "largely", "simply", "quietly", "openly", "steadily", "widely", "mostly",
        "certainly", "probably"];
    pub const DEGREE: &[&str] = &["very", "remarkably", "fairly", "increasingly", "surprisingly", "especially", "rather", "quite"];
    pub const PREPS: &[&str] = &["of", "of", "of", "in", "in", "in", "with", "with", "for", "for", "to", "to", "on", "from",
        "about", "during", "after", "before", "across", "near", "under", "through", "without", "behind", "beyond",
        "against", "among", "within"];
    pub const CONJS: &[&str] = &["and", "and", "and", "but", "while", "because", "although", "since", "so", "yet", "whereas"];
    pub const SUBORD: &[&str] = &["because", "although", "when", "while", "after", "before", "since", "if", "unless", "once"];
    pub const OPENERS: &[&str] = &["In recent years", "At the same time", "For example", "In contrast", "As a result",
        "Over the past decade", "In many cases", "On the other hand", "For most people", "Later that year", "In practice",
        "By contrast", "Not surprisingly", "Meanwhile", "Even so", "In the end", "Until recently", "For now", "In short",
        "Still", "Today", "Historically", "In theory", "Last spring", "Two years later", "Since then"];
    pub const SAYS: &[&str] = &["said", "noted", "argued", "explained", "wrote", "believed", "suggested", "claimed",
        "insisted", "admitted", "reported", "announced"];
    pub const COPULA: &[&str] = &["was", "is", "remained", "became", "seemed", "felt", "looked", "proved"];
    pub const MODALS: &[&str] = &["will", "could", "may", "should", "would", "might", "must", "can"];
    pub const TRY: &[&str] = &["helped", "tried", "wanted", "decided", "failed", "managed", "hoped", "continued", "began",
        "needed", "promised", "refused", "agreed", "planned"];
    pub const CLEAR: &[&str] = &["clear", "likely", "possible", "obvious", "true", "striking", "worth noting", "unclear",
        "surprising", "widely known"];
    pub const ASK: &[&str] = &["why", "how", "when", "where"];
    pub const AUX: &[&str] = &["did", "can", "should", "would", "could"];
    pub const IS_WAS: &[&str] = &["is", "was"];
    pub const FIRST: &[&str] = &["Maria", "James", "Aisha", "Daniel", "Sofia", "Wei", "Olivia", "Ahmed", "Elena", "Lucas",
        "Priya", "Thomas", "Hannah", "Mateo", "Grace", "Kenji", "Amara", "Samuel", "Ingrid", "Omar", "Chloe", "Rafael",
        "Nadia", "Victor", "Laura", "Ivan", "Fatima", "Henry", "Zara", "Leo"];
    pub const LAST: &[&str] = &["Lopez", "Smith", "Okafor", "Chen", "Novak", "Rossi", "Khan", "Murphy", "Schmidt",
        "Tanaka", "Silva", "Dubois", "Kowalski", "Andersen", "Patel", "Garcia", "Nguyen", "Fischer", "Moreau", "Costa",
        "Hughes", "Ibrahim", "Larsen", "Walsh", "Romano", "Sato", "Mendes", "Baker", "Clarke", "Weber"];
    pub const PLACES: &[&str] = &["Lisbon", "Chicago", "Nairobi", "Osaka", "Toronto", "Melbourne", "Glasgow", "Seville",
        "Krakow", "Denver", "Bergen", "Porto", "Austin", "Lyon", "Cairo", "Dublin", "Hanoi", "Quito", "Oslo", "Leeds",
        "Bristol", "Valencia", "Seattle", "Munich", "Adelaide", "Santiago", "Istanbul", "Cardiff", "Halifax", "Turin"];
    pub const FOOTERS: &[&str] = &["Share this article with your friends.", "This story first appeared on a partner site.",
        "Read more stories like this in our weekly newsletter.", "Republished with permission of the author.",
        "Comments on this article have been closed.", "Photo credits belong to their respective owners.",
        "Follow our coverage for further updates.", "Last updated this morning."];
    pub const STUB_LINES: &[&str] = &["Page not found.", "This page is under construction.",
        "The requested page could not be found.", "No results were found for your search.",
        "Access denied for this resource.", "Thank you for your message.", "This item is no longer available.",
        "Please log in to continue.", "Comments are closed for this post.", "Error 404: page not found"];

    // Junk.
    pub const NAV: &[&str] = &["Home", "About", "About Us", "Contact", "Contact Us", "Blog", "News", "Shop", "Products",
        "Services", "Careers", "Login", "Sign In", "Register", "FAQ", "Help", "Support", "Search", "Menu", "Cart",
        "My Account", "Events", "Gallery", "Press", "Partners", "Resources", "Pricing", "Docs", "Categories", "Archives"];
    /// Line lists of boilerplate pages, each used lo..=hi times (the first two legal lines always once).
    pub const BOILERPLATE: &[(&[&str], usize, usize)] = &[(MISC, 2, 4), (COOKIE, 1, 1), (COOKIE_BUTTONS, 1, 2),
        (JAVASCRIPT, 0, 1), (SOCIAL, 0, 2), (LEGAL.split_at(2).0, 1, 1), (LEGAL, 2, 4)];
    pub const COOKIE: &[&str] = &["This website uses cookies to ensure you get the best experience on our website.",
        "We use cookies to personalise content and ads and to analyse our traffic.",
        "By continuing to browse this site you agree to our use of cookies.",
        "Our site uses cookies. Learn more about our cookie policy"];
    pub const COOKIE_BUTTONS: &[&str] = &["Accept all cookies", "Accept", "Cookie settings", "Manage preferences",
        "Reject non-essential cookies", "Got it"];
    pub const JAVASCRIPT: &[&str] = &["Please enable JavaScript in your browser to view this site.",
        "JavaScript is disabled in your browser", "You need to enable JavaScript to run this app.",
        "This page requires JavaScript"];
    pub const LEGAL: &[&str] = &["Privacy Policy", "Terms of Use", "Terms and Conditions", "Cookie Policy", "Imprint",
        "Accessibility", "Sitemap", "Disclaimer", "Do Not Sell My Information"];
    pub const SOCIAL: &[&str] = &["Follow us on Facebook", "Follow us on Instagram", "Share on Twitter",
        "Subscribe to our newsletter", "Sign up for updates", "Enter your email address", "Subscribe", "Join our mailing list"];
    /// The first six are also ellipsis-page lines.
    pub const MISC: &[&str] = &["Read more", "Load more", "Previous post", "Next post", "Related articles", "Popular posts",
        "Back to top", "Leave a comment", "Loading", "Search for:", "Recent comments", "Tags"];
    pub const SPAM_WORDS: &[&str] = &["cheap", "best", "buy", "free", "online", "discount", "sale", "deal", "offer", "price",
        "shipping", "order", "top", "review", "coupon", "promo", "code", "bonus", "casino", "win", "cash", "fast",
        "instant", "guaranteed", "official", "store", "shop", "outlet", "download", "hot", "now", "click", "unlimited",
        "exclusive", "premium", "wholesale"];
    pub const LOREM: &[&str] = &["lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do",
        "eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua", "enim", "ad", "minim",
        "veniam", "quis", "nostrud", "exercitation", "ullamco", "laboris", "nisi", "aliquip", "ex", "ea", "commodo",
        "consequat", "duis", "aute", "irure", "in", "reprehenderit", "voluptate", "velit", "esse", "cillum", "fugiat",
        "nulla", "pariatur", "excepteur", "sint", "occaecat", "cupidatat", "non", "proident", "sunt", "culpa", "qui",
        "officia", "deserunt", "mollit", "anim", "id", "est", "laborum", "vestibulum", "ante"];

    // Code (slots are documented in `code`).
    pub const CODE: &[&[&str]] = &[
        &["def @f(@a, @b=None):\n    \"\"\"Return the @c values of @a that match @b.\"\"\"\n    result = []\n    for item in @a:\n        if @b is None or item.get(\"@k\") == @b:\n            result.append(item[\"@c\"])\n    return result",
          "class @t:\n    def __init__(self, @a, @b=@n):\n        self.@a = @a\n        self.@b = @b\n\n    def @f(self):\n        total = 0\n        for key, value in self.@a.items():\n            total += len(key) * value\n        return total / max(self.@b, 1)",
          "import json\n\n\ndef @g(path):\n    with open(path, \"r\", encoding=\"utf-8\") as handle:\n        @a = json.load(handle)\n    return {k: v for k, v in @a.items() if v is not None}"],
        &["function @F(@A, @B) {\n  const result = @A.filter((item) => item.@c > @n);\n  return result.map((item) => ({ ...item, @B: true }));\n}",
          "async function @F(url) {\n  const response = await fetch(url, { method: \"GET\" });\n  if (!response.ok) {\n    throw new Error(`Request failed: ${response.status}`);\n  }\n  const @A = await response.json();\n  return @A.@k ?? @n;\n}",
          "export class @t {\n  constructor(@A) {\n    this.@A = @A;\n    this.count = @n;\n  }\n\n  @F() {\n    return Object.keys(this.@A).length + this.count;\n  }\n}"],
        &["pub fn @f(@a: &[@t], @b: usize) -> Vec<&@t> {\n    @a.iter().filter(|x| x.@c > @b).take(@n).collect()\n}",
          "#[derive(Debug, Clone)]\npub struct @t {\n    pub @a: String,\n    pub @b: u64,\n}\n\nimpl @t {\n    pub fn @f(&self) -> u64 {\n        self.@b.saturating_mul(@n)\n    }\n}",
          "fn @g(path: &str) -> std::io::Result<usize> {\n    let @a = std::fs::read_to_string(path)?;\n    let @b = @a.lines().filter(|l| !l.trim().is_empty()).count();\n    Ok(@b + @n)\n}"],
        &["SELECT @c, COUNT(*) AS n, AVG(@c) AS avg_value\nFROM @s\nWHERE @c IS NOT NULL AND @c > @n\nGROUP BY 1\nORDER BY n DESC\nLIMIT @n;",
          "CREATE TABLE @s (\n    id BIGINT PRIMARY KEY,\n    @c TEXT NOT NULL,\n    @k INTEGER DEFAULT @n\n);\nINSERT INTO @s (id, @c) VALUES (@n, 'pending');\nSELECT * FROM @s WHERE id = @n;",
          "UPDATE @s\nSET @c = @c + @n\nWHERE @k IN (SELECT @k FROM @s WHERE @c < @n);"],
    ];
    pub const FN_NAMES: &[&str] = &["load_config", "parse_record", "compute_total", "fetch_items", "update_cache",
        "build_index", "render_page", "validate_input", "merge_rows", "normalize_text", "send_request", "read_lines",
        "filter_users", "sort_entries", "count_tokens", "resolve_path"];
    pub const VARS: &[&str] = &["items", "data", "rows", "users", "config", "buffer", "values", "records", "entries",
        "tokens", "path_list", "limit", "offset", "options", "payload", "batch"];
    pub const TYPES: &[&str] = &["Config", "Record", "User", "Item", "Entry", "Token", "Node", "Cache", "Request",
        "Session", "Order", "Account"];
    pub const COLUMNS: &[&str] = &["user_id", "name", "email", "created_at", "price", "status", "score", "country",
        "amount", "title", "quantity", "category"];
    pub const TABLES: &[&str] = &["users", "orders", "products", "events", "sessions", "accounts", "payments", "logs"];

    // Other languages. Slots: N or D noun phrase, V verb, 1 verb phrase (V D), P prepositional phrase (Q D),
    // Q preposition, C conjunction, R adverb, O opener, K copula, J adjective, F clause; in Chinese and Japanese,
    // N is a noun and tokens are joined without spaces.
    /// Languages of non-English documents, repeated by weight.
    pub const LANG_SHARES: &[&str] = &["de", "de", "de", "de", "de", "fr", "fr", "fr", "fr", "es", "es", "es", "es", "it",
        "it", "it", "ru", "ru", "zh", "ja"];
    pub const F_CLAUSES: &[&str] = &["N 1", "N R 1", "N 1 P", "N K J", "N K R J", "N R 1 P"];
    pub const F_SENTENCES: &[&str] = &["F", "F", "F", "O , F", "F , C F"];
    pub const F_EXTENSIONS: &[&str] = &[", C F", "P", ", C F"];
    pub static LANGS: [Lang; 5] = [
        Lang { code: "de", dets: &["der", "die", "das", "die", "der", "ein", "eine", "dieser", "jede", "unsere"], det_p: 0.9,
            nouns: &["Stadt", "Regierung", "Schule", "Familie", "Zukunft", "Forschung", "Wirtschaft", "Gemeinde", "Arbeit",
            "Entwicklung", "Gesellschaft", "Unternehmen", "Projekt", "Bericht", "Markt", "Frage", "Lösung", "Geschichte",
            "Kultur", "Umwelt", "Energie", "Verkehr", "Bahnhof", "Küche", "Mannschaft", "Spieler", "Trainer", "Saison",
            "Woche", "Zeit", "Region", "Bürger", "Studie", "Ergebnis", "Wasser", "Landschaft", "Museum", "Ausstellung"],
            adjs: &["neue", "große", "wichtige", "kleine", "lokale", "moderne", "alte", "öffentliche", "starke", "deutsche",
            "schwierige", "einfache", "lange", "schnelle", "gute", "ganze", "soziale"], adj_after: false,
            verbs: &["entwickelt", "unterstützt", "zeigt", "verändert", "beschreibt", "prüft", "fördert", "erklärt", "plant",
            "baut", "nutzt", "bietet", "findet", "braucht", "sucht", "stärkt", "verbessert", "erreicht", "bringt", "hält"],
            preps: &["in", "mit", "für", "von", "auf", "nach", "bei", "über", "unter", "zwischen", "aus"],
            conjs: &["und", "und", "und", "aber", "denn", "weil", "während", "obwohl", "sondern"],
            advs: &["nicht", "auch", "oft", "jetzt", "bereits", "immer", "noch", "sehr", "heute", "kaum", "wieder", "schon"],
            openers: &["Im letzten Jahr", "Zum Beispiel", "Trotzdem", "Außerdem", "In der Praxis", "Seit einigen Jahren",
            "Am Ende", "Gleichzeitig"], cop: &["ist", "war", "bleibt"] },
        Lang { code: "fr", dets: &["le", "la", "les", "le", "la", "un", "une", "cette", "chaque", "notre", "des"], det_p: 0.95,
            nouns: &["ville", "gouvernement", "école", "famille", "avenir", "recherche", "économie", "commune", "travail",
            "développement", "société", "entreprise", "projet", "rapport", "marché", "question", "solution", "histoire",
            "culture", "environnement", "énergie", "transport", "gare", "cuisine", "équipe", "joueur", "entraîneur",
            "saison", "semaine", "année", "pays", "région", "habitants", "citoyens", "étude", "résultat", "eau", "musée"],
            adjs: &["nouvelle", "grande", "importante", "petite", "locale", "moderne", "ancienne", "publique", "forte",
            "française", "difficile", "simple", "longue", "rapide", "bonne", "sociale"], adj_after: true,
            verbs: &["développe", "soutient", "montre", "change", "décrit", "examine", "favorise", "explique", "prépare",
            "construit", "utilise", "propose", "trouve", "cherche", "renforce", "améliore", "atteint", "apporte", "garde"],
            preps: &["de", "de", "dans", "avec", "pour", "sur", "par", "sans", "sous", "entre", "chez", "après"],
            conjs: &["et", "et", "et", "mais", "car", "parce que", "tandis que", "bien que", "donc"],
            advs: &["aussi", "souvent", "déjà", "toujours", "encore", "très", "aujourd'hui", "plutôt", "ensuite", "enfin"],
            openers: &["L'année dernière", "Par exemple", "Pourtant", "En outre", "En pratique", "Depuis quelques années",
            "Au final", "En même temps"], cop: &["est", "était", "reste"] },
        Lang { code: "es", dets: &["el", "la", "los", "las", "el", "la", "un", "una", "este", "cada", "nuestro"], det_p: 0.9,
            nouns: &["ciudad", "gobierno", "escuela", "familia", "futuro", "investigación", "economía", "municipio", "trabajo",
            "desarrollo", "sociedad", "empresa", "proyecto", "informe", "mercado", "pregunta", "solución", "historia",
            "cultura", "ambiente", "energía", "transporte", "estación", "cocina", "equipo", "jugador", "entrenador",
            "temporada", "semana", "año", "país", "región", "vecinos", "ciudadanos", "estudio", "resultado", "agua", "museo"],
            adjs: &["nueva", "grande", "importante", "pequeña", "local", "moderna", "antigua", "pública", "fuerte", "española",
            "difícil", "sencilla", "larga", "rápida", "buena", "social"], adj_after: true,
            verbs: &["desarrolla", "apoya", "muestra", "cambia", "describe", "examina", "impulsa", "explica", "prepara",
            "construye", "utiliza", "propone", "encuentra", "busca", "refuerza", "mejora", "alcanza", "aporta", "mantiene"],
            preps: &["de", "de", "en", "con", "para", "sobre", "por", "sin", "entre", "desde", "hacia", "tras"],
            conjs: &["y", "y", "y", "pero", "porque", "mientras", "aunque", "sino", "así que", "que"],
            advs: &["también", "siempre", "todavía", "ya", "muy", "hoy", "ahora", "además", "pronto", "no"],
            openers: &["El año pasado", "Por ejemplo", "Sin embargo", "Además", "En la práctica", "Desde hace años",
            "Al final", "Al mismo tiempo"], cop: &["es", "era", "sigue"] },
        Lang { code: "it", dets: &["il", "la", "lo", "i", "le", "il", "la", "un", "una", "questa", "ogni", "nostro"], det_p: 0.9,
            nouns: &["città", "governo", "scuola", "famiglia", "futuro", "ricerca", "economia", "comune", "lavoro", "sviluppo",
            "società", "azienda", "progetto", "rapporto", "mercato", "domanda", "soluzione", "storia", "cultura", "ambiente",
            "energia", "trasporto", "stazione", "cucina", "squadra", "giocatore", "allenatore", "stagione", "settimana",
            "anno", "paese", "regione", "abitanti", "cittadini", "studio", "risultato", "acqua", "mostra"],
            adjs: &["nuova", "grande", "importante", "piccola", "locale", "moderna", "antica", "pubblica", "forte", "italiana",
            "difficile", "semplice", "lunga", "rapida", "buona", "sociale"], adj_after: true,
            verbs: &["sviluppa", "sostiene", "mostra", "cambia", "descrive", "esamina", "promuove", "spiega", "prepara",
            "costruisce", "utilizza", "propone", "trova", "cerca", "rafforza", "migliora", "raggiunge", "porta", "mantiene"],
            preps: &["di", "di", "in", "con", "per", "su", "da", "tra", "senza", "verso", "dopo"],
            conjs: &["e", "e", "e", "ma", "perché", "mentre", "anche se", "quindi", "che"],
            advs: &["anche", "sempre", "ancora", "già", "molto", "oggi", "ora", "spesso", "poi", "non"],
            openers: &["L'anno scorso", "Per esempio", "Tuttavia", "Inoltre", "In pratica", "Da alcuni anni", "Alla fine",
            "Allo stesso tempo"], cop: &["è", "era", "resta"] },
        Lang { code: "ru", dets: &["этот", "каждый", "наш", "весь"], det_p: 0.2,
            nouns: &["город", "правительство", "школа", "семья", "будущее", "исследование", "экономика", "район", "работа",
            "развитие", "общество", "компания", "проект", "доклад", "рынок", "вопрос", "решение", "история", "культура",
            "природа", "энергия", "транспорт", "вокзал", "кухня", "команда", "игрок", "тренер", "сезон", "неделя", "год",
            "время", "страна", "регион", "дети", "жители", "граждане", "результат", "вода", "музей", "выставка"],
            adjs: &["новый", "большой", "важный", "местный", "современный", "старый", "общественный", "сильный",
            "российский", "сложный", "простой", "быстрый", "хороший", "социальный"], adj_after: false,
            verbs: &["развивает", "поддерживает", "показывает", "меняет", "описывает", "изучает", "продвигает", "объясняет",
            "готовит", "строит", "использует", "предлагает", "находит", "ищет", "укрепляет", "улучшает", "достигает"],
            preps: &["в", "в", "на", "с", "по", "для", "из", "о", "при", "после", "без", "между"],
            conjs: &["и", "и", "и", "но", "а", "потому что", "хотя", "поэтому", "однако"],
            advs: &["также", "часто", "уже", "всегда", "ещё", "очень", "сегодня", "теперь", "снова", "не"],
            openers: &["В прошлом году", "Например", "Тем не менее", "Кроме того", "На практике", "В последние годы",
            "В итоге", "В то же время"], cop: &["был", "стал", "остаётся"] },
    ];
    pub const ZH_CLAUSES: &[&str] = &["N V N", "N R V J 的 N", "N 在 N 中 V N", "N 在 N 方面 R V N", "N R? V N 的 N"];
    pub const ZH_SENTENCES: &[&str] = &["F", "F", "O ， F"];
    pub const ZH_EXTENSIONS: &[&str] = &["， C F"];
    pub const ZH_N: &[&str] = &["城市", "经济", "社会", "文化", "技术", "政府", "研究", "问题", "企业", "市场", "教育",
        "学生", "科学", "历史", "健康", "旅游", "体育", "比赛", "计划", "项目", "系统", "数据", "环境", "生活", "工作", "国家",
        "地区", "人们", "专家", "公司", "医院", "食物", "时间", "方法", "影响", "变化", "政策", "资源", "农村", "网络", "能源",
        "交通", "家庭", "儿童", "老师", "医生", "产品", "服务"];
    pub const ZH_V: &[&str] = &["提高", "支持", "推动", "改变", "进行", "发现", "认为", "表示", "需要", "建立", "促进",
        "加强", "提供", "解决", "参加", "关注", "完善", "实现", "保护", "探索"];
    pub const ZH_A: &[&str] = &["重要", "主要", "传统", "现代", "新", "积极", "全面", "良好", "显著", "稳定", "基本", "长期"];
    pub const ZH_ADV: &[&str] = &["不断", "非常", "更加", "已经", "正在", "逐步", "进一步", "仍然"];
    pub const ZH_OPEN: &[&str] = &["近年来", "此外", "因此", "同时", "目前", "据报道", "总的来说", "另一方面", "事实上"];
    pub const ZH_CONJ: &[&str] = &["并且", "但是", "而且", "同时", "因为", "所以"];
    pub const JA_CLAUSES: &[&str] = &["N は J N の N を V", "N が N の N を V", "N では N を V", "N は N と N の N を V",
        "N の J N が V"];
    pub const JA_SENTENCES: &[&str] = &["F", "O 、 F"];
    pub const JA_EXTENSIONS: &[&str] = &["、 F"];
    pub const JA_N: &[&str] = &["東京", "大阪", "会社", "研究", "技術", "経済", "社会", "文化", "学校", "学生", "先生", "問題",
        "市場", "政府", "地域", "環境", "生活", "仕事", "時間", "方法", "結果", "影響", "変化", "計画", "情報", "システム",
        "データ", "サービス", "プロジェクト", "チーム", "ニュース", "料理", "旅行", "健康", "歴史", "科学", "電車", "病院",
        "子ども", "家族"];
    pub const JA_V: &[&str] = &["発表しました", "行いました", "進めています", "支えています", "変えました", "増やしています",
        "考えています", "示しました", "開始しました", "続けています", "提供しています", "調べました", "導入しました",
        "検討しています", "改善しました"];
    pub const JA_A: &[&str] = &["新しい", "大きな", "重要な", "多くの", "日本の", "地元の", "新たな", "身近な", "便利な", "小さな"];
    pub const JA_OPEN: &[&str] = &["最近", "また", "しかし", "そのため", "一方で", "現在", "さらに", "例えば", "実際に", "今後"];
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};
    use std::hash::{DefaultHasher, Hash, Hasher};

    /// Word 5-gram shingles (each CJK character counting as a word), hashed.
    fn shingles(text: &str) -> HashSet<u64> {
        let mut toks = Vec::new();
        for w in text.split_whitespace() {
            if w.chars().any(is_cjk) {
                toks.extend(w.char_indices().map(|(i, c)| &w[i..i + c.len_utf8()]));
            } else {
                toks.push(w);
            }
        }
        let hash = |g: &[&str]| {
            let mut h = DefaultHasher::new();
            g.hash(&mut h);
            h.finish()
        };
        toks.windows(5.min(toks.len())).map(hash).collect()
    }

    fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
        let inter = a.intersection(b).count();
        inter as f64 / (a.len() + b.len() - inter).max(1) as f64
    }

    /// Gopher's fraction of characters in word n-grams that occur more than once.
    fn dup_ngram_frac(words: &[&str], n: usize) -> f64 {
        let mut counts: HashMap<&[&str], usize> = HashMap::new();
        words.windows(n).for_each(|g| *counts.entry(g).or_default() += 1);
        let mut covered = vec![false; words.len()];
        for (i, g) in words.windows(n).enumerate() {
            if counts[g] > 1 {
                covered[i..i + n].iter_mut().for_each(|c| *c = true);
            }
        }
        let total: usize = words.iter().map(|w| w.len()).sum();
        let dup: usize = words.iter().zip(&covered).filter(|p| *p.1).map(|p| p.0.len()).sum();
        dup as f64 / total.max(1) as f64
    }

    const STOP: [&str; 8] = ["the", "be", "to", "of", "and", "that", "have", "with"];

    #[test]
    fn deterministic_and_order_independent() {
        let forward: Vec<SyntheticDoc> = (0..400).map(|i| generate(7, i)).collect();
        let mut doc = SyntheticDoc::default();
        for i in (0..400).rev() {
            generate_into(7, i, &mut doc);
            assert_eq!(doc, forward[i as usize]);
        }
        let differ = (0..400).filter(|&i| generate(8, i).text != forward[i as usize].text).count();
        assert!(differ >= 390, "seed 8 shares too many texts with seed 7: {differ}");
        assert!((KIND_SHARES.iter().map(|k| k.1).sum::<f64>() - 1.0).abs() < 1e-9);
        assert_eq!(KIND_SHARES.map(|k| k.0), DocKind::ALL);
    }

    #[test]
    fn ground_truth_rates_and_duplicates() {
        let n = 20_000;
        let docs: Vec<SyntheticDoc> = (0..n).map(|i| generate(42, i)).collect();
        let (mut kinds, mut urls) = (HashMap::<DocKind, usize>::new(), HashSet::new());
        let (mut exact, mut near, mut near_ok, mut originals) = (0, 0, 0, 0);
        for d in &docs {
            assert!(!d.text.is_empty() && urls.insert(&d.url), "empty text or repeated url: {d:?}");
            let Some(j) = d.dup_of else {
                assert!(d.dup_kind.is_none());
                originals += 1;
                *kinds.entry(d.kind).or_default() += 1;
                continue;
            };
            let o = &docs[j as usize];
            assert!(j < d.id && o.dup_of.is_none(), "doc {} points to {j}", d.id);
            assert_eq!((d.kind, d.lang, d.topic), (o.kind, o.lang, o.topic));
            if d.dup_kind == Some(DupKind::Exact) {
                exact += 1;
                assert_eq!(d.text, o.text);
            } else {
                near += 1;
                assert_ne!(d.text, o.text);
                near_ok += usize::from((0.6..=0.99).contains(&jaccard(&shingles(&d.text), &shingles(&o.text))));
            }
        }
        let rate = |k: usize| k as f64 / n as f64;
        assert!((rate(exact) - EXACT_DUP_RATE).abs() < 0.005, "exact rate {}", rate(exact));
        assert!((rate(near) - NEAR_DUP_RATE).abs() < 0.005, "near rate {}", rate(near));
        assert!(near_ok as f64 >= 0.95 * near as f64, "{near_ok} of {near} near dups in range");
        for (kind, share) in KIND_SHARES {
            let got = kinds.get(&kind).copied().unwrap_or(0) as f64 / originals as f64;
            assert!((got - share).abs() < 0.01, "{kind:?}: {got} vs {share}");
        }
    }

    #[test]
    fn independent_prose_shares_few_shingles() {
        let sets: Vec<HashSet<u64>> = (0..)
            .map(|i| generate(3, i))
            .filter(|d| d.kind == DocKind::Prose && d.dup_of.is_none())
            .take(150)
            .map(|d| shingles(&d.text))
            .collect();
        let (mut pairs, mut low) = (0, 0);
        for (i, a) in sets.iter().enumerate() {
            for b in &sets[i + 1..] {
                pairs += 1;
                low += usize::from(jaccard(a, b) < 0.05);
            }
        }
        assert!(low as f64 >= 0.99 * pairs as f64, "{low} of {pairs}");
    }

    #[test]
    fn kinds_look_like_what_they_are() {
        let (mut prose, mut good_prose) = (0, 0);
        for d in (0..6000).map(|i| generate(11, i)).filter(|d| d.dup_of.is_none()) {
            let lower = d.text.to_lowercase();
            let words: Vec<&str> = lower.split_whitespace().collect();
            let lines: Vec<&str> = d.text.lines().filter(|l| !l.trim().is_empty()).collect();
            assert!(!d.text.trim().is_empty());
            assert_eq!(d.topic.is_some(), has_topic(d.kind));
            match d.kind {
                DocKind::Prose => {
                    assert!(words.len() >= 50 && words.contains(&"the") && words.contains(&"and"), "{}", d.text);
                    for (k, block) in d.text.split("\n\n").enumerate() {
                        let title = k == 0 && block.split_whitespace().count() <= 12;
                        assert!(title || block.ends_with(['.', '!', '?']), "unpunctuated: {block}");
                    }
                    let mean = words.iter().map(|w| w.chars().count()).sum::<usize>() as f64 / words.len() as f64;
                    let stops = STOP.iter().filter(|s| words.contains(s)).count();
                    prose += 1;
                    let repetitive = dup_ngram_frac(&words, 5) >= 0.15 || dup_ngram_frac(&words, 10) >= 0.10;
                    good_prose += usize::from((3.0..=10.0).contains(&mean) && stops >= 3 && !repetitive);
                }
                DocKind::Stub => assert!((3..50).contains(&words.len()), "{}", d.text),
                DocKind::Lorem => assert!(lower.contains("lorem ipsum")),
                DocKind::Code => assert!(["{", "def ", "fn ", "SELECT"].iter().any(|m| d.text.contains(m))),
                DocKind::Spam => assert!(!words.iter().any(|w| STOP.contains(w)), "{}", d.text),
                DocKind::Bullets => {
                    let b = lines.iter().filter(|l| l.starts_with(['•', '-', '*'])).count();
                    assert!(b as f64 > 0.9 * lines.len() as f64, "{}", d.text);
                }
                DocKind::Ellipsis => {
                    let e = lines.iter().filter(|l| l.ends_with("...") || l.ends_with('…')).count();
                    assert!(e as f64 > 0.3 * lines.len() as f64, "{}", d.text);
                }
                DocKind::Boilerplate => {
                    let legal = lower.contains("privacy policy") || lower.contains("terms of use");
                    assert!(lower.contains("cookie") && legal, "{}", d.text);
                    let bare = lines.iter().filter(|l| !l.ends_with(['.', '!', '?'])).count();
                    assert!(bare * 2 > lines.len(), "{}", d.text);
                }
                DocKind::NonEnglish => match d.lang {
                    "ru" => assert!(d.text.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))),
                    "zh" | "ja" => assert!(d.text.chars().any(is_cjk) && d.text.contains('。')),
                    lang => assert!(["de", "fr", "es", "it"].contains(&lang) && words.len() >= 50),
                },
            }
        }
        assert!(good_prose as f64 >= 0.95 * prose as f64, "{good_prose} of {prose}");
    }

    #[test]
    #[ignore = "throughput measurement: run with --ignored --nocapture in an optimized build"]
    fn throughput() {
        let (n, mut bytes, mut doc) = (200_000u64, 0, SyntheticDoc::default());
        let start = std::time::Instant::now();
        for i in 0..n {
            generate_into(1, i, &mut doc);
            bytes += doc.text.len();
        }
        let secs = start.elapsed().as_secs_f64();
        let (docs_s, mb_s, avg) = (n as f64 / secs, bytes as f64 / secs / 1e6, bytes as f64 / n as f64);
        println!("{n} docs in {secs:.2} s: {docs_s:.0} docs/s, {mb_s:.1} MB/s, {avg:.0} bytes/doc");
    }
}
