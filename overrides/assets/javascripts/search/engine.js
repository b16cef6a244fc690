/* The search engine, loaded by the search worker (worker.js) at the reader's first query. It
   answers from the chunked index that the build writes (hooks/policysite/render/search_index.py
   explains the index; the tokenizer below must stay the same as the one there, and
   tests/test_search.py checks that it does), with results in the shape Material's search box
   renders.

   It fetches the manifest, one bucket file per distinct first character of the query, and the
   text chunks of the results shown; never the whole index. */
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

function fold(char) {
  return char.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

var ALNUM = /^[\p{L}\p{N}]+$/u;
var DIGIT = /^\p{Nd}/u;

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

/* Pieces of a text: {kind: "han"|"word"|"gap", value, start, end} (start and end in the
   original string). */
function pieces(text) {
  var out = [];
  var chars = [];
  for (var i = 0; i < text.length; ) {
    var code = text.codePointAt(i);
    var length = code > 0xffff ? 2 : 1;
    chars.push({folded: fold(text.slice(i, i + length)), start: i, end: i + length});
    i += length;
  }
  var word = "", wordStart = 0, wordEnd = 0;
  function endWord() {
    if (word) out.push({kind: "word", value: word, start: wordStart, end: wordEnd});
    word = "";
  }
  for (var index = 0; index < chars.length; index++) {
    var item = chars[index];
    var next = index + 1 < chars.length ? chars[index + 1].folded : "";
    for (var char of item.folded) {
      if (isHan(char.codePointAt(0))) {
        endWord();
        out.push({kind: "han", value: char, start: item.start, end: item.end});
      } else if (ALNUM.test(char)) {
        if (!word) wordStart = item.start;
        word += char;
        wordEnd = item.end;
      } else if (word && (char === "'" || char === "\u2019") && next && ALNUM.test(next)) {
        continue;
      } else if (word && (char === "." || char === ",") && DIGIT.test(word.slice(-1)) &&
                 DIGIT.test(next.slice(0, 1))) {
        if (char === ".") word += char;
      } else if (word && char === "%" && DIGIT.test(word.slice(-1))) {
        word += char;
        wordEnd = item.end;
        endWord();
      } else {
        endWord();
        out.push({kind: "gap", value: "", start: item.start, end: item.end});
      }
    }
  }
  endWord();
  return out;
}

/* The index's tokens of a text: {text, position, start, end}. */
function tokenize(text) {
  var tokens = [], run = [], position = 0;
  function endRun() {
    run.forEach(function (piece, offset) {
      var last = offset + 1 === run.length;
      tokens.push({
        text: last ? piece.value : piece.value + run[offset + 1].value,
        position: position + offset,
        start: piece.start,
        end: last ? piece.end : run[offset + 1].end
      });
    });
    position += run.length;
    run = [];
  }
  pieces(text).forEach(function (piece) {
    if (piece.kind === "han") { run.push(piece); return; }
    endRun();
    if (piece.kind === "word") {
      tokens.push({text: stem(piece.value), position: position, start: piece.start,
                   end: piece.end});
      position += 1;
    }
  });
  endRun();
  return tokens;
}

/* What a query asks for: terms with their offsets in a phrase. A run of two or more Chinese
   characters asks for its pairs; a single character, for every token it begins; the last word,
   while it is being typed, for every word it begins. */
function queryTerms(query) {
  var terms = [], run = [], position = 0;
  var list = pieces(query);
  function endRun() {
    if (run.length === 1) {
      terms.push({exact: null, prefix: run[0].value, offset: position, width: 1});
    }
    // Pairs that cover the run (at 0, 2, 4 ... and the last): every character is checked, by
    // position, with half the bucket files of all overlapping pairs.
    for (var i = 0; i + 1 < run.length; i += (i + 3 < run.length || i + 2 === run.length) ? 2 : 1) {
      terms.push({exact: run[i].value + run[i + 1].value, prefix: null, offset: position + i,
                  width: 2});
    }
    position += run.length;
    run = [];
  }
  var typing = !/[\s,.;:!?，。；：！？、]$/.test(query);
  list.forEach(function (piece, index) {
    if (piece.kind === "han") { run.push(piece); return; }
    endRun();
    if (piece.kind !== "word") return;
    var last = typing && list.slice(index + 1).every(function (p) { return p.kind === "gap"; });
    var exact = stem(piece.value);
    if (last && piece.value.length === 1 && terms.length) return;  // too short to widen yet
    terms.push({exact: exact, prefix: last && piece.value.length > 1 ? piece.value : null,
                offset: position, width: 0});
    position += 1;
  });
  endRun();
  return terms;
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
  var id = term.exact + "\u0000" + term.prefix;
  if (!matched.has(id)) {
    if (matched.size > 500) matched.clear();
    matched.set(id, findTerm(term, count).catch(function (error) {
      matched.delete(id);  // try again on the next keystroke
      throw error;
    }));
  }
  return matched.get(id);
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

function rank(terms, matches, index) {
  var smallest = matches.reduce(function (a, b) { return a.size <= b.size ? a : b; });
  var hits = [];
  smallest.forEach(function (_, unit) {
    if (!matches.every(function (m) { return m.has(unit); })) return;
    var first = matches[0].get(unit), phrases = [];
    first.forEach(function (position) {
      var start = position - terms[0].offset;
      if (terms.every(function (term, i) { return matches[i].get(unit).has(start + term.offset); }))
        phrases.push(start);
    });
    var count = matches.reduce(function (sum, m) { return sum + m.get(unit).size; }, 0);
    var lead = phrases.length > 0 && Math.min.apply(null, phrases) === 0;  // e.g. an entry named so
    hits.push({unit: unit, phrases: phrases, lead: lead, count: count, rank: +index.ranks[unit]});
  });
  hits.sort(function (a, b) {
    return (b.phrases.length > 0) - (a.phrases.length > 0) || a.rank - b.rank ||
      b.lead - a.lead || b.count - a.count || a.unit - b.unit;
  });
  return hits;
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

/* The snippet (HTML, matches in <mark>) and the matched words, for one hit. */
function snippet(text, terms, matches, hit) {
  var wanted = new Map();  // position -> width (characters to mark; 0 for the whole token)
  var starts = hit.phrases.length ? hit.phrases : null;
  terms.forEach(function (term, i) {
    matches[i].get(hit.unit).forEach(function (position) {
      if (starts && !starts.some(function (s) { return s + term.offset === position; })) return;
      var width = term.width === 1 ? 1 : 0;  // a single typed character marks one character
      if (!wanted.has(position) || width === 0) wanted.set(position, width);
    });
  });
  var marked = [];
  tokenize(text).forEach(function (token) {
    if (!wanted.has(token.position)) return;
    var end = wanted.get(token.position) === 1 ? token.start + (text.codePointAt(token.start) >
      0xffff ? 2 : 1) : token.end;
    var last = marked[marked.length - 1];
    if (last && token.start <= last[1]) last[1] = Math.max(last[1], end);
    else marked.push([token.start, end]);
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

/* Material's result: groups (a page, then its results), in the order of the ranking. */
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
    return matchTerm({exact: form, prefix: null, offset: term.offset, width: 2}, count);
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

function search(query) {
  var terms = query.trim() ? queryTerms(query) : [];
  if (!terms.length) return Promise.resolve({items: []});
  var early = bucketCount ? Promise.all(terms.map(function (term) {
    return matchTerm(term, bucketCount);
  })) : null;
  return getManifest().then(function (index) {
    if (variants === null) {
      variants = pairMap(index.variants);
      alternates = pairMap(index.alternates);
    }
    var folded = foldVariants(query);
    if (folded !== query) terms = queryTerms(folded);
    if (folded !== query || terms.some(function (t) { return termForms(t).length > 1; })) {
      early = null;  // the buckets fetched early were for the typed forms alone
    }
    return (early || Promise.all(terms.map(function (term) {
      return matchForms(term, index.buckets);
    }))).then(function (matches) {
        var hits = rank(terms, matches, index).slice(0, LIMIT);
        var pageStarts = index.pages.map(function (p) { return p[2]; });
        var chunkNumbers = hits.map(function (hit) { return locate(index.chunks, hit.unit); });
        return Promise.all(chunkNumbers.map(getChunk)).then(function (loaded) {
          // Consecutive results from one page share its heading; a page met again later (after
          // a better result elsewhere) starts a new group, so the order stays the ranking's.
          var groups = [];
          hits.forEach(function (hit, i) {
            var page = index.pages[locate(pageStarts, hit.unit)];
            var entry = loaded[i][hit.unit - index.chunks[chunkNumbers[i]]];
            var shown = snippet(entry[2], terms, matches, hit);
            var score = (hit.phrases.length ? 10 : 0) + (4 - hit.rank);
            var group = groups[groups.length - 1];
            if (!group || group[0].location !== page[0]) {
              groups.push(group = [{location: page[0], title: escapeHTML(page[1]), text: "",
                                    score: score, terms: shown.words}]);
            }
            group.push({location: page[0] + "#" + entry[0], title: escapeHTML(entry[1]),
                        text: shown.html, score: score, terms: shown.words});
          });
          return {items: groups};
        });
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
