// The emulator console: sign in with a token, then poll GET /console/api/overview every second and
// draw partners, templates, customers (status, per-package status, errors, locations, users) and the request
// journal. The token lives in this tab's sessionStorage and leaves only as an Authorization header.
// Every value is put in the page as text (never as markup), so names cannot inject anything.
"use strict";
(() => {
  const TOKEN_KEY = "webex-emulator-console.token";
  const OVERVIEW = "/console/api/overview";
  const POLL_MS = 1000;
  const JOURNAL_ROWS = 200;
  const $ = (id) => document.getElementById(id);

  let session = 0; // bumped at each sign-in/out so that a late answer of an older session is dropped
  let timer;
  let cursor; // journal cursor of the last overview
  let journal = []; // entries shown, oldest first
  let drawnObjects = ""; // the objects last drawn, so the tables are rebuilt only when something changed

  /** Build an element; strings become text nodes. */
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null && v !== false) node.setAttribute(k, String(v));
    for (const c of children.flat(Infinity)) if (c !== undefined && c !== null && c !== false) node.append(c instanceof Node ? c : String(c));
    return node;
  }

  const badge = (status) => h("span", { class: `badge s-${status}` }, status.replaceAll("_", " "));
  const time = (iso) => new Date(iso).toLocaleTimeString([], { hour12: false }) + "." + iso.slice(20, 23);
  const count = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

  function signIn(token) {
    sessionStorage.setItem(TOKEN_KEY, token);
    start();
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    session++;
    clearTimeout(timer);
    cursor = undefined;
    journal = [];
    drawnObjects = "";
    for (const id of ["partners", "templates", "journal"]) $(id).tBodies[0].replaceChildren();
    $("customers").replaceChildren();
    $("summary").replaceChildren();
    $("app").hidden = true;
    $("session").hidden = true;
    $("login").hidden = false;
    $("login-error").textContent = message || "";
    $("token").focus();
  }

  function start() {
    session++;
    $("login").hidden = true;
    $("app").hidden = false;
    $("session").hidden = false;
    poll(session);
  }

  async function poll(s) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) return signOut();
    try {
      const r = await fetch(cursor === undefined ? OVERVIEW : `${OVERVIEW}?since=${cursor}`, {
        headers: { Authorization: `Bearer ${token}` }, cache: "no-store",
      });
      if (s !== session) return;
      if (r.status === 401 || r.status === 403) {
        const body = await r.json().catch(() => ({}));
        return signOut(`${r.status}: ${body.message || "the token was refused"}`);
      }
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      draw(await r.json());
      setLive(true, `live · ${new Date().toLocaleTimeString([], { hour12: false })}`);
    } catch (e) {
      if (s !== session) return;
      setLive(false, `disconnected (${e.message}) · retrying`);
    }
    timer = setTimeout(() => poll(s), POLL_MS);
  }

  function setLive(ok, text) {
    $("live").textContent = text;
    $("live").classList.toggle("down", !ok);
  }

  function draw(ov) {
    const admin = ov.viewer.role === "admin";
    document.body.classList.toggle("admin", admin);
    $("viewer").textContent = admin ? "admin · every partner" : `partner · ${ov.viewer.partnerId}`;
    const objects = JSON.stringify([ov.viewer, ov.partners, ov.templates, ov.customers]);
    if (objects !== drawnObjects) {
      drawnObjects = objects;
      drawPartners(ov);
      drawTemplates(ov);
      drawCustomers(ov.customers);
    }
    drawJournal(ov.journal);
    drawSummary(ov);
  }

  function drawPartners(ov) {
    const n = (list, id) => list.filter((x) => x.partnerId === id).length;
    const users = (id) => ov.customers.filter((c) => c.partnerId === id).reduce((a, c) => a + c.users.length, 0);
    $("partners").tBodies[0].replaceChildren(...ov.partners.map((p) =>
      h("tr", { "data-partner-id": p.id }, h("td", { class: "mono" }, p.id), h("td", {}, p.name),
        h("td", { class: "num" }, n(ov.templates, p.id)), h("td", { class: "num" }, n(ov.customers, p.id)), h("td", { class: "num" }, users(p.id)))));
  }

  function drawTemplates(ov) {
    const rows = ov.templates.map((t) =>
      h("tr", { "data-template-id": t.id },
        h("td", {}, t.name), h("td", { class: "mono id" }, t.provisioningId), h("td", {}, t.country),
        h("td", { class: "admin-only mono" }, t.partnerId),
        h("td", { class: "num" }, ov.customers.filter((c) => c.provisioningId === t.provisioningId).length)));
    $("templates").tBodies[0].replaceChildren(...(rows.length ? rows : [empty(5, "No onboarding templates yet.")]));
  }

  function drawCustomers(customers) {
    $("customers").replaceChildren(...(customers.length ? customers.map(customerCard) : [h("p", { class: "empty" }, "No customers yet.")]));
  }

  function customerCard(c) {
    return h("article", { class: `card s-${c.status}`, "data-customer-id": c.id, "data-external-id": c.externalId, "data-status": c.status },
      h("header", {}, h("strong", {}, c.name || c.externalId), badge(c.status)),
      h("dl", {},
        h("dt", {}, "externalId"), h("dd", { class: "mono" }, c.externalId),
        h("dt", {}, "orgId"), h("dd", { class: "mono" }, c.orgId || "— (not yet)"),
        h("dt", { class: "admin-only" }, "partner"), h("dd", { class: "admin-only mono" }, c.partnerId),
        h("dt", {}, "status since"), h("dd", {}, time(c.lastStatusChange))),
      h("ul", { class: "packages" }, c.resourceDetails.packages.map((p) =>
        h("li", { "data-package": p.name, "data-status": p.status }, h("span", { class: "mono" }, p.name), badge(p.status)))),
      errorList(c.errors),
      c.locations.length
        ? h("table", { class: "locations" },
          h("thead", {}, h("tr", {}, h("th", {}, "location"), h("th", {}, "address"), h("th", {}, "time zone"))),
          h("tbody", {}, c.locations.map((l, i) => h("tr", { "data-location-id": l.id, "data-location-name": l.name },
            h("td", {}, l.name, i === 0 ? h("span", { class: "tag" }, "HQ") : ""),
            h("td", {}, [l.address.address1, l.address.city, l.address.country].filter(Boolean).join(", ")),
            h("td", { class: "mono" }, l.timeZone || "—")))))
        : h("p", { class: "empty" }, "No locations."),
      c.users.length
        ? h("table", { class: "users" },
          h("thead", {}, h("tr", {}, h("th", {}, "user"), h("th", {}, "number"), h("th", {}, "status"))),
          h("tbody", {}, c.users.map((u) => h("tr", { "data-user-email": u.email, "data-status": u.status },
            h("td", {}, u.email, h("small", {}, [[u.firstName, u.lastName].filter(Boolean).join(" "), ...u.packages].filter(Boolean).join(" · "))),
            h("td", { class: "mono" }, [u.primaryPhoneNumber, u.extension && `x${u.extension}`].filter(Boolean).join(" ") || "—"),
            h("td", {}, badge(u.status), errorList(u.errors))))))
        : h("p", { class: "empty" }, "No users."));
  }

  function errorList(errors) {
    if (!errors || !errors.length) return "";
    return h("ul", { class: "errors" }, errors.map((e) => h("li", {}, h("span", { class: "mono" }, String(e.errorCode)), " ", e.description)));
  }

  function drawJournal(j) {
    const restarted = cursor !== undefined && j.cursor < cursor; // a new emulator counts from 0 again
    if (restarted) journal = [];
    cursor = j.cursor;
    if (!j.entries.length && !restarted && $("journal").tBodies[0].rows.length) return;
    journal = journal.concat(j.entries).slice(-JOURNAL_ROWS);
    const rows = journal.slice().reverse().map(journalRow);
    $("journal").tBodies[0].replaceChildren(...(rows.length ? rows : [empty(7, "No requests yet.")]));
  }

  function journalRow(e) {
    const kind = e.status === 429 ? "throttled" : e.fault || e.status >= 500 ? "fault" : e.status >= 400 ? "client-error" : "ok";
    return h("tr", { class: kind, "data-seq": e.seq, "data-status": e.status, title: e.fault ? `${e.path} · fault rule ${e.fault}` : e.path },
      h("td", { class: "mono nowrap" }, time(e.time)), h("td", {}, e.method), h("td", { class: "mono" }, e.route),
      h("td", { class: "num" }, e.status, e.fault ? h("span", { class: "tag" }, "fault") : ""),
      h("td", { class: "num" }, e.ms), h("td", { class: "mono small nowrap" }, e.trackingId), h("td", { class: "admin-only mono nowrap" }, e.partnerId || "—"));
  }

  function drawSummary(ov) {
    const byStatus = {};
    for (const c of ov.customers) byStatus[c.status] = (byStatus[c.status] || 0) + 1;
    const users = ov.customers.reduce((a, c) => a + c.users.length, 0);
    const throttled = journal.filter((e) => e.status === 429).length;
    const faults = journal.filter((e) => e.fault).length;
    $("summary").replaceChildren(
      h("span", {}, count(ov.partners.length, "partner")),
      h("span", {}, count(ov.templates.length, "template")),
      h("span", {}, count(ov.customers.length, "customer"), Object.entries(byStatus).map(([s, n]) => [" ", badge(s), ` ${n}`])),
      h("span", {}, count(users, "user")),
      h("span", {}, count(journal.length, "request"), " shown",
        throttled ? h("span", { class: "badge throttled" }, `${throttled} × 429`) : "",
        faults ? h("span", { class: "badge fault" }, count(faults, "fault")) : ""));
  }

  const empty = (cols, text) => h("tr", { class: "empty" }, h("td", { colspan: cols }, text));

  document.addEventListener("DOMContentLoaded", () => {
    $("login-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const token = $("token").value.trim();
      $("token").value = ""; // the token must not stay in the page
      if (token) signIn(token);
    });
    $("logout").addEventListener("click", () => signOut());
    if (sessionStorage.getItem(TOKEN_KEY)) start();
  });
})();
