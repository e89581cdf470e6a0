//! The body of a seed: its lines → blocks (paragraphs, subheadings, lists),
//! cleaned of what is not article text: repeats of the headline, stamps,
//! photo credits, duplicated paragraphs and teasers of other articles, by
//! evidence (what a line says and what surrounds it), never by position.

use crate::arabic;
use crate::import::page::{self, Page};
use crate::import::seed::{Block, Role, Seed, heading_like, label_pair};
use crate::import::{dates, header};
use std::collections::HashSet;

/// Put the body lines together into blocks.
pub(crate) fn build_body(
    page: &Page,
    body: &[usize],
    roles: &mut [Option<Role>],
    seed: &mut Seed,
    repeat: &dyn Fn(&str) -> bool,
) {
    let lines = &page.lines;
    // Paragraphs separated by blank lines: a line that does not end a
    // sentence continues on the next line of the same block.
    let blank_separated = body.len() >= 3
        && body.iter().filter(|&&i| lines[i].blank_before).count() * 10 >= body.len() * 6;
    let mut blocks: Vec<(Block, Vec<usize>)> = Vec::new();
    for (k, &i) in body.iter().enumerate() {
        if roles[i].is_some() && roles[i] != Some(Role::ListItem) {
            continue;
        }
        let l = &lines[i];
        let t = l.text.as_str();
        if !l.is_text() {
            continue;
        }
        if repeat(t) {
            roles[i] = Some(Role::HeadlineRepeat);
            continue;
        }
        if let Some((text, url)) = header::caption(t) {
            if seed.caption.is_none() {
                seed.caption = Some(text);
                seed.caption_url = Some(url);
            }
            roles[i] = Some(Role::Caption);
            continue;
        }
        if l.words() <= 14 && l.date_line().is_some() {
            roles[i] = Some(Role::OtherDate);
            continue;
        }
        // A numbered line is a list item when another numbered line stands
        // next to it; alone, it is a sentence that starts with a number.
        // (Numbered paragraphs apart from each other stay paragraphs.)
        let numbered = page::numbered_item(t).filter(|_| {
            let is_num =
                |j: usize| lines[j].is_text() && page::numbered_item(&lines[j].text).is_some();
            let prev = k.checked_sub(1).map(|p| body[p]);
            let next = body.get(k + 1).copied();
            prev.is_some_and(|p| p + 1 == i && is_num(p) && !l.blank_before)
                || next.is_some_and(|n| n == i + 1 && is_num(n) && !lines[n].blank_before)
        });
        // "-بند" / "–بند": a dash run into its item, one line after another.
        let run_dash = loose_item(t).filter(|_| {
            let same = |j: usize| lines[j].is_text() && loose_item(&lines[j].text).is_some();
            (i > 0 && !l.blank_before && same(i - 1))
                || (i + 1 < lines.len() && !lines[i + 1].blank_before && same(i + 1))
        });
        // A short line printed twice in a row is a photo caption.
        if l.words() <= 8 && lines.get(i + 1).is_some_and(|n| n.text == l.text) {
            if seed.caption.is_none() {
                seed.caption = Some(header::clean_title(t));
            }
            roles[i] = Some(Role::Caption);
            roles[i + 1] = Some(Role::Caption);
            continue;
        }
        if let Some(item) = page::list_item(t).or(numbered).or(run_dash) {
            roles[i] = Some(Role::ListItem);
            match blocks.last_mut() {
                Some((Block::List(items), ids)) if !l.blank_before || blank_separated => {
                    items.push(item.to_string());
                    ids.push(i);
                }
                _ => blocks.push((Block::List(vec![item.to_string()]), vec![i])),
            }
            continue;
        }
        let next = body[k + 1..]
            .iter()
            .map(|&j| &lines[j])
            .find(|n| n.is_text());
        let follows_text = matches!(
            blocks.last(),
            Some((Block::Paragraph(_) | Block::List(_), _))
        );
        let last = body
            .last()
            .is_some_and(|&j| next.is_some_and(|n| std::ptr::eq(n, &lines[j])));
        let next_is_text = next.is_some_and(|n| {
            page::sentence_like(n)
                || n.words() >= 6
                || last
                || page::list_item(&n.text).is_some()
                || page::numbered_item(&n.text).is_some()
        });
        // "العالم - سوريا": a site or section label between paragraphs.
        if l.words() <= 5 && !page::ends_sentence(t) && label_pair(t) {
            roles[i] = Some(Role::Clutter("a site or section label"));
            continue;
        }
        // A subheading stands right above its text; a short label with a
        // photo or a widget under it is furniture.
        let text_under = lines.get(i + 1).is_some_and(|n| n.is_text());
        if heading_like(t)
            && !page::sentence_like(l)
            && next_is_text
            && text_under
            && (follows_text || blocks.is_empty())
            && (l.blank_before || !blank_separated)
        {
            roles[i] = Some(Role::Heading);
            blocks.push((Block::Heading(header::clean_title(t)), vec![i]));
            continue;
        }
        let furniture_under = lines.get(i + 1).is_some_and(|n| !n.is_text());
        if heading_like(t) && furniture_under && l.words() <= 4 {
            roles[i] = Some(Role::Clutter("a label over a photo or widget"));
            continue;
        }
        if blank_separated
            && !l.blank_before
            && let Some((Block::Paragraph(p), ids)) = blocks.last_mut()
            && !page::ends_sentence(p)
        {
            p.push(' ');
            p.push_str(t);
            ids.push(i);
            roles[i] = Some(Role::Paragraph);
            continue;
        }
        roles[i] = Some(Role::Paragraph);
        blocks.push((Block::Paragraph(t.to_string()), vec![i]));
    }
    // A heading with no text after it is a credit or a caption.
    while let Some((Block::Heading(_), ids)) = blocks.last() {
        for &i in ids {
            roles[i] = Some(Role::Trailer);
        }
        blocks.pop();
    }
    // The headline glued to the start of the lead.
    if let Some(h) = seed
        .title
        .clone()
        .chars()
        .next()
        .map(|_| seed.title.clone())
        && let Some((Block::Paragraph(p), _)) = blocks
            .iter_mut()
            .find(|(b, _)| matches!(b, Block::Paragraph(_)))
        && let Some(rest) = strip_prefix_loose(p, &h)
    {
        *p = rest;
    }
    strip_credits(&mut blocks);
    dedupe(&mut blocks, roles);
    drop_teasers(&mut blocks, roles, &seed.title);
    drop_leading_teaser(&mut blocks, roles, &seed.title);
    seed.blocks = blocks.into_iter().map(|(b, _)| b).collect();
}

/// `p` without `prefix` at its start (compared folded), when more follows.
fn strip_prefix_loose(p: &str, prefix: &str) -> Option<String> {
    let want = header::key(prefix);
    if want.chars().count() < 12 {
        return None;
    }
    let mut seen = String::new();
    for (i, c) in p.char_indices() {
        if c.is_alphanumeric() {
            seen.push_str(&arabic::fold(&c.to_string()));
        }
        if seen == want {
            let rest = p[i + c.len_utf8()..]
                .trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '-');
            return (lexicon_words(rest) >= 4).then(|| rest.to_string());
        }
        if !want.starts_with(&seen) {
            return None;
        }
    }
    None
}

fn lexicon_words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// A credit at the end of a paragraph, after its last sentence: "(أ ف ب)",
/// "...( وال ) ...", "AGENCY)" in another script.
fn strip_credits(blocks: &mut [(Block, Vec<usize>)]) {
    for (b, _) in blocks.iter_mut() {
        if let Block::Paragraph(p) = b
            && let Some(kept) = without_credit(p)
        {
            *p = kept;
        }
    }
}

/// The paragraph without a short credit after its last sentence, if it
/// ends with one.
fn without_credit(p: &str) -> Option<String> {
    let is_dots = |c: char| c.is_whitespace() || c == '.' || c == '…';
    let trimmed = p.trim_end_matches(is_dots);
    // "… من جديد". ...( وال ) ...": a parenthesised credit after a sentence.
    if let Some(open) = trimmed.strip_suffix(')').and_then(|t| t.rfind('(')) {
        let inside = &trimmed[open..];
        let before = &trimmed[..open];
        let sentence = before.trim_end_matches(is_dots);
        let after_stop = before.trim_end().ends_with(['.', '…']) || page::ends_sentence(sentence);
        if lexicon_words(inside) <= 4 && after_stop && !sentence.is_empty() {
            // Keep the sentence's own stop, drop the ellipsis around the credit.
            let kept = before.trim_end();
            let kept = kept
                .strip_suffix("...")
                .or_else(|| kept.strip_suffix('…'))
                .unwrap_or(kept)
                .trim_end();
            let mut kept = kept.to_string();
            if !page::ends_sentence(&kept) {
                kept.push('.');
            }
            return Some(kept);
        }
        return None;
    }
    // "… بطبيعة عملها. AGENCY)": a word or two in another script;
    // "… سابقين.انتهى": the agencies' end-of-report word;
    // "… طوال... 08.09.2022, الموقع": a date and a name after the text.
    let (cut, stop) = trimmed
        .char_indices()
        .rev()
        .find(|&(i, c)| matches!(c, '.' | '؟' | '!' | '…') && !in_number(trimmed, i))?;
    let end = cut + stop.len_utf8();
    let tail = trimmed[end..].trim();
    let own = crate::import::lexicon::main_script(p);
    let foreign = lexicon_words(tail) <= 2
        && tail.chars().any(char::is_alphabetic)
        && crate::import::lexicon::main_script(tail) != own;
    let end_word = matches!(
        arabic::fold(tail.trim_matches(['(', ')', '-'])).as_str(),
        "انتهي" | "اه"
    );
    let dated = dates::full_dates(tail)
        .first()
        .is_some_and(|f| f.token == 0)
        && lexicon_words(tail) <= 5;
    (!tail.is_empty() && (foreign || end_word || dated)).then(|| trimmed[..end].to_string())
}

/// Is the character at byte `i` a dot inside a number ("08.09.2022", "3.5")?
fn in_number(s: &str, i: usize) -> bool {
    let before = s[..i].chars().next_back();
    let mut rest = s[i..].chars();
    rest.next();
    let after = rest.next();
    before.is_some_and(|c| c.is_ascii_digit()) && after.is_some_and(|c| c.is_ascii_digit())
}

/// Drop a paragraph printed twice: one that is the start of another
/// (a standfirst cut short, a repeat cut by the scrape) goes.
fn dedupe(blocks: &mut Vec<(Block, Vec<usize>)>, roles: &mut [Option<Role>]) {
    let keys: Vec<Option<String>> = blocks
        .iter()
        .map(|(b, _)| match b {
            Block::Paragraph(p) => Some(header::key(p)).filter(|k| k.chars().count() >= 30),
            _ => None,
        })
        .collect();
    let mut drop: HashSet<usize> = HashSet::new();
    for (a, ka) in keys.iter().enumerate() {
        let Some(ka) = ka else { continue };
        for (b, kb) in keys.iter().enumerate() {
            let Some(kb) = kb else { continue };
            if a == b || drop.contains(&b) {
                continue;
            }
            // `a` is contained at the start of `b`: `a` goes (on equal
            // text, the later one).
            if kb.starts_with(ka.as_str()) && (ka.len() < kb.len() || a > b) {
                drop.insert(a);
                break;
            }
        }
    }
    let mut k = 0;
    blocks.retain(|(_, ids)| {
        let keep = !drop.contains(&k);
        if !keep {
            for &i in ids {
                roles[i] = Some(Role::Duplicate);
            }
        }
        k += 1;
        keep
    });
}

/// A dash or bullet run into its item ("-أحمد ولد أحمد، سفير"): the item.
fn loose_item(t: &str) -> Option<&str> {
    let rest = t.strip_prefix(['-', '–', '•', '·', '*'])?;
    (rest.chars().next().is_some_and(char::is_alphabetic) && lexicon_words(rest) >= 2)
        .then_some(rest)
}

/// Drop a first paragraph that shares no word with the rest of the body:
/// a ticker or a row of other articles' headlines printed above the text.
fn drop_leading_teaser(
    blocks: &mut Vec<(Block, Vec<usize>)>,
    roles: &mut [Option<Role>],
    title: &str,
) {
    let paragraphs: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, (b, _))| matches!(b, Block::Paragraph(_)))
        .map(|(k, _)| k)
        .collect();
    let (Some(&first), true) = (paragraphs.first(), paragraphs.len() >= 3) else {
        return;
    };
    let Block::Paragraph(text) = &blocks[first].0 else {
        return;
    };
    if text.trim_start().starts_with(['و', 'ف']) {
        return;
    }
    let rest = stems_of(&blocks[first + 1..], title);
    let own = header::stems(text);
    let shared = own.iter().filter(|w| rest.contains(*w)).count();
    if own.len() >= 8 && shared * 20 <= own.len() {
        for &i in &blocks[first].1 {
            roles[i] = Some(Role::Teaser);
        }
        blocks.remove(first);
    }
}

/// The word stems of `blocks` and of the headline: what a paragraph that
/// belongs to the story shares words with.
fn stems_of(blocks: &[(Block, Vec<usize>)], title: &str) -> HashSet<String> {
    blocks
        .iter()
        .flat_map(|(b, _)| match b {
            Block::Paragraph(p) | Block::Heading(p) => header::stems(p),
            Block::List(items) => items.iter().flat_map(|i| header::stems(i)).collect(),
        })
        .chain(header::stems(title))
        .collect()
}

/// Drop single-sentence paragraphs at the end of the body that share no
/// word with the headline or the rest of the article: teasers of other
/// articles that a page prints under the text.
fn drop_teasers(blocks: &mut Vec<(Block, Vec<usize>)>, roles: &mut [Option<Role>], title: &str) {
    loop {
        let paragraphs = blocks
            .iter()
            .filter(|(b, _)| matches!(b, Block::Paragraph(_)))
            .count();
        if paragraphs < 2 {
            return;
        }
        let Some((Block::Paragraph(last), ids)) = blocks.last() else {
            return;
        };
        let sentences = last
            .trim_end()
            .trim_end_matches(['.', '؟', '!'])
            .matches(['.', '؟', '!'])
            .count();
        if sentences > 0 {
            return;
        }
        let rest = stems_of(&blocks[..blocks.len() - 1], title);
        // A paragraph that goes on with the story opens with "و" or "ف"
        // ("وأوضح المصدر…"); a teaser of another story does not.
        let continues = last.trim_start().starts_with(['و', 'ف', '"', '«', '“']);
        let own = header::stems(last);
        let shared = own.iter().filter(|w| rest.contains(*w)).count();
        if continues || own.len() < 6 || shared * 10 > own.len() {
            return;
        }
        for &i in ids {
            roles[i] = Some(Role::Teaser);
        }
        blocks.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_after_the_last_sentence() {
        assert_eq!(
            without_credit("وأعلنت الوزارة ذلك \"من جديد\". ...( وكالة ) ...").as_deref(),
            Some("وأعلنت الوزارة ذلك \"من جديد\".")
        );
        assert_eq!(
            without_credit("وقالت الوزارة إن العمل مستمر. AGENCY)").as_deref(),
            Some("وقالت الوزارة إن العمل مستمر.")
        );
        assert_eq!(
            without_credit("هل تعرف ما هو؟ نجوم الفريق وعدوا الجماهير بالأفضل").as_deref(),
            None,
            "a question mark is two bytes; the tail is Arabic"
        );
        assert_eq!(
            without_credit("وقال الوزير (في تصريح) إن الوضع مستقر"),
            None
        );
        assert_eq!(without_credit("نص عادي."), None);
    }
}
