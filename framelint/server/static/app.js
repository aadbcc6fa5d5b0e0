// framelint's page: sends the article to the service and shows what comes back.
// The highlighted text is built by the service with the HTML report's own code (every
// character escaped there); this script only places it and lists the findings.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const EXTENSIONS = { text: ".txt", markdown: ".md", html: ".html" };
  // In the order of the HTML report's colours (report.css: c0 to c8) and of the filter boxes.
  const CATEGORIES = ["charged-label", "loaded-language", "unattributed-assertion", "unverifiable-superlative",
    "doubt-verb", "scare-quote", "editorializing", "euphemism", "suppression"];
  let token = null;
  let retry = null;

  function status(message, isError) {
    const box = $("status");
    box.textContent = message;
    box.classList.toggle("error", Boolean(isError));
  }

  async function api(method, path, body) {
    const headers = { "Accept": "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers["Authorization"] = "Bearer " + token;
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (response.status === 401) {
      $("token-box").hidden = false;
      $("token").focus();
      throw new Error("This service needs an access token: enter it below.");
    }
    if (!response.ok) {
      throw new Error((data && data.error) || ("The service answered " + response.status + "."));
    }
    return data;
  }

  function fileName(name, format) {
    name = (name || "").trim() || "article.txt";
    if (format === "auto") return name;
    const dot = name.lastIndexOf(".");
    return (dot > 0 ? name.slice(0, dot) : name) + EXTENSIONS[format];
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function buildLegends() {
    for (const nav of document.querySelectorAll("nav.legend")) {
      const intro = document.createElement("p");
      intro.textContent = "Categories (click to show or hide; hover over or tab to a highlight for its message):";
      nav.append(intro);
      CATEGORIES.forEach((category, i) => {
        const label = document.createElement("label");
        label.htmlFor = "show-c" + i;
        label.className = "c" + i;
        label.append(category);
        if (nav.dataset.counts) {
          const n = document.createElement("span");
          n.className = "n";
          n.dataset.category = category;
          n.textContent = "0";
          label.append(" ", n);
        }
        nav.append(label, " ");
      });
    }
  }

  function countCategories(findings) {
    const counts = {};
    for (const f of findings) counts[f.category] = (counts[f.category] || 0) + 1;
    for (const span of document.querySelectorAll("nav.legend .n")) {
      span.textContent = counts[span.dataset.category] || 0;
    }
  }

  // -- check -----------------------------------------------------------------------------
  async function check(event) {
    if (event) event.preventDefault();
    retry = check;
    const text = $("article").value;
    if (!text.trim()) {
      status("Paste or drop an article first.", true);
      $("article").focus();
      return;
    }
    const path = fileName($("name").value, $("format").value);
    status("Checking…");
    $("check-button").disabled = true;
    try {
      const data = await api("POST", "/v1/check", { text, path, quotes: $("quotes").value, highlight: true });
      showFindings(data, path);
    } catch (e) {
      status(e.message, true);
    } finally {
      $("check-button").disabled = false;
    }
  }

  function showFindings(data, path) {
    const findings = data.findings;
    $("highlighted").innerHTML = data.html;   // built and escaped by the service
    const list = $("findings");
    list.replaceChildren();
    for (const f of findings) list.append(findingItem(f));
    countCategories(findings);
    let summary = plural(findings.length, "finding") + " in " + path;
    if (data.errors.length) summary += "; " + data.errors.map((e) => e.message).join("; ");
    $("summary").textContent = summary + ".";
    $("results").hidden = false;
    $("results").focus();
    status("Checked " + path + ": " + plural(findings.length, "finding") + ".");
  }

  function findingItem(f) {
    const li = document.createElement("li");
    li.className = "finding";
    const where = document.createElement("span");
    where.className = "where";
    where.textContent = f.line + ":" + f.column;
    const code = document.createElement("code");
    code.textContent = f.code;
    const level = document.createElement("span");
    level.className = "level level-" + f.level;
    level.textContent = f.level;
    const message = document.createElement("span");
    message.className = "message";
    message.textContent = f.message + (f.suggestion && !f.message.includes(f.suggestion) ? " Suggestion: " + f.suggestion + "." : "");
    const details = document.createElement("details");
    const summary = document.createElement("summary");
    summary.textContent = "Explanation of " + f.code + " " + f.name;
    const body = document.createElement("pre");
    body.className = "explanation";
    details.append(summary, body);
    details.addEventListener("toggle", async () => {
      if (!details.open || body.dataset.loaded) return;
      body.textContent = "Loading…";
      try {
        const rule = await api("GET", "/v1/rules/" + encodeURIComponent(f.code));
        body.textContent = rule.explanation;
        body.dataset.loaded = "1";
      } catch (e) {
        body.textContent = e.message;
      }
    });
    li.append(where, " ", code, " ", level, " ", message, details);
    return li;
  }

  // -- compare ---------------------------------------------------------------------------
  let articles = 0;

  function addArticle(name, text) {
    articles += 1;
    const n = articles;
    const box = document.createElement("fieldset");
    box.className = "compare-article drop";
    const legend = document.createElement("legend");
    legend.textContent = "Article " + n;
    const nameLabel = document.createElement("label");
    nameLabel.htmlFor = "compare-name-" + n;
    nameLabel.textContent = "File name of article " + n;
    const nameInput = document.createElement("input");
    nameInput.id = "compare-name-" + n;
    nameInput.className = "compare-name";
    nameInput.autocomplete = "off";
    nameInput.value = name || "article-" + n + ".txt";
    const textLabel = document.createElement("label");
    textLabel.htmlFor = "compare-text-" + n;
    textLabel.textContent = "Text of article " + n + " (paste, or drop a file)";
    const area = document.createElement("textarea");
    area.id = "compare-text-" + n;
    area.className = "compare-text";
    area.rows = 6;
    area.spellcheck = false;
    area.value = text || "";
    box.append(legend, nameLabel, nameInput, textLabel, area);
    makeDropTarget(box, area, nameInput);
    $("compare-articles").append(box);
    return area;
  }

  async function compare(event) {
    if (event) event.preventDefault();
    retry = compare;
    const items = [];
    for (const box of document.querySelectorAll(".compare-article")) {
      const text = box.querySelector(".compare-text").value;
      const name = box.querySelector(".compare-name").value.trim();
      if (text.trim()) items.push({ name: name || "article-" + (items.length + 1) + ".txt", text });
    }
    if (items.length < 2) {
      status("Give at least two articles to compare.", true);
      return;
    }
    status("Comparing…");
    $("compare-button").disabled = true;
    try {
      const data = await api("POST", "/v1/compare", { articles: items, highlight: true });
      const box = $("comparison");
      $("comparison-body").innerHTML = data.html;   // built and escaped by the service
      box.hidden = false;
      box.focus();
      const disputed = data.figures.filter((r) => r.conflicts.length).length;
      status("Compared " + plural(items.length, "article") + "; they disagree on " + disputed +
             (disputed === 1 ? " quantity." : " quantities."));
    } catch (e) {
      status(e.message, true);
    } finally {
      $("compare-button").disabled = false;
    }
  }

  // -- files, tabs, token ------------------------------------------------------------------
  function readInto(file, area, nameInput) {
    const reader = new FileReader();
    reader.onload = () => {
      area.value = reader.result;
      nameInput.value = file.name;
      status("Read " + file.name + ".");
    };
    reader.onerror = () => status("Could not read " + file.name + ".", true);
    reader.readAsText(file);
  }

  function makeDropTarget(box, area, nameInput) {
    box.addEventListener("dragover", (e) => { e.preventDefault(); box.classList.add("dragging"); });
    box.addEventListener("dragleave", () => box.classList.remove("dragging"));
    box.addEventListener("drop", (e) => {
      e.preventDefault();
      box.classList.remove("dragging");
      const file = e.dataTransfer && e.dataTransfer.files[0];
      if (file) readInto(file, area, nameInput);
    });
  }

  function selectTab(tab) {
    for (const other of document.querySelectorAll('[role="tab"]')) {
      const chosen = other === tab;
      other.setAttribute("aria-selected", String(chosen));
      other.tabIndex = chosen ? 0 : -1;
      $(other.getAttribute("aria-controls")).hidden = !chosen;
    }
    tab.focus();
  }

  function setUp() {
    buildLegends();
    $("check-form").addEventListener("submit", check);
    $("compare-form").addEventListener("submit", compare);
    $("file").addEventListener("change", (e) => {
      if (e.target.files[0]) readInto(e.target.files[0], $("article"), $("name"));
    });
    makeDropTarget(document.querySelector('[data-drop="article"]'), $("article"), $("name"));
    $("add-article").addEventListener("click", () => addArticle().focus());
    addArticle();
    addArticle();
    const tabs = Array.from(document.querySelectorAll('[role="tab"]'));
    for (const tab of tabs) {
      tab.addEventListener("click", () => selectTab(tab));
      tab.addEventListener("keydown", (e) => {   // arrow keys move between tabs, as in any tab list
        const i = tabs.indexOf(tab);
        if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
          e.preventDefault();
          selectTab(tabs[(i + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length]);
        }
      });
    }
    $("token-save").addEventListener("click", () => {
      token = $("token").value.trim() || null;
      $("token-box").hidden = true;
      if (retry) retry();
    });
  }

  document.addEventListener("DOMContentLoaded", setUp);
})();
