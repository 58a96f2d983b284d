/*
 * Madoguchi search worker. madoguchi-search.js starts this script instead of mkdocs-material's
 * search worker, passing that worker's URL (?material=) and the prebuilt term index
 * (?index=, search/madoguchi-index.json, written by madoguchi/search). It loads Material's
 * worker unchanged and changes two things around it:
 *
 * 1. The index. Material's worker would tokenise every document and build lunr's index on
 *    every page load (seconds for 2,000 entries). Here lunr's Builder returns an index made
 *    directly from the prebuilt postings: segmentation, readings and synonyms were done at
 *    build time (plugins/madoguchi/search_index.py), and the scores are lunr's own formula
 *    (each term once per field, b = 0 as Material sets it: idf × field boost × doc boost).
 * 2. The query. Each query is normalised like the index terms and segmented by longest
 *    match against the index vocabulary before Material's worker parses it; words of the
 *    index are matched exactly, other pieces as prefixes (Material's wildcard).
 *
 * normalize() and encodeTerm() must stay identical to japanese.normalize / encode_term.
 */
(function () {
  "use strict"

  var SETUP = 0, QUERY = 2                       // Material's SearchMessageType
  var VERSION = 1                                // search_index.TERM_INDEX_VERSION
  var KANJI_JOINER = "\u2060"
  var MAX_TERM = 16                              // longest term tried when segmenting
  var KANJI = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]/
  var KANJI_PAIR = /([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆])(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆])/g
  var PUNCTUATION = /[\s\u200b、。，．,.・･「」『』（）()【】\[\]［］！!？?：:；;／/〜~…‥"'“”‘’<>＜＞=＝&＆#＃*＊+＋|｜%％@＠^＾`｀{}｛｝\\￥$]+/
  var LONG_VOWEL = /ー|(?<=[\u3041-\u309f])[-\u2010-\u2015\u2212]/g
  var HIRAGANA = /^[\u3041-\u309f]+$/

  function normalize(text) {
    var folded = text.normalize("NFKC").toLowerCase().replace(/[\u30a1-\u30f6]/g, function (ch) {
      return String.fromCharCode(ch.charCodeAt(0) - 0x60)
    })
    return folded.replace(LONG_VOWEL, "")
  }

  function encodeTerm(term) {
    return term.replace(KANJI_PAIR, "$1" + KANJI_JOINER)
  }

  /* Decoded index terms, for segmenting queries */
  var vocabulary = new Set()

  /* Split a normalised word into index terms, longest match first. Pieces of one or two
     hiragana inside a longer word (particles, endings: が, たい, ない) carry little meaning
     and are dropped; unknown runs are kept as prefixes, and from four kana on searched with
     one typo allowed, as is a whole kana word the index does not know (りょうしゅしょ). */
  function segment(word) {
    var terms = [], unknown = ""
    function flush() {
      if (unknown.length >= 4 && !KANJI.test(unknown)) terms.push(unknown + "~1")
      else if (unknown.length >= 2 || KANJI.test(unknown)) terms.push(unknown)
      unknown = ""
    }
    if (vocabulary.has(word)) return [word]
    for (var i = 0; i < word.length;) {
      var found = 0
      for (var len = Math.min(MAX_TERM, word.length - i); len >= 1; len--) {
        var part = word.substr(i, len)
        if (vocabulary.has(part) && (len > 1 || KANJI.test(part))) { found = len; break }
      }
      if (found) {
        flush()
        var piece = word.substr(i, found)
        if (!(found <= 2 && HIRAGANA.test(piece))) terms.push(piece)
        i += found
      } else {
        unknown += word[i++]
      }
    }
    flush()
    if (word.length >= 4 && word.length <= 10 && HIRAGANA.test(word) && terms.indexOf(word + "~1") < 0) terms.push(word + "~1")
    return terms
  }

  function transformQuery(query) {
    var terms = []
    var words = normalize(query).split(PUNCTUATION).filter(Boolean)
    for (var w = 0; w < words.length; w++)
      terms.push.apply(terms, segment(words[w]))
    // Search as you type: the last word may be the start of an index word (たいか → たいかい)
    var last = words[words.length - 1]
    if (last && last.length >= 2 && !vocabulary.has(last)) terms.push(last)
    var unique = Array.from(new Set(terms))
    return unique.map(function (term) {
      if (/~1$/.test(term)) return encodeTerm(term.slice(0, -2)) + "~1"
      // A word of the index is matched as itself ("^1" keeps Material from appending its
      // wildcard, which would add a score for every longer term: 返品条件, 返品期限, …);
      // anything else is a word still being typed, matched as a prefix.
      return vocabulary.has(term) ? encodeTerm(term) + "^1" : encodeTerm(term)
    }).join(" ")
  }

  /* lunr's index from the prebuilt postings: the structures lunr.Index.load would restore,
     with documents referenced by location as Material expects. Document vectors are built
     at once (numbers only); a term's posting, an object per document, only when a query
     first looks the term up: most terms are never searched for during one page view. */
  var NO_METADATA = Object.freeze({})

  function lunrIndex(lunr, data, pipeline) {
    var refs = data.refs, boosts = data.boosts || {}, fields = Object.keys(data.fields)
    var count = refs.length
    var terms = data.terms.map(function (entry) { return entry[0] }).sort()
    var entries = new Map(data.terms.map(function (entry) { return [entry[0], entry] }))
    var documentTerms = fields.map(function () { return refs.map(function () { return [] }) })
    vocabulary = new Set()
    for (var t = 0; t < terms.length; t++) {
      var entry = entries.get(terms[t]), documents = 0
      for (var f = 0; f < fields.length; f++) {
        for (var i = 0, n = 0; i < entry[f + 1].length; i++) documentTerms[f][n += entry[f + 1][i]].push(t)
        documents += entry[f + 1].length
      }
      // lunr.idf: documents counted once per field they hold the term in
      entry.idf = Math.log(1 + Math.abs((count - documents + 0.5) / (documents + 0.5)))
      entry.index = t
      vocabulary.add(terms[t].split(KANJI_JOINER).join(""))
    }
    var idf = terms.map(function (term) { return entries.get(term).idf })

    var fieldVectors = Object.create(null)
    for (f = 0; f < fields.length; f++) {
      var boost = data.fields[fields[f]]
      for (n = 0; n < count; n++) {
        var indices = documentTerms[f][n], elements = new Array(indices.length * 2)
        for (i = 0; i < indices.length; i++) {
          elements[2 * i] = indices[i]
          // lunr's BM25 with b = 0 and each term once per field: idf × boosts
          elements[2 * i + 1] = Math.round(idf[indices[i]] * boost * (boosts[n] || 1) * 1000) / 1000
        }
        fieldVectors[fields[f] + "/" + refs[n]] = new lunr.Vector(elements)
      }
    }

    function posting(term) {
      var entry = entries.get(term), result = { _index: entry.index }
      for (var f = 0; f < fields.length; f++) {
        var inField = result[fields[f]] = {}
        for (var i = 0, n = 0; i < entry[f + 1].length; i++) inField[refs[n += entry[f + 1][i]]] = NO_METADATA
      }
      return result
    }
    var postings = Object.create(null)
    var invertedIndex = new Proxy(postings, {
      get: function (target, term) {
        if (typeof term !== "string" || !entries.has(term)) return undefined
        return target[term] || (target[term] = posting(term))
      },
      has: function (target, term) { return entries.has(term) }
    })
    return new lunr.Index({
      invertedIndex: invertedIndex,
      fieldVectors: fieldVectors,
      tokenSet: lunr.TokenSet.fromArray(terms),
      fields: fields,
      pipeline: pipeline
    })
  }

  var params = new URL(self.location.href).searchParams
  var prebuilt = null
  var loading = fetch(params.get("index"))
    .then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.url)
      return response.json()
    })
    .then(function (data) {
      if (data.version !== VERSION) throw new Error("term index version " + data.version)
      prebuilt = data
    })
    .catch(function (error) {
      console.warn("Madoguchi search: no prebuilt index, Material builds its own", error)
    })

  /* Hold Material's messages until the prebuilt index is here, then hand them over in order,
     one task each (Material's handler is async: a query must not overtake the setup). */
  var waiting = [], replaying = false, loaded = false
  function replay() {
    var data = waiting.shift()
    if (data === undefined) return
    replaying = true
    self.dispatchEvent(new MessageEvent("message", { data: data }))
    replaying = false
    setTimeout(replay, 0)
  }
  self.addEventListener("message", function (ev) {
    if (!replaying && (!loaded || waiting.length)) {
      ev.stopImmediatePropagation()
      waiting.push(ev.data)
      return
    }
    if (ev.data && ev.data.type === QUERY && typeof ev.data.data === "string")
      ev.data.data = transformQuery(ev.data.data)
  })
  loading.then(function () { loaded = true; replay() })

  importScripts(params.get("material"))

  /* Material builds its index with lunr(function () { …; this.add(doc) … }): keep its setup
     (tokenizer separator, pipelines, fields) and answer with the prebuilt index. */
  var lunr = self.lunr
  var build = lunr.Builder.prototype.build, add = lunr.Builder.prototype.add
  lunr.Builder.prototype.add = function () {
    if (!prebuilt) return add.apply(this, arguments)
  }
  lunr.Builder.prototype.build = function () {
    if (!prebuilt) return build.apply(this, arguments)
    return lunrIndex(lunr, prebuilt, this.searchPipeline)
  }

  self.madoguchiSearch = { normalize: normalize, encodeTerm: encodeTerm, transformQuery: transformQuery,
                           segment: segment, lunrIndex: lunrIndex }
})()
