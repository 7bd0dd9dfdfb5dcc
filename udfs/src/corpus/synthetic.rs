//! A deterministic generator of web-like documents with known ground truth (kind, language,
//! topic, duplicates), for the demo job, tests and benchmarks. Every document is a pure function
//! of `(seed, id)`, so partitions can generate disjoint id ranges in parallel.

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
        DocKind::Prose, DocKind::Boilerplate, DocKind::Spam, DocKind::Bullets, DocKind::Ellipsis,
        DocKind::Lorem, DocKind::Code, DocKind::Stub, DocKind::NonEnglish,
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
    /// Where the document was "crawled" from; unique within a corpus.
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
    /// An empty English prose original with id 0, to be filled by [`generate_into`].
    fn default() -> Self {
        SyntheticDoc {
            id: 0, url: String::new(), text: String::new(), kind: DocKind::Prose, lang: "en",
            topic: None, dup_of: None, dup_kind: None,
        }
    }
}

/// Probability that a document (other than id 0) is an exact duplicate of an earlier original.
pub const EXACT_DUP_RATE: f64 = 0.03;
/// Probability that a document (other than id 0) is a near duplicate of an earlier original.
pub const NEAR_DUP_RATE: f64 = 0.04;
/// Share of each kind among original documents; the shares sum to 1.0.
pub const KIND_SHARES: [(DocKind, f64); 9] = [
    (DocKind::Prose, 0.55), (DocKind::Boilerplate, 0.07), (DocKind::Spam, 0.05),
    (DocKind::Bullets, 0.04), (DocKind::Ellipsis, 0.03), (DocKind::Lorem, 0.02),
    (DocKind::Code, 0.06), (DocKind::Stub, 0.06), (DocKind::NonEnglish, 0.12),
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
            let mut r = Rng(mix(seed, id, SALT_EDIT));
            mirror_url(&mut r, id, &mut doc.url);
            if how == DupKind::Near {
                near_edit(&mut r, doc);
            }
            (doc.dup_of, doc.dup_kind) = (Some(of), Some(how));
        }
    }
    doc.id = id;
}

// ---------------------------------------------------------------------------------------------
// Randomness: SplitMix64, seeded per (seed, id, purpose).

const SALT_DOC: u64 = 0x6A09_E667_F3BC_C908;
const SALT_DUP: u64 = 0xBB67_AE85_84CA_A73B;
const SALT_EDIT: u64 = 0x3C6E_F372_FE94_F82B;

fn fmix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn mix(seed: u64, id: u64, salt: u64) -> u64 {
    fmix(fmix(seed ^ salt) ^ id.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        fmix(self.0)
    }
    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// Uniform in `[0, 1)`, exactly representable (53 bits).
    fn f64(&mut self) -> f64 {
        (self.next() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
    /// A length from a long-tailed distribution: `tiers` of (percent, lo, hi), percents summing to 100.
    fn tiered(&mut self, tiers: &[(usize, usize, usize)]) -> usize {
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

// ---------------------------------------------------------------------------------------------
// Ground truth: kinds and duplicates.

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
    pick_kind(Rng(mix(seed, id, SALT_DOC)).f64())
}

/// Whether `id` rolled to be a duplicate; id 0 never is. Ids that roll `None` are originals.
fn dup_roll(seed: u64, id: u64) -> (Option<DupKind>, Rng) {
    let mut r = Rng(mix(seed, id, SALT_DUP));
    let u = r.f64();
    let how = if id == 0 {
        None
    } else if u < EXACT_DUP_RATE {
        Some(DupKind::Exact)
    } else if u < EXACT_DUP_RATE + NEAR_DUP_RATE {
        Some(DupKind::Near)
    } else {
        None
    };
    (how, r)
}

/// The original that `id` duplicates and how, or `None` when `id` is an original. Candidates are
/// earlier ids at a distance drawn log-uniformly (so skewed towards recent ids but covering the
/// whole range); a candidate must itself be an original, and not a stub for near duplicates.
fn dup_target(seed: u64, id: u64) -> Option<(u64, DupKind)> {
    let (how, mut r) = dup_roll(seed, id);
    let how = how?;
    let bits = 64 - id.leading_zeros() as usize;
    for _ in 0..12 {
        let span = (1u64 << (r.below(bits) + 1)).min(id);
        let j = id - 1 - r.below(span as usize) as u64;
        let eligible = dup_roll(seed, j).0.is_none() && (how == DupKind::Exact || kind_of(seed, j) != DocKind::Stub);
        if eligible {
            return Some((j, how));
        }
    }
    None
}

fn original_into(seed: u64, id: u64, doc: &mut SyntheticDoc) {
    let mut r = Rng(mix(seed, id, SALT_DOC));
    let kind = pick_kind(r.f64());
    let t = &TOPICS[r.below(TOPICS.len())];
    let lang = match kind {
        DocKind::NonEnglish => LANG_SHARES[r.below(LANG_SHARES.len())],
        DocKind::Lorem => "la",
        _ => "en",
    };
    doc.kind = kind;
    doc.lang = lang;
    doc.topic = matches!(kind, DocKind::Prose | DocKind::Spam | DocKind::NonEnglish).then_some(t.name);
    doc.url.clear();
    write_url(&mut r, kind, lang, t, id, &mut doc.url);
    doc.text.clear();
    let mut w = W { s: &mut doc.text, r, words: 0, sp: false, cap: true };
    match kind {
        DocKind::Prose => prose(&mut w, t),
        DocKind::Boilerplate => boilerplate(&mut w, t),
        DocKind::Spam => spam(&mut w, t),
        DocKind::Bullets => bullets(&mut w, t),
        DocKind::Ellipsis => ellipsis(&mut w, t),
        DocKind::Lorem => lorem(&mut w),
        DocKind::Code => code(&mut w, t),
        DocKind::Stub => stub(&mut w, t),
        DocKind::NonEnglish => match lang {
            "zh" | "ja" => cjk(&mut w, lang == "ja"),
            _ => foreign(&mut w, LANGS.iter().find(|l| l.code == lang).unwrap_or(&LANGS[0])),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// URLs.

const SUBS: [&str; 12] = ["www", "www", "www", "www", "blog", "news", "en", "m", "forum", "shop", "community", "info"];
const HOST_A: [&str; 20] = ["green", "blue", "daily", "open", "smart", "urban", "global", "modern", "first", "north",
    "river", "silver", "bright", "true", "clear", "prime", "local", "golden", "wild", "quiet"];
const HOST_B: [&str; 20] = ["valley", "journal", "times", "hub", "post", "report", "lab", "works", "guide", "review",
    "network", "press", "insider", "digest", "today", "world", "herald", "planet", "notes", "forum"];
const TLDS: [&str; 12] = [".com", ".com", ".com", ".com", ".org", ".org", ".net", ".co.uk", ".io", ".info", ".de", ".fr"];
const QUERIES: [&str; 7] = ["utm_source=newsletter", "ref=rss", "page=2", "amp=1", "share=twitter", "src=homepage", "lang=en"];
const SECTIONS: [&str; 8] = ["page", "post", "p", "article", "category", "tag", "docs", "snippets"];
const MIRROR_SUBS: [&str; 6] = ["mirror", "archive", "cache", "syndication", "feeds", "reader"];
const MIRROR_PATHS: [&str; 5] = ["/syndicated/", "/mirror/", "/amp/", "/feed/item/", "/archive/"];

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

fn push_host(r: &mut Rng, u: &mut String) {
    u.push_str(r.pick(&HOST_A));
    if r.chance(0.2) {
        u.push('-');
    }
    u.push_str(r.pick(&HOST_B));
}

fn write_url(r: &mut Rng, kind: DocKind, lang: &str, t: &Topic, id: u64, u: &mut String) {
    u.push_str(if r.chance(0.08) { "http://" } else { "https://" });
    u.push_str(r.pick(&SUBS));
    u.push('.');
    push_host(r, u);
    u.push_str(match lang {
        "de" => r.pick(&[".de", ".de", ".at", ".ch"]),
        "fr" => r.pick(&[".fr", ".fr", ".be", ".ca"]),
        "es" => r.pick(&[".es", ".es", ".com.mx", ".com.ar"]),
        "it" => ".it",
        "ru" => ".ru",
        "zh" => r.pick(&[".cn", ".com.cn"]),
        "ja" => r.pick(&[".jp", ".co.jp"]),
        _ => r.pick(&TLDS),
    });
    u.push('/');
    u.push_str(match kind {
        DocKind::Prose | DocKind::Spam | DocKind::NonEnglish => t.name,
        _ => r.pick(&SECTIONS),
    });
    u.push('/');
    if r.chance(0.3) {
        push_num(u, 2005 + r.below(20) as u64);
        u.push('/');
    }
    for i in 0..r.range(2, 5) {
        if i > 0 {
            u.push('-');
        }
        u.push_str(if r.chance(0.6) { r.pick(t.nouns) } else { r.pick(&GEN_NOUNS) });
    }
    u.push('-');
    push_num(u, id);
    match r.below(10) {
        0..=5 => u.push_str(".html"),
        6 | 7 => u.push('/'),
        _ => {
            u.push_str(".html?");
            u.push_str(r.pick(&QUERIES));
        }
    }
}

/// Moves `url`'s path to a mirror host, under a prefix naming duplicate `id`.
fn mirror_url(r: &mut Rng, id: u64, url: &mut String) {
    let host_start = url.find("://").map_or(0, |i| i + 3);
    let path_start = url[host_start..].find('/').map_or(url.len(), |i| host_start + i);
    let tail = url.split_off(path_start);
    url.clear();
    url.push_str("https://");
    url.push_str(r.pick(&MIRROR_SUBS));
    url.push('.');
    push_host(r, url);
    url.push_str(r.pick(&TLDS));
    url.push_str(r.pick(&MIRROR_PATHS));
    push_num(url, id);
    url.push_str(&tail);
}

// ---------------------------------------------------------------------------------------------
// English vocabulary.

/// A topic's own vocabulary.
struct Topic {
    name: &'static str,
    nouns: &'static [&'static str],
    adjs: &'static [&'static str],
    /// (base, past) forms.
    verbs: &'static [(&'static str, &'static str)],
}

const TOPICS: [Topic; 8] = [
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
        "efficient", "intelligent", "compact", "online", "programmable", "experimental"],
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

const GEN_NOUNS: [&str; 80] = ["time", "year", "group", "community", "report", "study", "question", "problem",
    "change", "decision", "system", "process", "result", "effect", "area", "region", "city", "country", "family",
    "company", "project", "plan", "program", "idea", "policy", "approach", "method", "value", "level", "period",
    "center", "effort", "market", "team", "school", "member", "leader", "author", "government", "committee",
    "council", "network", "service", "experience", "story", "morning", "evening", "week", "summer", "winter",
    "village", "reason", "example", "detail", "feature", "range", "source", "record", "moment", "challenge",
    "opportunity", "neighborhood", "audience", "partner", "volunteer", "budget", "agreement", "proposal", "survey",
    "campaign", "debate", "tradition", "festival", "library", "garden", "bridge", "river", "factory", "newspaper",
    "visitor"];
const GEN_ADJS: [&str; 52] = ["new", "old", "large", "small", "important", "recent", "local", "national", "public",
    "private", "major", "common", "simple", "complex", "early", "late", "modern", "traditional", "popular",
    "significant", "careful", "strong", "rapid", "slow", "difficult", "useful", "clear", "broad", "narrow", "natural",
    "regional", "global", "annual", "final", "basic", "serious", "unusual", "familiar", "remarkable", "practical",
    "quiet", "bright", "ordinary", "visible", "steady", "entire", "original", "independent", "detailed", "ambitious",
    "reliable", "flexible"];
const VERBS: [(&str, &str); 56] = [("describe", "described"), ("improve", "improved"), ("support", "supported"),
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
const DETS: [&str; 18] = ["the", "the", "the", "the", "the", "the", "the", "a", "a", "a", "this", "that", "every",
    "each", "another", "our", "their", "its"];
const ADVS: [&str; 20] = ["quickly", "slowly", "carefully", "clearly", "recently", "finally", "already", "often",
    "rarely", "gradually", "eventually", "largely", "simply", "quietly", "openly", "steadily", "widely", "mostly",
    "certainly", "probably"];
const DEGREE: [&str; 8] = ["very", "remarkably", "fairly", "increasingly", "surprisingly", "especially", "rather", "quite"];
const PREPS: [&str; 28] = ["of", "of", "of", "in", "in", "in", "with", "with", "for", "for", "to", "to", "on", "from",
    "about", "during", "after", "before", "across", "near", "under", "through", "without", "behind", "beyond",
    "against", "among", "within"];
const CONJS: [&str; 11] = ["and", "and", "and", "but", "while", "because", "although", "since", "so", "yet", "whereas"];
const SUBORD: [&str; 10] = ["because", "although", "when", "while", "after", "before", "since", "if", "unless", "once"];
const OPENERS: [&str; 26] = ["In recent years", "At the same time", "For example", "In contrast", "As a result",
    "Over the past decade", "In many cases", "On the other hand", "For most people", "Later that year", "In practice",
    "By contrast", "Not surprisingly", "Meanwhile", "Even so", "In the end", "Until recently", "For now", "In short",
    "Still", "Today", "Historically", "In theory", "Last spring", "Two years later", "Since then"];
const SAYS: [&str; 12] = ["said", "noted", "argued", "explained", "wrote", "believed", "suggested", "claimed",
    "insisted", "admitted", "reported", "announced"];
const COPULA: [&str; 8] = ["was", "is", "remained", "became", "seemed", "felt", "looked", "proved"];
const MODALS: [&str; 8] = ["will", "could", "may", "should", "would", "might", "must", "can"];
const TRY: [&str; 14] = ["helped", "tried", "wanted", "decided", "failed", "managed", "hoped", "continued", "began",
    "needed", "promised", "refused", "agreed", "planned"];
const CLEAR: [&str; 10] = ["clear", "likely", "possible", "obvious", "true", "striking", "worth noting", "unclear",
    "surprising", "widely known"];
const FIRST: [&str; 30] = ["Maria", "James", "Aisha", "Daniel", "Sofia", "Wei", "Olivia", "Ahmed", "Elena", "Lucas",
    "Priya", "Thomas", "Hannah", "Mateo", "Grace", "Kenji", "Amara", "Samuel", "Ingrid", "Omar", "Chloe", "Rafael",
    "Nadia", "Victor", "Laura", "Ivan", "Fatima", "Henry", "Zara", "Leo"];
const LAST: [&str; 30] = ["Lopez", "Smith", "Okafor", "Chen", "Novak", "Rossi", "Khan", "Murphy", "Schmidt",
    "Tanaka", "Silva", "Dubois", "Kowalski", "Andersen", "Patel", "Garcia", "Nguyen", "Fischer", "Moreau", "Costa",
    "Hughes", "Ibrahim", "Larsen", "Walsh", "Romano", "Sato", "Mendes", "Baker", "Clarke", "Weber"];
const PLACES: [&str; 30] = ["Lisbon", "Chicago", "Nairobi", "Osaka", "Toronto", "Melbourne", "Glasgow", "Seville",
    "Krakow", "Denver", "Bergen", "Porto", "Austin", "Lyon", "Cairo", "Dublin", "Hanoi", "Quito", "Oslo", "Leeds",
    "Bristol", "Valencia", "Seattle", "Munich", "Adelaide", "Santiago", "Istanbul", "Cardiff", "Halifax", "Turin"];
const FOOTERS: [&str; 8] = ["Share this article with your friends.", "This story first appeared on a partner site.",
    "Read more stories like this in our weekly newsletter.", "Republished with permission of the author.",
    "Comments on this article have been closed.", "Photo credits belong to their respective owners.",
    "Follow our coverage for further updates.", "Last updated this morning."];

// ---------------------------------------------------------------------------------------------
// The text writer and English prose.

/// Writes words into `s`, handling spaces and capitalization, counting words.
struct W<'a> {
    s: &'a mut String,
    r: Rng,
    words: usize,
    /// The next word needs a space before it.
    sp: bool,
    /// The next word starts a sentence.
    cap: bool,
}

impl W<'_> {
    fn word(&mut self, w: &str) {
        if self.sp {
            self.s.push(' ');
        }
        if self.cap {
            let mut cs = w.chars();
            if let Some(c) = cs.next() {
                self.s.extend(c.to_uppercase());
            }
            self.s.push_str(cs.as_str());
            self.cap = false;
        } else {
            self.s.push_str(w);
        }
        self.sp = true;
        self.words += 1;
    }
    /// A word in title case.
    fn tword(&mut self, w: &str) {
        self.cap = true;
        self.word(w);
    }
    fn num(&mut self, n: usize) {
        if self.sp {
            self.s.push(' ');
        }
        push_num(self.s, n as u64);
        (self.sp, self.cap) = (true, false);
        self.words += 1;
    }
    /// Text glued to the previous word (punctuation, separators).
    fn punct(&mut self, p: &str) {
        self.s.push_str(p);
        self.sp = true;
    }
    fn end(&mut self, p: &str) {
        self.s.push_str(p);
        (self.sp, self.cap) = (true, true);
    }
    /// Starts a new line (except at the very start).
    fn line(&mut self) {
        if !self.s.is_empty() {
            self.s.push('\n');
        }
        (self.sp, self.cap) = (false, true);
    }
    fn para(&mut self) {
        self.s.push_str("\n\n");
        (self.sp, self.cap) = (false, true);
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        self.r.pick(xs)
    }
    fn chance(&mut self, p: f64) -> bool {
        self.r.chance(p)
    }
}

fn noun(w: &mut W, t: &Topic) -> &'static str {
    if w.chance(0.55) { w.pick(t.nouns) } else { w.pick(&GEN_NOUNS) }
}

fn adj(w: &mut W, t: &Topic) -> &'static str {
    if w.chance(0.5) { w.pick(t.adjs) } else { w.pick(&GEN_ADJS) }
}

fn verb(w: &mut W, t: &Topic, past: bool) -> &'static str {
    let (base, done) = if w.chance(0.35) { w.pick(t.verbs) } else { w.pick(&VERBS) };
    if past { done } else { base }
}

fn simple_np(w: &mut W, t: &Topic) {
    let a = if w.chance(0.4) { Some(adj(w, t)) } else { None };
    let n = noun(w, t);
    let d = w.pick(&DETS);
    if d == "a" && a.unwrap_or(n).starts_with(['a', 'e', 'i', 'o', 'u']) {
        w.word("an");
    } else {
        w.word(d);
    }
    if let Some(a) = a {
        w.word(a);
    }
    w.word(n);
}

fn np(w: &mut W, t: &Topic) {
    match w.r.below(16) {
        0 => {
            let (f, l) = (w.pick(&FIRST), w.pick(&LAST));
            w.word(f);
            w.word(l);
        }
        1 => {
            let p = w.pick(&PLACES);
            w.word(p);
        }
        2 | 3 => {
            simple_np(w, t);
            w.word("of");
            simple_np(w, t);
        }
        _ => simple_np(w, t),
    }
}

fn pp(w: &mut W, t: &Topic) {
    let p = w.pick(&PREPS);
    w.word(p);
    simple_np(w, t);
}

fn clause(w: &mut W, t: &Topic) {
    np(w, t);
    match w.r.below(10) {
        0..=4 => {
            if w.chance(0.15) {
                let a = w.pick(&ADVS);
                w.word(a);
            }
            let v = verb(w, t, true);
            w.word(v);
            np(w, t);
            if w.chance(0.3) {
                pp(w, t);
            }
        }
        5 | 6 => {
            let (m, v) = (w.pick(&MODALS), verb(w, t, false));
            w.word(m);
            w.word(v);
            np(w, t);
            if w.chance(0.3) {
                pp(w, t);
            }
        }
        7 => {
            let c = w.pick(&COPULA);
            w.word(c);
            if w.chance(0.5) {
                let d = w.pick(&DEGREE);
                w.word(d);
            }
            let a = adj(w, t);
            w.word(a);
            if w.chance(0.35) {
                let b = adj(w, t);
                w.word("and");
                w.word(b);
            }
        }
        8 => {
            let (tr, v) = (w.pick(&TRY), verb(w, t, false));
            w.word(tr);
            w.word("to");
            w.word(v);
            np(w, t);
        }
        _ => {
            let s = w.pick(&SAYS);
            w.word(s);
            w.word("that");
            simple_np(w, t);
            let v = verb(w, t, true);
            w.word(v);
            simple_np(w, t);
        }
    }
}

/// One English sentence of roughly 8 to 30 words.
fn sentence(w: &mut W, t: &Topic) {
    let start = w.words;
    let len = 8 + w.r.below(12) + w.r.below(12);
    match w.r.below(100) {
        0..=11 => {
            let o = w.pick(&OPENERS);
            w.word(o);
            w.punct(",");
            clause(w, t);
        }
        12..=21 => {
            let s = w.pick(&SUBORD);
            w.word(s);
            clause(w, t);
            w.punct(",");
            clause(w, t);
        }
        22..=28 => {
            let (f, l, s) = (w.pick(&FIRST), w.pick(&LAST), w.pick(&SAYS));
            w.word(f);
            w.word(l);
            w.word(s);
            w.word("that");
            clause(w, t);
        }
        29..=33 => {
            let (q, a) = (w.pick(&["why", "how", "when", "where"]), w.pick(&["did", "can", "should", "would", "could"]));
            w.word(q);
            w.word(a);
            np(w, t);
            let v = verb(w, t, false);
            w.word(v);
            np(w, t);
            w.end("?");
            return;
        }
        34..=38 => {
            let (v, c) = (w.pick(&["is", "was", "seems", "remains"]), w.pick(&CLEAR));
            w.word("it");
            w.word(v);
            w.word(c);
            w.word("that");
            clause(w, t);
        }
        39..=43 => {
            let y = w.r.range(1890, 2023);
            w.word("in");
            w.num(y);
            w.punct(",");
            clause(w, t);
        }
        44..=47 => {
            let (p, n) = (w.r.range(2, 95), noun(w, t));
            w.word("about");
            w.num(p);
            w.word("percent");
            w.word("of");
            w.word("the");
            w.word(n);
            let v = verb(w, t, true);
            w.word(v);
            np(w, t);
        }
        48..=51 => {
            let v = w.pick(&["was", "is"]);
            w.word("there");
            w.word(v);
            simple_np(w, t);
            pp(w, t);
        }
        _ => clause(w, t),
    }
    while w.words - start < len {
        match w.r.below(6) {
            0 | 1 => {
                let c = w.pick(&CONJS);
                w.punct(",");
                w.word(c);
                clause(w, t);
            }
            2 => {
                let v = verb(w, t, true);
                w.punct(",");
                w.word("which");
                w.word(v);
                np(w, t);
            }
            3 => pp(w, t),
            4 => {
                w.word("with");
                simple_np(w, t);
            }
            _ => {
                let v = verb(w, t, true);
                w.word("and");
                w.word(v);
                simple_np(w, t);
            }
        }
    }
    w.end(if w.chance(0.03) { "!" } else { "." });
}

/// A title line in title case, without terminal punctuation.
fn title(w: &mut W, t: &Topic) {
    let (a, n, m) = (adj(w, t), noun(w, t), noun(w, t));
    match w.r.below(5) {
        0 => {
            w.tword("the");
            w.tword(a);
            w.tword(n);
            w.word("of");
            w.tword(m);
        }
        1 => {
            w.tword("how");
            w.tword(n);
            w.tword(w.r.pick(&["changed", "shaped", "saved", "rebuilt"]));
            w.word("the");
            w.tword(m);
        }
        2 => {
            w.tword("why");
            w.word("the");
            w.tword(a);
            w.tword(n);
            w.tword("matters");
        }
        3 => {
            w.tword(a);
            w.tword(n);
            w.word("and");
            w.tword(m);
        }
        _ => {
            let k = w.r.range(3, 12);
            w.num(k);
            w.tword(a);
            w.tword(w.r.pick(&["ideas", "lessons", "facts", "questions"]));
            w.word("about");
            w.tword(n);
        }
    }
}

fn prose(w: &mut W, t: &Topic) {
    let target = w.r.tiered(&[(70, 150, 700), (22, 700, 1500), (6, 1500, 3000), (2, 3000, 5000)]);
    if w.chance(0.6) {
        title(w, t);
        w.para();
    }
    let start = w.words;
    let mut paras = 0;
    while paras < 2 || w.words - start < target {
        if paras > 0 {
            w.para();
        }
        for _ in 0..w.r.range(2, 7) {
            sentence(w, t);
        }
        paras += 1;
    }
}

const STUB_LINES: [&str; 10] = ["Page not found.", "This page is under construction.",
    "The requested page could not be found.", "No results were found for your search.",
    "Access denied for this resource.", "Thank you for your message.", "This item is no longer available.",
    "Please log in to continue.", "Comments are closed for this post.", "Error 404: page not found"];

/// 3 to about 40 words: an error line, a bare title, or a title and one clause.
fn stub(w: &mut W, t: &Topic) {
    match w.r.below(4) {
        0 => {
            let l = w.pick(&STUB_LINES);
            w.punct(l);
        }
        1 => title(w, t),
        _ => {
            if w.chance(0.5) {
                title(w, t);
                w.para();
            }
            clause(w, t);
            w.end(".");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Junk kinds.

const NAV: [&str; 30] = ["Home", "About", "About Us", "Contact", "Contact Us", "Blog", "News", "Shop", "Products",
    "Services", "Careers", "Login", "Sign In", "Register", "FAQ", "Help", "Support", "Search", "Menu", "Cart",
    "My Account", "Events", "Gallery", "Press", "Partners", "Resources", "Pricing", "Docs", "Categories", "Archives"];
const COOKIE: [&str; 4] = ["This website uses cookies to ensure you get the best experience on our website.",
    "We use cookies to personalise content and ads and to analyse our traffic.",
    "By continuing to browse this site you agree to our use of cookies.",
    "Our site uses cookies. Learn more about our cookie policy"];
const COOKIE_BTN: [&str; 6] = ["Accept all cookies", "Accept", "Cookie settings", "Manage preferences",
    "Reject non-essential cookies", "Got it"];
const JS: [&str; 4] = ["Please enable JavaScript in your browser to view this site.", "JavaScript is disabled in your browser",
    "You need to enable JavaScript to run this app.", "This page requires JavaScript"];
const LEGAL: [&str; 9] = ["Privacy Policy", "Terms of Use", "Terms and Conditions", "Cookie Policy", "Imprint",
    "Accessibility", "Sitemap", "Disclaimer", "Do Not Sell My Information"];
const SOCIAL: [&str; 8] = ["Follow us on Facebook", "Follow us on Instagram", "Share on Twitter",
    "Subscribe to our newsletter", "Sign up for updates", "Enter your email address", "Subscribe", "Join our mailing list"];
const MISC: [&str; 12] = ["Back to top", "Read more", "Load more", "Previous post", "Next post", "Related articles",
    "Leave a comment", "Loading...", "Search for:", "Popular posts", "Recent comments", "Tags"];

fn boilerplate(w: &mut W, t: &Topic) {
    let (a, b) = (w.pick(&HOST_A), w.pick(&HOST_B));
    if w.chance(0.6) {
        w.line();
        w.punct("Skip to main content");
    }
    let (n, style) = (w.r.range(4, 9), w.r.below(3));
    w.line();
    for i in 0..n {
        if i > 0 {
            match style {
                0 => w.punct(" |"),
                1 => w.line(),
                _ => w.punct(" /"),
            }
        }
        let item = w.pick(&NAV);
        w.word(item);
    }
    if w.chance(0.5) {
        w.line();
        w.punct("You are here: Home >");
        w.tword(t.name);
        w.punct(" >");
        w.tword(noun(w, t));
    }
    if w.chance(0.5) {
        w.line();
        sentence(w, t);
        w.line();
        w.punct(w.r.pick(&MISC));
    }
    for _ in 0..w.r.range(1, 4) {
        w.line();
        w.punct(w.r.pick(&MISC));
    }
    w.line();
    w.punct(w.r.pick(&COOKIE));
    for _ in 0..w.r.range(1, 3) {
        w.line();
        w.punct(w.r.pick(&COOKIE_BTN));
    }
    if w.chance(0.5) {
        w.line();
        w.punct(w.r.pick(&JS));
    }
    if w.chance(0.6) {
        for _ in 0..w.r.range(1, 3) {
            w.line();
            w.punct(w.r.pick(&SOCIAL));
        }
    }
    w.line();
    w.punct(w.r.pick(&LEGAL[..2]));
    for _ in 0..w.r.range(2, 5) {
        w.line();
        w.punct(w.r.pick(&LEGAL));
    }
    w.line();
    w.punct("©");
    w.num(w.r.range(2008, 2024));
    w.tword(a);
    w.punct(b);
    w.punct(". All rights reserved.");
}

const SPAM_WORDS: [&str; 36] = ["cheap", "best", "buy", "free", "online", "discount", "sale", "deal", "offer", "price",
    "shipping", "order", "top", "review", "coupon", "promo", "code", "bonus", "casino", "win", "cash", "fast",
    "instant", "guaranteed", "official", "store", "shop", "outlet", "download", "hot", "now", "click", "unlimited",
    "exclusive", "premium", "wholesale"];

fn spam(w: &mut W, t: &Topic) {
    let k = w.r.range(4, 8);
    let mut kw = [""; 8];
    for (i, slot) in kw.iter_mut().enumerate().take(k) {
        *slot = if i % 2 == 0 { w.pick(&SPAM_WORDS) } else { w.pick(t.nouns) };
    }
    for _ in 0..w.r.range(8, 20) {
        w.line();
        let style = w.r.below(4);
        for i in 0..w.r.range(6, 14) {
            if i > 0 && style < 2 {
                w.punct(if style == 0 { " |" } else { "," });
            }
            w.cap = w.chance(0.3);
            w.word(kw[w.r.below(k)]);
        }
        if w.chance(0.2) {
            w.punct("!!!");
        }
    }
}

fn bullets(w: &mut W, t: &Topic) {
    let marker = w.pick(&["•", "-", "*"]);
    title(w, t);
    for _ in 0..w.r.range(12, 40) {
        w.line();
        w.punct(marker);
        match w.r.below(3) {
            0 => {
                let (a, n) = (adj(w, t), noun(w, t));
                w.word(a);
                w.word(n);
            }
            1 => {
                let n = noun(w, t);
                w.word(n);
                pp(w, t);
            }
            _ => {
                simple_np(w, t);
                let v = verb(w, t, true);
                w.word(v);
                simple_np(w, t);
                if w.chance(0.4) {
                    w.end(".");
                }
            }
        }
    }
}

fn ellipsis(w: &mut W, t: &Topic) {
    for _ in 0..w.r.range(8, 25) {
        w.line();
        if w.chance(0.85) {
            clause(w, t);
            w.end(if w.chance(0.5) { "..." } else { "…" });
        } else if w.chance(0.5) {
            title(w, t);
        } else {
            w.punct(w.r.pick(&MISC[..6]));
        }
    }
}

const LOREM: [&str; 64] = ["lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do",
    "eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua", "enim", "ad", "minim",
    "veniam", "quis", "nostrud", "exercitation", "ullamco", "laboris", "nisi", "aliquip", "ex", "ea", "commodo",
    "consequat", "duis", "aute", "irure", "in", "reprehenderit", "voluptate", "velit", "esse", "cillum", "fugiat",
    "nulla", "pariatur", "excepteur", "sint", "occaecat", "cupidatat", "non", "proident", "sunt", "culpa", "qui",
    "officia", "deserunt", "mollit", "anim", "id", "est", "laborum", "vestibulum", "ante"];

fn lorem(w: &mut W) {
    w.end("Lorem ipsum dolor sit amet, consectetur adipiscing elit.");
    for p in 0..w.r.range(1, 5) {
        if p > 0 {
            w.para();
        }
        for _ in 0..w.r.range(3, 8) {
            let n = w.r.range(6, 16);
            for i in 0..n {
                w.word(w.r.pick(&LOREM));
                if i + 1 < n && w.chance(0.08) {
                    w.punct(",");
                }
            }
            w.end(".");
        }
    }
}

// Code templates: @f @g function, @a @b variables, @t type, @s table (fixed per snippet); @c column,
// @k key, @n number (fresh at each use); upper-case @F @A @B give the camelCase form.
const CODE: [&[&str]; 4] = [
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
const FN_NAMES: [&str; 16] = ["load_config", "parse_record", "compute_total", "fetch_items", "update_cache",
    "build_index", "render_page", "validate_input", "merge_rows", "normalize_text", "send_request", "read_lines",
    "filter_users", "sort_entries", "count_tokens", "resolve_path"];
const VARS: [&str; 16] = ["items", "data", "rows", "users", "config", "buffer", "values", "records", "entries",
    "tokens", "path_list", "limit", "offset", "options", "payload", "batch"];
const TYPES: [&str; 12] = ["Config", "Record", "User", "Item", "Entry", "Token", "Node", "Cache", "Request",
    "Session", "Order", "Account"];
const COLS: [&str; 12] = ["user_id", "name", "email", "created_at", "price", "status", "score", "country", "amount",
    "title", "quantity", "category"];
const TABLES: [&str; 8] = ["users", "orders", "products", "events", "sessions", "accounts", "payments", "logs"];

fn push_camel(s: &mut String, name: &str) {
    let mut up = false;
    for c in name.chars() {
        if c == '_' {
            up = true;
        } else {
            s.push(if up { c.to_ascii_uppercase() } else { c });
            up = false;
        }
    }
}

fn code(w: &mut W, t: &Topic) {
    let lang = w.r.below(CODE.len());
    if w.chance(0.4) {
        sentence(w, t);
        w.para();
    }
    for i in 0..w.r.range(1, 4) {
        if i > 0 {
            w.para();
        }
        let tpl = w.pick(CODE[lang]);
        let (f, g, a, t, s) = (w.pick(&FN_NAMES), w.pick(&FN_NAMES), w.pick(&VARS), w.pick(&TYPES), w.pick(&TABLES));
        let b = VARS[(VARS.iter().position(|v| *v == a).unwrap_or(0) + 1 + w.r.below(VARS.len() - 1)) % VARS.len()];
        let mut rest = tpl;
        while let Some(p) = rest.find('@') {
            w.s.push_str(&rest[..p]);
            match rest.as_bytes()[p + 1] {
                b'f' => w.s.push_str(f),
                b'g' => w.s.push_str(g),
                b'a' => w.s.push_str(a),
                b'b' => w.s.push_str(b),
                b't' => w.s.push_str(t),
                b's' => w.s.push_str(s),
                b'c' => w.s.push_str(w.r.pick(&COLS)),
                b'k' => w.s.push_str(w.r.pick(&COLS)),
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

// ---------------------------------------------------------------------------------------------
// Non-English prose.

/// A language with spaces between words.
struct Lang {
    code: &'static str,
    dets: &'static [&'static str],
    /// Probability of a determiner before a noun.
    det_p: f64,
    nouns: &'static [&'static str],
    adjs: &'static [&'static str],
    /// Adjectives usually follow the noun.
    adj_after: bool,
    verbs: &'static [&'static str],
    preps: &'static [&'static str],
    conjs: &'static [&'static str],
    advs: &'static [&'static str],
    openers: &'static [&'static str],
    cop: &'static str,
}

/// Language codes of non-English documents, repeated by weight (of 20).
const LANG_SHARES: [&str; 20] = ["de", "de", "de", "de", "de", "fr", "fr", "fr", "fr", "es", "es", "es", "es", "it",
    "it", "it", "ru", "ru", "zh", "ja"];

const LANGS: [Lang; 5] = [
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
        "Am Ende", "Gleichzeitig"], cop: "ist" },
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
        "Au final", "En même temps"], cop: "est" },
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
        "Al final", "Al mismo tiempo"], cop: "es" },
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
        "Allo stesso tempo"], cop: "è" },
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
        "В итоге", "В то же время"], cop: "был" },
];

fn fnp(w: &mut W, l: &Lang) {
    if w.chance(l.det_p) {
        w.word(w.r.pick(l.dets));
    }
    let a = if w.chance(0.35) { Some(w.pick(l.adjs)) } else { None };
    if let (Some(a), false) = (a, l.adj_after) {
        w.word(a);
    }
    w.word(w.r.pick(l.nouns));
    if let (Some(a), true) = (a, l.adj_after) {
        w.word(a);
    }
}

fn fsentence(w: &mut W, l: &Lang) {
    let start = w.words;
    let len = 8 + w.r.below(10) + w.r.below(10);
    if w.chance(0.2) {
        w.word(w.r.pick(l.openers));
        w.punct(",");
    }
    fnp(w, l);
    if w.chance(0.15) {
        w.word(l.cop);
        if w.chance(0.5) {
            w.word(w.r.pick(l.advs));
        }
        w.word(w.r.pick(l.adjs));
    } else {
        if w.chance(0.3) {
            w.word(w.r.pick(l.advs));
        }
        w.word(w.r.pick(l.verbs));
        fnp(w, l);
    }
    if w.chance(0.4) {
        w.word(w.r.pick(l.preps));
        fnp(w, l);
    }
    while w.words - start < len {
        w.punct(",");
        w.word(w.r.pick(l.conjs));
        fnp(w, l);
        w.word(w.r.pick(l.verbs));
        fnp(w, l);
    }
    w.end(w.r.pick(&[".", ".", ".", ".", ".", ".", ".", ".", "!", "?"]));
}

fn foreign(w: &mut W, l: &Lang) {
    let target = w.r.tiered(&[(75, 100, 600), (20, 600, 1500), (5, 1500, 3000)]);
    let mut paras = 0;
    while paras < 2 || w.words < target {
        if paras > 0 {
            w.para();
        }
        for _ in 0..w.r.range(2, 6) {
            fsentence(w, l);
        }
        paras += 1;
    }
}

const ZH_N: [&str; 48] = ["城市", "经济", "社会", "文化", "技术", "政府", "研究", "问题", "企业", "市场", "教育", "学生",
    "科学", "历史", "健康", "旅游", "体育", "比赛", "计划", "项目", "系统", "数据", "环境", "生活", "工作", "国家", "地区",
    "人们", "专家", "公司", "医院", "食物", "时间", "方法", "影响", "变化", "政策", "资源", "农村", "网络", "能源", "交通",
    "家庭", "儿童", "老师", "医生", "产品", "服务"];
const ZH_V: [&str; 20] = ["提高", "支持", "推动", "改变", "进行", "发现", "认为", "表示", "需要", "建立", "促进", "加强",
    "提供", "解决", "参加", "关注", "完善", "实现", "保护", "探索"];
const ZH_A: [&str; 12] = ["重要", "主要", "传统", "现代", "新", "积极", "全面", "良好", "显著", "稳定", "基本", "长期"];
const ZH_ADV: [&str; 8] = ["不断", "非常", "更加", "已经", "正在", "逐步", "进一步", "仍然"];
const ZH_OPEN: [&str; 10] = ["近年来", "此外", "因此", "同时", "目前", "据报道", "总的来说", "另一方面", "事实上", "与此同时"];
const ZH_CONJ: [&str; 6] = ["并且", "但是", "而且", "同时", "因为", "所以"];
const JA_N: [&str; 40] = ["東京", "大阪", "会社", "研究", "技術", "経済", "社会", "文化", "学校", "学生", "先生", "問題",
    "市場", "政府", "地域", "環境", "生活", "仕事", "時間", "方法", "結果", "影響", "変化", "計画", "情報", "システム",
    "データ", "サービス", "プロジェクト", "チーム", "ニュース", "料理", "旅行", "健康", "歴史", "科学", "電車", "病院",
    "子ども", "家族"];
const JA_V: [&str; 15] = ["発表しました", "行いました", "進めています", "支えています", "変えました", "増やしています",
    "考えています", "示しました", "開始しました", "続けています", "提供しています", "調べました", "導入しました",
    "検討しています", "改善しました"];
const JA_A: [&str; 10] = ["新しい", "大きな", "重要な", "多くの", "日本の", "地元の", "新たな", "身近な", "便利な", "小さな"];
const JA_OPEN: [&str; 10] = ["最近", "また", "しかし", "そのため", "一方で", "現在", "さらに", "例えば", "実際に", "今後"];

/// Chinese or Japanese prose: no spaces, sentences end in "。".
fn cjk(w: &mut W, ja: bool) {
    let target = w.r.tiered(&[(75, 60, 400), (20, 400, 1000), (5, 1000, 2000)]);
    let mut paras = 0;
    while paras < 2 || w.words < target {
        if paras > 0 {
            w.para();
        }
        for _ in 0..w.r.range(2, 6) {
            let start = w.words;
            let len = 6 + w.r.below(10);
            let mut put = |w: &mut W, xs: &[&str]| {
                w.s.push_str(w.r.pick(xs));
                w.words += 1;
            };
            if ja {
                if w.chance(0.3) {
                    put(w, &JA_OPEN);
                    w.s.push('、');
                }
                put(w, &JA_N);
                put(w, &["は", "が", "では"]);
                if w.chance(0.5) {
                    put(w, &JA_A);
                }
                put(w, &JA_N);
                w.s.push('の');
                put(w, &JA_N);
                w.s.push('を');
                while w.words - start < len {
                    put(w, &JA_N);
                    put(w, &["と", "や", "も"]);
                }
                put(w, &JA_V);
            } else {
                if w.chance(0.3) {
                    put(w, &ZH_OPEN);
                    w.s.push('，');
                }
                put(w, &ZH_N);
                if w.chance(0.4) {
                    w.s.push('在');
                    put(w, &ZH_N);
                    put(w, &["中", "方面"]);
                }
                if w.chance(0.5) {
                    put(w, &ZH_ADV);
                }
                put(w, &ZH_V);
                if w.chance(0.5) {
                    put(w, &ZH_A);
                    w.s.push('的');
                }
                put(w, &ZH_N);
                while w.words - start < len {
                    w.s.push('，');
                    put(w, &ZH_CONJ);
                    put(w, &ZH_N);
                    put(w, &ZH_V);
                    put(w, &ZH_N);
                }
            }
            w.s.push('。');
        }
        paras += 1;
    }
}

// ---------------------------------------------------------------------------------------------
// Near duplicates.

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}')
}

/// Rewrites `doc.text` with edits at 0.8–2.5% of its words (or CJK characters), each a run of 1–3
/// substituted, deleted or inserted words, sometimes with a footer; the result always differs.
fn near_edit(r: &mut Rng, doc: &mut SyntheticDoc) {
    let src = std::mem::take(&mut doc.text);
    let out = &mut doc.text;
    out.reserve(src.len() + 64);
    let rate = 0.008 + 0.017 * r.f64();
    if matches!(doc.lang, "zh" | "ja") {
        edit_chars(r, &src, out, rate);
    } else {
        edit_words(r, &src, out, rate);
    }
    if r.chance(0.3) || *out == src {
        out.push_str("\n\n");
        out.push_str(r.pick(&FOOTERS));
    }
}

fn is_sep(b: u8) -> bool {
    b == b' ' || b == b'\n'
}

const TRAILING: [char; 9] = ['.', ',', '!', '?', ';', ':', '…', '"', ')'];

/// A random word of `src` without surrounding punctuation (or `fallback`).
fn sample_word<'a>(r: &mut Rng, src: &'a str, fallback: &'a str) -> &'a str {
    let b = src.as_bytes();
    for _ in 0..8 {
        let mut p = r.below(b.len());
        while p > 0 && !is_sep(b[p - 1]) {
            p -= 1;
        }
        let e = p + b[p..].iter().position(|&c| is_sep(c)).unwrap_or(b.len() - p);
        let core = src[p..e].trim_end_matches(TRAILING).trim_start_matches(['(', '"', '•', '*', '-']);
        if core.chars().any(char::is_alphanumeric) {
            return core;
        }
    }
    fallback
}

fn edit_words(r: &mut Rng, src: &str, out: &mut String, rate: f64) {
    let b = src.as_bytes();
    let (mut i, mut n_words, mut run, mut op) = (0, 0, 0, 0);
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
        n_words += 1;
        if run == 0 && n_words > 2 && r.chance(rate) {
            (run, op) = (r.range(1, 3), r.below(3));
        }
        if run == 0 || !word.chars().any(char::is_alphanumeric) {
            out.push_str(sep);
            out.push_str(word);
            continue;
        }
        run -= 1;
        let core = word.trim_end_matches(TRAILING);
        let tail = &word[core.len()..];
        let line_start = sep.is_empty() || sep.contains('\n');
        match op {
            1 if !line_start && tail.is_empty() => {} // delete the word and the space before it
            2 if tail.is_empty() || !line_start => {
                let extra = sample_word(r, src, core);
                out.push_str(sep);
                if tail.is_empty() {
                    out.push_str(word);
                    out.push(' ');
                    out.push_str(extra);
                } else {
                    out.push_str(extra);
                    out.push(' ');
                    out.push_str(word);
                }
            }
            _ => {
                out.push_str(sep);
                if core.starts_with(|c: char| c.is_ascii_digit()) {
                    push_num(out, r.range(1, 2030) as u64);
                } else {
                    out.push_str(sample_word(r, src, core));
                }
                out.push_str(tail);
            }
        }
    }
}

fn edit_chars(r: &mut Rng, src: &str, out: &mut String, rate: f64) {
    let sample = |r: &mut Rng, fallback: char| {
        for _ in 0..8 {
            let mut p = r.below(src.len());
            while !src.is_char_boundary(p) {
                p -= 1;
            }
            match src[p..].chars().next() {
                Some(c) if is_cjk(c) => return c,
                _ => {}
            }
        }
        fallback
    };
    let (mut run, mut op) = (0, 0);
    for (i, c) in src.chars().enumerate() {
        if !is_cjk(c) {
            out.push(c);
            continue;
        }
        if run == 0 && i > 2 && r.chance(rate) {
            (run, op) = (r.range(1, 3), r.below(3));
        }
        if run == 0 {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};
    use std::hash::{DefaultHasher, Hash, Hasher};

    /// Whitespace tokens, each CJK character being a token of its own.
    fn tokens(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for w in text.split_whitespace() {
            if w.chars().any(is_cjk) {
                out.extend(w.char_indices().map(|(i, c)| &w[i..i + c.len_utf8()]));
            } else {
                out.push(w);
            }
        }
        out
    }

    fn shingles(text: &str) -> HashSet<u64> {
        let toks = tokens(text);
        toks.windows(5.min(toks.len()))
            .map(|g| {
                let mut h = DefaultHasher::new();
                g.hash(&mut h);
                h.finish()
            })
            .collect()
    }

    fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
        let inter = a.intersection(b).count();
        inter as f64 / (a.len() + b.len() - inter).max(1) as f64
    }

    const STOP: [&str; 8] = ["the", "be", "to", "of", "and", "that", "have", "with"];

    #[test]
    fn deterministic_and_order_independent() {
        let forward: Vec<SyntheticDoc> = (0..400).map(|i| generate(7, i)).collect();
        let mut doc = SyntheticDoc::default();
        for i in (0..400).rev() {
            generate_into(7, i, &mut doc);
            assert_eq!(doc, forward[i as usize]);
            assert_eq!(generate(7, i), doc);
        }
        let differ = (0..400).filter(|&i| generate(8, i).text != forward[i as usize].text).count();
        assert!(differ >= 390, "seed 8 shares too many texts with seed 7: {differ}");
        assert!((KIND_SHARES.iter().map(|k| k.1).sum::<f64>() - 1.0).abs() < 1e-9);
        assert_eq!(KIND_SHARES.map(|k| k.0), DocKind::ALL);
    }

    #[test]
    fn ground_truth_rates_and_duplicates() {
        let (seed, n) = (42, 20_000u64);
        let docs: Vec<SyntheticDoc> = (0..n).map(|i| generate(seed, i)).collect();
        let mut kinds: HashMap<DocKind, usize> = HashMap::new();
        let (mut exact, mut near, mut near_ok, mut originals) = (0, 0, 0, 0);
        let mut urls = HashSet::new();
        for d in &docs {
            assert!(!d.text.is_empty() && urls.insert(d.url.clone()), "empty text or repeated url in {d:?}");
            let Some(j) = d.dup_of else {
                assert!(d.dup_kind.is_none());
                originals += 1;
                *kinds.entry(d.kind).or_default() += 1;
                continue;
            };
            let o = &docs[j as usize];
            assert!(j < d.id && o.dup_of.is_none(), "doc {} points to {j}", d.id);
            assert_eq!((d.kind, d.lang, d.topic), (o.kind, o.lang, o.topic));
            match d.dup_kind {
                Some(DupKind::Exact) => {
                    exact += 1;
                    assert_eq!(d.text, o.text);
                }
                Some(DupKind::Near) => {
                    near += 1;
                    assert_ne!(d.text, o.text);
                    let jac = jaccard(&shingles(&d.text), &shingles(&o.text));
                    near_ok += usize::from((0.6..=0.99).contains(&jac));
                }
                None => panic!("dup_of without dup_kind"),
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
        for i in 0..sets.len() {
            for j in i + 1..sets.len() {
                pairs += 1;
                low += usize::from(jaccard(&sets[i], &sets[j]) < 0.05);
            }
        }
        assert!(low as f64 >= 0.99 * pairs as f64, "{low} of {pairs}");
    }

    /// Gopher's fraction of characters in duplicated word n-grams.
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

    #[test]
    fn kinds_look_like_what_they_are() {
        let mut good_prose = (0, 0);
        for d in (0..6000).map(|i| generate(11, i)) {
            let lower = d.text.to_lowercase();
            let words: Vec<&str> = lower.split_whitespace().collect();
            let lines: Vec<&str> = d.text.lines().filter(|l| !l.trim().is_empty()).collect();
            assert!(!d.text.trim().is_empty());
            assert_eq!(d.topic.is_some(), matches!(d.kind, DocKind::Prose | DocKind::Spam | DocKind::NonEnglish));
            match d.kind {
                DocKind::Prose => {
                    assert!(words.len() >= 50 && words.contains(&"the") && words.contains(&"and"), "{}", d.text);
                    for (k, block) in d.text.split("\n\n").enumerate() {
                        let title = k == 0 && block.split_whitespace().count() <= 12;
                        assert!(title || block.ends_with(['.', '!', '?']), "unpunctuated: {block}");
                    }
                    let mean = words.iter().map(|w| w.chars().count()).sum::<usize>() as f64 / words.len() as f64;
                    let stops = STOP.iter().filter(|s| words.contains(s)).count();
                    good_prose.0 += 1;
                    good_prose.1 += usize::from((3.0..=10.0).contains(&mean) && stops >= 3 && dup_ngram_frac(&words, 5) < 0.15);
                }
                DocKind::Stub => assert!(words.len() < 50 && words.len() >= 2, "{}", d.text),
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
                    assert!(lower.contains("cookie") && (lower.contains("privacy policy") || lower.contains("terms of use")));
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
        assert!(good_prose.1 as f64 >= 0.95 * good_prose.0 as f64, "{good_prose:?}");
    }

    #[test]
    #[ignore = "throughput measurement; run with --ignored --nocapture in an optimized build"]
    fn throughput() {
        let n = 200_000u64;
        let mut doc = SyntheticDoc::default();
        let start = std::time::Instant::now();
        let mut bytes = 0;
        for i in 0..n {
            generate_into(1, i, &mut doc);
            bytes += doc.text.len();
        }
        let secs = start.elapsed().as_secs_f64();
        println!("{n} docs in {secs:.2}s: {:.0} docs/s, {:.1} MB/s, {:.0} bytes/doc",
            n as f64 / secs, bytes as f64 / secs / 1e6, bytes as f64 / n as f64);
    }
}
