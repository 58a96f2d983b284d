/*
 * Madoguchi search worker. madoguchi-search.js starts this script instead of mkdocs-material's
 * search worker and passes the manifest of the sharded index (?index=, search/madoguchi/
 * manifest.json, written by madoguchi/search: plugins/madoguchi/search_shards.py). It speaks
 * Material's worker protocol (SETUP → READY, QUERY → RESULT), so Material's search UI (input,
 * result list, keyboard use) is unchanged, but nothing of the whole site is downloaded:
 *
 * 1. A query is normalised like the index terms (japanese.normalize) and segmented by longest
 *    match against the index vocabulary. The vocabulary is known only where needed: a term's
 *    shard is chosen by its first two characters (hashed into a bucket, or a file of the key's
 *    own when its terms fill one: manifest "keys"), so for each position of the query the
 *    worker fetches the shard of the two characters there (and of a lone kanji), in parallel,
 *    once per page view, but only from the first position its segmentation could not decide
 *    with the shards it has (a keystroke that adds a particle, 返品 → 返品の, fetches none).
 *    That shard also holds every completion of a prefix (たいか → たいかい) and the candidates
 *    of a typo (りょうしゅしょ → りょうしゅうしょ). Once a query is answered, the shards of
 *    its last character's likely next characters are fetched ahead (期 → 期限's), and the
 *    fragment files the likeliest next query would show first, so that that keystroke is
 *    answered without a round trip.
 * 2. Pages are scored with the formula lunr used in Material's worker (each term once per
 *    field, b = 0: idf × field boost × page boost, over the query vector's length; then
 *    Material's boost for the share of query terms a page matches), so ranking stays as it was.
 * 3. Every match is listed, but only the results Material shows at once (SHOWN) come with their
 *    title, teaser and tags, from fragment files of a few pages each; the others are
 *    placeholders ({madoguchiPage: n}) that madoguchi-search.js fills, as the reader scrolls
 *    towards them, by asking for their fragments (FILL → FILLED) before Material renders them.
 *    The answer waits for at most FIRST_FILES new fragment files (one round trip: a browser
 *    opens six connections per host over HTTP/1.1, so a seventh file would wait for a second
 *    one): the results whose files are further down are placeholders too, their files
 *    requested at once behind the others, and madoguchi-search.js fills them as soon as
 *    Material has rendered them (a keystroke costs the round trip of its new shards and one of
 *    fragments, never three).
 *
 * normalize() must stay identical to japanese.normalize, shardKey(), bucket() and shardId() to
 * search_shards.shard_key, bucket and shard_name.
 */
(function () {
  "use strict"

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3  // Material's SearchMessageType
  var VERSION = 4                                // search_shards.VERSION
  var FILL = 100, FILLED = 101                   // Madoguchi's own: fragments of later results
  var SHOWN = 10                                 // results Material renders at once
  var FIRST_FILES = 6                            // new fragment files awaited before answering
  var WORD_BITS = 30  // distinct query words kept as bits of one number (score)
  var ON_SCREEN = 5                              // results a phone shows at once (no wait when here)
  var MAX_TERM = 16                              // longest term tried when segmenting
  var KANJI = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]/
  var PUNCTUATION = /[\s\u200b、。，．,.・･「」『』（）()【】\[\]［］！!？?：:；;／/〜~…‥"'“”‘’<>＜＞=＝&＆#＃*＊+＋|｜%％@＠^＾`｀{}｛｝\\￥$]+/
  var LONG_VOWEL = /ー|(?<=[\u3041-\u309f])[-\u2010-\u2015\u2212]/g
  var HIRAGANA = /^[\u3041-\u309f]+$/

  function normalize(text) {
    var folded = text.normalize("NFKC").toLowerCase().replace(/[\u30a1-\u30f6]/g, function (ch) {
      return String.fromCharCode(ch.charCodeAt(0) - 0x60)
    })
    return folded.replace(LONG_VOWEL, "")
  }

  function shardKey(term) { return term.slice(0, 2) }

  function bucket(key, count) {                  // 32-bit FNV-1a over UTF-16 code units
    var hash = 0x811c9dc5
    for (var i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0
    return hash % count
  }

  /* --- the files ----------------------------------------------------------------------- */

  var params = new URL(self.location.href).searchParams
  var manifestUrl = new URL(params.get("index"))
  var manifest = fetch(manifestUrl)
    .then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.url)
      return response.json()
    })
    .then(function (data) {
      if (data.version !== VERSION) throw new Error("search index version " + data.version)
      data.fieldNames = Object.keys(data.fields)
      data.keyFiles = new Map(Object.entries(data.keys || {}))
      return data
    })
  var shards = new Map()                         // shard id → Promise of Map term → entry
  var fragments = new Map()                      // fragment number → Promise of documents
  var loaded = new Map()                         // shard id → Map term → entry, once here
  var nextOf = new Map()                         // character → its likely next characters

  function getJson(path) {
    return fetch(new URL(path, manifestUrl)).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.url)
      return response.json()
    })
  }

  /* The shard of a shard key: the key's own file when its terms fill one (manifest "keys"),
     else its bucket (search_shards.shard_name) */
  function shardId(index, key) {
    return index.keyFiles.has(key) ? "k" + key : bucket(key, index.shards.length)
  }

  function loadShard(index, id) {
    if (!shards.has(id)) {
      var name = typeof id === "number" ? index.shards[id] : index.keyFiles.get(id.slice(1))
      shards.set(id, (name ? getJson("s/" + name + ".json") : Promise.resolve({ terms: [] })).then(function (shard) {
        var terms = new Map(), entries = shard.terms
        for (var i = 0; i < entries.length; i++) terms.set(entries[i][0], entries[i])
        Object.keys(shard.next || {}).forEach(function (unit) { nextOf.set(unit, shard.next[unit]) })
        loaded.set(id, terms)
        return terms
      }))
    }
    return shards.get(id)
  }

  function loadFragment(index, number) {
    if (!fragments.has(number)) fragments.set(number, getJson("f/" + index.fragments[number] + ".json"))
    return fragments.get(number)
  }

  /* The vocabulary known so far: the terms of the shards loaded. The shards it is asked about
     that are not here are added to `missing` (ids), and firstMissing() tells where the query's
     segmentation was (at(word, position)) when the first of them was asked about;
     reached(word, position) whether the segmentation came to a position. */
  function lexicon(index, missing) {
    var now = { word: 0, pos: 0 }, first = null, visited = new Set()
    function shardOf(term) {
      var id = shardId(index, shardKey(term)), shard = loaded.get(id)
      if (!shard && missing) {
        missing.add(id)
        if (!first) first = now
      }
      return shard
    }
    return {
      at: function (word, pos) { now = { word: word, pos: pos }; visited.add(word + ":" + pos) },
      reached: function (word, pos) { return visited.has(word + ":" + pos) },
      firstMissing: function () { return first },
      get: function (term) { var shard = shardOf(term); return shard ? shard.get(term) : undefined },
      has: function (term) { var shard = shardOf(term); return !!shard && shard.has(term) },
      startingWith: function (prefix) {
        var shard = shardOf(prefix), found = []
        if (!shard) return found
        shard.forEach(function (entry, term) { if (term.lastIndexOf(prefix, 0) === 0) found.push(term) })
        return found
      }
    }
  }

  /* The shard keys a query's words may need: two characters at each position (the terms
     starting there), a lone kanji (a one-character term), the word itself when it is one
     character; from the position `from` ({word, pos}) on, when given */
  function keysOf(words, from) {
    var keys = new Set()
    words.forEach(function (word, w) {
      if (from && w < from.word) return
      for (var i = from && w === from.word ? from.pos : 0; i < word.length; i++) {
        if (i + 1 < word.length) keys.add(word.slice(i, i + 2))
        if (KANJI.test(word[i]) || word.length === 1) keys.add(word[i])
      }
    })
    return keys
  }

  /* --- the query ------------------------------------------------------------------------ */

  /* The normal forms of the katakana words of a query (エラー → えら): after normalisation
     they look like hiragana, but they are words, not particles */
  function katakanaOf(query) {
    var found = new Set()
    ;(query.normalize("NFKC").match(/[\u30a1-\u30fa\u30fc]+/g) || []).forEach(function (run) { found.add(normalize(run)) })
    return found
  }

  /* Split a normalised word into index terms, longest match first. Pieces of one or two
     hiragana inside a longer word (particles, endings: が, たい, ない) carry little meaning
     and are dropped, unless the query wrote them in katakana (`katakana`, a Set); unknown runs
     are kept as prefixes, and from four kana on searched with one typo allowed, as is a whole
     kana word the index does not know (りょうしゅしょ). The walk tells the lexicon where it is
     (the position in the query's `w`th word), when the lexicon asks. */
  function segment(word, lex, katakana, w) {
    var terms = [], unknown = ""
    function flush() {
      if (unknown.length >= 4 && !KANJI.test(unknown)) terms.push(unknown + "~1")
      else if (unknown.length >= 2 || KANJI.test(unknown)) terms.push(unknown)
      unknown = ""
    }
    if (lex.has(word)) return [word]
    for (var i = 0; i < word.length;) {
      var found = 0
      if (lex.at) lex.at(w, i)
      for (var len = Math.min(MAX_TERM, word.length - i); len >= 1; len--) {
        var part = word.substr(i, len)
        if ((len > 1 || KANJI.test(part)) && lex.has(part)) { found = len; break }
      }
      if (found) {
        flush()
        var piece = word.substr(i, found)
        if (!(found <= 2 && HIRAGANA.test(piece)) || (katakana && katakana.has(piece))) terms.push(piece)
        i += found
      } else {
        unknown += word[i++]
      }
    }
    flush()
    if (word.length >= 4 && word.length <= 10 && HIRAGANA.test(word) && terms.indexOf(word + "~1") < 0) terms.push(word + "~1")
    return terms
  }

  /* The query's clauses: {term, type: "exact" | "prefix" | "fuzzy"}. A word of the index is
     matched as itself (not also as the start of longer terms: 返品 would add a score for
     返品条件, 返品期限, … and rank pages with many compounds first); anything else (たいか,
     still being typed) as a prefix; the "~1" pieces with one typo allowed. */
  function clausesOf(words, lex, katakana) {
    var terms = []
    for (var w = 0; w < words.length; w++) {
      if (lex.at) lex.at(w, 0)
      terms.push.apply(terms, segment(words[w], lex, katakana, w))
    }
    var last = words[words.length - 1]
    if (last && last.length >= 2 && !lex.has(last)) terms.push(last)
    return Array.from(new Set(terms)).map(function (term) {
      if (/~1$/.test(term)) return { term: term.slice(0, -2), type: "fuzzy" }
      return { term: term, type: lex.has(term) ? "exact" : "prefix" }
    })
  }

  /* Shard keys of the candidates of a term with one typo beyond its own: the first character
     deleted or swapped with the second (edits further on keep the key) */
  function fuzzyKeys(clauses) {
    var keys = new Set()
    clauses.forEach(function (clause) {
      var t = clause.term
      if (clause.type !== "fuzzy" || t.length < 3) return
      keys.add(t[0] + t[2]); keys.add(t[1] + t[0]); keys.add(t.slice(1, 3))
    })
    return keys
  }

  /* Optimal string alignment distance ≤ 1 (lunr's fuzzy match: one insertion, deletion,
     substitution or transposition) */
  function withinOne(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false
    var i = 0
    while (i < a.length && i < b.length && a[i] === b[i]) i++
    if (a.length === b.length) {
      if (i === a.length) return true
      if (a.slice(i + 1) === b.slice(i + 1)) return true                 // substitution
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2)
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1)
  }

  function expand(clause, lex) {
    var t = clause.term
    if (clause.type === "exact") return lex.has(t) ? [t] : []
    if (clause.type === "prefix") {
      if (t.length < 2) return lex.has(t) ? [t] : []
      return lex.startingWith(t)
    }
    var found = new Set(), keys = [t.slice(0, 2)].concat(Array.from(fuzzyKeys([clause])))
    keys.forEach(function (key) {
      lex.startingWith(key).forEach(function (term) { if (withinOne(t, term)) found.add(term) })
    })
    return Array.from(found)
  }

  /* lunr's scores (Material's worker with b = 0, each term once per field) and Material's
     boost for the share of query terms a page matches; page numbers, best first */
  function score(index, lex, clauses) {
    var count = index.pages, fields = index.fieldNames, boosts = index.boosts || {}
    var queryVector = new Map()
    clauses.forEach(function (clause) {
      expand(clause, lex).forEach(function (term) { queryVector.set(term, (queryVector.get(term) || 0) + 1) })
    })
    // Material's getSearchQueryTerms: a query term is found when a matched term starts with
    // it. Each page keeps a bit per distinct clause term found (a page's `terms` object is
    // shared by every page with the same bits), its score in a typed array: linear in the
    // matches, with nothing allocated per page but its result. A query of more than WORD_BITS
    // distinct words (a pasted paragraph) keeps a mark per word for each page matched instead.
    var names = Array.from(new Set(clauses.map(function (clause) { return clause.term })))
    var wide = names.length > WORD_BITS ? new Map() : null  // page → Uint8Array: word k found
    var scores = new Float64Array(count), bits = new Int32Array(count), pages = [], length = 0
    queryVector.forEach(function (weight, term) {
      length += weight * weight
      var entry = lex.get(term), documents = 0, mask = 0, words = []
      names.forEach(function (name, k) { if (term.lastIndexOf(name, 0) === 0) { words.push(k); mask |= 1 << k } })
      for (var f = 0; f < fields.length; f++) documents += entry[f + 1].length
      var idf = Math.log(1 + Math.abs((count - documents + 0.5) / (documents + 0.5)))
      for (f = 0; f < fields.length; f++) {
        var boost = index.fields[fields[f]], postings = entry[f + 1]
        for (var i = 0, n = 0; i < postings.length; i++) {
          n += postings[i]
          if (!scores[n] && !bits[n]) pages.push(n)
          scores[n] += weight * (Math.round(idf * boost * (boosts[n] || 1) * 1000) / 1000)
          if (wide) {
            var marks = wide.get(n)
            if (!marks) wide.set(n, marks = new Uint8Array(names.length))
            for (var w = 0; w < words.length; w++) marks[words[w]] = 1
            bits[n] = 0x40000000  // matched (the words found are in `marks`)
            continue
          }
          bits[n] |= mask
          if (!bits[n]) bits[n] = 0x40000000  // matched, no clause term found (never a real bit)
        }
      }
    })
    length = Math.sqrt(length)
    var byMask = new Map(), results = new Array(pages.length)
    pages.forEach(function (n, r) {
      var key = wide ? wide.get(n).join("") : bits[n] & 0x3fffffff, found = byMask.get(key)  // words found
      if (!found) {
        var terms = {}, hits = 0
        names.forEach(function (name, k) {
          terms[name] = wide ? key.charAt(k) === "1" : !!(key & (1 << k))
          if (terms[name]) hits++
        })
        var boost = 1 + (names.length ? hits / names.length : 0)
        byMask.set(key, found = { terms: terms, factor: 1 + boost * boost })
      }
      results[r] = { page: n, score: (scores[n] / length) * found.factor, terms: found.terms }
    })
    return results.sort(function (a, b) { return b.score - a.score || a.page - b.page })
  }

  /* The displayed documents of some pages: page number → document, from their fragments */
  function documentsOf(index, pages) {
    var wanted = new Set(pages.map(function (page) { return Math.floor(page / index.per) }))
    return Promise.all(Array.from(wanted, function (number) {
      return loadFragment(index, number).then(function (docs) { return [number, docs] })
    })).then(function (loadedFragments) {
      var docsOf = new Map(loadedFragments), found = new Map()
      pages.forEach(function (page) { found.set(page, docsOf.get(Math.floor(page / index.per))[page % index.per]) })
      return found
    })
  }

  /* The pages among `pages` (ranked, best first) whose documents the answer waits for (a Set
     of page numbers): those in fragment files already requested, and, unless the first ON_SCREEN
     are among those (fetched ahead: prefetch; the others then come right after the answer),
     those in the first FIRST_FILES new files, in rank order (one round trip) */
  function firstPages(index, pages) {
    function requested(page) { return fragments.has(Math.floor(page / index.per)) }
    if (pages.slice(0, ON_SCREEN).every(requested)) return new Set(pages.filter(requested))
    var files = new Set(), first = new Set()
    pages.forEach(function (page) {
      var number = Math.floor(page / index.per)
      if (!fragments.has(number) && !files.has(number)) {
        if (files.size >= FIRST_FILES) return
        files.add(number)
      }
      first.add(page)
    })
    return first
  }

  function wordsOf(query) { return normalize(query).split(PUNCTUATION).filter(Boolean) }

  /* A query's words segmented and its clauses expanded with the shards loaded so far:
     {index, lex, clauses, words, katakana, missing}, `missing` the shards asked about that
     are not here (ids) */
  function prepare(index, words, katakana) {
    var missing = new Set(), lex = lexicon(index, missing)
    var clauses = words.length ? clausesOf(words, lex, katakana) : []
    lex.at(words.length, 0)
    clauses.forEach(function (clause) { expand(clause, lex) })  // the shards scoring reads
    return { index: index, lex: lex, clauses: clauses, words: words, katakana: katakana, missing: missing }
  }

  /* A query prepared once the shards it needs are here. When none is missing (a keystroke
     whose words' shards came with an earlier query, or were fetched ahead: prefetch), the
     answer needs no round trip for shards. Otherwise the missing ones are fetched, the first
     time with those of every position of the query's words from where the first was missing
     on (keysOf; the segmentation before it is final), so that one round trip brings all a
     query normally needs, and the query is prepared again (shards being fetched already are
     only waited for). */
  function parse(query) {
    var words = wordsOf(query), katakana = katakanaOf(query)
    return manifest.then(function (index) {
      function attempt(first) {
        var prepared = prepare(index, words, katakana), missing = prepared.missing
        if (!missing.size) return prepared
        var requested = Array.from(missing).every(function (id) { return shards.has(id) })
        if (first && !requested) {
          keysOf(words, prepared.lex.firstMissing()).forEach(function (key) { missing.add(shardId(index, key)) })
        }
        return Promise.all(Array.from(missing, function (id) { return loadShard(index, id) })).then(function () {
          return attempt(first && requested)
        })
      }
      return attempt(true)
    })
  }

  /* The shard keys the next keystroke after a parsed query most probably needs, to be fetched
     while the reader reads its results (prefetch): when the segmentation came to the query's
     last character c (a term may start there: 返品の期), the keys c·x of c's likely next
     characters x (search_shards.likely_next, which came with the shard of c; nothing is
     fetched to learn them). When a longer term ends there (返品), a next character starts no
     term at c, and nothing is worth fetching ahead. */
  function nextKeys(parsed) {
    var w = parsed.words.length - 1, word = parsed.words[w]
    if (!word || !parsed.lex.reached(w, word.length - 1)) return []
    var last = word[word.length - 1], nexts = nextOf.get(last) || ""
    return nexts.split("").map(function (unit) { return last + unit })
  }

  /* Fetch ahead, after a query is answered, the shards of `keys` (nextKeys), then for each of
     the next keystrokes they stand for (at most search_shards.NEXT_KEYS), likeliest first, the
     fragment files of the results it would show first (firstPages): such a keystroke is then
     answered without a round trip. Likeliest: the query (needing no other shard) that the most
     pages match in every word of the index it holds (its exact clauses), i.e. the next
     character that goes best with what is typed; a next query no page matches in all its words
     is not worth any file. A mistaken guess costs its files' bytes (a few KB), no time. */
  function prefetch(parsed, keys) {
    if (!keys.length) return
    var index = parsed.index
    Promise.all(keys.map(function (key) { return loadShard(index, shardId(index, key)) })).then(function () {
      var guesses = []
      keys.forEach(function (key) {
        var words = parsed.words.slice()
        words[words.length - 1] += key.slice(1)
        var next = prepare(index, words, parsed.katakana)
        if (next.missing.size || !next.clauses.length) return
        var exact = next.clauses.filter(function (clause) { return clause.type === "exact" })
        var results = score(index, next.lex, next.clauses), whole = 0
        results.forEach(function (result) {
          if (exact.every(function (clause) { return result.terms[clause.term] })) whole++
        })
        if (whole) guesses.push({ whole: whole, results: results })
      })
      guesses.sort(function (a, b) { return b.whole - a.whole })
      return Promise.all(guesses.map(function (guess) {
        var shown = guess.results.slice(0, SHOWN).map(function (result) { return result.page })
        return documentsOf(index, Array.from(firstPages(index, shown)))
      }))
    }).catch(function () {})
  }

  /* Material's result: every match, the first SHOWN with their documents (those whose
     fragments come in the first round trip, firstPages; the files of the others are requested
     too), the others as placeholders Material can hold (an empty title and text) until
     madoguchi-search.js fills them; those after SHOWN sent compactly (`later`, laterResults) */
  function search(query) {
    return answer(query).then(function (answered) { return answered.data })
  }

  /* The answer to a query (`data`, what Material's UI is sent) and what to fetch once it is
     sent (`after`: the query and its nextKeys, for prefetch): each answer carries its own. */
  function answer(query) {
    return parse(query).then(function (parsed) {
      var after = { parsed: parsed, keys: nextKeys(parsed) }
      return answerParsed(parsed).then(function (data) { return { data: data, after: after } })
    })
  }

  function answerParsed(parsed) {
    if (!parsed.clauses.length) return Promise.resolve({ items: [], total: 0 })
    var index = parsed.index, results = score(index, parsed.lex, parsed.clauses)
    var shown = results.slice(0, SHOWN).map(function (result) { return result.page })
    var first = firstPages(index, shown)
    var answered = documentsOf(index, Array.from(first))
    var rest = shown.filter(function (page) { return !first.has(page) })
    if (rest.length) documentsOf(index, rest).catch(function () {})  // FILL answers with them, or fails
    return answered.then(function (docs) {
      var items = results.slice(0, SHOWN).map(function (result) {
        var terms = result.terms  // one object per combination of terms found (score)
        if (docs.has(result.page)) return [Object.assign({}, docs.get(result.page), { score: result.score, terms: terms })]
        return [{ location: "", title: "", text: "", score: result.score, terms: terms, madoguchiPage: result.page }]
      })
      return { items: items, total: results.length, later: laterResults(results.slice(SHOWN)) }
    })
  }

  /* The results after the first SHOWN, for madoguchi-search.js to turn into Material's items
     (placeholders) on its side: their page numbers and scores in typed arrays, moved to the
     page rather than copied, and an index into the few distinct `terms` objects. Posting
     thousands of placeholder objects instead cost tens of milliseconds per keystroke at
     20,000 entries, to copy them and to read them on the page. */
  function laterResults(results) {
    var pages = new Int32Array(results.length), scores = new Float64Array(results.length)
    var termsOf = new Int32Array(results.length), termSets = [], seen = new Map()
    results.forEach(function (result, i) {
      pages[i] = result.page
      scores[i] = result.score
      var k = seen.get(result.terms)
      if (k === undefined) { seen.set(result.terms, k = termSets.length); termSets.push(result.terms) }
      termsOf[i] = k
    })
    return { pages: pages, scores: scores, terms: termsOf, termSets: termSets }
  }

  /* --- Material's protocol --------------------------------------------------------------- */

  var latest = 0
  self.addEventListener("message", function (ev) {
    var message = ev.data
    if (!message) return
    if (message.type === SETUP) {
      self.postMessage({ type: READY })
    } else if (message.type === QUERY) {
      var number = ++latest
      answer(String(message.data)).catch(function (error) {
        console.warn("Madoguchi search:", error)
        return { data: { items: [], total: 0 }, after: null }
      }).then(function (answered) {
        if (number !== latest) return  // a newer query came
        var data = answered.data, later = data.later
        self.postMessage({ type: RESULT, data: data }, later ? [later.pages.buffer, later.scores.buffer, later.terms.buffer] : [])
        if (answered.after) prefetch(answered.after.parsed, answered.after.keys)
      })
    } else if (message.type === FILL) {
      var pages = message.data.pages
      manifest.then(function (index) { return documentsOf(index, pages) }).then(function (docs) {
        self.postMessage({ type: FILLED, data: { pages: pages, docs: pages.map(function (page) { return docs.get(page) }) } })
      }).catch(function (error) {
        console.warn("Madoguchi search:", error)
        self.postMessage({ type: FILLED, data: { pages: pages, docs: [], failed: true } })
      })
    }
  })

  self.madoguchiSearch = { normalize: normalize, shardKey: shardKey, bucket: bucket, segment: segment,
                           clausesOf: clausesOf, withinOne: withinOne, search: search,
                           clauses: function (query) { return parse(query).then(function (p) { return p.clauses }) } }
})()
