/* amdalnet.js: the Amdalnet screening page (Element-UI look), opened from OSS in a new tab.

Widgets (Element-UI names): .el-checkbox and .el-radio (a <label> around the input:
clicking the label toggles it), .el-switch (role="switch", class is-checked),
.el-select (#sector-select-<id_izin>; its dropdown is a <ul class="el-select-dropdown">
appended to <body> while open), .el-message-box (a modal confirmation; the rest of the
page is hidden from assistive tech while it is open).
Requests: list-proyek and check-license-status on load, penapisan-kewenangan on
"Selanjutnya", api/projects on the message box's "Simpan" (binding).
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
  const select = qs(".el-select", card);
  const selInput = qs("input", select);
  const hasil = qs("[data-hasil]");
  const nama = qs("#nama-usaha", card);
  const jenis = qs("#jenis-kegiatan", card);
  const luas = qs("#luas-bangunan", card);
  let dropdown = null;
  let locked = false;

  /* ------------------------------------------------------------ widgets */
  pilihBox.addEventListener("change", function () {
    pilih.classList.toggle("is-checked", pilihBox.checked);
    clearError("dipilih");
  });

  function setSwitch(on) {
    sw.classList.toggle("is-checked", on);
    sw.setAttribute("aria-checked", on ? "true" : "false");
    [nama, jenis].forEach(function (input) {
      input.value = on ? input.dataset.oss : "";
      input.readOnly = on;
    });
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
  select.addEventListener("click", function (ev) {
    ev.stopPropagation();
    if (locked) return;
    if (dropdown) { closeDropdown(); return; }
    const rect = select.getBoundingClientRect();
    dropdown = el("ul", { class: "el-select-dropdown" });
    dropdown.style.left = (rect.left + window.scrollX) + "px";
    dropdown.style.top = (rect.bottom + window.scrollY) + "px";
    dropdown.style.minWidth = rect.width + "px";
    JSON.parse(select.dataset.options || "[]").forEach(function (name) {
      const li = el("li", { class: "el-select-dropdown__item", text: name });
      li.addEventListener("click", function (e) {
        e.stopPropagation();
        selInput.value = name;
        clearError("sektor");
        closeDropdown();
      });
      dropdown.appendChild(li);
    });
    document.body.appendChild(dropdown);
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
  [nama, jenis, luas].forEach(function (input) {
    input.addEventListener("input", function () {
      if (input === luas) input.value = input.value.replace(/\D/g, "");
      clearError(input.closest("[data-item]").dataset.item);
    });
  });

  function radioValue(name) {
    const r = qs('.el-radio input[name="' + name + '"]:checked', card);
    return r ? r.value : "";
  }
  function collect() {
    return {
      id_izin: cfg.id_izin, dipilih: pilihBox.checked,
      gunakan_data_oss: sw.classList.contains("is-checked"),
      sektor: selInput.value, nama_usaha: nama.value.trim(), jenis_kegiatan: jenis.value.trim(),
      di_luar_kawasan_lindung: radioValue("di_luar_kawasan_lindung"),
      tapak: radioValue("tapak"), luas_bangunan: luas.value.trim()
    };
  }
  function check(data) {
    let ok = true;
    if (!data.dipilih) { OSS.toast("Pilih kegiatan yang akan dilakukan penapisan", "error"); ok = false; }
    ["sektor", "nama_usaha", "jenis_kegiatan", "di_luar_kawasan_lindung", "tapak", "luas_bangunan"].forEach(function (k) {
      if (!data[k]) { setError(k, "Wajib diisi"); ok = false; }
    });
    if (data.luas_bangunan && Number(data.luas_bangunan) === 0) { setError("luas_bangunan", "Nilai tidak boleh 0"); ok = false; }
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
    if (!check(data)) return;
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
  const q = "?id_izin=" + encodeURIComponent(cfg.id_izin);
  Promise.all([OSS.api("/api/list-proyek" + q), OSS.api("/api/check-license-status" + q)]).then(function (res) {
    const proyek = res[0].data[0];
    if (res[1].data.terkunci) {
      lock({ hasil: proyek.hasil, kewenangan: proyek.kewenangan, nomor_sppl: proyek.nomor_sppl,
             keterangan: "Hasil penapisan tersimpan." });
    }
  }).catch(function () { /* shown by OSS.api */ });
})();
