// renkei's page: filter the table as `renkei search` would. The keys come from Python (the
// same SearchIndex the CLI uses); this script only normalises the query and matches.
// normalize() ports textnorm.normalize and romajiToHiragana() romaji.romaji_to_hiragana:
// keep them in step (tests compare them with Python on every name, reading and test query).
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("renkei-data").textContent);
  const KEYS = DATA.keys;

  // -- textnorm.normalize --------------------------------------------------------------------

  // Python's str.split() whitespace (str.isspace), not JavaScript's \s.
  const SPACES = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;
  const REMOVED = /^[\p{P}\p{Z}\p{C}~]$/u;
  const KANA_VARIANTS = { "づ": "ず", "ぢ": "じ", "を": "お", "ゐ": "い", "ゑ": "え" };
  const ROWS = {
    a: "あかさたなはまやらわがざだばぱぁゃゎゕ",
    i: "いきしちにひみりぎじぢびぴぃゐ",
    u: "うくすつぬふむゆるぐずづぶぷぅゅゔ",
    e: "えけせてねへめれげぜでべぺぇゑゖ",
    o: "おこそとのほもよろをごぞどぼぽぉょ",
  };
  const VOWEL_OF = new Map();
  for (const [vowel, kanas] of Object.entries(ROWS)) {
    for (const kana of kanas) VOWEL_OF.set(kana, vowel);
  }
  const LENGTHENS = { "あ": "a", "い": "ie", "う": "uo", "え": "e", "お": "o" };
  const LONG_MARK = "ー";

  function casefold(text) {
    let out = "";
    for (const ch of text) {
      const folded = DATA.casefold[ch];
      out += folded !== undefined ? folded : ch.toLowerCase();
    }
    return out;
  }

  function katakanaToHiragana(ch) {
    const code = ch.codePointAt(0);
    if (code >= 0x30a1 && code <= 0x30f6) return String.fromCodePoint(code - 0x60);
    if (code === 0x30fd || code === 0x30fe) return String.fromCodePoint(code - 0x60);
    return ch;
  }

  function foldLongVowels(text) {
    let out = "";
    let previous = null;
    for (const ch of text) {
      if (ch === LONG_MARK) continue;
      const allowed = LENGTHENS[ch];
      if (allowed !== undefined && previous !== null && allowed.includes(previous)) continue;
      out += ch;
      previous = VOWEL_OF.has(ch) ? VOWEL_OF.get(ch) : null;
    }
    return out;
  }

  function normalize(text) {
    let out = "";
    for (const ch of casefold(text.normalize("NFKC"))) {
      if (REMOVED.test(ch)) continue;
      const kana = katakanaToHiragana(ch);
      out += KANA_VARIANTS[kana] !== undefined ? KANA_VARIANTS[kana] : kana;
    }
    return foldLongVowels(out);
  }

  function isKanaKey(key) {
    if (!key) return false;
    for (const ch of key) {
      if (ch < "\u3041" || ch > "\u309f") return false;
    }
    return true;
  }

  // -- romaji.romaji_to_hiragana -------------------------------------------------------------

  const VOWELS = "aiueo";
  const MARKED = {
    "ā": "aa", "ī": "ii", "ū": "uu", "ē": "ee", "ō": "ou",
    "â": "aa", "î": "ii", "û": "uu", "ê": "ee", "ô": "ou",
  };
  const CIRCUMFLEX_AFTER = { a: "a", i: "i", u: "u", e: "e", o: "u" };
  const SEPARATORS = "'-";
  const SYLLABLES = (function () {
    const table = { a: "あ", i: "い", u: "う", e: "え", o: "お" };
    const plain = {
      k: "かきくけこ", g: "がぎぐげご", s: "さしすせそ", z: "ざじずぜぞ", t: "たちつてと",
      d: "だぢづでど", n: "なにぬねの", h: "はひふへほ", b: "ばびぶべぼ", p: "ぱぴぷぺぽ",
      m: "まみむめも", r: "らりるれろ",
    };
    for (const [consonant, kanas] of Object.entries(plain)) {
      [...VOWELS].forEach((vowel, i) => { table[consonant + vowel] = kanas[i]; });
    }
    const yoon = {
      ky: "き", gy: "ぎ", sy: "し", sh: "し", zy: "じ", j: "じ", jy: "じ", ty: "ち", cy: "ち",
      ch: "ち", dy: "ぢ", ny: "に", hy: "ひ", by: "び", py: "ぴ", my: "み", ry: "り",
    };
    for (const [prefix, kana] of Object.entries(yoon)) {
      table[prefix + "a"] = kana + "ゃ";
      table[prefix + "u"] = kana + "ゅ";
      table[prefix + "o"] = kana + "ょ";
    }
    Object.assign(table, {
      shi: "し", she: "しぇ", chi: "ち", che: "ちぇ", ji: "じ", je: "じぇ", tsu: "つ",
      dzu: "づ", fu: "ふ", fa: "ふぁ", fi: "ふぃ", fe: "ふぇ", fo: "ふぉ", ya: "や", yu: "ゆ",
      yo: "よ", ye: "いぇ", wa: "わ", wi: "うぃ", we: "うぇ", wo: "を", va: "ゔぁ", vi: "ゔぃ",
      vu: "ゔ", ve: "ゔぇ", vo: "ゔぉ", thi: "てぃ", dhi: "でぃ",
    });
    return table;
  })();
  const MAX_LEN = Math.max(...Object.keys(SYLLABLES).map((key) => key.length));
  const ALLOWED = new Set("abcdefghijkmnoprstuvwyz" + SEPARATORS + "^" + Object.keys(MARKED).join(""));

  function expandMarks(word) {
    const out = [];
    for (const ch of word) {
      if (ch === "^") {
        const last = out.length ? out[out.length - 1] : "";
        if (!out.length || CIRCUMFLEX_AFTER[last] === undefined) return "";
        out.push(CIRCUMFLEX_AFTER[last]);
      } else {
        out.push(MARKED[ch] !== undefined ? MARKED[ch] : ch);
      }
    }
    return out.join("");
  }

  function vowelOrY(ch) {
    return ch !== "" && "aiueoy".includes(ch);
  }

  function convertWord(word) {
    word = expandMarks(word);
    if (!word) return null;
    const out = [];
    let i = 0;
    while (i < word.length) {
      const ch = word[i];
      const nxt = i + 1 < word.length ? word[i + 1] : "";
      const after = i + 2 < word.length ? word[i + 2] : "";
      if (SEPARATORS.includes(ch)) { i += 1; continue; }
      if (ch === "n" && !vowelOrY(nxt)) {
        out.push("ん");
        i += nxt === "'" || (nxt === "n" && !vowelOrY(after)) ? 2 : 1;
        continue;
      }
      if (ch === "m" && nxt !== "" && "bmp".includes(nxt)) { out.push("ん"); i += 1; continue; }
      if (ch === "o" && nxt === "h" && !vowelOrY(after)) { out.push("おう"); i += 2; continue; }
      if (!VOWELS.includes(ch) && (nxt === ch || (ch === "t" && nxt === "c"))) {
        out.push("っ");
        i += 1;
        continue;
      }
      let found = false;
      for (let length = Math.min(MAX_LEN, word.length - i); length > 0; length--) {
        const kana = SYLLABLES[word.slice(i, i + length)];
        if (kana !== undefined) { out.push(kana); i += length; found = true; break; }
      }
      if (!found) return null;
    }
    return out.join("") || null;
  }

  function splitWords(text) {
    return text.split(SPACES).filter((word) => word !== "");
  }

  function romajiToHiragana(text) {
    const words = splitWords(casefold(text.normalize("NFKC")));
    if (!words.length) return null;
    for (const word of words) {
      for (const ch of word) if (!ALLOWED.has(ch)) return null;
    }
    const converted = words.map(convertWord);
    if (converted.some((part) => part === null)) return null;
    return converted.filter((part) => part).join(" ");
  }

  // -- search.SearchIndex.search -------------------------------------------------------------

  const LEVELS = ["name", "reading", "variant", "context", "fuzzy", "source"];
  // How each level is shown beside a result.
  const LEVEL_LABELS = {
    name: "名称", reading: "読み", variant: "表記ゆれ", context: "見出し", fuzzy: "誤字", source: "原文",
  };
  const [NAME, READING, VARIANT, CONTEXT, FUZZY, SOURCE] = [0, 1, 2, 3, 4, 5];
  const BAND = 9;

  function score(level, quality) {
    return 90 - 10 * level + BAND * Math.min(Math.max(quality, 0), 1);
  }

  function codePoints(text) {
    return Array.from(text);
  }

  function length(text) {
    let count = 0;
    for (const _ of text) count++;
    return count;
  }

  const VARIANT_OF = new Map(KEYS.variants);
  const VARIANT_RE = KEYS.variants.length
    ? new RegExp(KEYS.variants.map(([form]) => form.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&")).join("|"), "gu")
    : null;

  function variantTouches(key) {
    return KEYS.variants.some(([form]) => key.includes(form));
  }

  function variantCanonical(key) {
    return VARIANT_RE === null ? key : key.replace(VARIANT_RE, (form) => VARIANT_OF.get(form));
  }

  function parseTerms(query) {
    const terms = [];
    for (const text of splitWords(query.normalize("NFKC"))) {
      const key = normalize(text);
      if (!key) continue;
      let kana = null;
      if (isKanaKey(key)) {
        kana = key;
      } else if (/[a-z]/.test(key)) {
        const converted = romajiToHiragana(text);
        if (converted !== null) kana = normalize(converted) || null;
      }
      const canonical = [];
      for (const needle of [key, kana]) {
        if (needle && variantTouches(needle)) {
          const form = variantCanonical(needle);
          if (!canonical.includes(form)) canonical.push(form);
        }
      }
      const needles = kana && kana !== key ? [key, kana] : [key];
      terms.push({ text, key, kana, canonical, needles });
    }
    return terms;
  }

  const NAMES = KEYS.names;
  function readingOf(text) {
    const words = text.split("|");
    const starts = [];
    let offset = 0;
    for (const word of words) { starts.push(offset); offset += word.length; }
    const joined = words.join("");
    return { words, starts, joined, length: length(joined) };
  }
  const READINGS = KEYS.readings.map(readingOf);
  // A reading folded across its word breaks too, where that differs (Readings._across_words).
  const READINGS_ACROSS = KEYS.readingsAcross.map((text) => (text ? readingOf(text) : null));

  // Python's round() of a non-negative number to a whole number: an exact half to even.
  function roundHalfEven(x) {
    const down = Math.floor(x);
    if (x - down !== 0.5) return Math.round(x);
    return down % 2 === 0 ? down : down + 1;
  }

  function keepBest(hits, index, hit) {
    const current = hits.get(index);
    if (current === undefined || hit.score > current.score) hits.set(index, hit);
  }

  function matchNames(term, hits) {
    for (const needle of term.needles) {
      NAMES.forEach((name, index) => {
        if (name.includes(needle)) {
          const quality = (0.6 * length(needle)) / length(name) + 0.4 * (name.startsWith(needle) ? 1 : 0);
          keepBest(hits, index, { level: NAME, score: score(NAME, quality) });
        }
      });
    }
  }

  function matchReadings(term, hits) {
    const kana = term.kana;
    READINGS.forEach((main, index) => {
      if (hits.has(index)) return;
      for (const reading of [main, READINGS_ACROSS[index]]) {
        if (reading === null) continue;
        for (let word = 0; word < reading.words.length; word++) {
          if (!reading.words[word]) continue;
          if (reading.joined.startsWith(kana, reading.starts[word])) {
            const quality = (0.6 * length(kana)) / Math.max(reading.length, 1) + 0.4 * (word === 0 ? 1 : 0);
            hits.set(index, { level: READING, score: score(READING, quality) });
            return;
          }
        }
      }
    });
  }

  function matchVariants(term, hits) {
    for (const needle of term.canonical) {
      KEYS.canonicalNames.forEach((name, index) => {
        const current = hits.get(index);
        if (name.includes(needle) && (current === undefined || current.level >= VARIANT)) {
          const quality = (0.6 * length(needle)) / length(name) + 0.4 * (name.startsWith(needle) ? 1 : 0);
          keepBest(hits, index, { level: VARIANT, score: score(VARIANT, quality) });
        }
      });
    }
  }

  function matchContexts(term, hits) {
    const matched = new Map();
    KEYS.titles.forEach(([key, canonical, specificity], id) => {
      let longest = 0;
      for (const needle of term.needles) if (key.includes(needle)) longest = Math.max(longest, length(needle));
      const suffixes = KEYS.titleReadings[id];
      if (term.kana && suffixes.some((suffix) => suffix.startsWith(term.kana))) {
        const readingLength = Math.max(suffixes.length ? length(suffixes[0]) : 0, 1);
        longest = Math.max(longest, roundHalfEven((length(term.kana) * length(key)) / readingLength));
      }
      for (const needle of term.canonical) if (canonical.includes(needle)) longest = Math.max(longest, length(needle));
      if (!longest) return;
      const coverage = longest / Math.max(length(key), longest);
      matched.set(id, { level: CONTEXT, score: score(CONTEXT, 0.6 * specificity + 0.4 * coverage) });
    });
    if (!matched.size) return;
    for (const [titleIds, projects] of KEYS.groups) {
      let best = null;
      for (const id of titleIds) {
        const hit = matched.get(id);
        if (hit !== undefined && (best === null || hit.score > best.score)) best = hit;
      }
      if (best === null) continue;
      for (const index of projects) {
        const current = hits.get(index);
        if (current === undefined || (current.level >= CONTEXT && best.score > current.score)) {
          hits.set(index, best);
        }
      }
    }
  }

  // renkei's topics at the context level, below a document title the term fills (_match_topics).
  function matchTopics(term, hits) {
    const keys = [term.key, ...term.needles];
    for (const [title, names, synonyms, projects] of KEYS.topics) {
      let quality;
      if (keys.some((key) => names.includes(key))) quality = 0.9;
      else if (keys.some((key) => synonyms.includes(key))) quality = 0.7;
      else continue;
      const hit = { level: CONTEXT, score: score(CONTEXT, quality), topic: title };
      for (const index of projects) {
        const current = hits.get(index);
        if (current === undefined || (current.level >= CONTEXT && hit.score > current.score)) {
          hits.set(index, hit);
        }
      }
    }
  }

  // Every non-overlapping [start, end) of a needle in a text, in code points (search._occurrences).
  function occurrences(needle, text) {
    const found = [];
    if (!needle) return found;
    const size = length(needle);
    let position = text.indexOf(needle);
    while (position >= 0) {
      const start = length(text.slice(0, position));
      found.push([start, start + size]);
      position = text.indexOf(needle, position + needle.length);
    }
    return found;
  }

  function matchSources(term, hits) {
    KEYS.sources.forEach((source, index) => {
      if (source === null || hits.has(index)) return;
      const [key, ownStart, ownEnd, canonicalKey, origin] = source;
      let longest = 0;
      for (const needle of term.needles) {
        if (occurrences(needle, key).some(([a, b]) => a < ownEnd && b > ownStart)) {
          longest = Math.max(longest, length(needle));
        }
      }
      if (term.canonical.length && !longest) {
        const text = canonicalKey === undefined ? key : canonicalKey;
        for (const needle of term.canonical) {
          for (const [a, b] of occurrences(needle, text)) {
            const first = origin === undefined ? a : origin[a][0];
            const last = origin === undefined ? b : origin[b - 1][1];
            if (first < ownEnd && last > ownStart) longest = Math.max(longest, length(needle));
          }
        }
      }
      if (longest) hits.set(index, { level: SOURCE, score: score(SOURCE, longest / length(key)) });
    });
  }

  // rapidfuzz's fuzz.partial_ratio(needle, pad + key + pad), the pads being needle - 1
  // characters that match nothing: the best normalised Indel similarity of the needle with a
  // needle-long window of the padded key, 100 * (1 - (2n - 2 LCS) / 2n).
  function partialRatio(needle, key) {
    const a = codePoints(needle);
    const b = codePoints(key);
    const n = a.length;
    if (!n) return 0;
    let best = 0;
    const row = new Array(n + 1);
    for (let start = -(n - 1); start < b.length; start++) {
      const window = b.slice(Math.max(start, 0), Math.min(start + n, b.length));
      // LCS of a and window, one row at a time.
      let previous = new Array(n + 1).fill(0);
      for (const ch of window) {
        row[0] = 0;
        for (let i = 1; i <= n; i++) {
          row[i] = a[i - 1] === ch ? previous[i - 1] + 1 : Math.max(previous[i], row[i - 1]);
        }
        previous = row.slice();
      }
      best = Math.max(best, previous[n]);
      if (best === n) break;
    }
    const total = 2 * n;
    return 100 * (1 - (total - 2 * best) / total);
  }

  const READING_KEYS = READINGS.map((reading) => reading.joined);

  function matchFuzzy(term) {
    const hits = new Map();
    const minimum = KEYS.fuzzyMinLength;
    if (Math.max(...term.needles.map(length)) < minimum) return hits;
    const cutoff = Math.min(KEYS.suggestThreshold, KEYS.fuzzyThreshold);
    const best = new Map();
    const collect = (needle, choices) => {
      if (length(needle) < minimum) return;
      choices.forEach((choice, index) => {
        const similarity = partialRatio(needle, choice);
        if (similarity >= cutoff && (!best.has(index) || similarity > best.get(index))) {
          best.set(index, similarity);
        }
      });
    };
    for (const needle of term.needles) collect(needle, NAMES);
    if (term.kana) collect(term.kana, READING_KEYS);
    const threshold = KEYS.fuzzyThreshold;
    for (const [index, similarity] of best) {
      if (similarity >= threshold) {
        const quality = (similarity - threshold) / Math.max(100 - threshold, 1e-9);
        hits.set(index, { level: FUZZY, score: score(FUZZY, quality) });
      }
    }
    return hits;
  }

  // -- English (a port of search/english.py: the texts' words come folded from Python) ------

  const IRREGULAR = { women: "woman", men: "man", children: "child", people: "person" };
  const WHOLE_WORDS = {
    programme: "program", programmes: "programs", catalogue: "catalog", catalogues: "catalogs",
    defence: "defense", licence: "license", travelling: "traveling", travelled: "traveled",
    ageing: "aging",
  };
  const OUR_KEPT = new Set(["four", "hour", "hours", "tour", "tours", "your", "yours", "pour", "sour"]);
  const ENDINGS = [
    [/(?<=[a-z]{2})is(e|es|ed|ing|ation|ations|er|ers)$/, "iz$1"],
    [/(?<=[a-z]{2})ys(e|es|ed|ing)$/, "yz$1"],
    [/(?<=[a-z]{2})tre(s?)$/, "ter$1"],
    [/(?<=[a-z]{2})our(s?|ed|ing|able)$/, "or$1"],
  ];
  const NAME_SPECIFICITY = 2.0;

  function singular(word) {
    if (word.length > 4 && word.endsWith("ies")) return word.slice(0, -3) + "y";
    if (/(?:ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
    if (word.length > 3 && word.endsWith("s") && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
    return word;
  }

  function foldWord(word) {
    word = IRREGULAR[word] || word;
    word = WHOLE_WORDS[word] || word;
    ENDINGS.forEach(([pattern, replacement], position) => {
      if (position === 3 && OUR_KEPT.has(word)) return;
      word = word.replace(pattern, replacement);
    });
    return singular(word);
  }

  // A term's folded English words, or null when it is not English (not plain ASCII letters).
  function queryWords(text) {
    if (!/^[\x00-\x7f]*$/.test(text) || !/[A-Za-z]/.test(text)) return null;
    const words = [...new Set((text.toLowerCase().match(/[a-z0-9]+/g) || []).map(foldWord))];
    return words.length ? words : null;
  }

  const ENGLISH = (KEYS.english || []).map(([name, first, count, titles]) => ({
    name: new Set(name), first, count, titles: titles.map(([words, s]) => ({ words: new Set(words), s })),
  }));

  // As Python's EnglishTexts.match, for the projects the Japanese levels did not match.
  function matchEnglish(term, hits) {
    const wanted = queryWords(term.text);
    if (wanted === null) return;
    ENGLISH.forEach((english, index) => {
      if (hits.has(index) || (!english.name.size && !english.titles.length)) return;
      if (english.name.size && wanted.every((word) => english.name.has(word))) {
        const quality = 0.5 + (0.3 * wanted.length) / Math.max(english.count, 1)
          + 0.2 * (wanted.includes(english.first) ? 1 : 0);
        hits.set(index, { level: NAME, score: score(NAME, quality), english: true });
        return;
      }
      const found = (word) => english.name.has(word) || english.titles.some((t) => t.words.has(word));
      if (!wanted.every(found)) return;
      let best = null;
      for (const title of english.titles) {
        if (wanted.some((word) => title.words.has(word)) && (best === null || title.s > best.s)) best = title;
      }
      hits.set(index, { level: NAME, score: score(NAME, 0.4 * best.s), english: true });
    });
  }

  function matchTerm(term) {
    const hits = new Map();
    matchNames(term, hits);
    if (term.kana) matchReadings(term, hits);
    if (term.canonical.length) matchVariants(term, hits);
    matchEnglish(term, hits);
    matchContexts(term, hits);
    matchTopics(term, hits);
    matchSources(term, hits);
    return hits.size ? hits : matchFuzzy(term);
  }

  // Python's round(x, 1): to the nearest tenth, an exact tie to the even tenth.
  function round1(x) {
    const tenths = x * 10;
    if (Number.isInteger(x * 4) && tenths - Math.floor(tenths) === 0.5) {
      const down = Math.floor(tenths);
      return (down % 2 === 0 ? down : down + 1) / 10;
    }
    return Number(x.toFixed(1));
  }

  // The ranked projects of a query: [{index, id, score, level}], best first, ties in document
  // order; null for a query with no term (everything is shown).
  function search(query) {
    const terms = parseTerms(query);
    if (!terms.length) return null;
    const matched = terms.map(matchTerm);
    const ranked = [];
    for (const index of matched[0].keys()) {
      if (!matched.every((hits) => hits.has(index))) continue;
      const total = matched.reduce((sum, hits) => sum + hits.get(index).score, 0);
      const weakest = Math.max(...matched.map((hits) => hits.get(index).level));
      ranked.push({ index, score: round1(total / matched.length), level: LEVELS[weakest] });
    }
    ranked.sort((x, y) => y.score - x.score || x.index - y.index);
    return ranked.map((result) => ({ ...result, id: DATA.projects[result.index].id }));
  }

  // -- the page ------------------------------------------------------------------------------

  const root = document.documentElement;
  root.dataset.js = "";
  const input = document.getElementById("q");
  const count = document.getElementById("count");
  const list = document.getElementById("results");
  const rows = Array.from(document.querySelectorAll("li.row"));
  const sections = Array.from(document.querySelectorAll(".theme, section.initiative, section.field, section.area"));
  document.querySelector(".search").hidden = false;

  function show(query) {
    const results = search(query);
    const shown = results === null ? null : new Set(results.map((result) => result.id));
    for (const row of rows) {
      row.hidden = shown !== null && !shown.has(row.dataset.project);
      row.classList.toggle("hit", shown !== null && !row.hidden);
    }
    for (const section of sections) {
      section.hidden = section.querySelector("li.row:not([hidden])") === null;
    }
    list.replaceChildren();
    if (results === null) {
      count.textContent = "";
      return;
    }
    count.textContent = results.length
      ? `${results.length} 件の事業が一致しました`
      : "一致する事業はありません";
    for (const result of results) {
      const project = DATA.projects[result.index];
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = "#" + project.id;
      link.textContent = project.name;
      const level = document.createElement("span");
      level.className = "level";
      level.textContent = ` ${project.id} · ${LEVEL_LABELS[result.level]}`;
      item.append(link, level);
      list.append(item);
    }
  }

  function queryFromHash() {
    if (!location.hash.startsWith("#q=")) return null;
    try {
      return decodeURIComponent(location.hash.slice(3));
    } catch (error) {
      return location.hash.slice(3); // not percent-encoded after all

    }
  }

  function followHash() {
    const query = queryFromHash();
    if (query !== null) {
      input.value = query;
      show(query);
      return;
    }
    let id = location.hash.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch (error) {
      // an undecodable fragment names no row
    }
    const target = id ? document.getElementById(id) : null;
    if (target !== null && target.closest("[hidden]") !== null) {
      input.value = "";
      show("");
      target.scrollIntoView();
    }
  }

  input.addEventListener("input", () => {
    const query = input.value;
    show(query);
    const url = query.trim() ? "#q=" + encodeURIComponent(query) : location.pathname + location.search;
    history.replaceState(null, "", url);
  });
  window.addEventListener("hashchange", followHash);

  const lang = document.getElementById("lang");
  if (lang !== null) {
    lang.closest(".lang-switch").hidden = false;
    lang.addEventListener("click", () => {
      const english = lang.getAttribute("aria-pressed") !== "true";
      lang.setAttribute("aria-pressed", String(english));
      root.dataset.lang = english ? "en" : "ja";
      root.lang = english ? "en" : "ja";
    });
  }

  followHash();
  window.renkei = { normalize, romajiToHiragana, parseTerms, partialRatio, search, show };
})();
