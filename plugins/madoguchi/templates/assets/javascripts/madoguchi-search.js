/*
 * Madoguchi search, page side. Loaded before mkdocs-material's bundle so it can replace the
 * search worker Material starts by madoguchi-search-worker.js, which answers Material's queries
 * from the sharded index (search/madoguchi/manifest.json and the files it names, written by
 * madoguchi/search). Fills the results after the first ten, which the worker sends as
 * placeholders, before Material renders them (see `Later results`), shows the contact channels
 * and categories when nothing is found, and tells madoguchi-voice.js each query's number of
 * results (event `madoguchi:search` on document).
 */
(function () {
  "use strict"

  var RESULT = 3                                 // Material's SearchMessageType
  var FILL = 100, FILLED = 101                   // the worker's own messages (fragments of results)
  var FIRST = 10                                 // results Material renders at once
  var CHUNK = 4                                  // results Material renders per scroll to the end
  var AHEAD = 12                                 // results filled ahead of those rendered
  var MANIFEST = "search/madoguchi/manifest.json" // search_shards.FOLDER / MANIFEST
  var script = document.currentScript
  var workerUrl = new URL("madoguchi-search-worker.js", script ? script.src : location.href)

  /* Start Madoguchi's worker in place of Material's search worker, which it loads */
  var NativeWorker = window.Worker
  if (typeof NativeWorker === "function") {
    window.Worker = function (url, options) {
      if (!/\/workers\/search\.[^/]*\.js/.test(String(url))) return new NativeWorker(url, options)
      var target = new URL(workerUrl)
      target.searchParams.set("index", new URL(MANIFEST, siteBase()).href)
      var worker = new NativeWorker(target.href, options)
      var post = worker.postMessage.bind(worker)
      worker.postMessage = function (message) {
        if (message && message.type === 2 && typeof message.data === "string") lastQuery = message.data
        post(message)
      }
      later = laterResults(worker, post)
      worker.addEventListener("message", function (ev) {
        if (!ev.data) return
        if (ev.data.type === FILLED) { ev.stopImmediatePropagation(); later.filled(ev.data.data); return }
        if (ev.data.type !== RESULT) return
        var data = ev.data.data
        if (later.again(data)) return                 // the same result, re-sent to Material
        placeholders(data)
        later.start(data)
        var query = lastQuery.trim()
        var count = typeof data.total === "number" ? data.total : data.items.length
        showEmpty(query !== "" && count === 0)
        // For madoguchi-voice.js (search signals, only with `feedback: {endpoint: …}`)
        document.dispatchEvent(new CustomEvent("madoguchi:search", { detail: { query: query, count: count } }))
      })
      return worker
    }
    window.Worker.prototype = NativeWorker.prototype
  }

  /* Later results. Material renders the first ten items of a result at once and then four more
     each time the list is scrolled to its end (its search result component: `bufferCount(4)`
     zipped with the scroll boundary), reading each item when it renders it. The worker sends
     every match, the first ten with their documents and the others as placeholders; here, the
     placeholders are filled in place (the items Material holds are the objects of the message
     event this listener sees first) from the worker's FILLED answers, AHEAD of those rendered
     once the reader scrolls the list, so the first query fetches only the fragments of the ten
     shown. A scroll to the end while the next four are not filled yet is held back from
     Material (capture phase, before its listener) and replayed when they are; and if Material
     rendered placeholders at once (some of the first ten, whose fragment files the worker did
     not wait for, or a list shorter than its box), the result is sent to it again once they are
     filled. */
  var later = null

  function laterResults(worker, post) {
    var current = null                           // {data, byPage: page → docs, requested, gated, repair}

    function result() { return document.querySelector("[data-md-component=search-result]") }
    function rendered() { var el = result(); return el ? el.lastElementChild.children.length : 0 }

    function unfilled(from, to) {
      var pages = [], items = current.data.items
      for (var i = from; i < Math.min(to, items.length); i++) {
        var doc = items[i][0]
        if ("madoguchiPage" in doc) pages.push(doc.madoguchiPage)
      }
      return pages
    }

    function request(to) {
      var pages = unfilled(0, to).filter(function (page) { return !current.requested.has(page) })
      pages.forEach(function (page) { current.requested.add(page) })
      if (pages.length) post({ type: FILL, data: { pages: pages } })
    }

    function onScroll(ev) {
      var box = result()
      if (!current || !box || ev.target !== box.parentElement) return
      var count = rendered(), el = ev.target
      if (count >= current.data.items.length) return
      request(count + AHEAD)
      var atEnd = el.scrollTop >= el.scrollHeight - el.offsetHeight - 16  // Material's threshold
      if (atEnd && unfilled(count, count + CHUNK).length) {
        ev.stopImmediatePropagation()
        current.gated = true
      }
    }
    window.addEventListener("scroll", onScroll, true)

    return {
      start: function (data) {
        current = { data: data, byPage: new Map(), requested: new Set(), gated: false, repair: false }
        data.items.forEach(function (item) {
          var doc = item[0]
          if (!("madoguchiPage" in doc)) return
          var docs = current.byPage.get(doc.madoguchiPage)
          if (!docs) current.byPage.set(doc.madoguchiPage, docs = [])
          docs.push(doc)
        })
        if (!current.byPage.size) return
        var started = current
        setTimeout(function () {                   // after Material has rendered the result
          if (current !== started) return
          var count = rendered()
          if (!unfilled(0, count).length) return
          current.repair = true
          request(count)                          // the files are on their way (the worker asked)
          if (count > FIRST) request(count + AHEAD)  // the list is shorter than its box: more soon
        }, 0)
      },
      again: function (data) { return !!current && current.data === data },
      filled: function (answer) {
        if (!current) return
        answer.pages.forEach(function (page, i) {
          var fragment = answer.docs[i], docs = current.byPage.get(page)
          if (!docs || !fragment) return
          docs.forEach(function (doc) {
            delete doc.madoguchiPage
            doc.location = fragment.location
            doc.title = fragment.title
            doc.text = fragment.text
            if (fragment.tags) doc.tags = fragment.tags
          })
          current.byPage.delete(page)
        })
        var count = rendered(), box = result()
        if (current.repair && (answer.failed || !unfilled(0, count).length)) {
          current.repair = false
          worker.dispatchEvent(new MessageEvent("message", { data: { type: RESULT, data: current.data } }))
        } else if (current.gated && box && (answer.failed || !unfilled(count, count + CHUNK).length)) {
          current.gated = false
          box.parentElement.dispatchEvent(new Event("scroll"))
        }
      }
    }
  }

  /* The worker sends the results after the first ten compactly (`later`: page numbers, scores,
     an index into the distinct `terms`; madoguchi-search-worker.js laterResults): here they
     become the placeholder items Material holds, before Material's own listener sees them */
  function placeholders(data) {
    var rest = data.later
    if (!rest) return
    delete data.later
    for (var i = 0; i < rest.pages.length; i++) {
      data.items.push([{ location: "", title: "", text: "", score: rest.scores[i], terms: rest.termSets[rest.terms[i]],
                         madoguchiPage: rest.pages[i] }])
    }
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
      if (window.madoguchiCalendar) window.madoguchiCalendar.refresh(panel) // state at the reader's clock
    })
  }
})()
