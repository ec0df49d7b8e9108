/* amdalnet.js: the Amdalnet screening page (Element-UI look), opened from OSS in a new tab
(oss-portal.md §5.7, and the fuller screen of §18).

Widgets (Element-UI names): .el-checkbox and .el-radio (a <label> around the input:
clicking the label toggles it), .el-switch (role="switch", class is-checked), .el-select
(#sector-select-<id_izin>, #biz-type-select-<id_izin>, each row's "Satuan"; its dropdown
is a <ul class="el-select-dropdown"> appended to <body> while open), the parameter table
(.el-table__row: checkbox, "Besaran", "Satuan"), .el-pagination (btn-prev/btn-next),
.el-message-box (a modal; the rest of the page is hidden from assistive tech meanwhile).
Requests: list-proyek on load and on each page of "Daftar Proyek"; api/business when
"Sektor" is first opened; check-license-status once the activity is ticked (not on
load); penapisan-kewenangan on "Selanjutnya" (with data missing: the box "Data Belum
Lengkap", nothing sent); api/projects on the message box's "Simpan" (binding).
*/
(function () {
  "use strict";

  const OSS = window.OSS;
  const qs = OSS.qs;
  const qsa = OSS.qsa;
  const el = OSS.el;
  const cfgNode = qs("#amdalnet-config");
  const cfg = cfgNode ? JSON.parse(cfgNode.textContent || "{}") : {};
  if (!cfg.found) return;

  const card = qs(".sub-project-card");
  const pilih = qs("[data-pilih]", card);
  const pilihBox = qs("input", pilih);
  const sw = qs("[data-switch]", card);
  const sector = qs("#sector-select-" + cfg.id_izin);
  const bizType = qs("#biz-type-select-" + cfg.id_izin);
  const hasil = qs("[data-hasil]");
  const nama = qs("#name-input-" + cfg.id_izin);
  const jenis = qs("input", bizType);
  const rows = qsa(".el-table__row", card);
  let dropdown = null;
  let locked = false;
  let business = null;  // api/business's answer, asked for when "Sektor" is first opened
  const q = "?id_izin=" + encodeURIComponent(cfg.id_izin);

  /* ------------------------------------------------------------ widgets */
  function wireCheckbox(box, onChange) {
    box.addEventListener("change", function () {
      box.closest(".el-checkbox").classList.toggle("is-checked", box.checked);
      if (onChange) onChange();
    });
  }
  wireCheckbox(pilihBox, function () {
    clearError("dipilih");
    // §18: the licence's state is asked for once the activity is ticked, not on load
    if (pilihBox.checked) {
      OSS.api("/api/check-license-status" + q).then(function (res) {
        if (res.data.terkunci) lock({ hasil: res.data.hasil, keterangan: "Hasil penapisan tersimpan." });
      }).catch(function () { /* shown by OSS.api */ });
    }
  });
  rows.forEach(function (row) {
    wireCheckbox(qs("input[type=checkbox]", row), function () { clearError("parameter"); });
    const besaran = qs("[data-besaran]", row);
    besaran.addEventListener("input", function () {
      besaran.value = besaran.value.replace(/\D/g, "");
      clearError("parameter");
    });
  });

  function setSwitch(on) {
    sw.classList.toggle("is-checked", on);
    sw.setAttribute("aria-checked", on ? "true" : "false");
    nama.value = on ? nama.dataset.oss : "";
    nama.readOnly = on;
    jenis.value = on ? jenis.dataset.oss : "";
  }
  sw.addEventListener("click", function () { if (!locked) setSwitch(!sw.classList.contains("is-checked")); });
  sw.addEventListener("keydown", function (ev) {
    if (ev.key === " " || ev.key === "Enter") { ev.preventDefault(); sw.click(); }
  });
  setSwitch(false);

  qsa(".el-radio input", card).forEach(function (radio) {
    radio.addEventListener("change", function () {
      qsa('.el-radio input[name="' + radio.name + '"]', card).forEach(function (r) {
        r.closest(".el-radio").classList.toggle("is-checked", r.checked);
      });
      clearError(radio.name);
    });
  });

  function closeDropdown() { if (dropdown) { dropdown.remove(); dropdown = null; } }
  function openDropdown(select, options, onPick) {
    const rect = select.getBoundingClientRect();
    dropdown = el("ul", { class: "el-select-dropdown" });
    dropdown.style.left = (rect.left + window.scrollX) + "px";
    dropdown.style.top = (rect.bottom + window.scrollY) + "px";
    dropdown.style.minWidth = rect.width + "px";
    options.forEach(function (name) {
      const li = el("li", { class: "el-select-dropdown__item", text: name });
      li.addEventListener("click", function (e) {
        e.stopPropagation();
        qs("input", select).value = name;
        closeDropdown();
        if (onPick) onPick(name);
      });
      dropdown.appendChild(li);
    });
    document.body.appendChild(dropdown);
  }
  function loadBusiness() {
    if (!business) {
      business = OSS.api("/api/business" + q, { loader: false }).catch(function (err) {
        business = null;
        throw err;
      });
    }
    return business;
  }
  function wireSelect(select, options, key) {
    select.addEventListener("click", function (ev) {
      ev.stopPropagation();
      if (locked) return;
      if (dropdown) { closeDropdown(); return; }
      Promise.resolve(options()).then(function (names) {
        if (!dropdown) openDropdown(select, names, function () { clearError(key); });
      }).catch(function () { /* shown by OSS.api */ });
    });
  }
  wireSelect(sector, function () { return loadBusiness().then(function (r) { return r.data.sektor; }); }, "sektor");
  wireSelect(bizType, function () { return loadBusiness().then(function (r) { return r.data.jenis_kegiatan; }); }, "jenis_kegiatan");
  rows.forEach(function (row) {
    wireSelect(qs(".el-select", row), function () { return ["m2", "ha"]; }, "parameter");
  });
  document.addEventListener("click", function (ev) {
    if (dropdown && !dropdown.contains(ev.target)) closeDropdown();
  });

  /* ------------------------------------------------------------ errors */
  function item(key) { return qs('[data-item="' + key + '"]', card); }
  function setError(key, message) {
    const it = item(key);
    if (!it) { OSS.toast(message, "error"); return; }
    it.classList.add("is-error");
    const box = qs(".el-form-item__error", it);
    box.textContent = message;
    box.hidden = false;
  }
  function clearError(key) {
    const it = item(key);
    if (!it) return;
    it.classList.remove("is-error");
    const box = qs(".el-form-item__error", it);
    box.hidden = true;
    box.textContent = "";
  }
  nama.addEventListener("input", function () { clearError("nama_usaha"); });

  function radioValue(name) {
    const r = qs('.el-radio input[name="' + name + '"]:checked', card);
    return r ? r.value : "";
  }
  function parameter(key) {
    const row = qs('[data-parameter="' + key + '"]', card);
    return { on: qs("input[type=checkbox]", row).checked, besaran: qs("[data-besaran]", row).value.trim(),
             satuan: qs("[data-satuan]", row).value };
  }
  function collect() {
    const bangunan = parameter("luas_bangunan"), lahan = parameter("luas_lahan");
    return {
      id_izin: cfg.id_izin, dipilih: pilihBox.checked,
      gunakan_data_oss: sw.classList.contains("is-checked"),
      sektor: qs("input", sector).value, nama_usaha: nama.value.trim(), jenis_kegiatan: jenis.value.trim(),
      di_luar_kawasan_lindung: radioValue("di_luar_kawasan_lindung"),
      di_daratan: radioValue("di_daratan"), tapak: radioValue("tapak"),
      luas_bangunan: bangunan.on ? bangunan.besaran : "", satuan_luas_bangunan: bangunan.on ? bangunan.satuan : "",
      luas_lahan: lahan.on ? lahan.besaran : "", satuan_luas_lahan: lahan.on ? lahan.satuan : ""
    };
  }
  function check(data) {
    let ok = true;
    if (!data.dipilih) { OSS.toast("Pilih kegiatan yang akan dilakukan penapisan", "error"); ok = false; }
    ["sektor", "nama_usaha", "jenis_kegiatan", "di_luar_kawasan_lindung", "di_daratan", "tapak"].forEach(function (k) {
      if (!data[k]) { setError(k, "Wajib diisi"); ok = false; }
    });
    // every ticked row needs its amount and unit; the building's area is always asked for
    const lahan = parameter("luas_lahan");
    if (!data.luas_bangunan || !data.satuan_luas_bangunan || (lahan.on && (!lahan.besaran || !lahan.satuan))) {
      setError("parameter", "Wajib diisi"); ok = false;
    } else if (Number(data.luas_bangunan) === 0) { setError("parameter", "Nilai tidak boleh 0"); ok = false; }
    return ok;
  }
  function serverErrors(err) {
    if (err && err.status === 422) {
      const errors = (err.data && err.data.errors) || {};
      const keys = Object.keys(errors);
      keys.forEach(function (k) { setError(k, errors[k]); });
      if (!keys.length) OSS.toast(err.message, "error");
    }
  }

  /* ------------------------------------------------------------ message box */
  function messageBox(opts) {
    return new Promise(function (resolve) {
      const app = qs(".v-application");
      const buttons = el("div", { class: "el-message-box__btns" });
      const wrapper = el("div", { class: "el-message-box__wrapper", role: "dialog", "aria-modal": "true",
        "aria-labelledby": "el-message-box-title" }, [
        el("div", { class: "el-message-box" }, [
          el("div", { class: "el-message-box__header" }, [
            el("span", { class: "el-message-box__title", id: "el-message-box-title", text: opts.title })
          ]),
          el("div", { class: "el-message-box__content" }, [
            el("span", { class: "el-message-box__status", text: opts.type === "warning" ? "!" : "\u2713", "aria-hidden": "true" }),
            el("p", { class: "el-message-box__message", text: opts.message })
          ]),
          buttons
        ])
      ]);
      function done(value) {
        wrapper.remove();
        if (app) app.removeAttribute("aria-hidden");
        resolve(value);
      }
      if (opts.cancel) {
        const cancel = el("button", { type: "button", class: "el-button", text: opts.cancel });
        cancel.addEventListener("click", function () { done(false); });
        buttons.appendChild(cancel);
      }
      const ok = el("button", { type: "button", class: "el-button el-button--primary", text: opts.confirm });
      ok.addEventListener("click", function () { done(true); });
      buttons.appendChild(ok);
      if (app) app.setAttribute("aria-hidden", "true");
      document.body.appendChild(wrapper);
      ok.focus();
    });
  }

  /* ------------------------------------------------------------ result */
  function showResult(r) {
    qs("[data-hasil-jenis]", hasil).textContent = r.hasil || "";
    qs("[data-hasil-kewenangan]", hasil).textContent = r.kewenangan || "";
    qs("[data-hasil-keterangan]", hasil).textContent = r.keterangan || "";
    const row = qs("[data-hasil-nomor-row]", hasil);
    row.hidden = !r.nomor_sppl;
    qs("[data-hasil-nomor]", hasil).textContent = r.nomor_sppl || "";
    hasil.hidden = false;
  }
  function lock(r) {
    locked = true;
    qsa("input", card).forEach(function (input) { input.disabled = true; });
    qs("[data-selanjutnya]", card).hidden = true;
    qs("[data-hasil-actions]", hasil).hidden = true;
    qs("[data-locked-note]").hidden = false;
    showResult(r);
  }

  qs("[data-selanjutnya]", card).addEventListener("click", function () {
    const data = collect();
    if (!check(data)) {
      messageBox({ title: "Data Belum Lengkap", type: "warning", message: "Mohon Lengkapi Semua Data",
                   confirm: "OK, SAYA MENGERTI" });
      return;
    }
    OSS.api("/api/penapisan-kewenangan", { body: data }).then(function (res) {
      showResult(res.data);
      hasil.scrollIntoView({ block: "center" });
    }).catch(serverErrors);
  });
  qs("[data-ubah]", hasil).addEventListener("click", function () { hasil.hidden = true; });
  qs("[data-simpan]", hasil).addEventListener("click", function () {
    messageBox({
      title: "Peringatan", type: "warning", cancel: "Batal", confirm: "Simpan",
      message: "Hasil penapisan tidak dapat diubah setelah disimpan. Apakah Anda yakin akan menyimpan hasil penapisan ini?"
    }).then(function (yes) {
      if (!yes) return null;
      return OSS.api("/api/projects", { body: collect() }).then(function (res) {
        const d = res.data;
        lock(Object.assign({}, d, { keterangan: qs("[data-hasil-keterangan]", hasil).textContent }));
        return messageBox({
          title: d.hasil === "SPPL" ? "SPPL Berhasil Diterbitkan" : "Penapisan Tersimpan",
          message: d.hasil === "SPPL"
            ? "Persetujuan lingkungan Anda (SPPL) telah terbit. Silakan kembali ke OSS untuk melanjutkan perizinan berusaha."
            : "Kegiatan Anda wajib menyusun dokumen " + d.hasil + ". Lanjutkan penyusunan dokumen sesuai ketentuan.",
          confirm: "Oke, Mengerti"
        });
      });
    }).catch(serverErrors);
  });

  /* ------------------------------------------------------------ load */
  const daftar = qs("[data-daftar-proyek]");
  const prev = qs(".el-pagination .btn-prev", daftar), next = qs(".el-pagination .btn-next", daftar);
  let halaman = 1;
  function listProyek(page) {
    return OSS.api("/api/list-proyek?page=" + page).then(function (res) {
      halaman = res.page;
      const body = qs("[data-proyek-rows]", daftar);
      body.innerHTML = "";
      res.data.forEach(function (p) {
        body.appendChild(el("tr", { class: p.id_izin === cfg.id_izin ? "is-current" : null }, [
          el("td", { text: p.id_izin }), el("td", { text: p.nama_usaha }),
          el("td", { text: p.kbli }), el("td", { text: p.status || "" })]));
      });
      qs("[data-halaman]", daftar).textContent = String(res.page);
      prev.disabled = res.page <= 1;
      next.disabled = res.page * res.size >= res.total;
    }).catch(function () { /* shown by OSS.api */ });
  }
  prev.addEventListener("click", function () { listProyek(halaman - 1); });
  next.addEventListener("click", function () { listProyek(halaman + 1); });
  listProyek(1);
  if (cfg.saved) lock(Object.assign({ keterangan: "Hasil penapisan tersimpan." }, cfg.saved));
})();
