//! Sentence-level event extraction: triggers, participants, states, status, date, place.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;

use attache_core::{
    BlockKind, DateBasis, Document, Event, EventType, Evidence, Location, Mention, MentionKind,
    Mode, PartialDate, Participant, Span, Status,
};
use attache_kb::Kb;
use attache_mentions::normalize::fold;
use attache_mentions::{DocMemory, Matcher};
use regex::Regex;

use crate::dates::{self, DateContext, DateGrammar, DateKind, Resolved};
use crate::merge::merge;
use crate::segment::sentences;

/// Turns documents into events with one knowledge base. Build once, use for many documents.
pub struct Extractor<'k> {
    kb: &'k Kb,
    matcher: Matcher,
    /// Date grammars, compiled on first use of each language (compiling all of them is most
    /// of the start-up that the dictionary cache leaves).
    grammars: HashMap<String, OnceLock<DateGrammar>>,
    /// Per language: its abbreviations plus English's (machine-translated English is common).
    abbreviations: HashMap<String, HashSet<String>>,
    no_abbreviations: HashSet<String>,
    /// Cities big enough to be recognised without their state being named.
    big_places: HashSet<String>,
    /// Per language: words before and after (or endings of) a state named as a place.
    locatives: HashMap<String, (Vec<String>, Vec<String>)>,
}

/// A sentence with the mentions inside it.
struct Sentence {
    span: Span,
    /// Index of the block the sentence is in.
    block: usize,
    lang: Option<String>,
    /// The sentence's language puts the verb last.
    verb_final: bool,
    mentions: Vec<Mention>,
}

impl Sentence {
    fn cue<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Mention> + 'a {
        self.mentions
            .iter()
            .filter(move |m| m.kind == MentionKind::Cue && m.id == name)
    }
    fn has_cue(&self, name: &str) -> bool {
        self.cue(name).next().is_some()
    }
}

/// Why a date is null: the text says when only relative to a date the page does not give.
const UNANCHORED: &str =
    "the sentence dates it relative to a publication date the page does not state";
/// Why a date is null: its sentence does not say when.
const NO_DATE: &str = "the sentence states no date for it";
/// Why a date is null: neither its sentence nor the page says when.
const NO_DATE_NO_PAGE_DATE: &str =
    "the text states no date for it and the page no publication date";

/// Words between a negation and the trigger it denies.
const NEGATION_WORDS: usize = 4;

/// Bytes around a mention that the locative check reads.
const WINDOW: usize = 48;

/// Percent of a document's state mentions its two first states need for it to be bilateral.
const BILATERAL_SHARE: usize = 80;

/// A city of at least this many people is known without its state being named.
const BIG_CITY: u64 = 1_000_000;

/// More states than this in one event is a list, not an engagement.
const MAX_STATES: usize = 5;

/// Blocks shorter than this take the document's language: a language call on a title line is
/// less reliable than the document's.
const MIN_BLOCK_FOR_OWN_LANG: usize = 80;

impl<'k> Extractor<'k> {
    pub fn new(kb: &'k Kb) -> Self {
        let t = std::time::Instant::now();
        let matcher = Matcher::cached(kb, attache_mentions::cache::default_dir().as_deref());
        if std::env::var_os("ATTACHE_TRACE").is_some() {
            eprintln!("dictionary: {:?}", t.elapsed());
        }
        let grammars = kb
            .lexicons
            .keys()
            .map(|c| (c.clone(), OnceLock::new()))
            .collect();
        let words = |code: &str| -> Vec<String> {
            kb.lexicon(code)
                .map(|l| {
                    l.segmentation
                        .abbreviations
                        .iter()
                        .map(|a| a.trim_end_matches('.').to_lowercase())
                        .collect()
                })
                .unwrap_or_default()
        };
        let abbreviations = kb
            .lexicons
            .keys()
            .map(|c| (c.clone(), words(c).into_iter().chain(words("en")).collect()))
            .collect();
        Extractor {
            kb,
            matcher,
            grammars,
            abbreviations,
            no_abbreviations: words("en").into_iter().collect(),
            big_places: kb
                .places
                .iter()
                .filter(|p| p.population >= BIG_CITY)
                .map(|p| p.name.clone())
                .collect(),
            locatives: kb
                .lexicons
                .iter()
                .map(|(c, l)| {
                    let list = |k: &str| -> Vec<String> {
                        l.cues
                            .get(k)
                            .map(|v| {
                                v.iter()
                                    .map(|w| w.to_lowercase())
                                    .filter(|w| !w.is_empty())
                                    .collect()
                            })
                            .unwrap_or_default()
                    };
                    (c.clone(), (list("locative_before"), list("locative_after")))
                })
                .collect(),
        }
    }

    /// Whether a state mention is introduced as a place ("in Singapore", "シンガポールで",
    /// "Moskova'da"), by the locative words of the sentence's language.
    fn is_locative(&self, doc: &Document, m: &Mention, lang: Option<&str>) -> bool {
        let Some((before, after)) = lang.and_then(|l| self.locatives.get(l)) else {
            return false;
        };
        // Only the words next to the mention matter: look at a bounded window, not the whole
        // rest of the document (this runs for every state mention).
        let window = |a: usize, b: usize| {
            let (mut a, mut b) = (a.min(doc.text.len()), b.min(doc.text.len()));
            while !doc.text.is_char_boundary(a) {
                a += 1;
            }
            while !doc.text.is_char_boundary(b) {
                b -= 1;
            }
            doc.text.get(a..b).unwrap_or("")
        };
        let head = window(m.span.start.saturating_sub(WINDOW), m.span.start)
            .trim_end()
            .to_lowercase();
        let word_before = before.iter().any(|w| {
            let spaceless = w
                .chars()
                .all(|c| matches!(c as u32, 0x3040..=0x30FF | 0x4E00..=0x9FFF));
            head.ends_with(w.as_str())
                && (spaceless
                    || !head[..head.len() - w.len()]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric))
        });
        // A dateline: "SINGAPORE — …", "MOSCOW, May 3 (Reuters) -" at the start of a sentence.
        let raw_head =
            window(m.span.start.saturating_sub(WINDOW), m.span.start).trim_end_matches([' ', '\t']);
        let sentence_start = raw_head.is_empty() || raw_head.ends_with(['\n', '.', '。']);
        let after_text = window(m.span.end, m.span.end + WINDOW).trim_start();
        let dateline = sentence_start && after_text.starts_with(['—', '–', '-', ',', ':', '(']);
        let surface = m.span.slice(&doc.text).to_lowercase();
        let tail = window(m.span.end, m.span.end + WINDOW).to_lowercase();
        let word_after = after.iter().any(|w| {
            tail.starts_with(w.as_str())
                || tail.trim_start().starts_with(w.as_str())
                    && !w.trim().is_empty()
                    && tail.trim_start()[w.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
                || (surface.ends_with(w.as_str()) && surface.len() > w.len() + 3)
        });
        word_before || word_after || dateline
    }

    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    fn grammar(&self, lang: Option<&str>) -> Option<&DateGrammar> {
        let code = lang
            .filter(|l| self.grammars.contains_key(*l))
            .unwrap_or("en");
        let cell = self.grammars.get(code)?;
        let lex = self.kb.lexicon(code)?;
        Some(cell.get_or_init(|| DateGrammar::new(lex)))
    }

    /// Every mention in the document's content blocks.
    pub fn mentions(&self, doc: &Document) -> Vec<Mention> {
        let mut memory = DocMemory::default();
        doc.content_blocks()
            .flat_map(|b| {
                self.matcher.find(
                    &doc.text,
                    b.span,
                    self.block_lang(doc, b).as_deref(),
                    &mut memory,
                )
            })
            .collect()
    }

    fn block_lang(&self, doc: &Document, b: &attache_core::Block) -> Option<String> {
        match &b.lang {
            Some(l) if b.span.len() >= MIN_BLOCK_FOR_OWN_LANG || doc.lang.is_none() => {
                Some(l.clone())
            }
            _ => doc.lang.clone().or_else(|| b.lang.clone()),
        }
    }

    fn sentences(&self, doc: &Document) -> Vec<Sentence> {
        let mut memory = DocMemory::default();
        let mut out = Vec::new();
        for (block, b) in doc
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.kind == BlockKind::Content)
        {
            let lang = self.block_lang(doc, b);
            let ms = self
                .matcher
                .find(&doc.text, b.span, lang.as_deref(), &mut memory);
            let abbr = lang
                .as_deref()
                .and_then(|l| self.abbreviations.get(l))
                .unwrap_or(&self.no_abbreviations);
            for s in sentences(&doc.text, b.span, abbr) {
                let mentions = ms.iter().filter(|m| s.contains(m.span)).cloned().collect();
                let verb_final = lang
                    .as_deref()
                    .and_then(|l| self.kb.lexicon(l))
                    .is_some_and(|l| l.morphology.verb_final);
                out.push(Sentence {
                    span: s,
                    block,
                    lang: lang.clone(),
                    verb_final,
                    mentions,
                });
            }
        }
        out
    }

    /// The year the document fixes without a publication date: a weekday with a day and month
    /// that fits one of the years the text mentions ("Wednesday (September 22)" and "2021").
    fn anchor_year(&self, doc: &Document, sents: &[Sentence]) -> Option<i16> {
        static YEAR: OnceLock<Regex> = OnceLock::new();
        let year_re = YEAR
            .get_or_init(|| Regex::new(r"(?:^|[^\d])((?:19|20)\d\d)(?:[^\d]|$)").expect("static"));
        let mut years = BTreeSet::new();
        for s in sents {
            // Folding reads every script's digits as ASCII.
            let t = fold(s.span.slice(&doc.text)).text;
            for c in year_re.captures_iter(&t) {
                if let Ok(y) = c[1].parse::<i16>() {
                    years.insert(y);
                }
            }
        }
        let latest = *years.iter().next_back()?;
        for s in sents {
            let Some(g) = self.grammar(s.lang.as_deref()) else {
                continue;
            };
            for e in g.find(&g.prepare(&fold(s.span.slice(&doc.text)).text)) {
                if let DateKind::Calendar {
                    year: None,
                    month,
                    day: Some(d),
                    weekday: Some(wd),
                    ..
                } = e.kind
                {
                    let cands = dates::years_with_weekday(month, d, wd, latest);
                    if let Some(y) = cands.iter().find(|y| years.contains(y)) {
                        return Some(*y);
                    }
                    if let Some(&y) = cands.first().filter(|y| (*y - latest).abs() <= 2) {
                        return Some(y);
                    }
                }
            }
        }
        None
    }

    /// The events a document reports, merged so that each engagement appears once.
    pub fn extract(&self, doc: &Document) -> Vec<Event> {
        let sents = self.sentences(doc);
        let anchor_year = if doc.published.is_some() {
            None
        } else {
            self.anchor_year(doc, &sents)
        };
        let mut sents = sents;
        keep_places_of_named_states(&mut sents, &self.big_places);
        let mut events = Vec::new();
        // The protagonist: the official named most often so far (the earliest on a tie). "He
        // met …" is most often about them, not about whoever was named last.
        let mut counts: Vec<(Mention, usize)> = Vec::new();
        let (principal, bilateral) = principal_states(&sents);
        // A paragraph about a football match or a business forum yields nothing, even in its
        // sentences that do not say so again ("the squad arrives in Brazil on Thursday").
        let off_topic: HashSet<usize> = sents
            .iter()
            .filter(|s| s.has_cue("not_engagement"))
            .map(|s| s.block)
            .collect();
        let mut inheritable: Vec<bool> = Vec::new();
        for s in &sents {
            let protagonist = counts
                .iter()
                .enumerate()
                .max_by_key(|(i, (_, n))| (*n, std::cmp::Reverse(*i)))
                .map(|(_, (m, _))| m);
            if !off_topic.contains(&s.block) {
                let ctx = DocContext {
                    protagonist,
                    anchor_year,
                    principal: principal.clone(),
                    bilateral,
                };
                let found = self.sentence_events(doc, s, &ctx);
                // An engagement recalled from the past ("last year", "previously") keeps only
                // the date its own sentence states.
                let background = s.has_cue("background");
                inheritable.extend(std::iter::repeat_n(!background, found.len()));
                events.extend(found);
            }
            for p in s.mentions.iter().filter(|m| m.kind == MentionKind::Person) {
                match counts.iter_mut().find(|(m, _)| m.id == p.id) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((p.clone(), 1)),
                }
            }
        }
        inherit_lead_date(&mut events, &inheritable);
        let mut events = merge(events);
        // A list of many states is a summary ("has signed MoUs with China, Japan, Laos, …"),
        // not one engagement.
        events.retain(|e| e.countries.len() <= MAX_STATES);
        // Talks between two states reported once as a call: a headline's "hold talks" without
        // a place is that call.
        let calls: Vec<Vec<String>> = events
            .iter()
            .filter(|e| e.kind == EventType::Call)
            .map(|e| e.countries.clone())
            .collect();
        events.retain(|e| {
            !(e.kind == EventType::Meeting && e.location.is_none() && calls.contains(&e.countries))
        });
        events
    }

    fn sentence_events(&self, doc: &Document, s: &Sentence, ctx: &DocContext) -> Vec<Event> {
        let triggers: Vec<&Mention> = s
            .mentions
            .iter()
            .filter(|m| m.kind == MentionKind::Trigger)
            .collect();
        if triggers.is_empty() || s.has_cue("not_engagement") {
            return Vec::new();
        }
        let protocol: Vec<Span> = s.cue("protocol_invitation").map(|m| m.span).collect();
        let mut types: Vec<(EventType, &Mention, bool)> = Vec::new();
        for t in &triggers {
            let (base, video) = match t.id.strip_suffix("_VIDEO") {
                Some(b) => (b, true),
                None => (t.id.as_str(), false),
            };
            let Some(ty) = EventType::parse(base) else {
                continue;
            };
            // "patrol aircraft" names a thing; "without signing" denies the act.
            if s.cue("not_trigger").any(|c| c.span.overlaps(t.span)) || self.negated(doc, s, t) {
                continue;
            }
            // "on the sidelines of the Defence Ministers' Meeting": a capitalised trigger inside
            // a sentence that names a forum is part of the forum's name.
            let capitalised = doc.text[t.span.start..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            if capitalised && t.span.start > s.span.start && s.has_cue("forum") {
                continue;
            }
            if ty == EventType::Invitation
                && protocol.iter().any(|p| {
                    p.overlaps(t.span) || (t.span.start >= p.start && t.span.start <= p.end + 4)
                })
            {
                continue;
            }
            match types.iter_mut().find(|(x, _, _)| *x == ty) {
                Some(entry) => entry.2 |= video,
                None => types.push((ty, t, video)),
            }
        }
        // "invited him to visit Russia": the visit is what the invitation is about, not an
        // engagement of its own.
        if let Some(inv) = types
            .iter()
            .find(|(t, _, _)| *t == EventType::Invitation)
            .map(|t| t.1.span)
        {
            // Verb-final languages name the visit before the invitation ("সফরের আমন্ত্রণ").
            let content = |m: &Mention| {
                m.span.start > inv.end
                    || (s.verb_final
                        && m.span.end <= inv.start
                        && doc.text[m.span.end..inv.start].chars().count() <= 40)
            };
            types.retain(|(t, m, _)| {
                !(matches!(
                    t,
                    EventType::Visit | EventType::Meeting | EventType::Exercise
                ) && content(m))
            });
        }
        // What talks are about is not an engagement of its own: deliveries discussed in a call
        // or a meeting, exercises discussed on the phone or governed by a signed agreement.
        let start_of = |ty: EventType, types: &[(EventType, &Mention, bool)]| {
            types
                .iter()
                .find(|(t, _, _)| *t == ty)
                .map(|(_, m, _)| m.span.start)
        };
        let talks = [
            start_of(EventType::Meeting, &types),
            start_of(EventType::Call, &types),
        ]
        .into_iter()
        .flatten()
        .min();
        let call = start_of(EventType::Call, &types);
        let signing = start_of(EventType::Agreement, &types).is_some();
        // "discussed preparations for joint exercises" (or, verb last, "共同訓練の拡大で一致").
        let topic_of_talks = |m: &Mention| {
            s.cue("topic").any(|c| {
                if s.verb_final {
                    c.span.start >= m.span.end
                } else {
                    c.span.end <= m.span.start
                }
            })
        };
        types.retain(|(t, m, _)| {
            !(matches!(
                t,
                EventType::Exercise
                    | EventType::Patrol
                    | EventType::ArmsTransfer
                    | EventType::PortCall
            ) && topic_of_talks(m))
        });
        types.retain(|(t, m, _)| match t {
            EventType::ArmsTransfer => talks.is_none_or(|ts| m.span.start < ts),
            EventType::Exercise | EventType::Patrol => {
                !signing && call.is_none_or(|cs| m.span.start < cs)
            }
            _ => true,
        });
        // A document signed years ago ("the tenth anniversary of the memorandum") is history,
        // not an engagement of this article.
        if s.has_cue("background") {
            types.retain(|(t, _, _)| *t != EventType::Agreement);
        }
        // A signed contract for weapons is an arms transfer, not a cooperation agreement.
        if types.iter().any(|(t, _, _)| *t == EventType::ArmsTransfer) {
            types.retain(|(t, _, _)| *t != EventType::Agreement);
        }
        if types.iter().any(|(t, _, _)| *t == EventType::Call) {
            types.retain(|(t, _, _)| *t != EventType::Meeting);
        }
        // A visit by a ship, with no official named, is a port call.
        let officials = s
            .mentions
            .iter()
            .any(|m| matches!(m.kind, MentionKind::Person | MentionKind::Role));
        if !officials && s.has_cue("naval") {
            for t in types.iter_mut().filter(|t| t.0 == EventType::Visit) {
                t.0 = EventType::PortCall;
            }
            types.dedup_by_key(|t| t.0);
        }
        let mut out = Vec::new();
        for (ty, trigger, video) in types {
            if let Some(e) = self.build_event(doc, s, ty, trigger, video, ctx) {
                out.extend(split_bilaterals(e, s, trigger));
            }
        }
        if let Some(v) = self.implied_visit(s, &out) {
            out.push(v);
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn build_event(
        &self,
        doc: &Document,
        s: &Sentence,
        ty: EventType,
        trigger: &Mention,
        video: bool,
        ctx: &DocContext,
    ) -> Option<Event> {
        let (subject, anchor_year, principal) = (ctx.protagonist, ctx.anchor_year, &ctx.principal);
        let bilateral = ctx.bilateral;
        let lex = s.lang.as_deref().and_then(|l| self.kb.lexicon(l));
        let has_list =
            |cue: &str| lex.is_some_and(|l| l.cues.get(cue).is_some_and(|v| !v.is_empty()));
        if matches!(ty, EventType::Exercise | EventType::Patrol)
            && has_list("joint")
            && !s.has_cue("joint")
        {
            return None;
        }
        if ty == EventType::ArmsTransfer && has_list("weapons") && !s.has_cue("weapons") {
            return None;
        }
        let status = self.status(doc, s, trigger);
        let folded = fold(s.span.slice(&doc.text));
        let grammar = self.grammar(s.lang.as_deref());
        let ctx = DateContext {
            published: doc.published,
            anchor_year,
            planned: status == Status::Planned,
        };
        let dated = grammar.map(|g| {
            self.event_date(
                g,
                &folded.text,
                trigger.span.start.saturating_sub(s.span.start),
                &ctx,
            )
        });
        let resolved = dated.map(|(r, _)| r);
        let dated_relatively = dated.is_some_and(|(_, any)| any);

        // Participants: named officials, then officials introduced by role and state.
        let date_for_roles = resolved
            .and_then(|r| r.date)
            .filter(PartialDate::is_full)
            .or(doc.published.filter(PartialDate::is_full))
            .map(|d| {
                (
                    d.year.unwrap_or(2000),
                    d.month.unwrap_or(1),
                    d.day.unwrap_or(1),
                )
            });
        let mut participants: Vec<Participant> = Vec::new();
        let mut party: Vec<String> = Vec::new();
        let push_party = |c: &str, party: &mut Vec<String>| {
            if !party.iter().any(|x| x == c) {
                party.push(c.to_string());
            }
        };
        // "방한" (a visit to Korea): the visit word itself names the destination.
        if let Some(c) = &trigger.country {
            push_party(c, &mut party);
        }
        for m in s.mentions.iter().filter(|m| m.kind == MentionKind::Person) {
            if participants
                .iter()
                .any(|p| p.id.as_deref() == Some(m.id.as_str()))
            {
                continue;
            }
            participants.push(self.person(doc, m, date_for_roles));
            if let Some(c) = &m.country {
                push_party(c, &mut party);
            }
        }
        for (role, country) in self.unnamed_officials(doc, s) {
            if participants
                .iter()
                .any(|p| p.country.as_deref() == Some(country.as_str()) && p.name.is_some())
            {
                continue;
            }
            let holders = date_for_roles
                .map(|d| self.kb.holders(&role, &country, d))
                .unwrap_or_default();
            let title = self.kb.role(&role).map(|r| r.title.clone());
            let p = match holders.as_slice() {
                [one] => Participant {
                    name: Some(one.name.clone()),
                    surface: None,
                    role: title,
                    country: Some(country.clone()),
                    name_in_text: Some(false),
                    id: Some(one.id.clone()),
                },
                _ => Participant {
                    name: None,
                    surface: None,
                    role: title,
                    country: Some(country.clone()),
                    name_in_text: None,
                    id: None,
                },
            };
            if !participants
                .iter()
                .any(|q| q.name.is_some() && q.name == p.name)
            {
                participants.push(p);
            }
            push_party(&country, &mut party);
        }

        // States named in the sentence, and places.
        let places: Vec<&Mention> = s
            .mentions
            .iter()
            .filter(|m| m.kind == MentionKind::Place)
            .collect();
        let mut host_candidates: Vec<String> = Vec::new();
        let mut actor_spans: Vec<Span> = Vec::new();
        for m in &s.mentions {
            let Some(c) = &m.country else { continue };
            let is_state = matches!(
                m.kind,
                MentionKind::State | MentionKind::StateAdjective | MentionKind::StateMetonym
            );
            let is_org = m.kind == MentionKind::Organisation;
            if !is_state && !is_org {
                continue;
            }
            let apposition = m.kind == MentionKind::State
                && places.iter().any(|p| {
                    p.span.end <= m.span.start && doc.text[p.span.end..m.span.start].trim() == ","
                });
            // "talks in Singapore": where it happens. "Moscow and Tehran will hold drills": a
            // capital standing for its government is a party.
            let locative = is_state && self.is_locative(doc, m, s.lang.as_deref());
            if apposition || locative {
                host_candidates.push(c.clone());
            } else {
                push_party(c, &mut party);
                if m.kind == MentionKind::StateMetonym {
                    actor_spans.push(m.span);
                }
            }
        }
        // "Moscow said …": a capital acting for its government is not where it happened.
        let places: Vec<&Mention> = places
            .into_iter()
            .filter(|p| !actor_spans.contains(&p.span))
            .collect();
        for p in &places {
            if let Some(c) = &p.country {
                host_candidates.push(c.clone());
            }
        }
        // "The two countries signed …": the two states the article is about.
        if party.len() < 2 && s.has_cue("both_parties") {
            for c in principal.iter().take(2) {
                push_party(c, &mut party);
            }
        }
        // "He met …": the last named official stands in when the sentence names one side only.
        if party.len() < 2 {
            if let Some(subj) = subject {
                if let Some(c) = &subj.country {
                    if !party.contains(c) {
                        participants.insert(0, self.person(doc, subj, date_for_roles));
                        push_party(c, &mut party);
                    }
                }
            }
        }
        // A bilateral article ("he will then meet Rana"): the counterpart a named official's
        // talks leave unnamed is the other of the article's two states.
        let talks = matches!(ty, EventType::Meeting | EventType::Call);
        let named_official = participants.iter().any(|p| p.name.is_some());
        if talks
            && named_official
            && party.len() == 1
            && bilateral
            && principal.len() >= 2
            && principal[..2].contains(&party[0])
        {
            let other = if principal[0] == party[0] {
                &principal[1]
            } else {
                &principal[0]
            };
            push_party(other, &mut party);
        }
        let mut countries = party.clone();
        if countries.len() < 2 {
            for c in &host_candidates {
                if !countries.contains(c) {
                    countries.push(c.clone());
                }
            }
        }
        countries.sort();
        countries.dedup();
        if countries.len() < 2 {
            return None;
        }

        let mut location = self.location(
            doc,
            s,
            ty,
            &places,
            &party,
            &countries,
            participants.first(),
        );
        // "访日", "방한": the visit word names the destination.
        if ty == EventType::Visit {
            if let Some(dest) = &trigger.country {
                if location
                    .as_ref()
                    .is_none_or(|l| l.country.as_ref() != Some(dest))
                {
                    location = Some(Location {
                        name: None,
                        country: Some(dest.clone()),
                        area: None,
                    });
                }
            }
        }
        let mode = match ty {
            EventType::Call => Some(if video { Mode::Video } else { Mode::Phone }),
            EventType::Meeting | EventType::Visit => Some(Mode::InPerson),
            EventType::Exercise | EventType::Patrol => {
                if s.has_cue("naval") {
                    Some(Mode::Naval)
                } else if s.has_cue("air") {
                    Some(Mode::Air)
                } else if s.has_cue("land") {
                    Some(Mode::Land)
                } else {
                    None
                }
            }
            _ => None,
        };
        let name = if matches!(ty, EventType::Exercise | EventType::Patrol) {
            s.mentions
                .iter()
                .find(|m| m.kind == MentionKind::Exercise)
                .map(|m| m.id.clone())
                .or_else(|| exercise_name(s.span.slice(&doc.text)))
        } else {
            None
        };
        let mut r = resolved.unwrap_or(Resolved {
            date: None,
            end: None,
            basis: None,
        });
        if r.date.is_none() {
            if let Some(y) = name.as_deref().and_then(year_in_name) {
                r = Resolved {
                    date: Some(PartialDate {
                        year: Some(y),
                        month: None,
                        day: None,
                    }),
                    end: r.end,
                    basis: Some(DateBasis::FromName),
                };
            }
        }
        let date_reason = r.date.is_none().then(|| {
            if dated_relatively {
                UNANCHORED.to_string()
            } else if doc.published.is_none() {
                NO_DATE_NO_PAGE_DATE.to_string()
            } else {
                NO_DATE.to_string()
            }
        });
        let (inviter, invitee) = if ty == EventType::Invitation {
            let first = party.first().cloned();
            let second = countries
                .iter()
                .find(|c| Some(*c) != first.as_ref())
                .cloned();
            (first, second)
        } else {
            (None, None)
        };
        let named = participants.iter().filter(|p| p.name.is_some()).count();
        let mut confidence = 0.5
            + 0.1 * named.min(2) as f32
            + if r.date.is_some() { 0.1 } else { 0.0 }
            + if party.len() >= 2 { 0.1 } else { 0.0 };
        if status != Status::Occurred && status != Status::Planned {
            confidence -= 0.2;
        }
        Some(Event {
            doc_id: doc.id.clone(),
            kind: ty,
            status,
            countries,
            participants,
            date: r.date,
            date_end: r.end,
            date_basis: r.basis,
            date_reason,
            mode,
            location,
            evidence: vec![Evidence::from_span(&doc.text, s.span)],
            confidence: confidence.clamp(0.05, 0.95),
            name,
            inviter,
            invitee,
            duration_hours: None,
        })
    }

    /// A negation right before the trigger ("without signing", "did not meet") or, in
    /// verb-final languages, right after it ("署名せず").
    fn negated(&self, doc: &Document, s: &Sentence, t: &Mention) -> bool {
        // Close enough to deny it: at most a few words apart ("without announcing any
        // signing", "sans qu'aucun accord ne soit signé"), in any script.
        let words = |a: usize, b: usize| doc.text[a..b].split_whitespace().count();
        s.cue("negation").any(|n| {
            (n.span.end <= t.span.start && words(n.span.end, t.span.start) <= NEGATION_WORDS)
                || (s.verb_final
                    && n.span.start >= t.span.end
                    && words(t.span.end, n.span.start) <= NEGATION_WORDS)
        })
    }

    /// Bilateral talks hosted in a city of one of the two states imply the other side's visit
    /// (ANNOTATION: `implied: true`), unless the guest is an envoy posted there.
    fn implied_visit(&self, s: &Sentence, events: &[Event]) -> Option<Event> {
        let envoy = s.mentions.iter().any(|m| {
            m.kind == MentionKind::Role
                && matches!(m.id.as_str(), "ambassador" | "military_attache")
        });
        if envoy {
            return None;
        }
        let meeting = events.iter().find(|e| {
            e.kind == EventType::Meeting
                && e.countries.len() == 2
                && e.location.as_ref().is_some_and(|l| {
                    l.name.is_some() && l.country.as_ref().is_some_and(|c| e.countries.contains(c))
                })
        })?;
        if events
            .iter()
            .any(|e| e.kind == EventType::Visit && e.countries == meeting.countries)
        {
            return None;
        }
        let host = meeting.location.as_ref().and_then(|l| l.country.clone());
        let mut visit = meeting.clone();
        visit.kind = EventType::Visit;
        visit.participants.retain(|p| p.country != host);
        visit.confidence = (meeting.confidence - 0.15).max(0.05);
        Some(visit)
    }

    fn person(&self, doc: &Document, m: &Mention, date: Option<(i16, u8, u8)>) -> Participant {
        let person = self.kb.person(&m.id);
        let tenure = person.and_then(|p| {
            self.kb
                .role_at(p, date)
                .or_else(|| self.kb.role_at(p, None))
        });
        Participant {
            name: person.map(|p| p.name.clone()),
            surface: Some(m.span.slice(&doc.text).to_string()),
            role: tenure.map(|t| self.kb.title_of(t)),
            country: m.country.clone(),
            name_in_text: None,
            id: Some(m.id.clone()),
        }
    }

    /// Officials the sentence introduces by role and state ("the Peruvian defence minister")
    /// without a name the knowledge base knows.
    fn unnamed_officials(&self, doc: &Document, s: &Sentence) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for r in s.mentions.iter().filter(|m| m.kind == MentionKind::Role) {
            let named_after = s.mentions.iter().any(|p| {
                p.kind == MentionKind::Person
                    && p.span.start >= r.span.end
                    && gap(&doc.text, r.span.end, p.span.start) <= 3
            });
            if named_after {
                continue;
            }
            let state_near = s.mentions.iter().find(|m| {
                m.country.is_some()
                    && matches!(
                        m.kind,
                        MentionKind::StateAdjective
                            | MentionKind::State
                            | MentionKind::Organisation
                    )
                    && ((m.span.end <= r.span.start
                        && gap(&doc.text, m.span.end, r.span.start) <= 1)
                        || (m.span.start >= r.span.end
                            && gap(&doc.text, r.span.end, m.span.start) <= 2))
            });
            if let Some(st) = state_near {
                out.push((r.id.clone(), st.country.clone().unwrap_or_default()));
            }
        }
        out
    }

    fn status(&self, doc: &Document, s: &Sentence, trigger: &Mention) -> Status {
        // Nearness in characters, not bytes: 80 characters is a clause in any script.
        let chars = |a: usize, b: usize| {
            if a < b {
                doc.text[a..b].chars().count()
            } else {
                0
            }
        };
        let near = |m: &&Mention| {
            let t = trigger.span;
            chars(m.span.end, t.start) <= 80 && chars(t.end, m.span.start) <= 80
        };
        // A cancellation or denial anywhere in the sentence holds for its engagement: "the
        // meeting, where the ministers were to discuss …, was postponed".
        if s.has_cue("cancelled") {
            Status::Cancelled
        } else if s.has_cue("denied") {
            Status::Denied
        } else if s.cue("hypothetical").any(|m| {
            let t = trigger.span;
            (m.span.end <= t.start && chars(m.span.end, t.start) <= 60)
                || (s.verb_final && m.span.start >= t.end && chars(t.end, m.span.start) <= 40)
        }) {
            Status::Hypothetical
        } else if s.cue("planned").any(|m| near(&m)) {
            Status::Planned
        } else {
            Status::Occurred
        }
    }

    /// The date of the event: a range if the sentence states one, else the expression nearest
    /// the trigger.
    fn event_date(
        &self,
        g: &DateGrammar,
        folded: &str,
        trigger_pos: usize,
        ctx: &DateContext,
    ) -> (Resolved, bool) {
        let prepared = g.prepare(folded);
        let folded = prepared.as_str();
        let exprs = g.find(folded);
        let r = self.date_of(g, folded, &exprs, trigger_pos, ctx);
        (r, !exprs.is_empty())
    }

    fn date_of(
        &self,
        g: &DateGrammar,
        folded: &str,
        exprs: &[dates::DateExpr],
        trigger_pos: usize,
        ctx: &DateContext,
    ) -> Resolved {
        for w in exprs.windows(2) {
            // Positions come from `find` on this very text, so they are char boundaries; `get`
            // keeps a slip from ever becoming a panic.
            let slice = |a: usize, b: usize| folded.get(a..b).unwrap_or("");
            let between_start = slice(w[0].pos, folded.len())
                .find(|c: char| !c.is_alphanumeric())
                .map_or(w[0].pos, |i| w[0].pos + i);
            let joined =
                between_start <= w[1].pos && g.is_range_between(slice(between_start, w[1].pos));
            match (w[0].kind, w[1].kind) {
                (DateKind::Weekday { weekday: a, .. }, DateKind::Weekday { weekday: b, .. })
                    if joined =>
                {
                    return dates::resolve_weekday_range(a, b, ctx);
                }
                // "7月15日至7月20日", "from 15 July to 20 July": both ends as stated.
                (
                    DateKind::Calendar { day: Some(_), .. },
                    DateKind::Calendar { day: Some(_), .. },
                ) => {
                    let (a, b) = (
                        dates::resolve(&w[0].kind, ctx),
                        dates::resolve(&w[1].kind, ctx),
                    );
                    let close = w[1].pos.saturating_sub(w[0].pos) <= 40;
                    if close
                        && (joined
                            || slice(w[0].pos, w[1].pos)
                                .contains(['至', '到', '~', '～', '-', '–']))
                    {
                        if let (Some(start), Some(end)) = (a.date, b.date) {
                            if start <= end {
                                return Resolved {
                                    date: Some(start),
                                    end: Some(end),
                                    basis: a.basis,
                                };
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        let best = exprs
            .iter()
            .min_by_key(|e| (e.pos as i64 - trigger_pos as i64).abs());
        match best {
            Some(e) => {
                let mut r = dates::resolve(&e.kind, ctx);
                if r.date.is_none() && r.end.is_none() {
                    // Fall back to any other expression that does resolve.
                    if let Some(x) = exprs
                        .iter()
                        .map(|e| dates::resolve(&e.kind, ctx))
                        .find(|r| r.date.is_some())
                    {
                        r = x;
                    }
                }
                r
            }
            None => Resolved {
                date: None,
                end: None,
                basis: None,
            },
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn location(
        &self,
        doc: &Document,
        s: &Sentence,
        ty: EventType,
        places: &[&Mention],
        party: &[String],
        countries: &[String],
        visitor: Option<&Participant>,
    ) -> Option<Location> {
        let areas: Vec<String> = {
            let mut v: Vec<String> = Vec::new();
            for m in s.mentions.iter().filter(|m| m.kind == MentionKind::Area) {
                let name = self
                    .kb
                    .areas
                    .iter()
                    .find(|a| a.id == m.id)
                    .map_or(m.id.clone(), |a| a.name.clone());
                if !v.contains(&name) {
                    v.push(name);
                }
            }
            v
        };
        let area = (!areas.is_empty()).then(|| areas.join("; "));
        // A visit happens away from home: a place in the visitor's own state (a dateline, the
        // airport of departure) is not where it happens.
        let home = visitor
            .and_then(|v| v.country.clone())
            .filter(|_| matches!(ty, EventType::Visit | EventType::PortCall));
        let place = places.iter().find(|p| home.is_none() || p.country != home);
        if let Some(p) = place {
            let _ = doc;
            return Some(Location {
                name: Some(p.id.clone()),
                country: p.country.clone(),
                area,
            });
        }
        if area.is_some() {
            return Some(Location {
                name: None,
                country: None,
                area,
            });
        }
        if matches!(ty, EventType::Visit | EventType::PortCall) {
            // The destination: a state of the event that no participant comes from, else the
            // last one named.
            let host = countries.iter().find(|c| !party.contains(c)).or_else(|| {
                s.mentions.iter().rev().find_map(|m| {
                    matches!(m.kind, MentionKind::State)
                        .then_some(m.country.as_ref())
                        .flatten()
                        .filter(|c| countries.contains(c))
                })
            });
            return host.map(|h| Location {
                name: None,
                country: Some(h.clone()),
                area: None,
            });
        }
        None
    }
}

/// Bytes of text between two offsets other than spaces.
fn gap(text: &str, a: usize, b: usize) -> usize {
    if a > b {
        return usize::MAX;
    }
    text[a..b].trim().chars().count()
}

/// A named exercise written as words and a year: "North/Interaction-2023", "Joint Sea-2025".
fn exercise_name(sentence: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r#"(\p{Lu}[\p{L}]+(?:[ /.]+\p{Lu}[\p{L}]+)*)[ -]((?:19|20)\d\d)"#)
            .expect("static")
    });
    re.captures(sentence)
        .map(|c| format!("{}-{}", &c[1], &c[2]))
}

fn year_in_name(name: &str) -> Option<i16> {
    name.rsplit(|c: char| !c.is_ascii_digit())
        .find(|t| t.len() == 4)
        .and_then(|t| t.parse().ok())
}

/// "X met A, B and C": one subject state before the trigger and two or more counterparts after
/// it, each with a named official, are separate bilateral meetings, not one multilateral one.
fn split_bilaterals(e: Event, s: &Sentence, trigger: &Mention) -> Vec<Event> {
    if e.countries.len() < 3 {
        return vec![e];
    }
    if matches!(e.kind, EventType::Visit | EventType::PortCall) {
        return split_tour(e, s, trigger);
    }
    if !matches!(e.kind, EventType::Meeting | EventType::Call) {
        return vec![e];
    }
    let party = |m: &Mention| {
        matches!(
            m.kind,
            MentionKind::Person
                | MentionKind::State
                | MentionKind::StateAdjective
                | MentionKind::StateMetonym
        )
    };
    let before: BTreeSet<&String> = s
        .mentions
        .iter()
        .filter(|m| party(m) && m.span.end <= trigger.span.start)
        .filter_map(|m| m.country.as_ref())
        .collect();
    let after_persons: BTreeSet<&String> = s
        .mentions
        .iter()
        .filter(|m| m.kind == MentionKind::Person && m.span.start >= trigger.span.end)
        .filter_map(|m| m.country.as_ref())
        .filter(|c| !before.contains(c))
        .collect();
    if before.len() != 1 || after_persons.len() < 2 {
        return vec![e];
    }
    let subject = (*before.iter().next().expect("one subject")).clone();
    after_persons
        .into_iter()
        .map(|other| {
            let mut pair = e.clone();
            pair.countries = if subject < *other {
                vec![subject.clone(), other.clone()]
            } else {
                vec![other.clone(), subject.clone()]
            };
            pair.participants.retain(|p| {
                p.country
                    .as_ref()
                    .is_some_and(|c| *c == subject || c == other)
            });
            pair
        })
        .collect()
}

/// Drops city mentions whose state the document never names, unless the city is a big one: a
/// "San Pedro" in a Colombian story is not the Ivorian port, but Mumbai is Mumbai. Capitals that stand for their state are kept by the state
/// mention of the same span.
fn keep_places_of_named_states(sents: &mut [Sentence], big: &HashSet<String>) {
    let named: HashSet<String> = sents
        .iter()
        .flat_map(|s| s.mentions.iter())
        .filter(|m| m.kind != MentionKind::Place)
        .filter_map(|m| m.country.clone())
        .collect();
    for s in sents.iter_mut() {
        s.mentions.retain(|m| {
            m.kind != MentionKind::Place
                || big.contains(&m.id)
                || m.country.as_ref().is_some_and(|c| named.contains(c))
        });
    }
}

/// "will visit Vietnam, Indonesia and Singapore": one visitor and several destinations named
/// after the trigger are one visit per destination.
fn split_tour(e: Event, s: &Sentence, trigger: &Mention) -> Vec<Event> {
    let visitor: BTreeSet<&String> = s
        .mentions
        .iter()
        .filter(|m| m.span.end <= trigger.span.start)
        .filter(|m| {
            matches!(
                m.kind,
                MentionKind::Person
                    | MentionKind::StateAdjective
                    | MentionKind::State
                    | MentionKind::Organisation
            )
        })
        .filter_map(|m| m.country.as_ref())
        .collect();
    let destinations: BTreeSet<&String> = s
        .mentions
        .iter()
        .filter(|m| {
            m.span.start >= trigger.span.end
                && matches!(m.kind, MentionKind::State | MentionKind::StateMetonym)
        })
        .filter_map(|m| m.country.as_ref())
        .filter(|c| !visitor.contains(c) && e.countries.contains(c))
        .collect();
    if visitor.len() != 1 || destinations.len() < 2 {
        return vec![e];
    }
    let from = (*visitor.iter().next().expect("one visitor")).clone();
    destinations
        .into_iter()
        .map(|to| {
            let mut v = e.clone();
            let mut pair = vec![from.clone(), to.clone()];
            pair.sort();
            v.countries = pair;
            v.participants
                .retain(|p| p.country.as_ref().is_some_and(|c| *c == from || c == to));
            v.location = Some(Location {
                name: None,
                country: Some(to.clone()),
                area: None,
            });
            v
        })
        .collect()
}

/// What the document establishes beyond one sentence.
struct DocContext<'a> {
    /// The official named most often so far: "he" in "He met …".
    protagonist: Option<&'a Mention>,
    /// A year the text fixes when the page states no publication date.
    anchor_year: Option<i16>,
    /// The document's states, most mentioned first: "the two countries".
    principal: Vec<String>,
    /// Two states account for nearly all the document's state mentions.
    bilateral: bool,
}

/// The states a document is about, by how often it names them (states, adjectives, metonyms,
/// officials), most first; ties go to the state named first. Also whether the document is
/// bilateral: its two first states make up `BILATERAL_SHARE` percent of the mentions.
fn principal_states(sents: &[Sentence]) -> (Vec<String>, bool) {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for m in sents.iter().flat_map(|s| s.mentions.iter()) {
        let counted = matches!(
            m.kind,
            MentionKind::State
                | MentionKind::StateAdjective
                | MentionKind::StateMetonym
                | MentionKind::Person
        );
        let Some(c) = m.country.as_ref().filter(|_| counted) else {
            continue;
        };
        match counts.iter_mut().find(|(x, _)| x == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c.clone(), 1)),
        }
    }
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let mut order: Vec<(usize, (String, usize))> = counts.into_iter().enumerate().collect();
    order.sort_by_key(|(i, (_, n))| (std::cmp::Reverse(*n), *i));
    let top_two: usize = order.iter().take(2).map(|(_, (_, n))| n).sum();
    let bilateral = order.len() >= 2 && top_two * 100 >= total * BILATERAL_SHARE;
    (order.into_iter().map(|(_, (c, _))| c).collect(), bilateral)
}

/// The events of an article told around one dated engagement (the lead: "arrived in Rome
/// today", "met on Tuesday") happened on its date when their own sentence states none: the
/// meetings of a visit, the agreement signed at the talks. Only events that share a state with
/// the lead, that are not recalled from the past, and only a lead from the article's first
/// events, whose date is stated at least to the month.
fn inherit_lead_date(events: &mut [Event], inheritable: &[bool]) {
    const LEAD_EVENTS: usize = 3;
    inherit_lead_place(events, inheritable);
    let Some(lead) = events
        .iter()
        .take(LEAD_EVENTS)
        .find(|e| {
            e.date
                .is_some_and(|d| d.year.is_some() && d.month.is_some())
                && e.date_basis != Some(DateBasis::FromName)
        })
        .cloned()
    else {
        return;
    };
    for (e, ok) in events.iter_mut().zip(inheritable) {
        let undated = e.date.is_none()
            && matches!(
                e.date_reason.as_deref(),
                Some(NO_DATE | NO_DATE_NO_PAGE_DATE)
            );
        if *ok && undated && e.countries.iter().any(|c| lead.countries.contains(c)) {
            e.date = lead.date;
            e.date_basis = lead.date_basis;
            e.date_reason = Some(
                "the date of the article's lead engagement; its own sentence states none".into(),
            );
        }
    }
}

/// The same for the place: the meetings and signings of a visit to Brussels happen in
/// Brussels unless their own sentence says otherwise. Only events of the lead's states whose
/// sentence names no place, and not visits (a visit's place is its destination).
fn inherit_lead_place(events: &mut [Event], inheritable: &[bool]) {
    const LEAD_EVENTS: usize = 3;
    let Some(lead) = events.iter().take(LEAD_EVENTS).find_map(|e| {
        let l = e.location.as_ref()?;
        (l.name.is_some() && l.country.as_ref().is_some_and(|c| e.countries.contains(c)))
            .then(|| (l.clone(), e.countries.clone()))
    }) else {
        return;
    };
    for (e, ok) in events.iter_mut().zip(inheritable) {
        let same_states = e.countries.iter().filter(|c| lead.1.contains(c)).count() >= 2;
        if *ok
            && e.location.is_none()
            && same_states
            && !matches!(e.kind, EventType::Visit | EventType::Call)
        {
            e.location = Some(lead.0.clone());
        }
    }
}
