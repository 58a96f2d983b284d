/*
 * Madoguchi search, query side. Loaded before mkdocs-material's bundle so it can wrap the
 * search worker: the index was segmented and normalised at build time (madoguchi/search,
 * plugins/madoguchi/japanese.py), and each query is brought to the same form here before
 * Material's worker sees it. Also shows contact channels and categories when nothing is found.
 *
 * normalize() and encodeTerm() must stay identical to japanese.normalize / encode_term.
 */
(function () {
  "use strict"

  var SETUP = 0, QUERY = 2, RESULT = 3           // Material's SearchMessageType
  var KANJI_JOINER = "\u2060"
  var MAX_TERM = 16                              // longest term tried when segmenting
  var KANJI = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]/
  var KANJI_PAIR = /([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆])(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆])/g
  var PUNCTUATION = /[\s\u200b、。，．,.・･「」『』（）()【】\[\]［］！!？?：:；;／/〜~…‥"'“”‘’<>＜＞=＝&＆#＃*＊+＋|｜%％@＠^＾`｀{}｛｝\\￥$]+/
  var LONG_VOWEL = /ー|(?<=[\u3041-\u309f])[-\u2010-\u2015\u2212]/g

  function normalize(text) {
    var folded = text.normalize("NFKC").toLowerCase().replace(/[\u30a1-\u30f6]/g, function (ch) {
      return String.fromCharCode(ch.charCodeAt(0) - 0x60)
    })
    return folded.replace(LONG_VOWEL, "")
  }

  function encodeTerm(term) {
    return term.replace(KANJI_PAIR, "$1" + KANJI_JOINER)
  }

  /* Vocabulary of the index (decoded terms of the hidden fields), built at setup */
  var vocabulary = new Set()

  function learn(docs) {
    vocabulary = new Set()
    for (var i = 0; i < docs.length; i++)
      for (var field of ["kt", "kx"]) {
        var value = docs[i][field]
        if (typeof value !== "string") continue
        var terms = value.split(" ")
        for (var t = 0; t < terms.length; t++)
          if (terms[t]) vocabulary.add(terms[t].split(KANJI_JOINER).join(""))
      }
  }

  /* Split a normalised word into index terms, longest match first. Pieces of one or two
     hiragana inside a longer word (particles, endings: が, たい, ない) carry little meaning
     and are dropped; unknown runs are kept as prefixes, and from four kana on searched with
     one typo allowed, as is a whole kana word the index does not know (りょうしゅしょ). */
  var HIRAGANA = /^[\u3041-\u309f]+$/
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
    var words = normalize(query).split(PUNCTUATION)
    for (var w = 0; w < words.length; w++)
      if (words[w]) terms.push.apply(terms, segment(words[w]))
    var unique = Array.from(new Set(terms))
    return unique.map(function (term) {
      return /~1$/.test(term) ? encodeTerm(term.slice(0, -2)) + "~1" : encodeTerm(term)
    }).join(" ")
  }

  window.madoguchiSearch = { normalize: normalize, encodeTerm: encodeTerm, transformQuery: transformQuery,
                             learn: learn, segment: segment }

  /* Wrap the search worker Material creates, translating setup and query messages */
  var NativeWorker = window.Worker
  if (typeof NativeWorker === "function") {
    window.Worker = function (url, options) {
      var worker = new NativeWorker(url, options)
      if (!/\/workers\/search\.[^/]*\.js/.test(String(url))) return worker
      var post = worker.postMessage.bind(worker)
      worker.postMessage = function (message) {
        if (message && message.type === SETUP && message.data && message.data.docs)
          learn(message.data.docs)
        if (message && message.type === QUERY && typeof message.data === "string") {
          lastQuery = message.data
          message = { type: QUERY, data: transformQuery(message.data) }
        }
        post(message)
      }
      worker.addEventListener("message", function (ev) {
        if (ev.data && ev.data.type === RESULT)
          showEmpty(lastQuery.trim() !== "" && ev.data.data.items.length === 0)
      })
      return worker
    }
    window.Worker.prototype = NativeWorker.prototype
  }

  /* "No results": contact channels and categories, fetched once, below Material's meta line */
  var lastQuery = ""
  var emptyHtml = null

  function siteBase() {
    var config = document.getElementById("__config")
    var base = config ? JSON.parse(config.textContent).base : "."
    return new URL(base.replace(/\/?$/, "/"), location.href)
  }

  function loadEmpty() {
    if (emptyHtml !== null) return Promise.resolve(emptyHtml)
    return fetch(new URL("search/madoguchi.json", siteBase()))
      .then(function (response) { return response.json() })
      .then(function (data) { return (emptyHtml = data.empty || "") })
      .catch(function () { return (emptyHtml = "") })
  }

  function showEmpty(show) {
    var result = document.querySelector("[data-md-component=search-result]")
    if (!result) return
    var old = result.querySelector("[data-madoguchi-search-empty]")
    if (old) old.remove()
    if (!show) return
    loadEmpty().then(function (markup) {
      if (!markup || result.querySelector("[data-madoguchi-search-empty]")) return
      var holder = document.createElement("div")
      holder.innerHTML = markup
      var panel = holder.firstElementChild
      if (!panel) return
      var base = siteBase()
      panel.querySelectorAll("a[href]").forEach(function (a) {
        var href = a.getAttribute("href")
        if (!/^([a-z]+:|\/|#)/i.test(href)) a.setAttribute("href", new URL(href, base).href)
      })
      result.insertBefore(panel, result.lastElementChild)
    })
  }
})()
