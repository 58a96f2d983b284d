/*
 * Madoguchi customer voice, page side (docs/feedback.md). Loaded only when madoguchi/freshness
 * has `feedback: {endpoint: …}`; the endpoint is this script's data-madoguchi-endpoint.
 *
 * - The answer widget (partials/madoguchi/feedback.html): はい／いいえ, after いいえ a reason
 *   and the contact channels; one vote per answer and browser (localStorage).
 * - Search signals, from the `madoguchi:search` events of madoguchi-search.js: a query that
 *   found nothing (once the reader has stopped typing for 1.5 s, or leaves), which result was
 *   opened for a query (1-based position), and a failed query followed within 5 minutes by an
 *   opened result, paired here (sessionStorage) so that no identifier leaves the browser.
 *
 * Events are JSON sent with fetch (keepalive, no credentials): no cookie, no identifier.
 * Nothing at all is sent, and the widget stays hidden, when the browser signals Do-Not-Track
 * or Global Privacy Control.
 */
(function () {
  "use strict"

  var script = document.currentScript
  var endpoint = script && script.getAttribute("data-madoguchi-endpoint")
  var nav = window.navigator
  if (!endpoint || nav.doNotTrack === "1" || nav.globalPrivacyControl === true) return

  var QUIET_MS = 1500                 // a zero-result query counts once typing stops this long
  var RECOVERY_MS = 5 * 60 * 1000     // a failed query pairs with a success this soon after it
  var VOTE_KEY = "madoguchi-feedback:"
  var FAILED_KEY = "madoguchi-voice:failed"
  var REASONS = ["outdated", "missing", "unclear", "other"]

  function send(event) {
    try {
      fetch(endpoint, {
        method: "POST", keepalive: true, credentials: "omit", mode: "cors",
        headers: { "Content-Type": "application/json" }, body: JSON.stringify(event)
      }).catch(function () {})
    } catch (error) { /* never in the reader's way */ }
  }

  function stored(storage, key, value) {
    try {
      if (value === undefined) return window[storage].getItem(key)
      if (value === null) window[storage].removeItem(key)
      else window[storage].setItem(key, value)
    } catch (error) { return null }   // storage disabled: the page still works
  }

  /* The answer widget */
  var pendingNo = false               // いいえ chosen, reason not sent yet: sent on leaving

  function feedback(helpful, reason) {
    send({ type: "feedback", page: location.pathname, helpful: helpful, reason: reason })
  }

  function setUpWidget(widget) {
    var part = function (name) { return widget.querySelector("[data-madoguchi-feedback-" + name + "]") }
    var buttons = part("buttons"), reasons = part("reasons"), contact = part("contact")
    var key = VOTE_KEY + location.pathname
    widget.hidden = false
    if (stored("localStorage", key)) {
      buttons.hidden = true
      part("voted").hidden = false
      return
    }
    function thank() {
      reasons.hidden = true
      part("thanks").hidden = false
      part("thanks").focus()
    }
    widget.addEventListener("click", function (ev) {
      var button = ev.target.closest("[data-madoguchi-feedback]")
      if (!button || stored("localStorage", key)) return
      var vote = button.getAttribute("data-madoguchi-feedback")
      stored("localStorage", key, vote)
      buttons.hidden = true
      if (vote === "yes") {
        feedback(true, null)
        thank()
      } else {
        pendingNo = true
        reasons.hidden = false
        contact.hidden = false
        reasons.querySelector("input").focus()
      }
    })
    reasons.addEventListener("submit", function (ev) {
      ev.preventDefault()
      if (!pendingNo) return thank()   // sent already, without a reason, when the tab was hidden
      var checked = reasons.querySelector("input:checked")
      var reason = checked && REASONS.indexOf(checked.value) >= 0 ? checked.value : null
      pendingNo = false
      feedback(false, reason)
      thank()
    })
    part("thanks").setAttribute("tabindex", "-1")
  }

  /* Search signals */
  var latest = { query: "", count: 0 }  // the query whose results are on screen
  var zeroQuery = null, zeroTimer = null, lastZeroSent = null

  function related(a, b) { return a.indexOf(b) === 0 || b.indexOf(a) === 0 }

  function flushZero() {
    clearTimeout(zeroTimer)
    var query = zeroQuery
    zeroQuery = null
    if (!query || query === lastZeroSent) return
    lastZeroSent = query
    send({ type: "search_zero", query: query })
    stored("sessionStorage", FAILED_KEY, JSON.stringify({ query: query, at: Date.now() }))
  }

  document.addEventListener("madoguchi:search", function (ev) {
    var query = ev.detail.query, count = ev.detail.count
    latest = { query: query, count: count }
    if (!query) return
    if (count === 0) {
      // Only the final query: each keystroke restarts the wait
      zeroQuery = query
      clearTimeout(zeroTimer)
      zeroTimer = setTimeout(flushZero, QUIET_MS)
    } else if (zeroQuery !== null) {
      // Typing on (or back) to a query that finds something: the empty one was on the way.
      // Another query altogether: the empty one was final.
      if (related(zeroQuery, query)) { clearTimeout(zeroTimer); zeroQuery = null }
      else flushZero()
    }
  })

  document.addEventListener("click", function (ev) {
    var link = ev.target.closest && ev.target.closest("[data-md-component=search-result] .md-search-result__item > a[href]")
    if (!link || !latest.query || latest.count === 0) return
    var item = link.parentElement, items = Array.prototype.slice.call(item.parentElement.children)
    var page = new URL(link.href, location.href).pathname
    flushZero()
    send({ type: "search_open", query: latest.query, page: page, position: items.indexOf(item) + 1 })
    var failed = null
    try { failed = JSON.parse(stored("sessionStorage", FAILED_KEY) || "null") } catch (error) { failed = null }
    if (failed && failed.query !== latest.query && Date.now() - failed.at <= RECOVERY_MS)
      send({ type: "search_recovered", failed_query: failed.query, query: latest.query, page: page })
    if (failed) stored("sessionStorage", FAILED_KEY, null)
  }, true)

  /* Leaving the page: what the reader left unfinished */
  function leave() {
    flushZero()
    if (pendingNo) { pendingNo = false; feedback(false, null) }
  }
  window.addEventListener("pagehide", leave)
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") leave()
  })

  var widget = document.querySelector("[data-madoguchi-feedback-widget]")
  if (widget) setUpWidget(widget)
})()
