//! Chinese full-text search without a Chinese word segmenter: CJK text is indexed as
//! overlapping character bigrams (so every two-character word such as 医保 or 养老 is a term),
//! ASCII letters and digits as lower-cased words. The same tokenizer runs on the query, and a
//! document matches when it holds every query term. [`index`] stores the terms in each
//! database's own inverted index.
#[cfg(feature = "ssr")]
pub mod index;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A piece of highlighted text: `mark` pieces matched the query. The view wraps them in
/// `<mark>`; the text itself is always escaped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Piece {
    pub text: String,
    pub mark: bool,
}

/// A search counts at most this many matches; beyond, the total says "more than" (a count
/// over every match of a common word would cost more than the page itself).
pub const SEARCH_COUNT_CAP: u64 = 1_000;

/// Pages a search counts ahead of the page shown: the pager says "超过 N 条" past them.
pub const COUNT_PAGES_AHEAD: u64 = 10;

/// How far the search for page `page` (of `per_page`) counts its matches: ten pages past it,
/// rounded up to a hundred (the pager says "超过 300 条", not "超过 220 条"), at most
/// [`SEARCH_COUNT_CAP`]. A count over every match of a common word grows with the catalog,
/// and the page itself does not; counting as far as the pager looks keeps the first page of
/// 医保 about as cheap at 200,000 documents (or a million questions) as at 1,000.
pub fn count_to(page: u64, per_page: u64) -> u64 {
    let ahead = page
        .saturating_add(COUNT_PAGES_AHEAD)
        .saturating_mul(per_page);
    ahead
        .div_ceil(100)
        .saturating_mul(100)
        .min(SEARCH_COUNT_CAP)
}

/// The most terms a query uses; the rest of a very long query is ignored.
pub const MAX_QUERY_TERMS: usize = 12;

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// Terms in order of appearance, with repeats.
pub fn tokenize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cjk: Vec<char> = Vec::new();
    let mut word = String::new();
    let flush_cjk = |run: &mut Vec<char>, out: &mut Vec<String>| {
        match run.len() {
            0 => {}
            1 => out.push(run[0].to_string()),
            _ => out.extend(run.windows(2).map(|w| w.iter().collect::<String>())),
        }
        run.clear();
    };
    let flush_word = |w: &mut String, out: &mut Vec<String>| {
        if !w.is_empty() {
            out.push(w.chars().take(32).collect());
            w.clear();
        }
    };
    for c in text.chars() {
        if is_cjk(c) {
            flush_word(&mut word, &mut out);
            cjk.push(c);
        } else if c.is_ascii_alphanumeric() {
            flush_cjk(&mut cjk, &mut out);
            word.push(c.to_ascii_lowercase());
        } else {
            flush_cjk(&mut cjk, &mut out);
            flush_word(&mut word, &mut out);
        }
    }
    flush_cjk(&mut cjk, &mut out);
    flush_word(&mut word, &mut out);
    out
}

/// The terms a text is indexed under: its [`tokenize`] terms, plus the last character of
/// every CJK run of two or more as a unigram, so that every character of the text starts
/// some term and a one-character query can match as a prefix (see [`is_single_cjk`]).
pub fn index_terms(text: &str) -> Vec<String> {
    let mut out = tokenize(text);
    let mut run = 0usize;
    let mut last = None;
    for c in text.chars().chain(std::iter::once(' ')) {
        if is_cjk(c) {
            run += 1;
            last = Some(c);
        } else {
            if run >= 2 {
                out.extend(last.map(|l| l.to_string()));
            }
            run = 0;
        }
    }
    out
}

/// Whether a query term is one CJK character, matched as the prefix of indexed terms.
pub fn is_single_cjk(term: &str) -> bool {
    let mut cs = term.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if is_cjk(c))
}

/// Term frequencies of a text.
pub fn term_counts(text: &str) -> BTreeMap<String, i32> {
    let mut m = BTreeMap::new();
    for t in tokenize(text) {
        *m.entry(t).or_insert(0) += 1;
    }
    m
}

/// The distinct terms of a query, at most [`MAX_QUERY_TERMS`].
pub fn query_terms(q: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tokenize(q) {
        if !out.contains(&t) {
            out.push(t);
        }
        if out.len() == MAX_QUERY_TERMS {
            break;
        }
    }
    out
}

/// Which characters of `text` any query term covers.
fn marks(chars: &[char], terms: &[Vec<char>]) -> Vec<bool> {
    let lower: Vec<char> = chars.iter().map(|c| c.to_ascii_lowercase()).collect();
    let mut mark = vec![false; chars.len()];
    for t in terms.iter().filter(|t| !t.is_empty()) {
        if t.len() > lower.len() {
            continue;
        }
        for i in 0..=lower.len() - t.len() {
            if lower[i..i + t.len()] == t[..] {
                mark[i..i + t.len()].iter_mut().for_each(|m| *m = true);
            }
        }
    }
    mark
}

fn pieces(chars: &[char], mark: &[bool]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for (c, m) in chars.iter().zip(mark) {
        match out.last_mut() {
            Some(p) if p.mark == *m => p.text.push(*c),
            _ => out.push(Piece {
                text: c.to_string(),
                mark: *m,
            }),
        }
    }
    out
}

fn term_chars(q: &str) -> Vec<Vec<char>> {
    query_terms(q).iter().map(|t| t.chars().collect()).collect()
}

/// The whole text with the query's terms marked.
pub fn highlight(text: &str, q: &str) -> Vec<Piece> {
    let chars: Vec<char> = text.chars().collect();
    let mark = marks(&chars, &term_chars(q));
    pieces(&chars, &mark)
}

/// About `width` characters of `text` around the first match, marked; the start of the
/// text when nothing matches.
pub fn snippet(text: &str, q: &str, width: usize) -> Vec<Piece> {
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect();
    let mark = marks(&chars, &term_chars(q));
    let first = mark.iter().position(|m| *m).unwrap_or(0);
    let start = first.saturating_sub(width / 4);
    let end = (start + width).min(chars.len());
    let mut out = pieces(&chars[start..end], &mark[start..end]);
    if start > 0 {
        out.insert(
            0,
            Piece {
                text: "…".into(),
                mark: false,
            },
        );
    }
    if end < chars.len() {
        out.push(Piece {
            text: "…".into(),
            mark: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_count_ten_pages_ahead_in_hundreds_up_to_the_cap() {
        assert_eq!(count_to(1, 20), 300);
        assert_eq!(count_to(1, 5), 100);
        assert_eq!(count_to(5, 20), 300);
        assert_eq!(count_to(6, 20), 400);
        assert_eq!(count_to(40, 20), 1_000);
        assert_eq!(count_to(100_000, 100), 1_000);
    }

    #[test]
    fn cjk_runs_become_overlapping_bigrams() {
        assert_eq!(tokenize("医保养老"), vec!["医保", "保养", "养老"]);
    }

    #[test]
    fn two_character_words_are_single_terms() {
        assert_eq!(query_terms("医保"), vec!["医保"]);
        assert_eq!(query_terms(" 养老 "), vec!["养老"]);
    }

    #[test]
    fn ascii_words_are_lowercased_and_punctuation_splits() {
        assert_eq!(
            tokenize("PM2.5监测，GDP增长"),
            vec!["pm2", "5", "监测", "gdp", "增长"]
        );
    }

    #[test]
    fn single_cjk_character_between_punctuation_is_a_unigram() {
        assert_eq!(tokenize("（一）"), vec!["一"]);
    }

    #[test]
    fn query_terms_are_distinct_and_capped() {
        assert_eq!(query_terms("医保医保"), vec!["医保", "保医"]);
        let long: String = "南川区政府信息公开工作年度报告医疗保险养老".into();
        assert_eq!(query_terms(&long).len(), MAX_QUERY_TERMS);
    }

    #[test]
    fn every_character_starts_an_index_term() {
        assert_eq!(index_terms("看中医。医"), vec!["看中", "中医", "医", "医"]);
        assert!(is_single_cjk("医"));
        assert!(!is_single_cjk("医保"));
        assert!(!is_single_cjk("a"));
    }

    #[test]
    fn counts() {
        let c = term_counts("医保医保");
        assert_eq!(c["医保"], 2);
        assert_eq!(c["保医"], 1);
    }

    #[test]
    fn highlight_marks_whole_phrases() {
        let p = highlight("城乡居民养老保险政策", "养老保险");
        assert_eq!(
            p,
            vec![
                Piece {
                    text: "城乡居民".into(),
                    mark: false
                },
                Piece {
                    text: "养老保险".into(),
                    mark: true
                },
                Piece {
                    text: "政策".into(),
                    mark: false
                },
            ]
        );
    }

    #[test]
    fn snippet_centres_on_the_first_match_and_keeps_markup_as_text() {
        let text = format!("{}<b>医保</b>{}", "前".repeat(100), "后".repeat(100));
        let s = snippet(&text, "医保", 40);
        assert_eq!(s.first().unwrap().text, "…");
        assert!(s.iter().any(|p| p.mark && p.text == "医保"));
        assert!(
            s.iter().any(|p| p.text.contains("<b>")),
            "escaped by the view, not here"
        );
        let total: usize = s.iter().map(|p| p.text.chars().count()).sum();
        assert!(total <= 42);
    }
}
