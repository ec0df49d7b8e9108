/* beranda.js: the business app's page scripts (perizinan dashboard and beranda pages).

Loaded after portal.js (window.OSS: api, dialog, popup, autocomplete, validate, ...). Each
page names itself in <script id="beranda-config">{"page": ...}</script>; the dashboard
names itself with #spa[data-page=dashboard]. Widgets defined here:
  - the top menu (data-testid="top-menus"): hover or click "Perizinan Berusaha" opens
    desktop-dropdown-panel; "Kelola Usaha" fills category-right-panel; links carry
    ?auth-code=<token> when the token is known (each host keeps its own session, as the
    live portal's domains do; "Keluar" carries it so the login host ends that session);
  - local autocompletes: [data-autocomplete][data-options='[[value, label], ...]'];
  - click-only date pickers: [data-datepicker=date|month] opens a `.v-picker`
    (header: year-btn, month; views: years → months (Jan…Dec) → days); the input is
    read-only, so typed dates are refused.
*/
(function () {
  "use strict";

  const OSS = window.OSS;
  const qs = OSS.qs;
  const qsa = OSS.qsa;
  const el = OSS.el;
  const TOKEN_KEY = "oss.auth-code";
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const WEEKDAYS = ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"];
  const WAJIB = "Wajib diisi";
  const NOL = "Nilai tidak boleh 0";

  const cfgNode = qs("#beranda-config");
  const cfg = cfgNode ? JSON.parse(cfgNode.textContent || "{}") : {};
  const B = (window.Beranda = { config: cfg });

  /* ------------------------------------------------------------ small helpers */
  function digits(value) { return String(value || "").replace(/\D/g, ""); }
  function rupiah(n) { return "Rp " + Number(n || 0).toLocaleString("id-ID"); }
  function acOf(name, scope) {
    const root = qs('[data-autocomplete][data-name="' + name + '"]', scope || document);
    return root ? OSS.autocomplete(root) : null;
  }
  function groupOf(name, scope) {
    return qs('[role=radiogroup][data-name="' + name + '"]', scope || document);
  }
  function valueOf(name, scope) {
    const node = qs('[name="' + name + '"]', scope || document);
    return node ? String(node.value || "").trim() : "";
  }
  function showErrors(container, errors, message) {
    let shown = false;
    Object.keys(errors || {}).forEach(function (key) {
      const node = qs('[data-field="' + key + '"]', container) ||
        qs('[name="' + key + '"]', container) || qs('[data-name="' + key + '"]', container);
      if (node) { OSS.fieldError(node, errors[key]); shown = true; }
      else { OSS.toast(errors[key], "error"); shown = true; }
    });
    if (!shown && message) OSS.toast(message, "error");
  }
  function apiError(container) {
    return function (err) {
      if (err && err.status === 422) showErrors(container, err.data && err.data.errors, err.message);
      else if (err && err.status && err.status < 500 && err.status !== 401) OSS.toast(err.message, "error");
      throw err;
    };
  }
  function ignore() { /* the error was shown to the user */ }
  function removeDialog(dialog) {
    const ov = dialog.closest(".v-overlay");
    OSS.closeDialog(dialog);
    (ov || dialog).remove();
    OSS.restack();
  }
  function openTemplate(id) {
    const tpl = qs("#" + id);
    const dialog = tpl.content.firstElementChild.cloneNode(true);
    document.body.appendChild(dialog);
    return dialog;
  }
  function setRadios(group, disabled) {
    qsa("input[type=radio]", group).forEach(function (r) { r.disabled = disabled; });
  }

  /* ------------------------------------------------------------ token and links */
  function hashToken() {
    const h = window.location.hash || "";
    const i = h.indexOf("?");
    return i < 0 ? "" : new URLSearchParams(h.slice(i + 1)).get("auth-code") || "";
  }
  function token() {
    const nav = qs("[data-testid=top-menus]");
    return (nav && nav.dataset.token) || "";
  }
  function withToken(href) {
    const t = token();
    if (!t || href.indexOf("auth-code=") >= 0) return href;
    if (href.indexOf("#/") >= 0) return href.replace(/#\/.*$/, "#/?auth-code=" + encodeURIComponent(t));
    return href + (href.indexOf("?") >= 0 ? "&" : "?") + "auth-code=" + encodeURIComponent(t);
  }
  function fixLinks(scope) {
    qsa("a[data-auth-link]", scope).forEach(function (a) {
      if (!a.dataset.base) a.dataset.base = a.getAttribute("href");
      a.setAttribute("href", withToken(a.dataset.base));
    });
  }

  /* ------------------------------------------------------------ top menu */
  function wireTopMenu() {
    qsa("[data-top-menu]").forEach(function (menu) {
      const toggle = qs(".top-menu__toggle", menu);
      const tpl = qs("template[data-panel]", menu);
      let panel = null, closeTimer = null, openedAt = 0;

      function choose(category) {
        qsa(".dropdown-category", panel).forEach(function (b) {
          b.setAttribute("aria-current", b.dataset.category === category ? "true" : "false");
        });
        qsa("[data-links]", panel).forEach(function (ul) { ul.hidden = ul.dataset.links !== category; });
        const empty = qs("[data-empty]", panel);
        if (empty) empty.hidden = true;
      }
      function open() {
        clearTimeout(closeTimer);
        if (panel) return;
        panel = tpl.content.firstElementChild.cloneNode(true);
        fixLinks(panel);
        qsa(".dropdown-category", panel).forEach(function (b) {
          b.addEventListener("mouseenter", function () { choose(b.dataset.category); });
          b.addEventListener("click", function () { choose(b.dataset.category); });
        });
        menu.appendChild(panel);
        menu.classList.add("top-menu--open");
        toggle.setAttribute("aria-expanded", "true");
        openedAt = Date.now();
      }
      function close() {
        if (!panel) return;
        panel.remove();
        panel = null;
        menu.classList.remove("top-menu--open");
        toggle.setAttribute("aria-expanded", "false");
      }
      menu.addEventListener("mouseenter", open);
      menu.addEventListener("mouseleave", function () { closeTimer = setTimeout(close, 300); });
      toggle.addEventListener("click", function () {
        if (panel && Date.now() - openedAt > 600) close(); else open();
      });
      document.addEventListener("click", function (ev) {
        if (panel && !menu.contains(ev.target)) close();
      });
      document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") close(); });
    });
    fixLinks(document);
  }

  /* ------------------------------------------------------------ local autocompletes */
  function localFetch(root) {
    if (!root._options) {
      try { root._options = JSON.parse(root.dataset.options || "[]"); } catch (e) { root._options = []; }
    }
    return function (q) {
      const needle = String(q || "").toLowerCase();
      return Promise.resolve(root._options.filter(function (o) {
        return !needle || String(o[1]).toLowerCase().indexOf(needle) >= 0;
      }).map(function (o) {
        return { value: String(o[0]), label: String(o[1]), item: { value: o[0], label: o[1] } };
      }));
    };
  }
  function setOptions(root, options) {
    root._options = options;
  }
  function setupLocal(container) {
    qsa("[data-autocomplete][data-options]", container).forEach(function (root) {
      if (!root._ac) OSS.autocomplete(root, { fetch: localFetch(root) });
    });
  }

  /* ------------------------------------------------------------ date picker */
  function pad(n) { return String(n).padStart(2, "0"); }
  let openPicker = null;
  function datePicker(root) {
    if (root._dp) return root._dp;
    const mode = root.dataset.datepicker === "month" ? "month" : "date";
    const input = qs("input.v-field__input", root);
    const ds = root.dataset;  // the ISO value sits on the root (one input per field, §18)
    const field = qs(".v-field", root);
    let picker = null, view = "days", year = 0, month = 0;
    const today = new Date();

    function current() {
      const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(ds.value || "");
      return m ? { y: +m[1], m: +m[2] - 1, d: m[3] ? +m[3] : 1 } : null;
    }
    function isFuture(y, m, d) {
      const t = new Date(today.getFullYear(), today.getMonth(), today.getDate());
      return new Date(y, m, d || 1) > t;
    }
    function isPastMonth(y, m) {
      return y < today.getFullYear() || (y === today.getFullYear() && m < today.getMonth());
    }
    function button(text, attrs, onClick) {
      const b = el("button", Object.assign({ type: "button", text: text }, attrs || {}));
      b.addEventListener("click", function (ev) { ev.stopPropagation(); onClick(); });
      return b;
    }
    function render() {
      picker.innerHTML = "";
      const header = el("div", { class: "v-picker__header" });
      header.appendChild(button(String(year), { "data-testid": "year-btn", class: "v-date-picker__year-btn",
        "aria-label": "Pilih tahun, sekarang " + year }, function () { view = "years"; render(); }));
      if (mode === "date") {
        header.appendChild(button(MONTHS[month], { class: "v-date-picker__month-btn",
          "aria-label": "Pilih bulan, sekarang " + MONTHS[month] }, function () { view = "months"; render(); }));
      }
      picker.appendChild(header);
      const body = el("div", { class: "v-picker__body" });
      let grid;
      const chosen = current();
      if (view === "years") {
        grid = el("div", { class: "v-picker__grid v-picker__grid--years" });
        const last = today.getFullYear() + (mode === "month" ? 10 : 0);
        for (let y = last; y >= 1950; y--) {
          grid.appendChild(button(String(y), { "aria-pressed": y === year ? "true" : "false",
            disabled: mode === "month" && y < today.getFullYear() }, (function (yy) {
            return function () { year = yy; view = "months"; render(); };
          })(y)));
        }
      } else if (view === "months") {
        grid = el("div", { class: "v-picker__grid v-picker__grid--months" });
        MONTHS.forEach(function (name, i) {
          const off = mode === "month" ? isPastMonth(year, i) : isFuture(year, i, 1);
          grid.appendChild(button(name, { disabled: off,
            "aria-pressed": chosen && chosen.y === year && chosen.m === i ? "true" : "false" }, function () {
            if (mode === "month") commit(year, i, 0); else { month = i; view = "days"; render(); }
          }));
        });
      } else {
        grid = el("div", { class: "v-picker__grid v-picker__grid--days" });
        WEEKDAYS.forEach(function (w) { grid.appendChild(el("div", { class: "v-picker__weekday", text: w })); });
        const first = new Date(year, month, 1).getDay();
        for (let i = 0; i < first; i++) grid.appendChild(el("span", { class: "v-picker__blank" }));
        const days = new Date(year, month + 1, 0).getDate();
        for (let d = 1; d <= days; d++) {
          grid.appendChild(button(String(d), { disabled: isFuture(year, month, d),
            "aria-pressed": chosen && chosen.y === year && chosen.m === month && chosen.d === d ? "true" : "false"
          }, (function (dd) { return function () { commit(year, month, dd); }; })(d)));
        }
      }
      body.appendChild(grid);
      picker.appendChild(body);
      if (view === "years") {
        const sel = qs('[aria-pressed="true"]', grid);
        if (sel) sel.scrollIntoView({ block: "center" });
      }
    }
    function commit(y, m, d) {
      if (mode === "month") {
        ds.value = y + "-" + pad(m + 1);
        input.value = pad(m + 1) + "/" + y;
      } else {
        ds.value = y + "-" + pad(m + 1) + "-" + pad(d);
        input.value = pad(d) + "/" + pad(m + 1) + "/" + y;
      }
      OSS.clearError(root);
      close();
      root.dispatchEvent(new CustomEvent("oss:change", { bubbles: true, detail: { value: ds.value } }));
    }
    function open() {
      if (picker) return;
      if (openPicker) openPicker.close();
      const c = current();
      year = c ? c.y : today.getFullYear();
      month = c ? c.m : today.getMonth();
      view = mode === "month" ? "months" : "days";
      picker = el("div", { class: "v-picker v-date-picker", role: "dialog",
        "aria-label": mode === "month" ? "Pilih bulan dan tahun" : "Pilih tanggal" });
      render();
      root.appendChild(picker);
      openPicker = api;
    }
    function close() {
      if (!picker) return;
      picker.remove();
      picker = null;
      if (openPicker === api) openPicker = null;
    }
    const api = {
      open: open, close: close,
      set: function (iso) {
        const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(iso || "");
        if (!m) { ds.value = ""; input.value = ""; return; }
        if (mode === "month") commit(+m[1], +m[2] - 1, 0); else commit(+m[1], +m[2] - 1, +m[3]);
      },
      get value() { return ds.value || ""; }
    };
    field.addEventListener("click", open);
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); open(); }
      else if (ev.key === "Escape") close();
      else if (ev.key.length === 1 || ev.key === "Backspace" || ev.key === "Delete") ev.preventDefault();
    });
    document.addEventListener("mousedown", function (ev) {
      if (picker && !root.contains(ev.target)) close();
    });
    root._dp = api;
    return api;
  }
  B.datePicker = datePicker;

  /* ------------------------------------------------------------ dashboard (perizinan) */
  function queryToken() {
    return new URLSearchParams(window.location.search).get("auth-code") || "";
  }
  function pageDashboard() {
    // The token: ?auth-code= (back from the login host's single sign-on), the landing
    // route #/?auth-code=…, or the one kept earlier in this tab.
    let t = queryToken() || hashToken();
    if (t) sessionStorage.setItem(TOKEN_KEY, t); else t = sessionStorage.getItem(TOKEN_KEY) || "";
    const nav = qs("[data-testid=top-menus]");
    if (nav) nav.dataset.token = t;
    fixLinks(document);
    OSS.api("/api/profile" + (t ? "?auth-code=" + encodeURIComponent(t) : "")).then(function (res) {
      // The SPA has booted: the landing route #/?auth-code=… becomes #/dashboard.
      const h = window.location.hash;
      if (!h || h === "#/" || h.indexOf("auth-code=") >= 0) {
        history.replaceState(null, "", window.location.pathname + "#/dashboard");
      } else if (queryToken()) {
        history.replaceState(null, "", window.location.pathname + h);
      }
      const d = res.data || {};
      qs("[data-testid=dashboard-nama]").textContent = d.nama || d.email || "";
      qs("[data-account-name]").textContent = d.nama || "";
      qs("[data-testid=dashboard-nib]").textContent = d.nib || "Belum terbit";
      qs("[data-nib-hint]").hidden = Boolean(d.nib);
      qs("[data-testid=dashboard-jumlah-kegiatan]").textContent = String(d.jumlah_kegiatan || 0);
      qs("#dashboard").hidden = false;
    }).catch(ignore);
  }

  /* ------------------------------------------------------------ location cards */
  function wireCards(list, button) {
    function sync() {
      const checked = qsa(".lokasi-usaha-card input[type=checkbox]:checked", list);
      button.disabled = checked.length !== 1;
    }
    list.addEventListener("change", function (ev) {
      const box = ev.target;
      if (!box.matches || !box.matches(".lokasi-usaha-card input[type=checkbox]")) return;
      if (box.checked) {
        qsa(".lokasi-usaha-card input[type=checkbox]", list).forEach(function (other) {
          if (other !== box) other.checked = false;
        });
      }
      qsa(".lokasi-usaha-card", list).forEach(function (card) {
        card.classList.toggle("lokasi-usaha-card--selected", qs("input", card).checked);
      });
      sync();
    });
    button.addEventListener("click", function () {
      const box = qs(".lokasi-usaha-card input[type=checkbox]:checked", list);
      if (box) window.location.href = "/kegiatan-usaha/tambah-kegiatan?id_proyek_lokasi=" + encodeURIComponent(box.value);
    });
    sync();
  }
  function cardFor(id, label, sub) {
    const card = el("article", { class: "lokasi-usaha-card v-card", "data-id": id });
    const select = el("label", { class: "lokasi-usaha-card__select" }, [
      el("input", { type: "checkbox", value: id, "aria-label": "Pilih lokasi " + label })
    ]);
    const body = el("div", { class: "lokasi-usaha-card__body" }, [
      el("div", { class: "lokasi-usaha-card__title", text: label }),
      el("div", { class: "muted", text: "ID Lokasi: " + id }),
      el("div", { class: "muted", text: sub })
    ]);
    card.appendChild(select);
    card.appendChild(body);
    return card;
  }

  function pageLokasi() {
    wireCards(qs("[data-lokasi-list]"), qs("[data-lengkapi]"));
    if (cfg.arrival_popup) {
      OSS.popup({
        title: "Informasi Lokasi Usaha",
        text: "Pastikan alamat dan titik koordinat lokasi usaha sesuai dengan keadaan " +
          "sebenarnya. Data lokasi digunakan untuk pemeriksaan kesesuaian tata ruang."
      });
    }
  }

  function pageTambahLokasi() {
    const list = qs("[data-lokasi-list]");
    const form = qs("#lokasi-form");
    const openBtn = qs("[data-open-form]");
    wireCards(list, qs("[data-lengkapi]"));
    let matraLoaded = false;

    function openForm() {
      form.hidden = false;
      if (!matraLoaded) {
        OSS.api("/api/options/matra").then(function (rows) {
          const group = qs("[data-matra-options]", form);
          group.innerHTML = "";
          (rows || []).forEach(function (row) {
            group.appendChild(el("label", { class: "v-radio" }, [
              el("input", { type: "radio", name: "matra", value: row.kode }),
              el("span", { class: "v-radio__label", text: row.nama })
            ]));
          });
          matraLoaded = true;
        }).catch(ignore);
      }
      form.scrollIntoView({ block: "start" });
    }
    openBtn.addEventListener("click", openForm);
    qs("[data-close-form]", form).addEventListener("click", function () { form.hidden = true; });

    const cari = qs('[data-autocomplete][data-name="alamat_cari"]', form);
    cari.addEventListener("oss:change", function (ev) {
      const item = ev.detail && ev.detail.item;
      qs("[name=lat]", form).value = item ? item.lat : "";
      qs("[name=lon]", form).value = item ? item.lon : "";
      qs("[data-koordinat]", form).textContent = item
        ? "Titik koordinat: " + item.lat + ", " + item.lon
        : "Ketik nama desa/kelurahan, atau titik koordinat \"lat, lon\".";
    });

    qsa("input[type=file][data-upload]", form).forEach(function (input) {
      const key = input.dataset.upload;
      const hidden = qs('input[type=hidden][name="' + key + '"]', form);
      const status = qs('[data-upload-status="' + key + '"]', form);
      input.addEventListener("change", function () {
        hidden.value = "";
        status.textContent = "";
        status.className = "upload-status";
        OSS.clearError(input);
        const file = input.files && input.files[0];
        if (!file) return;
        const fd = new FormData();
        fd.append("file", file);
        fd.append("jenis", key);
        status.appendChild(el("div", { class: "v-progress-linear", role: "progressbar", "aria-label": "Mengunggah" }));
        OSS.api("/api/file/upload", { form: fd }).then(function (res) {
          hidden.value = res.data.file_id;
          status.textContent = "\u2713 " + res.data.nama_file + " terunggah";
          status.className = "upload-status upload-status--ok";
        }).catch(function (err) {
          status.textContent = "";
          input.value = "";
          OSS.fieldError(input, (err && err.message) || "Gagal mengunggah file");
        });
      });
    });

    qs("[data-simpan-lokasi]", form).addEventListener("click", function () {
      let ok = OSS.validate(form);
      const luas = digits(valueOf("luas_lahan", form));
      if (luas && Number(luas) === 0) { OSS.fieldError(qs("[name=luas_lahan]", form), NOL); ok = false; }
      const pos = valueOf("kode_pos", form);
      if (pos && !/^\d{5}$/.test(pos)) { OSS.fieldError(qs("[name=kode_pos]", form), "Kode pos harus 5 digit"); ok = false; }
      if (!ok) return;
      const body = {
        matra: groupOf("matra", form).dataset.value || "",
        jenis_lokasi: groupOf("jenis_lokasi", form).dataset.value || "",
        persyaratan_dasar: qs("[name=persyaratan_dasar]", form).checked,
        alamat_cari: acOf("alamat_cari", form).label,
        lat: valueOf("lat", form), lon: valueOf("lon", form),
        luas_lahan: luas, alamat: valueOf("alamat", form),
        provinsi: acOf("provinsi", form).value, kabupaten: acOf("kabupaten", form).value,
        kecamatan: acOf("kecamatan", form).value, kelurahan: acOf("kelurahan", form).value,
        kode_pos: pos,
        dokumen_administrasi: valueOf("dokumen_administrasi", form),
        foto_tampak_depan: valueOf("foto_tampak_depan", form),
        psn: groupOf("psn", form).dataset.value || ""
      };
      OSS.api("/api/prosesLokasi", { body: body }).then(function (res) {
        const d = res.data;
        const sub = [acOf("kelurahan", form).label, acOf("kecamatan", form).label,
          acOf("kabupaten", form).label].join(", ") + " \u00b7 " + luas + " m\u00b2";
        list.insertBefore(cardFor(d.id_proyek_lokasi, d.label, sub), list.firstChild);
        form.hidden = true;
        OSS.toast("Lokasi usaha berhasil disimpan", "success");
        list.scrollIntoView({ block: "start" });
      }).catch(apiError(form)).catch(ignore);
    });
  }

  /* ------------------------------------------------------------ activity list */
  function pageKegiatan() {
    qsa("[data-hapus]").forEach(function (button) {
      button.addEventListener("click", function () {
        const id = button.dataset.hapus;
        OSS.dialog({
          title: "Konfirmasi Hapus Data",
          text: "Kegiatan usaha " + id + " akan dihapus. Data yang dihapus tidak dapat dikembalikan.",
          buttons: [{ label: "Batal", value: false }, { label: "Hapus", value: true, primary: true }]
        }).then(function (yes) {
          if (!yes) return null;
          return OSS.api("/api/hapusProyek", { body: { id_proyek: id } }).then(function () {
            const row = button.closest("tr");
            const body = row.parentNode;
            row.remove();
            qsa("tr", body).forEach(function (tr, i) { tr.firstElementChild.textContent = String(i + 1); });
            if (!qs("tr", body)) {
              body.appendChild(el("tr", { "data-empty": "" }, [
                el("td", { colspan: "5", class: "muted", text: "Belum ada kegiatan usaha." })
              ]));
            }
            OSS.toast("Berhasil menghapus data", "success");
          });
        }).catch(ignore);
      });
    });
  }

  /* ------------------------------------------------------------ new activity */
  function pageTambahKegiatan() {
    const form = qs("#kegiatan-form");
    const secLokasi = qs('[data-section="lokasi"]', form);
    const secBidang = qs('[data-section="bidang"]', form);
    const lokasiRoot = qs('[data-autocomplete][data-name="id_proyek_lokasi"]', form);
    const questions = qs("[data-questions]", form);
    const nextA = qs("[data-next-lokasi]", form);
    const groups = ["obvitnas", "psn", "perizinan_lama"].map(function (n) { return groupOf(n, form); });
    const kbliRoot = qs('[data-autocomplete][data-name="kbli"]', form);
    const after = qs("[data-after-kbli]", form);
    const sectors = qs("[data-testid=radio-bidang-usaha]", form);
    const note2025 = qs("[data-kbli-2025-note]", form);
    const tambah = qs("[data-tambah-bidang]", form);
    const daftar = qs("[data-daftar]", form);
    const state = { idProyek: cfg.id_proyek || "", kbli: "", konversi: false, kbli2025: "", kbli2025Label: "" };

    function lockLokasi() {
      acOf("id_proyek_lokasi", form).disable();
      groups.forEach(function (g) { setRadios(g, true); });
      qs(".v-card-actions", secLokasi).hidden = true;
    }
    function updateA() {
      nextA.disabled = !(acOf("id_proyek_lokasi", form).value && groups.every(function (g) {
        return Boolean(g.dataset.value);
      }));
    }
    if (state.idProyek) {
      lockLokasi();
    } else {
      lokasiRoot.addEventListener("oss:change", function (ev) {
        questions.hidden = !(ev.detail && ev.detail.value);
        updateA();
      });
      groups.forEach(function (g) { g.addEventListener("oss:change", updateA); });
      updateA();
      if (cfg.import_licence) OSS.importLicence.maybeShow();
    }

    nextA.addEventListener("click", function () {
      OSS.api("/api/getListKBLI", { body: { id_proyek_lokasi: acOf("id_proyek_lokasi", form).value, q: "" } })
        .then(function () {
          lockLokasi();
          secBidang.hidden = false;
          secBidang.scrollIntoView({ block: "start" });
          return OSS.importLicence.maybeShow();
        }).catch(ignore);
    });

    function resetAfterKbli() {
      after.hidden = true;
      acOf("ruang_lingkup", form).clear();
      sectors.innerHTML = "";
      delete sectors.dataset.value;
      note2025.hidden = true;
      state.kbli = ""; state.konversi = false; state.kbli2025 = ""; state.kbli2025Label = "";
    }

    function conversionModal(code, label) {
      return new Promise(function (resolve) {
        const dialog = openTemplate("tpl-kbli-2025");
        qs("[data-kbli-2020]", dialog).textContent = label;
        const root = qs('[data-autocomplete][data-name="kbli_2025"]', dialog);
        OSS.autocomplete(root, {
          fetch: function (q) {
            return OSS.api("/api/getListKBLI", { body: { kbli_2020: code, q: q }, loader: false }).then(function (res) {
              const needle = String(q || "").toLowerCase();
              return (res.data || []).filter(function (it) {
                return !needle || (it.kode + " - " + it.judul).toLowerCase().indexOf(needle) >= 0;
              }).map(function (it) { return { value: it.kode, label: it.kode + " - " + it.judul, item: it }; });
            });
          }
        });
        OSS.init(dialog);
        // The candidates are asked for as soon as the modal opens, as the live portal does.
        OSS.api("/api/getListKBLI", { body: { kbli_2020: code }, loader: false }).catch(ignore);
        OSS.openDialog(dialog);
        qs("[data-kembali]", dialog).addEventListener("click", function () {
          removeDialog(dialog);
          resolve(false);
        });
        qs("[data-simpan]", dialog).addEventListener("click", function () {
          const ac = OSS.autocomplete(root);
          const box = qs("input[type=checkbox]", dialog);
          let ok = true;
          if (!ac.value) { OSS.fieldError(root, WAJIB); ok = false; }
          if (!box.checked) { OSS.fieldError(box, WAJIB); ok = false; }
          if (!ok) return;
          state.kbli2025 = ac.value;
          state.kbli2025Label = ac.label;
          removeDialog(dialog);
          resolve(true);
        });
      });
    }

    function popups(n) {
      let chain = Promise.resolve();
      for (let i = 0; i < n; i++) {
        chain = chain.then(function () {
          return OSS.popup({ title: "Pemberitahuan", text: "Pastikan data kegiatan usaha yang Anda isi sudah benar sebelum melanjutkan." });
        });
      }
      return chain;
    }

    kbliRoot.addEventListener("oss:change", function (ev) {
      resetAfterKbli();
      const row = ev.detail;
      if (!row || !row.value) return;
      const code = row.value;
      OSS.api("/api/getInfoKBLI", { body: { kbli: code } }).then(function (res) {
        const info = res.data;
        // §18: the form shows the KBLI under its form title, which may differ from the list's
        const chosen = info.kode + " - " + info.judul;
        if (acOf("kbli", form).label !== chosen) {
          acOf("kbli", form).input.value = chosen;
          acOf("kbli", form).label = chosen;
        }
        return OSS.popup({
          title: "Informasi KBLI",
          text: "Anda memilih KBLI " + info.kode + " - " + info.judul + ". Pastikan kegiatan " +
            "usaha yang dijalankan sesuai dengan uraian KBLI tersebut."
        }).then(function () { return popups(info.popups || 0); })
          .then(function () { return OSS.importLicence.maybeShow(); })
          .then(function () { return info.konversi_2025 ? conversionModal(code, row.label) : true; })
          .then(function (ok) {
            if (!ok) { acOf("kbli", form).clear(); return; }
            state.kbli = code;
            state.konversi = Boolean(info.konversi_2025);
            if (state.konversi) {
              note2025.textContent = "KBLI 2025: " + state.kbli2025Label;
              note2025.hidden = false;
            }
            info.bidang_usaha.forEach(function (name) {
              sectors.appendChild(el("label", { class: "v-radio" }, [
                el("input", { type: "radio", name: "bidang_usaha", value: name }),
                el("span", { class: "v-radio__label", text: name })
              ]));
            });
            after.hidden = false;
          });
      }).catch(ignore);
    });

    tambah.addEventListener("click", function () {
      const fields = qs("[data-bidang-fields]", form);
      let ok = OSS.validate(fields);
      if (ok && state.konversi && !state.kbli2025) { OSS.fieldError(kbliRoot, WAJIB); ok = false; }
      if (!ok) return;
      const body = {
        id_proyek_lokasi: acOf("id_proyek_lokasi", form).value,
        obvitnas: groups[0].dataset.value, psn: groups[1].dataset.value,
        perizinan_lama: groups[2].dataset.value,
        jenis_kegiatan: acOf("jenis_kegiatan", form).value,
        kbli: acOf("kbli", form).value, kbli_2025: state.kbli2025,
        ruang_lingkup: acOf("ruang_lingkup", form).value,
        bidang_usaha: sectors.dataset.value || ""
      };
      OSS.api("/api/prosesBidangUsaha", { body: body }).then(function (res) {
        const d = res.data;
        state.idProyek = d.id_proyek;
        ["jenis_kegiatan", "kbli", "ruang_lingkup"].forEach(function (n) { acOf(n, form).disable(); });
        setRadios(sectors, true);
        tambah.disabled = true;
        qs("[data-locked]", form).hidden = false;
        const k2025 = d.kbli_2025 ? " (KBLI 2025: " + d.kbli_2025.kode + " - " + d.kbli_2025.judul + ")" : "";
        const rows = qs("[data-daftar-rows]", form);
        rows.innerHTML = "";
        rows.appendChild(el("tr", {}, [
          el("td", { text: "1" }), el("td", { text: d.kbli + " - " + d.judul + k2025 }),
          el("td", { text: d.jenis_kegiatan }), el("td", { text: d.ruang_lingkup }),
          el("td", { text: d.id_proyek })
        ]));
        daftar.hidden = false;
        history.replaceState(null, "", "/kegiatan-usaha/tambah-kegiatan?id_proyek=" + encodeURIComponent(d.id_proyek));
        if (!d.rdtr) {
          return OSS.popup({
            title: "RDTR Tidak Tersedia",
            text: "Lokasi usaha Anda berada di wilayah yang belum memiliki Rencana Detail Tata " +
              "Ruang (RDTR) digital. Kesesuaian tata ruang untuk usaha mikro dan kecil diproses " +
              "melalui pernyataan mandiri."
          });
        }
        return null;
      }).catch(apiError(fields)).catch(ignore);
    });

    qs("[data-next-bidang]", form).addEventListener("click", function () {
      if (!OSS.validate(daftar)) return;
      OSS.api("/api/prosesProyek", {
        body: { id_proyek: state.idProyek, step: "kegiatan", nama_usaha: valueOf("nama_usaha", form) }
      }).then(function (res) {
        window.location.href = res.data.next;
      }).catch(apiError(daftar)).catch(ignore);
    });
  }

  /* ------------------------------------------------------------ detail tabs */
  function detailSection() {
    const section = qs("[data-detail]");
    const tabs = qsa("[role=tab]", section);
    function select(tab) {
      tabs.forEach(function (t) {
        const on = t === tab;
        t.setAttribute("aria-selected", on ? "true" : "false");
        t.classList.toggle("v-tab--selected", on);
        t.tabIndex = on ? 0 : -1;
        qs("#" + t.getAttribute("aria-controls")).hidden = !on;
      });
    }
    tabs.forEach(function (t) { t.addEventListener("click", function () { select(t); }); });
    const lanjut = qs("[data-lanjut-btn]", section);
    lanjut.addEventListener("click", function () { window.location.href = section.dataset.next; });

    function render(d, amdalnetUrl) {
      const rows = qs("[data-rows-persyaratan]", section);
      rows.innerHTML = "";
      d.persyaratan_dasar.forEach(function (r) {
        const done = r.status === "Izin Terbit/SS Terverifikasi";
        const action = el("td");
        if (r.aksi === "Proses Penapisan") {
          const b = el("button", { type: "button", class: "v-btn v-btn--primary", text: "Proses Penapisan" });
          // Amdalnet is another domain: the OSS token goes along (single sign-on).
          b.addEventListener("click", function () { window.open(withToken(amdalnetUrl), "_blank"); });
          action.appendChild(b);
        }
        rows.appendChild(el("tr", { "data-persyaratan": r.nama }, [
          el("td", { text: r.nama }), el("td", { text: r.keterangan || "" }),
          el("td", {}, [el("span", { class: "v-chip " + (done ? "v-chip--success" : "v-chip--warning"), text: r.status })]),
          action
        ]));
      });
      const lic = qs("[data-rows-perizinan]", section);
      lic.innerHTML = "";
      d.perizinan_berusaha.forEach(function (r) {
        lic.appendChild(el("tr", {}, [
          el("td", { text: r.kbli + " - " + r.judul }), el("td", { text: r.nama_usaha }),
          el("td", {}, [el("span", { class: "v-chip", "data-testid": "status-perizinan-berusaha", text: r.status })])
        ]));
      });
      lanjut.disabled = section.dataset.lanjut === "lingkungan" && !d.lingkungan_selesai;
      section.hidden = false;
    }
    function load(opts) {
      return OSS.api("/api/detailPerizinan?id_proyek=" + encodeURIComponent(cfg.id_proyek), opts || {})
        .then(function (res) { render(res.data, res.data.amdalnet_url); return res.data; });
    }
    return { load: load, select: function (name) {
      select(tabs.filter(function (t) { return t.textContent.trim() === name; })[0] || tabs[0]);
    } };
  }

  /* ------------------------------------------------------------ KKPR */
  function pageTataRuang() {
    const box = qs("#agreement-checkbox");
    const proses = qs("[data-proses]");
    const detail = detailSection();
    box.addEventListener("change", function () { proses.disabled = !box.checked; OSS.clearError(box); });
    proses.addEventListener("click", function () {
      if (!box.checked) { OSS.fieldError(box, WAJIB); return; }
      OSS.dialog({
        title: "Konfirmasi",
        testid: "modal-proses",
        text: "Pernyataan mandiri yang sudah diproses tidak dapat diubah. Apakah Anda yakin akan memproses pernyataan ini?",
        buttons: [{ label: "Batal", value: false }, { label: "Proses", value: true, primary: true }]
      }).then(function (yes) {
        if (!yes) return null;
        return OSS.api("/api/submitPernyataanMandiri", {
          body: { id_proyek: cfg.id_proyek, id_proyek_lokasi: cfg.id_proyek_lokasi, setuju: true }
        }).then(function () {
          box.disabled = true;
          proses.closest(".v-card-actions").hidden = true;
          qs("[data-kkpr]").appendChild(el("div", { class: "v-alert v-alert--success", text: "Pernyataan mandiri KKPR telah diproses." }));
          OSS.toast("Pernyataan mandiri berhasil diproses", "success");
          return detail.load();
        });
      }).catch(apiError(qs("[data-kkpr]"))).catch(ignore);
    });
    if (cfg.processed) detail.load().catch(ignore);
  }

  /* ------------------------------------------------------------ investment, products, risk */
  function pageDataKegiatan() {
    const form = qs("#investasi-form");
    const risk = qs('[data-panel="risiko"]');
    const statusRoot = qs('[data-autocomplete][data-name="status_berjalan"]', form);
    const pickers = qsa("[data-datepicker]", form).map(datePicker);
    const money = ["tanah", "bangunan", "mesin", "investasi_lain", "modal_kerja"];
    let products = [];

    function showWhen(status) {
      qsa("[data-when]", form).forEach(function (box) {
        const on = box.dataset.when === status;
        box.hidden = !on;
        const picker = qs("[data-datepicker]", box);
        if (on) picker.setAttribute("data-required", ""); else { picker.removeAttribute("data-required"); OSS.clearError(picker); }
      });
    }
    statusRoot.addEventListener("oss:change", function (ev) { showWhen(ev.detail ? ev.detail.value : ""); });
    showWhen("");

    function totals() {
      const v = {};
      money.forEach(function (k) { v[k] = Number(digits(valueOf(k, form)) || 0); });
      qs("[data-total-investasi]", form).textContent = rupiah(money.reduce(function (s, k) { return s + v[k]; }, 0));
      qs("[data-total-modal]", form).textContent = rupiah(v.mesin + v.investasi_lain + v.modal_kerja);
    }
    qsa(".v-text-field input[inputmode=numeric]", form).forEach(function (input) {
      input.addEventListener("input", function () {
        const clean = digits(input.value);
        if (clean !== input.value) input.value = clean;
        totals();
      });
    });

    function renderProducts() {
      const body = qs("[data-produk-rows]", form);
      body.innerHTML = "";
      if (!products.length) {
        body.appendChild(el("tr", { "data-empty": "" }, [el("td", { colspan: "6", class: "muted", text: "Belum ada produk/jasa." })]));
        return;
      }
      products.forEach(function (p, i) {
        const del = el("button", { type: "button", class: "v-btn v-btn--text", text: "Hapus", "aria-label": "Hapus produk " + p.jenis_produk });
        del.addEventListener("click", function () {
          OSS.api("/api/hapusProduk", { body: { id_proyek: cfg.id_proyek, id_produk: p.id } })
            .then(function () { return refreshProducts(); }).catch(ignore);
        });
        body.appendChild(el("tr", {}, [
          el("td", { text: String(i + 1) }), el("td", { text: p.jenis_produk }), el("td", { text: p.cakupan }),
          el("td", { text: String(p.kapasitas) }), el("td", { text: p.satuan }), el("td", {}, [del])
        ]));
      });
      OSS.clearError(qs('[data-field="produk-list"]', form));
    }
    function refreshProducts(opts) {
      return OSS.api("/api/getTableKBLIdanProduk?id_proyek=" + encodeURIComponent(cfg.id_proyek), opts).then(function (res) {
        products = (res.data[0] && res.data[0].produk) || [];
        renderProducts();
      });
    }

    function productModal() {
      const dialog = openTemplate("tpl-produk");
      setupLocal(dialog);
      const unitRoot = qs('[data-autocomplete][data-name="satuan"]', dialog);
      OSS.init(dialog);
      OSS.api("/api/getSatuanProduk/" + encodeURIComponent(cfg.kbli)).then(function (res) {
        setOptions(unitRoot, (res.data || []).map(function (u) { return [u.satuan_ukur, u.satuan_ukur]; }));
      }).catch(ignore);
      const kapasitas = qs("[name=kapasitas]", dialog);
      kapasitas.addEventListener("input", function () { kapasitas.value = digits(kapasitas.value); });
      qs("[name=jenis_produk]", dialog).addEventListener("keydown", function (ev) {
        if (ev.key === "Enter") { ev.preventDefault(); kapasitas.focus(); }
      });
      OSS.openDialog(dialog);
      qs("[data-batal]", dialog).addEventListener("click", function () { removeDialog(dialog); });
      qs("[data-simpan]", dialog).addEventListener("click", function () {
        let ok = OSS.validate(dialog);
        if (kapasitas.value && Number(kapasitas.value) === 0) { OSS.fieldError(kapasitas, NOL); ok = false; }
        if (!ok) return;
        OSS.api("/api/simpanProduk", { body: {
          id_proyek: cfg.id_proyek, jenis_produk: valueOf("jenis_produk", dialog),
          cakupan: acOf("cakupan", dialog) ? acOf("cakupan", dialog).value : "",
          kapasitas: kapasitas.value,
          satuan: acOf("satuan", dialog).value
        } }).then(function () {
          removeDialog(dialog);
          return refreshProducts();
        }).catch(apiError(dialog)).catch(ignore);
      });
    }
    qs("[data-tambah-produk]", form).addEventListener("click", productModal);

    function fill(d) {
      if (d.status_berjalan) {
        acOf("status_berjalan", form).set(d.status_berjalan, d.status_berjalan);
        if (d.tgl_berjalan) pickers[0].set(d.tgl_berjalan);
        if (d.jangka_waktu) pickers[1].set(d.jangka_waktu);
      }
      const inv = d.investasi || {};
      money.forEach(function (k) { if (inv[k] !== undefined) qs('[name="' + k + '"]', form).value = String(inv[k]); });
      if (d.pendapatan_tahunan) qs("[name=pendapatan_tahunan]", form).value = String(d.pendapatan_tahunan);
      const tk = d.tenaga_kerja || {};
      if (tk.laki_laki !== undefined) qs("[name=tk_laki_laki]", form).value = String(tk.laki_laki);
      if (tk.perempuan !== undefined) qs("[name=tk_perempuan]", form).value = String(tk.perempuan);
      if (d.sumber_pembiayaan) OSS.radioGroup(groupOf("sumber_pembiayaan", form)).set(d.sumber_pembiayaan);
      totals();
    }

    function showRisk() {
      form.hidden = true;
      risk.hidden = false;
      history.replaceState(null, "", "?id_proyek=" + encodeURIComponent(cfg.id_proyek) + "&tahap=risiko");
      const body = { body: { id_proyek: cfg.id_proyek } };
      return Promise.all([
        OSS.api("/api/getResikoNonPesorangan", body),
        OSS.api("/api/getKriteriaKegiatan", body)
      ]).then(function (res) {
        const r = res[0];
        qsa("[data-risk]", risk).forEach(function (dd) {
          const v = r[dd.dataset.risk];
          dd.textContent = typeof v === "boolean" ? (v ? "Ya" : "Tidak") : String(v);
        });
        const params = (res[1].data || []).map(function (p) { return p.parameter_kewenangan; });
        const box = qs("[data-kriteria]", risk);
        const root = qs('[data-autocomplete][data-name="parameter"]', risk);
        box.hidden = params.length === 0;
        if (params.length) {
          setOptions(root, params.map(function (p) { return [p, p]; }));
          root.setAttribute("data-required", "");
        } else {
          root.removeAttribute("data-required");
        }
      });
    }
    qs("[data-next-investasi]", form).addEventListener("click", function () {
      let ok = OSS.validate(form);
      ["investasi_lain", "pendapatan_tahunan"].forEach(function (k) {
        const v = valueOf(k, form);
        if (v !== "" && Number(digits(v)) === 0) { OSS.fieldError(qs('[name="' + k + '"]', form), NOL); ok = false; }
      });
      if (!products.length) {
        OSS.fieldError(qs('[data-field="produk-list"]', form), "Produk/Jasa wajib diisi minimal satu");
        ok = false;
      }
      if (!ok) return;
      const body = { id_proyek: cfg.id_proyek, step: "investasi",
        status_berjalan: acOf("status_berjalan", form).value,
        tgl_berjalan: pickers[0].value, jangka_waktu: pickers[1].value,
        sumber_pembiayaan: groupOf("sumber_pembiayaan", form).dataset.value || "",
        pendapatan_tahunan: digits(valueOf("pendapatan_tahunan", form)),
        tk_laki_laki: digits(valueOf("tk_laki_laki", form)),
        tk_perempuan: digits(valueOf("tk_perempuan", form)) };
      money.forEach(function (k) { body[k] = digits(valueOf(k, form)); });
      OSS.api("/api/prosesProyek", { body: body }).then(showRisk)
        .catch(apiError(form)).catch(ignore);
    });
    qs("[data-next-risiko]", risk).addEventListener("click", function () {
      if (!OSS.validate(risk)) return;
      OSS.api("/api/prosesProyek", { body: {
        id_proyek: cfg.id_proyek, step: "risiko", parameter: acOf("parameter", risk).value
      } }).then(function (res) { window.location.href = res.data.next; })
        .catch(apiError(risk)).catch(ignore);
    });

    // The page's own .page-loader covers the first load (one loader at a time).
    Promise.all([
      OSS.api("/api/getDataKegiatan?id_proyek=" + encodeURIComponent(cfg.id_proyek), { loader: false }),
      refreshProducts({ loader: false })
    ]).then(function (res) {
      const d = res[0].data;
      fill(d);
      if (cfg.tahap === "risiko" && d.investasi) return showRisk();
      return null;
    }).catch(ignore).finally(function () {
      const loader = qs("[data-initial-loader]");
      if (loader) loader.remove();
      if (cfg.import_licence) OSS.importLicence.maybeShow();
    });
  }

  /* ------------------------------------------------------------ environment */
  function pageLingkungan() {
    const form = qs("#lingkungan-form");
    const detail = detailSection();
    let timer = null;

    function pending(d) {
      return d.persyaratan_dasar.some(function (r) { return r.status === "Penapisan Izin Lingkungan"; });
    }
    // The screening happens in another tab: look again every two seconds until it is done.
    function watch(d) {
      if (timer || !pending(d)) return;
      timer = setInterval(function () {
        detail.load({ loader: false }).then(function (next) {
          if (!pending(next)) { clearInterval(timer); timer = null; }
        }).catch(ignore);
      }, 2000);
    }
    window.addEventListener("focus", function () { if (timer) detail.load({ loader: false }).catch(ignore); });

    if (!cfg.submitted) {
      const group = groupOf("punya_dokumen", form);
      const nomor = qs("[data-nomor-dokumen]", form);
      group.addEventListener("oss:change", function (ev) {
        const sudah = ev.detail.value === "Sudah";
        nomor.hidden = !sudah;
        const input = qs("[name=nomor_dokumen]", form);
        if (sudah) input.setAttribute("data-required", ""); else input.removeAttribute("data-required");
      });
      qs("[data-proses]", form).addEventListener("click", function () {
        if (!OSS.validate(form)) return;
        OSS.dialog({
          title: "Konfirmasi",
          text: "Data persetujuan lingkungan akan diproses. Jika belum memiliki dokumen, Anda " +
            "akan diarahkan ke penapisan di Amdalnet. Lanjutkan?",
          buttons: [{ label: "Batal", value: false }, { label: "Ya, Lanjut", value: true, primary: true }]
        }).then(function (yes) {
          if (!yes) return null;
          return OSS.api("/api/submitLingkungan", { body: {
            id_proyek: cfg.id_proyek, punya_dokumen: group.dataset.value,
            nomor_dokumen: valueOf("nomor_dokumen", form)
          } }).then(function () {
            return OSS.api("/api/prosesProyek", { body: { id_proyek: cfg.id_proyek, step: "lingkungan" } });
          }).then(function () {
            form.hidden = true;
            return detail.load();
          }).then(function (d) {
            detail.select("Persyaratan Dasar");
            watch(d);
          });
        }).catch(apiError(form)).catch(ignore);
      });
    } else {
      detail.load().then(watch).catch(ignore);
    }
  }

  /* ------------------------------------------------------------ issuance */
  function pagePenerbitan() {
    const form = qs("#pernyataan-form");
    const boxes = ["kkpr_mikro", "k3l", "standar_usaha"].map(function (n) { return qs('[name="' + n + '"]', form); });
    const button = qs("[data-terbitkan]", form);
    function sync() { button.disabled = !boxes.every(function (b) { return b.checked; }); }
    boxes.forEach(function (b) { b.addEventListener("change", sync); });
    sync();
    button.addEventListener("click", function () {
      OSS.api("/api/terbitkanNib", { body: {
        id_proyek: cfg.id_proyek,
        pernyataan: { kkpr_mikro: boxes[0].checked, k3l: boxes[1].checked, standar_usaha: boxes[2].checked }
      } }).then(function (res) {
        const d = res.data;
        qs("[data-testid=nib-status]").textContent = d.status_nib;
        qs("[data-testid=perizinan-status]").textContent = d.status_perizinan;
        if (!d.nib) return;
        const box = qs("[data-nib-box]");
        qs("[data-testid=nib-number]", box).textContent = d.nib;
        qs("[data-nib-note]", box).textContent = (d.nib_sudah_ada
          ? "Kegiatan usaha ini ditambahkan ke NIB Anda yang sudah terbit. "
          : "") + "Tanggal terbit: " + d.tanggal_terbit;
        const list = qs("[data-dokumen]", box);
        list.innerHTML = "";
        d.dokumen.forEach(function (doc) {
          list.appendChild(el("li", {}, [el("a", { href: doc.url, download: "", "data-testid": "download-" + doc.jenis, text: "Unduh " + doc.nama })]));
        });
        box.hidden = false;
        form.hidden = true;
        OSS.toast("NIB berhasil diterbitkan", "success");
        box.scrollIntoView({ block: "center" });
      }).catch(apiError(form)).catch(ignore);
    });
  }

  /* ------------------------------------------------------------ boot */
  setupLocal(document);
  qsa("[data-datepicker]").forEach(datePicker);
  const pages = {
    "lokasi-usaha": pageLokasi, "tambah-lokasi": pageTambahLokasi, "kegiatan-usaha": pageKegiatan,
    "tambah-kegiatan": pageTambahKegiatan, "tata-ruang": pageTataRuang,
    "data-kegiatan": pageDataKegiatan, "lingkungan": pageLingkungan, "penerbitan": pagePenerbitan
  };
  function boot() {
    wireTopMenu();
    const spa = qs("#spa[data-page=dashboard]");
    if (spa) pageDashboard();
    else if (pages[cfg.page]) pages[cfg.page]();
    document.documentElement.dataset.berandaReady = "1";
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
