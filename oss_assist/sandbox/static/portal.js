/* portal.js: the sandbox portal's shared widgets (vanilla JS, no build step, no CDN).

CONTRACT (for the pages of every host, and for Playwright flows)
================================================================
Loaded by base.html on every page; exposes window.OSS and wires the markup below on
DOMContentLoaded (and for markup added later, call OSS.init(container)).

Configuration: base.html renders <script id="oss-config" type="application/json">
  {"urls": {role: base URL}, "import_licence_popup": bool} -> OSS.config

XHR
  OSS.api(path, {method="GET", body (object -> JSON), form (FormData), loader=true,
                 quiet=false})
    -> Promise<parsed JSON>. Sends X-Requested-With: XMLHttpRequest, same-origin cookies.
    While it runs a `.page-loader` overlay is attached (unless loader:false) and detached
    when all requests are done. 401 -> OSS.toLogin(expired): navigates to
    {login}/login?expired=1&next=<this page> (no expired=1 when the 401 says
    "expired": false, i.e. no session was presented at all).
    Other non-2xx -> rejects with OSS.ApiError {status, data, message}; a 5xx also shows
    an error toast "Terjadi kesalahan pada server (<code>). Silakan coba lagi." (unless
    quiet: the page shows its own message).
  OSS.loader.show() / .hide() / .wrap(promise)   the short `.page-loader` by hand.

Toasts
  OSS.toast(message, type="info"|"success"|"error", timeoutMs=4000)
    -> `.v-snackbar` (role="status"; role="alert" for errors) in `.v-snackbar-container`.

Dialogs (all live in `.v-overlay-container`; only the top one is in the accessibility tree,
so get_by_role("button", name="Mengerti") always resolves to the top dialog's button)
  OSS.dialog({title, text | html, buttons: [{label, value, primary}], testid,
              persistent}) -> Promise<value of the clicked button>. Role "dialog",
    class `.v-dialog`, heading h2 (`.v-card-title`), buttons are real <button>s.
  OSS.popup({title, text}) -> Promise: one information pop-up with a "Mengerti" button.
  OSS.openDialog(el) / OSS.closeDialog(el): show/hide a dialog written in the template
    (an element `.v-dialog[role=dialog][hidden]`; it is moved into the overlay container).
  Page-load pop-ups: base.html renders `popups` stacked `.v-dialog.popup-modal`s (the
    first in the document is the top one); each "Mengerti" closes its own dialog and
    exposes the next.
  OSS.importLicence.maybeShow() -> Promise<void>: when the run's profile has
    import_licence_popup and it was not acknowledged, shows the dialog
    "Informasi Angka Pengenal Impor (API)" (data-testid="modal-informasi-api") with the
    checkbox "Saya telah membaca dan memahami informasi ini" and the button "Mengerti".
    "Mengerti" alone closes it, and the next maybeShow() shows it again; with the checkbox
    ticked it is acknowledged: OSS.store["nib-profile"].dataPermohonan.dataNib.jenis_api
    becomes "01" (kept in sessionStorage), which is also what suppresses it (setting the
    store value by hand suppresses it too, as on the live portal's Pinia store).

Autocomplete (Vuetify-like combobox); markup from the `autocomplete` macro of widgets.html:
  <div class="v-input v-autocomplete" data-autocomplete data-source="/api/..."
       [data-parent="<name of parent autocomplete>"] [data-param="parent"]
       [data-value-key="region_id"] [data-label-key="nama"] [data-items-key=""]
       [data-method="GET"|"POST"] [data-label-format="{kode} - {judul}"]
       [data-min-chars="0"] [data-testid="..."] data-value="" [data-required]>
    <div class="v-field"><input class="v-field__input" role="combobox"
      placeholder="Pilih provinsi" ...> (no role: a textbox that opens a list)</div>
    <div class="v-messages"></div>
    <div class="v-list" role="listbox" hidden></div></div>
  - the input's accessible name is its placeholder; it is `disabled` (root gets
    `.v-input--disabled`) until the parent has a value;
  - focus or typing (debounced 250 ms) fetches `source?q=<text>[&parent=<parent value>]`
    (POST sends {q, parent} as JSON); a JSON array, or the array under data-items-key;
  - options are `<div role="option" class="v-list-item"><div class="v-list-item__content">
    <div class="v-list-item-title">label</div></div></div>` in the listbox (Vuetify 3:
    the text sits in inner divs, oss-portal.md §18);
    click (or ArrowDown/Enter) chooses: the input shows the label, the root's
    data-value gets the value (no hidden <input>: a field holds one input, §18), `oss:change` fires on the root ({value, label, item}), children are
    cleared and enabled, grand-children cleared and disabled;
  - JS: OSS.autocomplete(root, {fetch: async (q, parentValue) => [{value, label, item}]})
    returns the instance (also root._ac): .value .label .set(value, label) .clear()
    .enable() .disable() .refresh().

Radio groups: <div role="radiogroup" class="v-radio-group" data-name="gender"> with
  <label class="v-radio"><input type="radio" value="L"><span>Laki-laki</span></label>.
  The group's state (root.dataset.value, event `oss:change`) follows *clicks* on the
  label or the radio, not `input.checked` set by script (the live portal's Vue quirk).

Validation
  OSS.validate(container) -> bool: every visible, enabled `[data-required]` input (also an
    autocomplete's or date's root by its data-value, radiogroup, checkbox, file input)
    that is empty gets `.v-input--error` on
    its `.v-input` and the message "Wajib diisi" (or its data-required-message) in
    `.v-messages__message`; the first invalid field is scrolled into view.
  OSS.fieldError(inputOrRoot, message, kind="custom") / OSS.clearError(inputOrRoot): the
    same marks by hand. Editing a field clears its error, except kind "live" (errors a
    page's own input handler keeps up to date, e.g. the password confirmation).

Helpers: OSS.debounce(fn, ms) (with .cancel()), OSS.qs(sel, root), OSS.qsa(sel, root),
  OSS.el(tag, attrs, children), OSS.urls.
*/
(function () {
  "use strict";

  var OSS = (window.OSS = window.OSS || {});

  function qs(sel, root) { return (root || document).querySelector(sel); }
  function qsa(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = v;
      else if (k === "html") node.innerHTML = v;
      else if (k === "class") node.className = v;
      else node.setAttribute(k, v === true ? "" : v);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  function debounce(fn, ms) {
    var t = null;
    var wrapped = function () {
      var args = arguments, self = this;
      clearTimeout(t);
      t = setTimeout(function () { fn.apply(self, args); }, ms);
    };
    wrapped.cancel = function () { clearTimeout(t); };
    return wrapped;
  }
  OSS.qs = qs; OSS.qsa = qsa; OSS.el = el; OSS.debounce = debounce;

  var cfgNode = qs("#oss-config");
  OSS.config = cfgNode ? JSON.parse(cfgNode.textContent || "{}") : {};
  OSS.urls = OSS.config.urls || {};

  /* ---------------------------------------------------------------- loader */
  var loaderCount = 0, loaderNode = null;
  OSS.loader = {
    show: function () {
      loaderCount += 1;
      if (!loaderNode) {
        loaderNode = el("div", { class: "page-loader", "aria-busy": "true" }, [
          el("div", { class: "v-progress-circular v-progress-circular--indeterminate",
                      role: "progressbar", "aria-label": "Memuat" })
        ]);
        document.body.appendChild(loaderNode);
      }
    },
    hide: function () {
      loaderCount = Math.max(0, loaderCount - 1);
      if (loaderCount === 0 && loaderNode) { loaderNode.remove(); loaderNode = null; }
    },
    wrap: function (promise) {
      OSS.loader.show();
      return Promise.resolve(promise).finally(OSS.loader.hide);
    }
  };

  /* ---------------------------------------------------------------- toasts */
  function toastContainer() {
    var c = qs(".v-snackbar-container");
    if (!c) { c = el("div", { class: "v-snackbar-container" }); document.body.appendChild(c); }
    return c;
  }
  OSS.toast = function (message, type, timeoutMs) {
    type = type || "info";
    var node = el("div", {
      class: "v-snackbar v-snackbar--" + type,
      role: type === "error" ? "alert" : "status"
    }, [el("div", { class: "v-snackbar__content", text: message })]);
    toastContainer().appendChild(node);
    setTimeout(function () { node.remove(); }, timeoutMs || 4000);
    return node;
  };
  function wireServerToasts() {
    qsa(".v-snackbar[data-timeout]").forEach(function (node) {
      setTimeout(function () { node.remove(); }, parseInt(node.dataset.timeout, 10) || 6000);
    });
  }

  /* ---------------------------------------------------------------- XHR */
  function ApiError(status, data) {
    this.name = "ApiError";
    this.status = status;
    this.data = data;
    this.message = (data && data.message) || ("HTTP " + status);
  }
  ApiError.prototype = Object.create(Error.prototype);
  OSS.ApiError = ApiError;

  /* Single sign-on: to {login}/login?next=<this page>, which comes straight back with
     ?auth-code= while the login host's own session is live (else it asks to log in, with
     the "session ended" toast when `expired`). The page's own tokens are not passed on. */
  OSS.toLogin = function (expired) {
    var login = OSS.urls.login || "";
    var here = new URL(window.location.href);
    here.searchParams.delete("auth-code");
    here.searchParams.delete("refresh-code");
    if (here.hash.indexOf("auth-code=") >= 0) here.hash = "";
    var query = [];
    if (expired) query.push("expired=1");
    if (here.origin !== new URL(login || here.href).origin) {
      query.push("next=" + encodeURIComponent(here.toString()));
    }
    window.location.href = login + "/login" + (query.length ? "?" + query.join("&") : "");
  };

  OSS.api = function (path, opts) {
    opts = opts || {};
    var headers = { "X-Requested-With": "XMLHttpRequest", "Accept": "application/json" };
    var body;
    if (opts.form) body = opts.form;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers["Content-Type"] = "application/json";
    }
    var method = opts.method || (body ? "POST" : "GET");
    var useLoader = opts.loader !== false;
    if (useLoader) OSS.loader.show();
    return fetch(path, { method: method, headers: headers, body: body, credentials: "include" })
      .then(function (resp) {
        return resp.text().then(function (txt) {
          var data = null;
          try { data = txt ? JSON.parse(txt) : null; } catch (e) { data = { message: txt }; }
          if (resp.status === 401) {
            OSS.toLogin(!(data && data.expired === false));
            throw new ApiError(401, data);
          }
          if (!resp.ok) {
            if (resp.status >= 500 && !opts.quiet) {
              OSS.toast("Terjadi kesalahan pada server (" + resp.status +
                        "). Silakan coba lagi.", "error");
            }
            throw new ApiError(resp.status, data);
          }
          return data;
        });
      })
      .finally(function () { if (useLoader) OSS.loader.hide(); });
  };

  /* ---------------------------------------------------------------- dialogs */
  function overlay() {
    var c = qs(".v-overlay-container");
    if (!c) { c = el("div", { class: "v-overlay-container" }); document.body.appendChild(c); }
    return c;
  }
  // Only the top open dialog is exposed to assistive tech (and to get_by_role).
  function restack() {
    var open = qsa(".v-overlay-container > .v-overlay--active");
    var top = null, topZ = -1;
    open.forEach(function (o) {
      var z = parseInt(o.dataset.z || "0", 10);
      if (z >= topZ) { topZ = z; top = o; }
    });
    open.forEach(function (o) {
      if (o === top) { o.removeAttribute("aria-hidden"); o.inert = false; }
      else { o.setAttribute("aria-hidden", "true"); o.inert = true; }
    });
    document.documentElement.classList.toggle("v-overlay-open", open.length > 0);
  }
  var zCounter = 2400;
  function activate(ov) {
    zCounter += 1;
    ov.dataset.z = String(zCounter);
    ov.style.zIndex = String(zCounter);
    ov.hidden = false;
    ov.classList.add("v-overlay--active");
    restack();
    var focus = qs("button.v-btn--primary, button", ov);
    if (focus) { try { focus.focus({ preventScroll: true }); } catch (e) { /* ignore */ } }
  }
  function deactivate(ov, remove) {
    ov.classList.remove("v-overlay--active");
    if (remove) ov.remove(); else ov.hidden = true;
    restack();
  }
  OSS.restack = restack;

  // A template dialog: .v-dialog[role=dialog] (possibly wrapped in .v-overlay already).
  function overlayOf(dialog) {
    var ov = dialog.closest(".v-overlay");
    if (!ov) {
      ov = el("div", { class: "v-overlay" }, [el("div", { class: "v-overlay__scrim" })]);
      dialog.parentNode.insertBefore(ov, dialog);
      ov.appendChild(dialog);
    }
    if (ov.parentNode !== overlay()) overlay().appendChild(ov);
    return ov;
  }
  OSS.openDialog = function (dialog) {
    var ov = overlayOf(dialog);
    dialog.hidden = false;
    activate(ov);
    return dialog;
  };
  OSS.closeDialog = function (dialog) {
    var ov = dialog.closest(".v-overlay");
    if (ov) deactivate(ov, false); else dialog.hidden = true;
  };

  var dialogSeq = 0;
  OSS.dialog = function (opts) {
    opts = opts || {};
    dialogSeq += 1;
    var titleId = "oss-dialog-title-" + dialogSeq;
    return new Promise(function (resolve) {
      var buttons = (opts.buttons || [{ label: "Mengerti", value: true, primary: true }]);
      var actions = el("div", { class: "v-card-actions" });
      var body = el("div", { class: "v-card-text" });
      if (opts.html) body.innerHTML = opts.html; else body.textContent = opts.text || "";
      var dialog = el("div", {
        class: "v-dialog " + (opts.class || ""), role: "dialog", "aria-modal": "true",
        "aria-labelledby": titleId, "data-testid": opts.testid || null
      }, [el("div", { class: "v-card" }, [
        el("h2", { class: "v-card-title", id: titleId, text: opts.title || "Informasi" }),
        body, actions
      ])]);
      var ov = el("div", { class: "v-overlay" }, [el("div", { class: "v-overlay__scrim" }), dialog]);
      buttons.forEach(function (b) {
        var btn = el("button", {
          type: "button", class: "v-btn " + (b.primary ? "v-btn--primary" : "v-btn--outlined"),
          "data-testid": b.testid || null, text: b.label
        });
        btn.addEventListener("click", function () {
          if (b.validate && !b.validate(dialog)) return;
          deactivate(ov, true);
          resolve(b.value === undefined ? b.label : b.value);
        });
        actions.appendChild(btn);
      });
      overlay().appendChild(ov);
      if (opts.onOpen) opts.onOpen(dialog);
      activate(ov);
    });
  };

  OSS.popup = function (opts) {
    opts = opts || {};
    return OSS.dialog({
      title: opts.title || "Informasi",
      text: opts.text || "",
      class: "popup-modal",
      testid: opts.testid || "popup-informasi",
      buttons: [{ label: opts.button || "Mengerti", value: true, primary: true }]
    });
  };

  // The page-load pop-ups base.html rendered, stacked: the first in the document is on
  // top, so both get_by_role(...) and a CSS `.first` reach the one that can be clicked.
  function wirePagePopups() {
    var overlays = qsa(".v-overlay-container > .v-overlay[data-page-popup]").reverse();
    overlays.forEach(function (ov, i) {
      ov.style.setProperty("--stack", String(overlays.length - 1 - i));
      var btn = qs("button[data-dismiss]", ov);
      if (btn) btn.addEventListener("click", function () { deactivate(ov, true); });
      activate(ov);
    });
  }

  /* ---------------------------------------------------------------- import licence */
  var STORE_KEY = "oss.nib-profile.jenis_api";
  OSS.store = {
    "nib-profile": {
      dataPermohonan: { dataNib: { jenis_api: sessionStorage.getItem(STORE_KEY) || "" } }
    }
  };
  var importOpen = null;
  OSS.importLicence = {
    acknowledged: function () {
      return Boolean(OSS.store["nib-profile"].dataPermohonan.dataNib.jenis_api);
    },
    maybeShow: function () {
      if (!OSS.config.import_licence_popup || OSS.importLicence.acknowledged()) {
        return Promise.resolve();
      }
      if (importOpen) return importOpen;
      importOpen = OSS.dialog({
        title: "Informasi Angka Pengenal Impor (API)",
        testid: "modal-informasi-api",
        class: "popup-modal",
        html: "<p>Nomor Induk Berusaha (NIB) berlaku juga sebagai Angka Pengenal Impor " +
          "(API). Pelaku usaha yang akan melakukan kegiatan impor wajib memilih jenis " +
          "API (API-U atau API-P) sesuai kegiatan usahanya.</p>" +
          "<div class='v-checkbox'><label><input type='checkbox' " +
          "data-api-ack> <span>Saya telah membaca dan memahami informasi ini</span>" +
          "</label></div>",
        buttons: [{
          label: "Mengerti", primary: true, value: true,
          validate: function (dialog) {
            var box = qs("input[data-api-ack]", dialog);
            if (box && box.checked) {
              OSS.store["nib-profile"].dataPermohonan.dataNib.jenis_api = "01";
              sessionStorage.setItem(STORE_KEY, "01");
            }
            return true;
          }
        }]
      }).then(function () { importOpen = null; });
      return importOpen;
    }
  };

  /* ---------------------------------------------------------------- field errors */
  function fieldRoot(node) {
    return node.classList && node.classList.contains("v-input") ? node : node.closest(".v-input") || node;
  }
  OSS.fieldError = function (node, message, kind) {
    var root = fieldRoot(node);
    root.classList.add("v-input--error");
    root.dataset.errorKind = kind || "custom";
    var box = qs(".v-messages", root);
    if (!box) { box = el("div", { class: "v-messages" }); root.appendChild(box); }
    box.innerHTML = "";
    box.appendChild(el("div", { class: "v-messages__message", role: "alert", text: message }));
  };
  OSS.clearError = function (node) {
    var root = fieldRoot(node);
    root.classList.remove("v-input--error");
    var box = qs(".v-messages", root);
    if (box) box.innerHTML = "";
  };
  function isEmpty(node) {
    if (node.getAttribute("role") === "radiogroup" || "autocomplete" in node.dataset ||
        "datepicker" in node.dataset) return !node.dataset.value;
    if (node.type === "checkbox") return !node.checked;
    if (node.type === "file") return !node.files || node.files.length === 0;
    return !String(node.value || "").trim();
  }
  OSS.validate = function (container) {
    var first = null;
    qsa("[data-required]", container).forEach(function (node) {
      // a disabled or hidden field is not asked for (e.g. a date shown only for one answer)
      if (node.disabled) return;
      if (fieldRoot(node).offsetParent === null) return;
      if (isEmpty(node)) {
        OSS.fieldError(node, node.dataset.requiredMessage || "Wajib diisi", "required");
        if (!first) first = node;
      } else {
        OSS.clearError(node);
      }
    });
    if (first) {
      var target = fieldRoot(first);
      if (target.scrollIntoView) target.scrollIntoView({ block: "center" });
    }
    return first === null;
  };
  document.addEventListener("input", function (ev) {
    var t = ev.target;
    var root = t && t.closest && t.closest(".v-input--error");
    if (root && !t.closest(".v-autocomplete") && root.dataset.errorKind !== "live") {
      OSS.clearError(t);
    }
  });

  /* ---------------------------------------------------------------- radio groups */
  OSS.radioGroup = function (root) {
    if (root._rg) return root._rg;
    var rg = {
      get value() { return root.dataset.value || ""; },
      set: function (value) {
        root.dataset.value = value;
        qsa("input[type=radio]", root).forEach(function (r) { r.checked = r.value === value; });
        qsa(".v-radio", root).forEach(function (l) {
          var r = qs("input[type=radio]", l);
          l.classList.toggle("v-radio--selected", Boolean(r && r.value === value));
        });
        OSS.clearError(root);
        root.dispatchEvent(new CustomEvent("oss:change", { bubbles: true, detail: { value: value } }));
      }
    };
    root.addEventListener("click", function (ev) {
      var label = ev.target.closest && ev.target.closest(".v-radio");
      if (!label || !root.contains(label)) return;
      var radio = qs("input[type=radio]", label);
      if (!radio || radio.disabled) return;
      if (root.dataset.value !== radio.value) rg.set(radio.value);
    });
    root._rg = rg;
    return rg;
  };

  /* ---------------------------------------------------------------- autocomplete */
  function formatLabel(fmt, item) {
    return fmt.replace(/\{(\w+)\}/g, function (_, k) { return item[k] === undefined ? "" : item[k]; });
  }
  function findAutocomplete(name, scope) {
    return qs('[data-autocomplete][data-name="' + name + '"]', scope || document);
  }

  OSS.autocomplete = function (root, options) {
    if (root._ac) return root._ac;
    options = options || {};
    var input = qs("input.v-field__input", root);
    var list = qs("[role=listbox]", root);
    var ds = root.dataset;
    var valueKey = ds.valueKey || "region_id";
    var labelKey = ds.labelKey || "nama";
    var minChars = parseInt(ds.minChars || "0", 10);
    var active = -1, items = [], seq = 0;
    var scope = root.closest("form") || document;

    function parentAc() {
      if (!ds.parent) return null;
      var p = findAutocomplete(ds.parent, scope);
      return p ? OSS.autocomplete(p) : null;
    }
    function childrenAcs() {
      return qsa('[data-autocomplete][data-parent="' + ds.name + '"]', scope).map(function (c) {
        return OSS.autocomplete(c);
      });
    }

    var defaultFetch = function (q, parentValue) {
      var params = new URLSearchParams();
      var path = ds.source;
      var method = (ds.method || "GET").toUpperCase();
      var req;
      if (method === "GET") {
        if (parentValue) params.set(ds.param || "parent", parentValue);
        if (q) params.set("q", q);
        var query = params.toString();
        req = OSS.api(path + (query ? (path.indexOf("?") >= 0 ? "&" : "?") + query : ""),
                      { loader: false });
      } else {
        var body = { q: q };
        if (parentValue) body[ds.param || "parent"] = parentValue;
        req = OSS.api(path, { method: method, body: body, loader: false });
      }
      return req.then(function (data) {
        var rows = ds.itemsKey ? (data || {})[ds.itemsKey] : data;
        return (rows || []).map(function (it) {
          return {
            value: String(it[valueKey]),
            label: ds.labelFormat ? formatLabel(ds.labelFormat, it) : String(it[labelKey]),
            item: it
          };
        });
      });
    };
    var fetcher = options.fetch || defaultFetch;

    function open() {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      root.classList.add("v-autocomplete--active-menu");
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      root.classList.remove("v-autocomplete--active-menu");
      active = -1;
    }
    function render(rows) {
      items = rows;
      list.innerHTML = "";
      if (!rows.length) {
        list.appendChild(el("div", { class: "v-list-item v-list-item--disabled", text: "Data tidak ditemukan" }));
      }
      rows.forEach(function (row, i) {
        var opt = el("div", {
          class: "v-list-item", role: "option", id: (input.id || ds.name) + "-opt-" + i,
          "aria-selected": row.value === ds.value ? "true" : "false"
        });
        var content = el("div", { class: "v-list-item__content" });
        content.appendChild(el("div", { class: "v-list-item-title", text: row.label }));
        opt.appendChild(content);
        opt.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
        opt.addEventListener("click", function () { choose(row); });
        list.appendChild(opt);
      });
      open();
    }
    function load() {
      if (input.disabled) return;
      var q = input.value === ac.label ? "" : input.value.trim();
      if (q.length < minChars) { close(); return; }
      var p = parentAc();
      var mine = ++seq;
      root.classList.add("v-autocomplete--loading");
      Promise.resolve(fetcher(q, p ? p.value : "")).then(function (rows) {
        if (mine !== seq || document.activeElement !== input) return;
        render(rows || []);
      }).catch(function () {
        if (mine === seq) close();
      }).finally(function () {
        if (mine === seq) root.classList.remove("v-autocomplete--loading");
      });
    }
    var loadSoon = debounce(load, 250);

    function choose(row) {
      loadSoon.cancel();
      seq += 1;  // a fetch still under way must not reopen the menu
      root.classList.remove("v-autocomplete--loading");
      ds.value = row.value;
      input.value = row.label;
      ac.label = row.label;
      close();
      OSS.clearError(root);
      childrenAcs().forEach(function (child) { child.clear(); child.enable(); });
      root.dispatchEvent(new CustomEvent("oss:change", { bubbles: true, detail: row }));
    }

    var ac = {
      root: root, input: input, label: input.value || "",
      get value() { return ds.value || ""; },
      set: function (value, label) { choose({ value: String(value), label: label, item: null }); },
      clear: function () {
        var had = Boolean(ds.value) || input.value !== "";
        ds.value = ""; input.value = ""; ac.label = ""; items = [];
        close();
        childrenAcs().forEach(function (child) { child.clear(); child.disable(); });
        if (had) root.dispatchEvent(new CustomEvent("oss:change", { bubbles: true, detail: null }));
      },
      enable: function () { input.disabled = false; root.classList.remove("v-input--disabled"); },
      disable: function () { input.disabled = true; root.classList.add("v-input--disabled"); },
      refresh: load
    };
    root._ac = ac;

    input.addEventListener("focus", function () { load(); });
    input.addEventListener("click", function () { if (list.hidden) load(); });
    input.addEventListener("input", function () {
      if (ds.value && input.value !== ac.label) {
        ds.value = "";
        childrenAcs().forEach(function (child) { child.clear(); child.disable(); });
      }
      loadSoon();
    });
    input.addEventListener("keydown", function (ev) {
      var opts = qsa("[role=option]", list);
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        if (list.hidden) { load(); return; }
        active = ev.key === "ArrowDown" ? Math.min(opts.length - 1, active + 1) : Math.max(0, active - 1);
        opts.forEach(function (o, i) { o.classList.toggle("v-list-item--active", i === active); });
        if (opts[active]) {
          input.setAttribute("aria-activedescendant", opts[active].id);
          opts[active].scrollIntoView({ block: "nearest" });
        }
      } else if (ev.key === "Enter") {
        if (!list.hidden && items.length) {
          ev.preventDefault();
          choose(items[active >= 0 ? active : 0]);
        }
      } else if (ev.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () {
      setTimeout(function () {
        if (document.activeElement === input) return;
        close();
        if (input.value !== ac.label) input.value = ds.value ? ac.label : "";
      }, 150);
    });

    var p = parentAc();
    if (p && !p.value) ac.disable();
    return ac;
  };

  /* ---------------------------------------------------------------- password meter */
  // <ul data-password-rules="#password"> with <li data-rule="length|case|digit|special">
  // items: each gets .rule--ok / .rule--bad and aria-checked-like data-ok as you type.
  OSS.passwordRules = {
    length: function (v) { return v.length >= 8; },
    "case": function (v) { return /[a-z]/.test(v) && /[A-Z]/.test(v); },
    digit: function (v) { return /[0-9]/.test(v); },
    special: function (v) { return /[!@#$%^&*_\-]/.test(v); }
  };
  function wirePasswordRules(list) {
    var input = qs(list.dataset.passwordRules);
    if (!input) return;
    function update() {
      qsa("[data-rule]", list).forEach(function (li) {
        var ok = OSS.passwordRules[li.dataset.rule](input.value);
        li.classList.toggle("rule--ok", ok);
        li.classList.toggle("rule--bad", !ok);
        li.dataset.ok = ok ? "true" : "false";
        var icon = qs(".rule__icon", li);
        if (icon) icon.textContent = ok ? "\u2713" : "\u2717";
      });
    }
    input.addEventListener("input", update);
    update();
  }

  /* ---------------------------------------------------------------- init */
  OSS.init = function (container) {
    container = container || document;
    qsa("[role=radiogroup].v-radio-group", container).forEach(OSS.radioGroup);
    qsa("[data-autocomplete]", container).forEach(function (n) { OSS.autocomplete(n); });
    qsa("[data-password-rules]", container).forEach(wirePasswordRules);
  };

  function boot() {
    OSS.init(document);
    wirePagePopups();
    wireServerToasts();
    document.documentElement.dataset.ossReady = "1";
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
