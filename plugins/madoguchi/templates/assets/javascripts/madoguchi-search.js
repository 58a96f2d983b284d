/*
 * Madoguchi search, page side. Loaded before mkdocs-material's bundle so it can replace the
 * search worker Material starts by madoguchi-search-worker.js, which answers Material's queries
 * from the sharded index (search/madoguchi/manifest.json and the files it names, written by
 * madoguchi/search). Shows the number of all matches (the worker sends the best ten), the
 * contact channels and categories when nothing is found, and tells madoguchi-voice.js each
 * query's number of results (event `madoguchi:search` on document).
 */
(function () {
  "use strict"

  var RESULT = 3                                 // Material's SearchMessageType
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
      worker.addEventListener("message", function (ev) {
        if (!ev.data || ev.data.type !== RESULT) return
        var query = lastQuery.trim(), data = ev.data.data
        var count = typeof data.total === "number" ? data.total : data.items.length
        showEmpty(query !== "" && count === 0)
        if (count > data.items.length) setTimeout(function () { showTotal(count) }, 0) // after Material's line
        // For madoguchi-voice.js (search signals, only with `feedback: {endpoint: …}`)
        document.dispatchEvent(new CustomEvent("madoguchi:search", { detail: { query: query, count: count } }))
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

  /* Material's line "N matching documents" counts the results sent: the number of all matches */
  function showTotal(count) {
    var meta = document.querySelector("[data-md-component=search-result] > :first-child")
    var config = document.getElementById("__config")
    var translations = config ? JSON.parse(config.textContent).translations || {} : {}
    var text = translations["search.result.other"]
    if (meta && text) meta.textContent = text.replace("#", String(count))
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
