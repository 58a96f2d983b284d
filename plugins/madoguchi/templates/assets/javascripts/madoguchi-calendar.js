/*
 * Madoguchi business calendar, page side: the state of each contact channel (受付中 /
 * 受付時間外 / 本日休業) and its next opening, computed from the reader's clock in the
 * calendar's time zone (Intl.DateTimeFormat with timeZone), so a page built days ago is right
 * now; and the site-wide notices, shown only inside their window and dismissible per notice
 * (localStorage, no cookie); and planned maintenance next to a channel's hours, shown from
 * its notice until its end (予定 → 実施中). The rule is madoguchi/calendar.py's, run against the same table
 * of cases (tests/calendar_cases.yml). Data comes from the page: a
 * <script type="application/json" data-madoguchi-calendar-data> block and data- attributes.
 */
(function () {
  "use strict"

  var DAY = 86400000
  var formats = {}

  /* Local date and time of an instant in a time zone */
  function parts(tz, ms) {
    var format = formats[tz] || (formats[tz] = new Intl.DateTimeFormat("en-US", {
      timeZone: tz, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "numeric", second: "numeric"
    }))
    var p = {}
    format.formatToParts(new Date(ms)).forEach(function (x) { p[x.type] = x.value })
    return { y: +p.year, m: +p.month, d: +p.day, h: +p.hour % 24, mi: +p.minute, s: +p.second }
  }

  /* Local dates as day numbers (days since 1970-01-01), for date arithmetic without a zone */
  function dayOf(p) { return Math.round(Date.UTC(p.y, p.m - 1, p.d) / DAY) }
  function isoDay(day) { return new Date(day * DAY).toISOString().slice(0, 10) }
  function weekday(day) { return (new Date(day * DAY).getUTCDay() + 6) % 7 }  // 0 = Monday

  function offset(tz, ms) {
    var p = parts(tz, ms)
    return Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1000) * 1000
  }

  /* The instant of a local day and minute in tz (1440: the next day's midnight) */
  function instant(tz, day, minute) {
    var guess = day * DAY + minute * 60000
    var first = offset(tz, guess)
    var second = offset(tz, guess - first)
    return guess - (first === second ? first : Math.max(first, second))
  }

  /* The channel's opening ranges on a local day and what decided them (calendar.py Calendar.day) */
  function dayRanges(spec, channel, day) {
    var iso = isoDay(day), i
    for (i = 0; i < spec.closures.length; i++) {
      var closure = spec.closures[i]
      if (closure.from <= iso && iso <= closure.to && closure.channels.indexOf(channel.id) >= 0)
        return { ranges: [], why: closure.title }
    }
    for (i = 0; i < spec.special.length; i++) {
      var special = spec.special[i]
      if (special.date === iso && special.channels.indexOf(channel.id) >= 0)
        return { ranges: special.hours, why: special.title }
    }
    var holiday = spec.holidays[iso]
    if (holiday !== undefined && channel.holidays !== "open") return { ranges: [], why: holiday }
    return { ranges: channel.hours[String(weekday(day))] || [], why: "" }
  }

  /* State of a channel at an instant (calendar.py Calendar.state) */
  function state(spec, channel, ms) {
    var p = parts(spec.tz, ms)
    var today = dayOf(p)
    var minute = p.h * 60 + p.mi
    var current = dayRanges(spec, channel, today)
    var open = current.ranges.filter(function (r) { return r[0] <= minute && minute < r[1] })[0]
    if (open) return { state: "open", reason: "open", why: current.why, today: today, next: null, closes: closes(spec, channel, today, open) }
    return {
      state: "closed", reason: current.ranges.length ? "after-hours" : "closed-today", why: current.why,
      today: today, next: nextOpen(spec, channel, today, minute), closes: null
    }
  }

  function nextOpen(spec, channel, today, minute) {
    for (var offsetDays = 0; offsetDays < 400; offsetDays++) {
      var ranges = dayRanges(spec, channel, today + offsetDays).ranges
      for (var i = 0; i < ranges.length; i++)
        if (offsetDays > 0 || ranges[i][0] > minute) return instant(spec.tz, today + offsetDays, ranges[i][0])
    }
    return null
  }

  function closes(spec, channel, today, range) {
    var day = today, end = range[1]
    for (var i = 0; i < 8; i++) {
      if (end < 1440) return instant(spec.tz, day, end)
      day += 1
      var following = dayRanges(spec, channel, day).ranges.filter(function (r) { return r[0] === 0 })[0]
      if (!following) return instant(spec.tz, day, 0)
      end = following[1]
    }
    return null
  }

  /* The reader's sentences (calendar.py describe) */
  function clock(minute) { var m = minute % 60; return Math.floor(minute / 60) + ":" + (m < 10 ? "0" : "") + m }
  function fill(text, values) { return text.replace(/\{(\w+)\}/g, function (_, key) { return values[key] }) }
  function dayText(t, day) {
    var d = new Date(day * DAY)
    return fill(t.date, { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), w: t.days[weekday(day)] })
  }

  function describe(spec, s) {
    var t = spec.t
    var label = t[s.reason]
    if (s.why && s.state === "closed") label = fill(t.label_why, { label: label, why: s.why })
    var at = s.state === "open" ? s.closes : s.next
    if (at === null) return [label, s.state === "open" ? t.always : t.none]
    var p = parts(spec.tz, at), day = dayOf(p), minute = p.h * 60 + p.mi
    if (s.state === "open") {
      if (day === s.today + 1 && minute === 0) return [label, fill(t.until, { time: clock(1440) })]
      if (day === s.today) return [label, fill(t.until, { time: clock(minute) })]
      return [label, fill(t.until_day, { date: dayText(t, day), time: clock(minute) })]
    }
    if (day === s.today) return [label, fill(t.next_today, { time: clock(minute) })]
    return [label, fill(t.next, { date: dayText(t, day), time: clock(minute) })]
  }

  function iso(ms) { return ms === null ? "" : new Date(ms).toISOString() }

  /* Every calendar block under root: each [data-madoguchi-channel] gets the state now */
  function refresh(root) {
    var now = Date.now()
    ;(root || document).querySelectorAll("[data-madoguchi-calendar]").forEach(function (block) {
      var data = block.querySelector("script[data-madoguchi-calendar-data]")
      if (!data) return
      var spec
      try { spec = JSON.parse(data.textContent) } catch (error) { return }
      var channels = {}
      spec.channels.forEach(function (c) { channels[c.id] = c })
      block.querySelectorAll("[data-madoguchi-channel]").forEach(function (element) {
        var channel = channels[element.getAttribute("data-madoguchi-channel")]
        if (!channel) return
        var s = state(spec, channel, now)
        var text = describe(spec, s)
        element.setAttribute("data-state", s.state)
        element.setAttribute("data-reason", s.reason)
        element.setAttribute("data-next-open", iso(s.next))
        element.setAttribute("data-closes", iso(s.closes))
        var label = element.querySelector("[data-madoguchi-state]")
        var detail = element.querySelector("[data-madoguchi-detail]")
        if (label) {
          label.textContent = text[0]
          label.className = label.className.replace(/madoguchi-state--\w+/, "madoguchi-state--" + s.state)
        }
        if (detail) detail.textContent = text[1]
      })
      maintenance(block, spec.t, now)
    })
  }

  /* Planned maintenance next to a channel's hours: shown from its notice (data-from) until its
     end (data-until), labelled 予定 before data-start and 実施中 from it (calendar_view.py) */
  function maintenance(block, t, now) {
    block.querySelectorAll("[data-madoguchi-maintenance]").forEach(function (element) {
      var from = Date.parse(element.getAttribute("data-from") || "")
      var start = Date.parse(element.getAttribute("data-start") || "")
      var until = Date.parse(element.getAttribute("data-until") || "")
      element.hidden = from > now || !(until > now)
      var label = element.querySelector("[data-madoguchi-maintenance-state]")
      if (label) label.textContent = now >= start ? t.maintenance_now : t.maintenance_planned
    })
  }

  /* Notices: shown only while from <= now < until and not dismissed by this reader */
  var DISMISSED = "madoguchi.notice.dismissed."

  var dismissedHere = {}  // when localStorage is unavailable (private mode): this page only

  function dismissed(id) {
    if (dismissedHere[id]) return true
    try { return window.localStorage.getItem(DISMISSED + id) === "1" } catch (error) { return false }
  }

  function notices() {
    var now = Date.now()
    document.querySelectorAll("[data-madoguchi-notices]").forEach(function (area) {
      var shown = 0
      area.querySelectorAll("[data-madoguchi-notice]").forEach(function (notice) {
        var from = Date.parse(notice.getAttribute("data-from") || "")
        var until = Date.parse(notice.getAttribute("data-until") || "")
        var visible = !(from > now) && !(until <= now) && !dismissed(notice.getAttribute("data-madoguchi-notice"))
        notice.hidden = !visible
        if (visible) shown++
        var button = notice.querySelector("[data-madoguchi-dismiss]")
        if (button) button.hidden = false
      })
      area.hidden = shown === 0
      /* Material's announcement bar: hidden when nothing else is in it */
      var bar = area.closest(".md-banner")
      if (bar) {
        var other = Array.prototype.some.call(bar.querySelectorAll(".md-banner__inner > *"), function (el) {
          return el !== area && !el.hidden
        })
        bar.hidden = shown === 0 && !other
      }
    })
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-madoguchi-dismiss]")
    if (!button) return
    var notice = button.closest("[data-madoguchi-notice]")
    if (!notice) return
    var id = notice.getAttribute("data-madoguchi-notice")
    dismissedHere[id] = true
    try { window.localStorage.setItem(DISMISSED + id, "1") } catch (error) { /* this page only */ }
    notices()
  })

  function update() { refresh(document); notices() }

  window.madoguchiCalendar = { refresh: refresh, state: state, describe: describe }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", update)
  else update()
  /* A page left open: the state follows the clock */
  window.setInterval(update, 60000)
})()
