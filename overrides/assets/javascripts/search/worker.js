/* The site's search worker, in place of Material's. Material's bundle starts it on every page,
   so this file stays small: it answers Material's setup message, and loads the engine
   (engine.js beside it) and the index only when the reader types the first query. */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var setup = null, engine = null, latest = null, queue = Promise.resolve();

self.onmessage = function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    setup = (message.data.config && message.data.config.engine) || {};
    self.postMessage({type: READY});
  } else if (message.type === QUERY) {
    var query = String(message.data || "");
    latest = query;
    queue = queue.then(function () {
      if (query !== latest) return null;  // a newer query is waiting
      if (!query.trim()) return self.postMessage({type: RESULT, data: {items: []}});
      if (engine === null) {
        var page = new URL(self.location.href).searchParams;  // set by the page (main.html)
        importScripts(page.get("engine") || new URL("engine.js", self.location.href).href);
        engine = self.searchEngine(page.get("index"), setup);
      }
      return engine.search(query).then(function (result) {
        if (query === latest) self.postMessage({type: RESULT, data: result});
      });
    }).catch(function (error) {
      self.postMessage({type: RESULT, data: {items: []}});
      console.error(error);
    });
  }
};
