/* The search engine, loaded by the search worker (worker.js) at the reader's first query. It
   answers from the chunked index that the build writes (hooks/policysite/render/search_index.py
   explains the index; the tokenizer below must stay the same as the one there, and
   tests/test_search.py checks that it does), with results in the shape Material's search box
   renders.

   It fetches the manifest, one bucket file per distinct first character of the query (and of
   the synonyms it holds; more only when no paragraph holds the whole query), and the text
   chunks of the results shown; never the whole index. The README's "Search" section describes
   what a query matches and how results are ranked. */
"use strict";

var LIMIT = 20;             // results listed (each needs its text chunk)
var SNIPPET = 110;          // characters of text shown around the first match
var INDEX = "";             // the language's search/engine/ folder (absolute)
var version = "";
var bucketCount = 0;        // from the setup message, so buckets load with the manifest
var manifest = null;        // a Promise once the first query arrives
var buckets = new Map();    // bucket number -> Promise of {token: posting}
var decoded = new Map();    // token -> Map(unit -> positions)
var chunks = new Map();     // chunk number -> Promise of [[anchor, title, text], ...]
var stemmer = null;
var variants = null;        // typed form -> [the text's form] (from the manifest)
var alternates = null;      // typed form -> [other forms the text uses that it may stand for]

/* ---- tokens: the same rules as search_index.py ---------------------------------------- */

function isHan(code) {
  return (code >= 0x3400 && code <= 0x4dbf) || (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xf900 && code <= 0xfaff) || (code >= 0x20000 && code <= 0x3134f);
}

var folded = new Map();

function fold(char) {
  // Most characters are ASCII or common Chinese, which NFKD leaves alone: no lookup for them.
  var code = char.charCodeAt(0);
  if (code < 0x80) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : char;
  if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)) return char;
  var value = folded.get(char);
  if (value === undefined) {
    value = char.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    folded.set(char, value);
  }
  return value;
}

var ALNUM = /^[\p{L}\p{N}]+$/u;
var COMMON_HAN = /^[\u4e00-\u9fff]+$/;
var PLAIN_WORDS = /^[A-Za-z0-9 ]+$/;
var DIGIT = /^\p{Nd}/u;
var SPACE = /^\s$/u;

var stems = new Map();

function stem(word) {
  if (word.length < 3 || !/^[a-z]+$/.test(word)) return word;  // lunr leaves short words
  if (stemmer === null) {
    importScripts(
      new URL(self.location.href).searchParams.get("stemmer") ||  // versioned, from the page
        new URL("../vendor/lunr-stemmer.js", self.location.href).href
    );
    stemmer = self.lunr.stemmer;
  }
  if (!stems.has(word)) stems.set(word, stemmer(new self.lunr.Token(word)).toString());
  return stems.get(word);
}

var classes = new Map();  // a folded character -> 1 Chinese, 2 letter or figure, 0 anything else

function classOf(char) {
  var code = char.charCodeAt(0);
  if (code < 0x80) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) ? 2 : 0;
  var value = classes.get(char);
  if (value === undefined) {
    value = isHan(char.codePointAt(0)) ? 1 : ALNUM.test(char) ? 2 : 0;
    classes.set(char, value);
  }
  return value;
}

function isAlnum(text) {  // ALNUM.test(text), without the regular expression for one letter
  var kind = text.length === 1 ? classOf(text) : 1;
  return kind === 1 ? ALNUM.test(text) : kind === 2;
}

function digitAt(text, at) {  // DIGIT.test(text.charAt(at))
  var code = text.charCodeAt(at);
  return code < 0x80 ? code >= 48 && code <= 57 : DIGIT.test(text.charAt(at));
}

function foldAt(text, at) {  // the folded character that starts at ``at``
  var code = text.charCodeAt(at);
  if (code < 0x80) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : text[at];
  if (code >= 0xd800 && code <= 0xdbff) return fold(String.fromCodePoint(text.codePointAt(at)));
  return fold(text[at]);
}

/* Calls ``emit(kind, value, start, end)`` for each piece of a text: kind "han", "word" or
   "gap", start and end in the original string. It reads every result's text, so common
   Chinese characters and ASCII letters and figures take a short way; the rest follows the
   full rules (folding, apostrophes inside words, decimal points, per cents). */
function scan(text, emit) {
  var word = "", wordStart = 0, wordEnd = 0;
  function endWord() {
    if (word) emit("word", word, wordStart, wordEnd);
    word = "";
  }
  function add(char, start, end, next) {
    var kind = classOf(char);
    if (kind === 1) {
      endWord();
      emit("han", char, start, end);
    } else if (kind === 2) {
      if (!word) wordStart = start;
      word += char;
      wordEnd = end;
    } else if (word && (char === "'" || char === "\u2019") && next && isAlnum(next)) {
      return;
    } else if (word && (char === "." || char === ",") && digitAt(word, word.length - 1) &&
               digitAt(next, 0)) {
      if (char === ".") word += char;
    } else if (word && char === "%" && digitAt(word, word.length - 1)) {
      word += char;
      wordEnd = end;
      endWord();
    } else {
      endWord();
      emit("gap", char, start, end);
    }
  }
  for (var i = 0; i < text.length; ) {
    var code = text.charCodeAt(i);
    if (code >= 0x4e00 && code <= 0x9fff) {  // folds to itself, a Chinese character
      endWord();
      emit("han", text[i], i, i + 1);
      i += 1;
      continue;
    }
    if (code < 0x80) {
      if (code >= 65 && code <= 90) code += 32;
      if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) {  // a letter or figure
        if (!word) wordStart = i;
        word += String.fromCharCode(code);
        wordEnd = i + 1;
        i += 1;
        continue;
      }
      if (code !== 39 && code !== 46 && code !== 44 && code !== 37) {  // not ' . , %: a gap
        endWord();
        emit("gap", text[i], i, i + 1);
        i += 1;
        continue;
      }
    }
    var end = i + (text.codePointAt(i) > 0xffff ? 2 : 1);
    var current = foldAt(text, i), next = end < text.length ? foldAt(text, end) : "";
    if (current.length === 1) {
      add(current, i, end, next);
    } else {
      for (var char of current) add(char, i, end, next);
    }
    i = end;
  }
  endWord();
}

/* Pieces of a text: {kind, value, start, end} (see scan). */
function pieces(text) {
  var out = [];
  scan(text, function (kind, value, start, end) {
    out.push({kind: kind, value: value, start: start, end: end});
  });
  return out;
}

/* The index's tokens of a text: {text, position, start, end}. */
function tokenize(text) {
  var tokens = [];
  eachToken(text, function (kind, value, start, end, next) {
    tokens.push({
      text: kind === "word" ? stem(value) : next !== null ? value + next : value,
      position: tokens.length,
      start: start,
      end: end
    });
  });
  return tokens;
}

/* Calls ``visit(kind, value, start, end, next)`` for each token of a text, in the order of
   their positions: a word (next null), or a Chinese character with the one after it in its
   run (next null for the last character of a run; end is then the end of the pair). */
function eachToken(text, visit) {
  var values = [], starts = [], ends = [];  // the run of Chinese characters so far
  function endRun() {
    for (var k = 0; k < values.length; k++) {
      var last = k + 1 === values.length;
      visit("han", values[k], starts[k], last ? ends[k] : ends[k + 1], last ? null : values[k + 1]);
    }
    values = [];
    starts = [];
    ends = [];
  }
  scan(text, function (kind, value, start, end) {
    if (kind === "han") {
      values.push(value);
      starts.push(start);
      ends.push(end);
      return;
    }
    if (kind === "gap" && !SPACE.test(value)) return;  // “XX”技术 reads XX技术
    endRun();
    if (kind === "word") visit(kind, value, start, end, null);
  });
  endRun();
}

/* ---- what a query asks for --------------------------------------------------------------- */

/* A query is a list of parts: a run of Chinese characters typed without a space, a word, or a
   form listed in the synonym table (a glossary term, an abbreviation, a short name), each with
   the forms it may stand for ("alternatives"). A unit matches a part fully when one of its
   alternatives is wholly found there (every character of a Chinese run in some pair, every
   word); the query matches fully when every part does, and as a phrase when the parts follow
   each other. Units that match only some parts are listed after every full match. */

var STOP = new Set(["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is",
  "it", "its", "of", "on", "or", "our", "that", "the", "this", "to", "we", "will", "with"]);
var NUMERALS = "零一二三四五六七八九";
var synonyms = null;       // first character of a form -> [{form, group, held}]
var synonymLists = new Map();  // first item of a form -> [{keys, group, held}], longest first
var groups = [];           // the synonym groups: {anchor, name, forms, typed}
var strings = {};          // the edition's words for partial matches and suggestions
var others = [];           // [name, root] of the other editions, for suggestions

/* Chinese characters and words (folded, not stemmed: no stemmer to load for a Chinese query)
   of a text, each with whether a space precedes it. */
function items(text) {
  var out = [], space = false;
  // Most synonym forms are all common Chinese characters, or plain words and spaces: cut them
  // without reading character by character (hundreds of forms for the first suggestions).
  if (COMMON_HAN.test(text)) {
    for (var i = 0; i < text.length; i++) {
      out.push({kind: "han", value: text[i], raw: text[i], start: i, end: i + 1, space: false});
    }
    return out;
  }
  if (PLAIN_WORDS.test(text)) {
    text.replace(/[A-Za-z0-9]+/g, function (word, start) {
      var value = word.toLowerCase();
      out.push({kind: "word", value: value, raw: value, start: start, end: start + word.length,
                space: start > 0});
      return word;
    });
    return out;
  }
  pieces(text).forEach(function (piece) {
    if (piece.kind === "gap") { if (SPACE.test(piece.value)) space = true; return; }
    out.push({kind: piece.kind, value: piece.value, raw: piece.value, start: piece.start,
              end: piece.end, space: space});
    space = false;
  });
  return out;
}

/* The synonym forms by their first character. A form is cut into items only when a query
   holds an item that starts with that character (synonymsFor): the first query does not wait
   for hundreds of forms to be cut. */
function synonymTable(entries) {
  var table = new Map();
  // [glossary id, name ("": the first form), forms the text holds, forms it holds nowhere,
  // forms only the glossary holds]
  groups = (entries || []).map(function (entry) {
    return {anchor: entry[0] ? (strings.glossary || "glossary/") + "#" + entry[0] : "",
            name: entry[1] || entry[2][0], forms: entry[2], typed: entry[3].concat(entry[4])};
  });
  (entries || []).forEach(function (entry, i) {
    [2, 3, 4].forEach(function (list) {
      entry[list].forEach(function (form) {
        var first = firstChar(form);
        if (first === null) return;
        if (!table.has(first)) table.set(first, []);
        table.get(first).push({form: form, group: groups[i], held: list !== 3});
      });
    });
  });
  synonymLists = new Map();
  return table;
}

/* The first character of a text's first item (as ``pieces`` folds it), or null. */
function firstChar(text) {
  for (var i = 0; i < text.length; i += text.codePointAt(i) > 0xffff ? 2 : 1) {
    for (var char of foldAt(text, i)) if (classOf(char) !== 0) return char;
  }
  return null;
}

/* The forms whose first item is ``value``, longest first (a single Chinese character is no
   form: it is searched as typed). */
function synonymsFor(value) {
  var list = synonymLists.get(value);
  if (list === undefined) {
    list = [];
    (synonyms.get(firstChar(value)) || []).forEach(function (entry) {
      var keys = itemsOf(entry.form).map(function (item) { return item.value; });
      if (keys[0] !== value || (keys.length === 1 && isHan(keys[0].codePointAt(0)))) return;
      list.push({keys: keys, group: entry.group, held: entry.held});
    });
    list.sort(function (a, b) { return b.keys.length - a.keys.length; });
    synonymLists.set(value, list);
  }
  return list;
}

/* The longest synonym form that starts at list[i] (whole words, any run of characters), with
   the forms of every group that lists it (a glossary term and a curated group may share one). */
function synonymAt(list, i) {
  var candidates = synonymsFor(list[i].value), found = null;
  for (var c = 0; c < candidates.length; c++) {
    var keys = candidates[c].keys;
    if (found && keys.length < found.keys.length) break;
    if (i + keys.length > list.length) continue;
    if (!keys.every(function (key, k) { return list[i + k].value === key; })) continue;
    if (!found) found = {keys: keys, forms: [], held: false};
    found.held = found.held || candidates[c].held;  // the typed form itself is worth a look
    candidates[c].group.forms.forEach(function (form) {
      if (found.forms.indexOf(form) < 0) found.forms.push(form);
    });
  }
  return found;
}

/* Arabic figures <-> Chinese numerals in counts: 500强 <-> 五百强, 十八所 <-> 18所. */
function chineseNumber(value) {
  if (value < 10) return NUMERALS[value];
  var out = "", units = [[1000, "千"], [100, "百"], [10, "十"]], zero = false;
  units.forEach(function (unit) {
    var digit = Math.floor(value / unit[0]);
    value %= unit[0];
    if (digit) {
      if (zero) out += "零";
      out += (digit === 1 && unit[0] === 10 && !out ? "" : NUMERALS[digit]) + unit[1];
      zero = false;
    } else if (out) {
      zero = true;
    }
  });
  if (value) out += (zero ? "零" : "") + NUMERALS[value];
  return out;
}

function arabicNumbers(text) {
  return text.replace(/[零一二两三四五六七八九十百千]{2,}|[十百千]/g, function (run) {
    var total = 0, digit = 0, seen = false;
    for (var char of run) {
      var d = char === "两" ? 2 : NUMERALS.indexOf(char);
      if (d >= 0) { digit = d; seen = true; continue; }
      var unit = {"十": 10, "百": 100, "千": 1000}[char];
      total += (seen ? digit : 1) * unit;
      digit = 0; seen = false;
    }
    return String(total + digit);
  });
}

/* One way of finding a part: its terms (pairs of characters, single characters, words), each
   with its offset in the phrase and the positions ("slots") it covers. Pairs at even offsets
   (and the last) are fetched first; the others only when no unit matches every part. */
function alternative(text, literal, last) {
  var terms = [], run = [], position = 0;
  function endRun() {
    if (run.length === 1) {
      terms.push({exact: null, prefix: run[0], fuzzy: null, offset: position, width: 1,
                  slots: [position], stage: 1});
    }
    for (var i = 0; i + 1 < run.length; i++) {
      terms.push({exact: run[i] + run[i + 1], prefix: null, fuzzy: null, offset: position + i,
                  width: 2, slots: [position + i, position + i + 1],
                  stage: i % 2 === 0 || i === run.length - 2 ? 1 : 2});
    }
    position += run.length;
    run = [];
  }
  pieces(text).forEach(function (piece) {
    if (piece.kind === "han") { run.push(piece.value); return; }
    if (piece.kind === "gap") { if (SPACE.test(piece.value)) endRun(); return; }
    endRun();
    var word = piece.value;
    // A short abbreviation in capitals (AI, SOE) is a whole word, never a prefix of "aim".
    var capitals = /^(?=.*[A-Z])[A-Z0-9]+$/.test(text.slice(piece.start, piece.end));
    var widen = last && !capitals && (word.length >= 3 || (word.length >= 2 && /\d/.test(word)));
    terms.push({exact: stem(word), prefix: widen ? word : null,
                fuzzy: word.length >= 5 && /^[a-z]+$/.test(word) ? word : null,
                offset: position, width: 0, slots: [position], stage: 1});
    position += 1;
  });
  endRun();
  return {text: text, literal: literal, terms: terms, length: position};
}

/* A synonym is checked first by the pairs at its ends (自贸试验区: 自贸 … 验区), the pairs
   between only when no paragraph holds the whole query: fewer index files for a first query. */
function endsFirst(alt) {
  alt.terms.forEach(function (term, i) {
    var last = i + 1 === alt.terms.length || alt.terms[i + 1].width !== 2;
    var first = i === 0 || alt.terms[i - 1].width !== 2;
    if (term.width === 2 && !first && !last) term.stage = 2;
  });
}

function part(text, weight, stop, alternatives, loose) {
  // The form typed, unless it is a synonym: part of it found is a partial match; a synonym
  // (and a numeral converted) counts only when found whole.
  alternatives.forEach(function (alt, i) {
    alt.typed = i === 0 && loose !== false;
    if (!alt.typed) endsFirst(alt);
  });
  return {text: text, weight: weight, stop: stop, alternatives: alternatives.filter(
    function (alt, i) { return alt.length && alternatives.findIndex(function (other) {
      return other.text === alt.text; }) === i; })};
}

function parseQuery(query, typing) {
  var list = items(query), parts = [], run = null;
  function flush() {
    if (!run) return;
    var text = query.slice(run.start, run.end), arabic = arabicNumbers(text);
    var alts = [alternative(text, true, false)];
    if (arabic !== text) alts.push(alternative(arabic, false, false));
    parts.push(part(text, alts[0].length, false, alts));
    run = null;
  }
  for (var i = 0; i < list.length; ) {
    var found = synonyms ? synonymAt(list, i) : null;
    var item = list[i];
    if (found) {
      flush();
      var end = list[i + found.keys.length - 1].end, text = query.slice(item.start, end);
      // A form in the script typed counts as typed (FTZ finds "Pilot Free Trade Zone" as well as
      // itself); one in the other script ranks after it (Bincheng: the glossary entry first).
      // The form typed is looked for only where the text holds it.
      var latin = !/\p{Script=Han}/u.test(text);
      var alts = (found.held ? [alternative(text, true, false)] : []).concat(
        found.forms.map(function (form) {
          return alternative(form, latin === !/\p{Script=Han}/u.test(form), false);
        }));
      if (alts.length) parts.push(part(text, Math.max(2, items(text).length), false, alts, false));
      i += found.keys.length;
      continue;
    }
    if (item.kind === "han") {
      if (run && !item.space) run.end = item.end;
      else { flush(); run = {start: item.start, end: item.end}; }
    } else {
      flush();
      var last = typing && i === list.length - 1;
      var raw = query.slice(item.start, item.end);
      if (!(last && item.raw.length === 1 && parts.length)) {  // too short to widen yet
        var options = [alternative(raw, true, last)];
        if (/^\d{1,4}$/.test(item.raw) && +item.raw > 0) {
          options.push(alternative(chineseNumber(+item.raw), false, false));
        }
        var stop = STOP.has(item.raw);
        parts.push(part(raw, stop ? 0.5 : 2, stop, options));
      }
    }
    i += 1;
  }
  flush();
  return parts.filter(function (p) { return p.alternatives.length; });
}
function bucketKey(token) {
  var first = String.fromCodePoint(token.codePointAt(0));
  if (isHan(first.codePointAt(0))) return first;
  return Array.from(token).slice(0, 2).join("");
}

function bucketOf(token, count) {
  var value = 0x811c9dc5;
  for (var char of bucketKey(token)) {
    value ^= char.codePointAt(0);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value % count;
}

/* ---- the index files -------------------------------------------------------------------- */

function load(name) {
  return fetch(new URL(name + "?v=" + version, INDEX).href).then(function (response) {
    if (!response.ok) throw new Error(name + ": " + response.status);
    return response.json();
  });
}

function getManifest() {
  if (manifest === null) {
    manifest = load("manifest.json").catch(function (error) { manifest = null; throw error; });
  }
  return manifest;
}

function cached(map, key, name) {  // a failed fetch is tried again next time
  if (!map.has(key)) {
    map.set(key, load(name).catch(function (error) { map.delete(key); throw error; }));
  }
  return map.get(key);
}

function getBucket(number) { return cached(buckets, number, "b" + number + ".json"); }

function getChunk(number) { return cached(chunks, number, "c" + number + ".json"); }

function decode(bucket, token) {
  if (!decoded.has(token)) {
    var posting = bucket[token] || [], units = new Map(), unit = 0;
    for (var i = 0; i < posting.length; ) {
      unit += posting[i];
      var count = posting[i + 1], positions = [], position = 0;
      for (var j = 0; j < count; j++) {
        position += posting[i + 2 + j];
        positions.push(position);
      }
      units.set(unit, positions);
      i += 2 + count;
    }
    decoded.set(token, units);
  }
  return decoded.get(token);
}


var matched = new Map();   // term -> Promise of its matches (typing repeats most terms)

/* Map(unit -> Set of positions) where a term matches. */
function matchTerm(term, count) {
  var id = term.exact + "\u0000" + term.prefix + "\u0000" + term.fuzzy;
  if (!matched.has(id)) {
    if (matched.size > 500) matched.clear();
    matched.set(id, findTerm(term, count).catch(function (error) {
      matched.delete(id);  // try again on the next keystroke
      throw error;
    }));
  }
  return matched.get(id);
}

/* Whether two words differ by at most one letter added, left out, changed or swapped. */
function oneEdit(a, b) {
  if (Math.abs(a.length - b.length) > 1 || a === b) return a === b;
  var i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    return a.slice(i + 1) === b.slice(i + 1) ||
      (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function findTerm(term, count) {
  var key = term.exact !== null ? term.exact : term.prefix;
  return getBucket(bucketOf(key, count)).then(function (bucket) {
    var tokens = [];
    if (term.exact !== null && bucket[term.exact]) tokens.push(term.exact);
    if (term.prefix !== null) {
      Object.keys(bucket).forEach(function (token) {
        if (token !== term.exact && token.startsWith(term.prefix)) tokens.push(token);
      });
    }
    if (!tokens.length && term.fuzzy !== null) {  // one typo in a word of 5 letters or more
      Object.keys(bucket).forEach(function (token) {
        if (token.length >= 4 && (oneEdit(token, term.exact) || oneEdit(token, term.fuzzy)))
          tokens.push(token);
      });
    }
    var units = new Map();
    tokens.forEach(function (token) {
      decode(bucket, token).forEach(function (positions, unit) {
        var set = units.get(unit);
        if (!set) units.set(unit, set = new Set());
        positions.forEach(function (position) { set.add(position); });
      });
    });
    return units;
  });
}

/* ---- ranking ---------------------------------------------------------------------------- */

/* How well one alternative of a part matches a unit: the share of its characters and words
   found, and where it stands whole as a phrase. It runs for every unit a term finds (thousands
   for one typed character at 50 reports), so it is written with plain loops. */
function matchAlternative(alt, unit) {
  var terms = alt.terms, sets = [], fetched = 0, present = 0, occurrences = 0, first = null;
  var wide = alt.length > 30, covered = wide ? new Set() : null, mask = 0;  // slots found
  for (var t = 0; t < terms.length; t++) {
    var term = terms[t];
    if (!term.found) continue;
    fetched += 1;
    var set = term.found.get(unit);
    if (!set) continue;
    present += 1;
    if (first === null) first = term;
    for (var k = 0; k < term.slots.length; k++) {
      if (wide) covered.add(term.slots[k]); else mask |= 1 << term.slots[k];
    }
    sets.push(set);
    occurrences += set.size;
  }
  var size = wide ? covered.size : bitCount(mask);
  if (!size) return null;
  var starts = [], fraction = size / alt.length;
  if (!alt.typed) {  // a synonym counts only when found whole (its fetched pairs, in place)
    if (present < fetched) return null;
    fraction = 1;
  }
  if (fraction === 1 && present === fetched) {
    // every fetched term is found here: ``first`` is the first of them, and sets[i] the
    // positions of the i-th
    first.found.get(unit).forEach(function (position) {
      var start = position - first.offset;
      for (var i = 0, s = 0; i < terms.length; i++) {
        if (!terms[i].found) continue;
        if (!sets[s++].has(start + terms[i].offset)) return;
      }
      starts.push(start);
    });
  }
  // Chinese in place (its pairs checked by the ends first); words in any order (air pollution:
  // "air and water pollution").
  if (!alt.typed && !starts.length && hasPairs(alt)) return null;
  return {alt: alt, fraction: fraction, starts: starts, sets: sets, occurrences: occurrences};
}

function bitCount(value) {
  value -= (value >>> 1) & 0x55555555;
  value = (value & 0x33333333) + ((value >>> 2) & 0x33333333);
  return (((value + (value >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function hasPairs(alt) {
  if (alt.pairs === undefined) alt.pairs = alt.terms.some(function (t) { return t.width; });
  return alt.pairs;
}

function matchPart(part, unit) {
  var best = null;
  part.alternatives.forEach(function (alt) {
    var found = matchAlternative(alt, unit);
    if (found && (!best || (found.starts.length > 0) - (best.starts.length > 0) ||
                  found.fraction - best.fraction || found.alt.literal - best.alt.literal ||
                  found.alt.length - best.alt.length) > 0)
      best = found;
  });
  return best;
}

/* The starts of the whole query as one phrase: each part right after the one before. */
function chainStarts(found) {
  return found[0].starts.filter(function (start) {
    var at = start + found[0].alt.length;
    for (var i = 1; i < found.length; i++) {
      if (found[i].starts.indexOf(at) < 0) return false;
      at += found[i].alt.length;
    }
    return true;
  });
}

/* The smallest stretch of the unit (in positions) that holds something of every part found. */
function span(found) {
  var parts = 0;
  for (var f = 0; f < found.length; f++) if (found[f]) parts += 1;
  if (parts < 2) return 0;
  var marks = [];
  found.forEach(function (f, i) {
    if (!f) return;
    var positions = f.starts.length ? f.starts : [];
    if (!positions.length) f.sets.forEach(function (set) { set.forEach(function (p) {
      positions.push(p); }); });
    positions.slice(0, 64).forEach(function (position) { marks.push([position, i]); });
  });
  marks.sort(function (a, b) { return a[0] - b[0]; });
  var counts = new Map(), best = Infinity, low = 0;
  marks.forEach(function (mark) {
    counts.set(mark[1], (counts.get(mark[1]) || 0) + 1);
    while (counts.size === parts) {
      best = Math.min(best, mark[0] - marks[low][0]);
      var i = marks[low][1], left = counts.get(i) - 1;
      if (left) counts.set(i, left); else counts.delete(i);
      low += 1;
    }
  });
  return best;
}

/* Topic pages rank as report paragraphs (search_index.py gives them rank 0). */
function scoreUnit(parts, unit, index) {
  var found = new Array(parts.length);
  var weight = 0, full = true, literal = true, content = false, count = 0, typed = true;
  var phrased = 0;  // parts found as a phrase (科技创新, not 科技 ... 创新)
  var anyContent = false;
  for (var i = 0; i < parts.length; i++) {
    var p = parts[i], f = found[i] = matchPart(p, unit);
    anyContent = anyContent || !p.stop;
    if (!f) { full = literal = false; continue; }
    weight += p.weight * f.fraction;
    full = full && f.fraction === 1;
    literal = literal && f.alt.literal;
    content = content || !p.stop;
    typed = typed && f.alt.text === p.text;
    // occurrences: of the phrase, or of its terms on average (a long form is not more)
    count += f.starts.length || f.occurrences / f.alt.terms.length;
    if (f.starts.length) phrased += p.weight;
  }
  if (!weight || (!full && !content && anyContent)) return null;
  var chains = full ? chainStarts(found) : [];
  return {unit: unit, found: found, full: full, chains: chains, literal: literal && full,
          lead: chains.indexOf(0) >= 0, weight: weight, span: span(found), count: count,
          phrased: phrased, rank: +index.ranks[unit], typed: full && typed};
}

/* Full matches first: in the script typed (not through a synonym in the other language), then
   the whole query as a phrase, then report paragraphs, headings, the glossary, the rest; then
   found as typed (not through a synonym), more
   of the query's parts as phrases, the unit that starts with the phrase, closer words, more
   occurrences. Partial matches after them: report paragraphs first, then more of the query
   found, more of it as phrases, closer words, the same order of kinds, more occurrences. */
function compare(a, b) {
  if (a.full !== b.full) return b.full - a.full;
  if (a.full) {
    return b.literal - a.literal || (b.chains.length > 0) - (a.chains.length > 0) ||
      a.rank - b.rank || b.typed - a.typed || b.phrased - a.phrased ||
      b.lead - a.lead || a.span - b.span || b.count - a.count || a.unit - b.unit;
  }
  return (b.rank === 0) - (a.rank === 0) || b.weight - a.weight || b.phrased - a.phrased ||
    a.span - b.span || a.rank - b.rank || b.count - a.count ||
    a.unit - b.unit;
}

/* The units a term of the query found: of any part, or (``full``) of every part, the only
   units that can hold the whole query. */
function candidates(parts, full) {
  var units = null;
  parts.forEach(function (p) {
    var mine = full || units === null ? new Set() : units;
    p.alternatives.forEach(function (alt) {
      alt.terms.forEach(function (term) {
        if (!term.found) return;
        term.found.forEach(function (_, unit) {
          if (!full || units === null || units.has(unit)) mine.add(unit);
        });
      });
    });
    units = mine;
  });
  return units || new Set();
}

/* The units that match, unordered (``best`` picks the first of them): every unit that holds a
   part, or (``full``) only those that hold the whole query, which is all a search needs when
   a report paragraph does (then partial matches are not listed). */
function evaluate(parts, index, full) {
  var hits = [];
  candidates(parts, full).forEach(function (unit) {
    var hit = scoreUnit(parts, unit, index);
    if (hit && (!full || hit.full)) hits.push(hit);
  });
  return hits;
}

/* The first ``count`` hits in the ranking's order (``compare`` never ties two units), without
   sorting thousands of hits to show twenty. */
function best(hits, count) {
  var top = [];
  hits.forEach(function (hit) {
    if (top.length === count && compare(hit, top[count - 1]) >= 0) return;
    var at = top.length;
    while (at > 0 && compare(hit, top[at - 1]) < 0) at -= 1;
    top.splice(at, 0, hit);
    if (top.length > count) top.pop();
  });
  return top;
}

function locate(list, unit) {  // the last entry of a sorted list of starts that is <= unit
  var low = 0, high = list.length - 1;
  while (low < high) {
    var middle = (low + high + 1) >> 1;
    if (list[middle] <= unit) low = middle; else high = middle - 1;
  }
  return low;
}

/* Material's result list inserts a result's title and text with innerHTML, so both are HTML
   here: the index holds plain text, escaped exactly once, here (titles whole; snippets around
   their <mark>s). A title is never passed through as markup. */
function escapeHTML(text) {
  return text.replace(/[&<>"']/g, function (c) {
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
  });
}

/* Position -> width (characters to mark; 0 for the whole token) of what a hit found: the
   phrase where the query stands as one, else each part's phrase, else its words. */
function wanted(hit) {
  var marks = new Map();
  hit.found.forEach(function (f, i) {
    if (!f) return;
    var starts = f.starts.length ? f.starts : null;
    if (hit.chains.length) {  // a full match: every part is found
      var at = 0;
      for (var k = 0; k < i; k++) at += hit.found[k].alt.length;
      starts = hit.chains.map(function (s) { return s + at; });
    }
    f.alt.terms.forEach(function (term) {
      var set = term.found && term.found.get(hit.unit);
      if (!set) return;
      set.forEach(function (position) {
        if (starts && !starts.some(function (s) { return s + term.offset === position; })) return;
        var width = term.width === 1 ? 1 : 0;  // a single typed character marks one character
        if (!marks.has(position) || width === 0) marks.set(position, width);
      });
    });
  });
  return marks;
}

var textSpans = new Map();  // a result's text -> where its tokens stand (the next keystroke
                           // shows it again)

/* [start, end] of each token of a text, by position, in one flat list (a snippet needs no
   more of a token: no stemming, no object per token of a long text). */
function spansOf(text) {
  var spans = textSpans.get(text);
  if (spans === undefined) {
    if (textSpans.size > 200) textSpans.clear();
    spans = [];
    eachToken(text, function (kind, value, start, end) { spans.push(start, end); });
    textSpans.set(text, spans);
  }
  return spans;
}

/* The snippet (HTML, matches in <mark>) and the matched words, for one hit. */
function snippet(text, hit) {
  var positions = wanted(hit), spans = spansOf(text);
  var marked = [];
  Array.from(positions.keys()).sort(function (a, b) { return a - b; }).forEach(function (position) {
    if (position * 2 >= spans.length) return;
    var start = spans[position * 2];
    var end = positions.get(position) === 1 ? start + (text.codePointAt(start) > 0xffff ? 2 : 1) :
      spans[position * 2 + 1];
    var last = marked[marked.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else marked.push([start, end]);
  });
  var from = 0, to = text.length;
  if (text.length > SNIPPET && marked.length) {
    from = Math.max(0, marked[0][0] - Math.floor(SNIPPET / 4));
    to = Math.min(text.length, from + SNIPPET);
  } else if (text.length > SNIPPET) {
    to = SNIPPET;
  }
  // Start and end on a word boundary where the text has spaces (English, pinyin).
  var space = text.slice(from, from + 20).search(/\s/);
  if (from > 0 && /\w/.test(text.charAt(from - 1)) && space >= 0) from += space + 1;
  var back = text.slice(Math.max(from, to - 20), to).search(/\s\S*$/);
  if (to < text.length && /\w/.test(text.charAt(to)) && back >= 0) to = Math.max(from, to - 20) + back;
  var html = from > 0 ? "…" : "", cursor = from, words = {};
  marked.forEach(function (span) {
    var start = Math.max(span[0], from), end = Math.min(span[1], to);
    if (start >= end) return;
    html += escapeHTML(text.slice(cursor, start).replace(/\n/g, " · ")) + "<mark>" +
      escapeHTML(text.slice(start, end).replace(/\n/g, " ")) + "</mark>";
    cursor = end;
  });
  html += escapeHTML(text.slice(cursor, to).replace(/\n/g, " · ")) + (to < text.length ? "…" : "");
  marked.forEach(function (span) { words[text.slice(span[0], span[1]).replace(/\n/g, " ")] = true; });
  return {html: html, words: words};
}
/* Characters typed in another form than the page's: Simplified on the Traditional site,
   Traditional on the Simplified one, a Taiwan form where the text has the Hong Kong one. The
   manifest lists them in pairs (search_index.py): ``variants``, a form the text never uses ->
   the text's form; ``alternates``, a form the text uses that may also stand for another it
   uses (制 typed on the Traditional site: 制 or 製). */
function pairMap(pairs) {
  var map = new Map(), chars = Array.from(pairs || "");
  for (var i = 0; i + 1 < chars.length; i += 2) {
    if (!map.has(chars[i])) map.set(chars[i], []);
    map.get(chars[i]).push(chars[i + 1]);
  }
  return map;
}

function foldVariants(query) {
  return Array.from(query).map(function (char) {
    return variants.has(char) ? variants.get(char)[0] : char;
  }).join("");
}

/* The pairs of characters a two-character term stands for: itself and its alternates. */
function termForms(term) {
  if (term.width !== 2) return [term.exact];
  var chars = Array.from(term.exact), forms = [];
  [chars[0]].concat(alternates.get(chars[0]) || []).forEach(function (first) {
    [chars[1]].concat(alternates.get(chars[1]) || []).forEach(function (second) {
      forms.push(first + second);
    });
  });
  return forms;
}

function matchForms(term, count) {
  var forms = termForms(term);
  if (forms.length === 1) return matchTerm(term, count);
  return Promise.all(forms.map(function (form) {
    return matchTerm({exact: form, prefix: null, fuzzy: null, offset: term.offset, width: 2}, count);
  })).then(function (found) {
    var units = new Map();
    found.forEach(function (matches) {
      matches.forEach(function (positions, unit) {
        var set = units.get(unit);
        if (!set) units.set(unit, set = new Set());
        positions.forEach(function (position) { set.add(position); });
      });
    });
    return units;
  });
}

/* ---- answering a query ------------------------------------------------------------------ */

function setUp(index) {
  if (variants !== null) return;
  variants = pairMap(index.variants);
  alternates = pairMap(index.alternates);
  strings = index.strings || {};
  synonyms = synonymTable(index.synonyms);
  others = index.others || [];
}

function fetchTerms(parts, stage, count) {
  var waiting = [];
  parts.forEach(function (p) {
    p.alternatives.forEach(function (alt) {
      alt.terms.forEach(function (term) {
        if (term.stage > stage || term.found) return;
        waiting.push(matchForms(term, count).then(function (found) { term.found = found; }));
      });
    });
  });
  return Promise.all(waiting);
}

/* The buckets the typed query needs first, fetched together with the manifest. */
function prefetch(query) {
  alternative(query, true, false).terms.forEach(function (term) {
    if (term.stage === 1) getBucket(bucketOf(term.exact !== null ? term.exact : term.prefix,
                                             bucketCount)).catch(function () {});
  });
}

/* Edits (letters added, left out, changed, two swapped) from a to b, up to ``most`` + 1 (it
   stops once no way through the rest can stay within ``most``). */
function distance(a, b, most) {
  if (Math.abs(a.length - b.length) > most) return most + 1;
  var width = b.length + 1, before = null, previous = new Int32Array(width), lowest = 0;
  for (var j = 0; j < width; j++) previous[j] = j;
  for (var i = 1; i <= a.length; i++) {
    var row = new Int32Array(width), low = row[0] = i;
    for (j = 1; j < width; j++) {
      var value = Math.min(previous[j] + 1, row[j - 1] + 1,
                           previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, before[j - 2] + 1);
      row[j] = value;
      if (value < low) low = value;
    }
    // every later row is at least the lower of this row's least and the last row's least + 1
    if (low > most && lowest > most) return most + 1;
    before = previous;
    previous = row;
    lowest = low;
  }
  return previous[b.length];
}

var formItems = new Map();  // the items of each synonym form, cut once (synonymTable fills it)
var formWords = null;       // every word of the synonym forms
var nearWords = new Map();  // a typed word -> the forms' words it equals or nearly spells

function itemsOf(form) {
  var list = formItems.get(form);
  if (list === undefined) formItems.set(form, list = items(form));
  return list;
}

function wordsLike(word) {
  var found = nearWords.get(word);
  if (found === undefined) {
    if (formWords === null) {
      formWords = new Set();
      groups.forEach(function (group) {
        group.forms.concat(group.typed).forEach(function (form) {
          itemsOf(form).forEach(function (item) { if (item.kind === "word") formWords.add(item.raw); });
        });
      });
    }
    found = new Set();
    formWords.forEach(function (other) {
      if (word === other || (word.length >= 4 && other.length >= 4 &&
          distance(word, other, 2) <= (Math.min(word.length, other.length) >= 6 ? 2 : 1)))
        found.add(other);
    });
    nearWords.set(word, found);
  }
  return found;
}

function similarity(a, form) {
  var b = itemsOf(form);
  if (!a.length || !b.length) return 0;
  var hits = 0;
  a.forEach(function (item) {
    var words = item.kind === "han" ? null : wordsLike(item.raw);
    if (b.some(function (other) {
      if (item.kind !== other.kind) return false;
      return words === null ? item.value === other.value : words.has(other.raw);
    })) hits += 1;
  });
  return hits / Math.max(a.length, b.length);
}

/* Nothing found: the nearest glossary terms and synonyms, and the same query in the other
   editions (each opens with the query in its search box). */
var suggested = new Map();  // query -> its suggestions (typing on repeats a query, and so does
                           // a reader who deletes a character)

function suggestions(query, index) {
  var text = query.trim();
  if (!suggested.has(text)) {
    if (suggested.size > 100) suggested.clear();
    suggested.set(text, suggest(text));
  }
  return suggested.get(text);
}

function suggest(text) {
  var near = [], typed = items(text);
  groups.forEach(function (group) {
    var best = 0;
    group.forms.concat(group.typed).forEach(function (form) {
      best = Math.max(best, similarity(typed, form));
    });
    if (best >= 0.5) near.push({group: group, score: best});
  });
  near.sort(function (a, b) {
    return b.score - a.score || a.group.name.length - b.group.name.length;
  });
  // The marker lets the stylesheet hide Material's count, which would call these results.
  var title = escapeHTML(strings.none || "") + (near.length ? " " + escapeHTML(strings.suggest ||
    "") : "");
  var found = [[{location: strings.glossary || "glossary/", text: "", score: 0, terms: {},
                 title: "<span class=\"bp-search-suggest\">" + title + "</span>"}]];
  if (near.length) {
    found[0] = found[0].concat(near.slice(0, 4).map(function (entry) {
      var group = entry.group;
      return {location: group.anchor || "?q=" + encodeURIComponent(group.name),
              title: escapeHTML(group.name), text: escapeHTML(group.anchor ? strings.entry || "" :
              strings.search_for || ""), score: 0, terms: {}};
    }));
  }
  others.forEach(function (other) {
    found.push([{location: other[1] + "?q=" + encodeURIComponent(text),
                 title: "<span class=\"bp-search-suggest\">" + escapeHTML((strings.elsewhere ||
                   "{edition}: {query}").replace("{edition}", other[0]).replace("{query}", text)) +
                   "</span>",
                 text: "", score: 0, terms: {}}]);
  });
  return {items: found};
}

/* Material's result: groups (a page, then its results), in the order of the ranking. */
function present(hits, parts, index) {
  if (!index.pageStarts) index.pageStarts = index.pages.map(function (p) { return p[2]; });
  var pageStarts = index.pageStarts;
  var chunkNumbers = hits.map(function (hit) { return locate(index.chunks, hit.unit); });
  return Promise.all(chunkNumbers.map(getChunk)).then(function (loaded) {
    // Consecutive results from one page share its heading; a page met again later (after a
    // better result elsewhere) starts a new group, so the order stays the ranking's.
    var result = [];
    hits.forEach(function (hit, i) {
      var page = index.pages[locate(pageStarts, hit.unit)];
      var entry = loaded[i][hit.unit - index.chunks[chunkNumbers[i]]];
      var shown = snippet(entry[2], hit);
      var html = shown.html;
      if (!hit.full) {  // say so, and which words are missing (Material lists them struck out)
        html = "<span class=\"bp-search-partial\">" + escapeHTML(strings.partial || "") +
          "</span> " + html;
        parts.forEach(function (p, k) { if (!hit.found[k]) shown.words[p.text] = false; });
      }
      var score = hit.full ? (hit.chains.length ? 10 : 6) + (4 - hit.rank) : 1;
      var group = result[result.length - 1];
      if (!group || group[0].location !== page[0]) {
        result.push(group = [{location: page[0], title: escapeHTML(page[1]), text: "",
                              score: score, terms: shown.words}]);
      }
      group.push({location: page[0] + "#" + entry[0], title: escapeHTML(entry[1]),
                  text: html, score: score, terms: shown.words});
    });
    return {items: result};
  });
}

function fullParagraph(hit) { return hit.full && hit.rank === 0; }

function search(query) {
  if (!query.trim()) return Promise.resolve({items: []});
  if (bucketCount) prefetch(query);
  return getManifest().then(function (index) {
    setUp(index);
    var typing = !/[\s,.;:!?，。；：！？、]$/.test(query);
    var parts = parseQuery(foldVariants(query), typing);
    if (!parts.length) return {items: []};
    return fetchTerms(parts, 1, index.buckets).then(function () {
      var hits = evaluate(parts, index, true);
      if (hits.some(fullParagraph)) return hits;
      return fetchTerms(parts, 2, index.buckets).then(function () {
        hits = evaluate(parts, index, true);
        // Partial matches only when no report paragraph holds the whole query.
        return hits.some(fullParagraph) ? hits : evaluate(parts, index, false);
      });
    }).then(function (hits) {
      if (!hits.length) return suggestions(query, index);
      return present(best(hits, LIMIT), parts, index);
    });
  });
}

/* The engine for one language's index: ``index`` is its folder, ``setup`` the ``engine``
   entry of Material's search configuration (index version and bucket count). */
self.searchEngine = function (index, setup) {
  INDEX = index || new URL("../../../search/engine/", self.location.href).href;
  version = setup.version || "";
  bucketCount = setup.buckets || 0;
  return {search: search};
};
