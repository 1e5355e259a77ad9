/* The page "Valider i nettleseren" (docs/validator/nettleser.md). The validator runs in a Web Worker
 * (nettleser/worker.js, built with the site) that loads Pyodide and the validator's wheel from this
 * site; the page only reads the reader's text or file, sends the bytes to the worker and shows the
 * report it gets back. Nothing is sent over the network. The report is the CLI's JSON report
 * (`journalloft validate --format json --lang nb`), shown as a table and offered as a download. */
(function () {
  "use strict";

  var SCRIPT = document.currentScript;
  var STEPS = {
    runtime: [1, "Laster Python (Pyodide) fra nettstedet …"],
    packages: [2, "Laster validatoren og spesifikasjonene …"],
    warm: [3, "Gjør validatoren klar (leser FHIR-definisjonene) …"],
    ready: [4, "Validatoren er klar."],
  };
  var SEVERITY = { fatal: "fatal", error: "feil", warning: "advarsel", information: "informasjon" };

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many);
  }

  function location(issue) {
    var text = issue.expression;
    if (issue.line != null) {
      text += " (linje " + issue.line + (issue.column != null ? ", kolonne " + issue.column : "") + ")";
    }
    return text;
  }

  // As the CLI's text report (journalloft.issues.for_reading): the headline first (most severe, then
  // shallowest, then first), the rest by severity in document order; notes on which core profile was
  // applied and on which code systems could not be checked offline, only when the reader asks for them
  // (the CLI's --verbose). The JSON download keeps them all.
  var RANK = { fatal: 0, error: 1, warning: 2, information: 3 };
  var VERBOSE_ONLY = { "fhir-profile-by-code": true, "fhir-code-not-checked": true };

  function pathDepth(expression) {
    return (expression.match(/[.[]/g) || []).length;
  }

  function forReading(issues, verbose) {
    var first = null;
    issues.forEach(function (issue) {
      if (first === null || RANK[issue.severity] < RANK[first.severity] ||
          (RANK[issue.severity] === RANK[first.severity] && pathDepth(issue.expression) < pathDepth(first.expression))) {
        first = issue;
      }
    });
    var rest = issues.filter(function (issue) { return issue !== first; });
    rest.sort(function (a, b) { return RANK[a.severity] - RANK[b.severity]; });  // stable since ES2019
    var ordered = first === null ? rest : [first].concat(rest);
    return verbose ? ordered : ordered.filter(function (issue) { return !VERBOSE_ONLY[issue.code]; });
  }

  function issueRows(issues, docs, depth) {
    var rows = [];
    issues.forEach(function (issue) {
      var code = el("a", { href: docs + "#" + encodeURIComponent(issue.code) }, [issue.code]);
      var message = el("td", {}, [(depth ? "↳ " : "") + issue.message]);
      rows.push(el("tr", { "class": "jl-funn jl-funn--" + issue.severity }, [
        el("td", {}, [SEVERITY[issue.severity] || issue.severity]),
        el("td", {}, [el("code", {}, [code])]),
        el("td", {}, [el("code", {}, [location(issue)])]),
        message,
      ]));
      if (issue.issues) {
        rows = rows.concat(issueRows(issue.issues, docs, depth + 1));
      }
    });
    return rows;
  }

  function summaryText(summary) {
    var text = plural(summary.files, "melding sjekket", "meldinger sjekket") + ": " +
      summary.valid + " gyldig, " + summary.invalid + " ugyldig (" +
      plural(summary.errors, "feil", "feil") + ", " + plural(summary.warnings, "advarsel", "advarsler");
    return text + (summary.ignored ? ", " + summary.ignored + " utelatt" : "") + ")";
  }

  function renderReport(target, report, cliOnly, docs, verbose) {
    target.textContent = "";
    report.results.forEach(function (result) {
      var verdict = result.valid ? "gyldig" : "ugyldig";
      var heading = el("h3", {}, [result.path + " [" + (result.spec || "ingen spesifikasjon") + "]: " + verdict]);
      target.appendChild(heading);
      var shown = forReading(result.issues, verbose);
      var hidden = result.issues.length - shown.length;
      if (hidden) {
        target.appendChild(el("p", { "class": "jl-skjulte" }, [
          plural(hidden, "merknad", "merknader") + " om hvordan meldingen ble sjekket er skjult (vis dem med «Vis alle merknader»).",
        ]));
      }
      if (!shown.length) {
        target.appendChild(el("p", {}, [hidden ? "Ingen andre funn." : "Ingen funn."]));
        return;
      }
      var head = el("thead", {}, [el("tr", {}, [
        el("th", { scope: "col" }, ["Alvorlighetsgrad"]),
        el("th", { scope: "col" }, ["Kode"]),
        el("th", { scope: "col" }, ["Plassering"]),
        el("th", { scope: "col" }, ["Melding"]),
      ])]);
      var table = el("table", {}, [
        el("caption", {}, ["Funn i " + result.path]),
        head,
        el("tbody", {}, issueRows(shown, docs, 0)),
      ]);
      target.appendChild(el("div", { "class": "md-typeset__table" }, [table]));
    });
    cliOnly.forEach(function (item) {
      target.appendChild(el("div", { "class": "admonition warning jl-bare-cli" }, [
        el("p", { "class": "admonition-title" }, ["Ikke sjekket her: " + item.path]),
        el("p", {}, ["Meldingen hører til " + item.spec + ", som sjekkes mot JSON Schema. Det kan " +
          "foreløpig bare gjøres med kommandolinjeverktøyet eller valideringstjenesten."]),
      ]));
    });
    target.appendChild(el("p", { "class": "jl-oppsummering" }, [el("strong", {}, [summaryText(report.summary)])]));
  }

  function init() {
    var form = document.getElementById("jl-skjema");
    if (!form || !window.Worker || form.getAttribute("data-klar") === "ja") {
      return;
    }
    form.setAttribute("data-klar", "ja");
    var text = document.getElementById("jl-innhold");
    var fileInput = document.getElementById("jl-fil");
    var fileName = document.getElementById("jl-fil-navn");
    var drop = document.getElementById("jl-slipp");
    var format = document.getElementById("jl-format");
    var spec = document.getElementById("jl-spesifikasjon");
    var status = document.getElementById("jl-status");
    var progress = document.getElementById("jl-framdrift");
    var section = document.getElementById("jl-rapport");
    var content = document.getElementById("jl-rapport-innhold");
    var download = document.getElementById("jl-rapport-json");
    var verbose = document.getElementById("jl-alle-merknader");
    var shownReport = null;
    var docs = new URL("../validator/feilkoder/", SCRIPT.src).href;
    var worker = new Worker(new URL("../nettleser/worker.js", SCRIPT.src).href);
    var chosenFile = null;
    var nextId = 1;
    var pending = null;
    var downloadUrl = null;

    function say(message) {
      status.textContent = message;
    }

    worker.onmessage = function (event) {
      var message = event.data;
      if (message.type === "status") {
        var step = STEPS[message.step];
        progress.value = step[0];
        if (message.step === "ready") {
          progress.hidden = true;
          form.setAttribute("data-validator", "klar");
        }
        if (!pending || message.step !== "ready") {
          say(step[1]);
        }
      } else if (message.type === "result" && pending === message.id) {
        pending = null;
        shownReport = message;
        renderReport(content, message.report, message.cliOnly, docs, verbose.checked);
        if (downloadUrl) {
          URL.revokeObjectURL(downloadUrl);
        }
        var json = JSON.stringify(message.report, null, 2) + "\n";
        downloadUrl = URL.createObjectURL(new Blob([json], { type: "application/json" }));
        download.href = downloadUrl;
        section.hidden = false;
        section.setAttribute("data-rapport", String(message.id));
        say("Ferdig. " + summaryText(message.report.summary) +
          (message.cliOnly.length ? "; " + plural(message.cliOnly.length, "melding", "meldinger") +
            " må sjekkes med kommandolinjeverktøyet." : "."));
        document.getElementById("jl-rapport-tittel").focus();
      } else if (message.type === "error") {
        pending = null;
        progress.hidden = true;
        var lines = String(message.message).trim().split("\n");
        say("Validatoren kunne ikke kjøre: " + lines[lines.length - 1]);
      }
    };

    function useFile(file) {
      chosenFile = file;
      fileName.textContent = file ? "Valgt fil: " + file.name + " (innholdet i tekstfeltet brukes ikke)" : "";
      if (file) {
        format.value = /\.ndjson$/i.test(file.name) ? "ndjson" : "json";
      }
    }

    verbose.addEventListener("change", function () {
      if (shownReport) {
        renderReport(content, shownReport.report, shownReport.cliOnly, docs, verbose.checked);
      }
    });

    fileInput.addEventListener("change", function () {
      useFile(fileInput.files && fileInput.files[0] ? fileInput.files[0] : null);
    });
    text.addEventListener("input", function () {
      if (chosenFile) {
        fileInput.value = "";
        useFile(null);
      }
    });
    ["dragenter", "dragover"].forEach(function (name) {
      drop.addEventListener(name, function (event) {
        event.preventDefault();
        drop.classList.add("jl-slipp--aktiv");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      drop.addEventListener(name, function () { drop.classList.remove("jl-slipp--aktiv"); });
    });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      var files = event.dataTransfer && event.dataTransfer.files;
      if (files && files.length) {
        useFile(files[0]);
      }
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!chosenFile && !text.value.trim()) {  // nothing to validate: say so, rather than report input-empty
        text.setAttribute("aria-invalid", "true");
        say("Lim inn en melding i tekstfeltet eller velg en fil før du validerer.");
        text.focus();
        return;
      }
      text.removeAttribute("aria-invalid");
      var read = chosenFile ? chosenFile.arrayBuffer() : Promise.resolve(new TextEncoder().encode(text.value).buffer);
      read.then(function (buffer) {
        var base = chosenFile ? chosenFile.name.replace(/\.(nd)?json$/i, "") : "innlimt";
        var name = base + (format.value === "ndjson" ? ".ndjson" : ".json");
        pending = nextId++;
        say(form.getAttribute("data-validator") === "klar" ? "Validerer …" : "Validerer når validatoren er lastet …");
        worker.postMessage({ type: "validate", id: pending, data: new Uint8Array(buffer), name: name, spec: spec.value });
      }, function () {
        say("Filen kunne ikke leses.");
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
