/* MiniSearch on the site's own search units, for `python scripts/bench.py search-libraries`.

   node search_libraries.js MINISEARCH_DIR SITE_DIR QUERIES_JSON

   MINISEARCH_DIR holds node_modules/minisearch (npm installs it there); SITE_DIR is a built
   site; QUERIES_JSON maps an edition's prefix ("", "en/", "zh-hant/") to tables of [query,
   expected location] and a list of queries to type character by character. The units are the
   ones the site's engine indexes (its chunk files: every report paragraph, glossary entry,
   targets row, section), with the same locations, so a result counts only if it is the
   expected paragraph itself. Prints one JSON object. */
"use strict";

const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const {createRequire} = require("module");

const [libraryDir, site, queriesFile] = process.argv.slice(2);
const required = createRequire(path.join(path.resolve(libraryDir), "package.json"))("minisearch");
const MiniSearch = required.default || required;
const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8"));

function units(prefix) {
  const engine = path.join(site, prefix, "search/engine");
  const manifest = JSON.parse(fs.readFileSync(path.join(engine, "manifest.json"), "utf8"));
  const starts = manifest.pages.map((page) => page[2]);
  const docs = [];
  manifest.chunks.forEach((first, number) => {
    const chunk = JSON.parse(fs.readFileSync(path.join(engine, `c${number}.json`), "utf8"));
    chunk.forEach(([anchor, title, text], offset) => {
      const unit = first + offset;
      let page = 0;
      while (page + 1 < starts.length && starts[page + 1] <= unit) page += 1;
      docs.push({id: `${manifest.pages[page][0]}#${anchor}`, title, text});
    });
  });
  return docs;
}

// Chinese has no spaces: MiniSearch's default tokenizer keeps a whole run of characters as one
// term, so the second setting cuts words with the runtime's own dictionary (ICU, as browsers
// ship it), as a site adopting MiniSearch would at least do.
const words = new Intl.Segmenter("zh", {granularity: "word"});
const SETTINGS = {
  "MiniSearch, default tokenizer": {},
  "MiniSearch, Intl.Segmenter words": {
    tokenize: (text) => Array.from(words.segment(text))
      .filter((s) => s.isWordLike).map((s) => s.segment),
  },
};
const SEARCH = {prefix: true, fuzzy: 0.2, boost: {title: 2}};

const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const out = {};
for (const [name, options] of Object.entries(SETTINGS)) {
  out[name] = {};
  for (const [prefix, wanted] of Object.entries(queries)) {
    const docs = units(prefix);
    const started = performance.now();
    const index = new MiniSearch({fields: ["title", "text"], ...options, searchOptions: SEARCH});
    index.addAll(docs);
    const built = performance.now() - started;
    const figures = {units: docs.length, build_ms: Math.round(built),
                     index_gzip: zlib.gzipSync(JSON.stringify(index)).length, tables: {}};
    for (const [table, rows] of Object.entries(wanted.tables)) {
      let first = 0, top3 = 0, empty = 0;
      for (const [query, location] of rows) {
        const found = index.search(query).map((hit) => hit.id);
        if (!found.length) empty += 1;
        if (found[0] === location) first += 1;
        if (found.slice(0, 3).includes(location)) top3 += 1;
      }
      figures.tables[table] = {rows: rows.length, first, top3, empty};
    }
    const times = [];
    for (const query of wanted.typed) {
      const chars = Array.from(query);
      for (let i = 1; i <= chars.length; i++) {
        const start = performance.now();
        index.search(chars.slice(0, i).join(""));
        times.push(performance.now() - start);
      }
    }
    figures.keystroke_median_ms = +median(times).toFixed(1);
    figures.keystroke_max_ms = +Math.max(...times).toFixed(1);
    out[name][prefix || "zh"] = figures;
  }
}
console.log(JSON.stringify(out));
