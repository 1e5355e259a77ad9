// Web Worker of the page "Valider i nettleseren" (docs/validator/nettleser.md). Served from the
// site's nettleser/ folder beside Pyodide, the wheels and pyodide-lock.json, so every URL it uses is
// relative to its own and on the site: nothing is fetched from anywhere else, and the payload never
// leaves the browser. Running here keeps the page responsive while Python loads and validates.
//
// Messages to the page: {type: "status", step: "runtime" | "packages" | "warm" | "ready"},
// {type: "result", id, report, cliOnly}, {type: "error", id, message}.
// Messages from the page: {type: "validate", id, data: Uint8Array, name, spec}.
"use strict";

importScripts("pyodide.js");

const base = new URL(".", self.location.href).href;

async function start() {
  self.postMessage({ type: "status", step: "runtime" });
  const pyodide = await loadPyodide({
    indexURL: base,
    lockFileURL: base + "pyodide-lock.json",
    packageBaseUrl: base,
  });
  self.postMessage({ type: "status", step: "packages" });
  // Resolved from our pyodide-lock.json, which Pyodide checks each wheel's SHA-256 against.
  await pyodide.loadPackage("journalloft", { messageCallback: () => {} });
  self.postMessage({ type: "status", step: "warm" });
  // One small validation loads the FHIR definitions, so the reader's first one is not the slow one.
  pyodide.runPython(
    "import journalloft.browser\njournalloft.browser.validate(b'{\"resourceType\": \"Basic\"}')",
  );
  self.postMessage({ type: "status", step: "ready" });
  return pyodide;
}

const ready = start();
ready.catch((error) => self.postMessage({ type: "error", id: null, message: String(error) }));

self.onmessage = async (event) => {
  const request = event.data;
  if (!request || request.type !== "validate") {
    return;
  }
  let pyodide;
  try {
    pyodide = await ready;
  } catch (error) {
    self.postMessage({ type: "error", id: request.id, message: String(error) });
    return;
  }
  const scope = pyodide.globals.get("dict")();
  try {
    scope.set("data", request.data);
    scope.set("name", request.name);
    scope.set("spec", request.spec || null);
    const text = pyodide.runPython(
      "import journalloft.browser\njournalloft.browser.validate(data.to_bytes(), name, spec)",
      { globals: scope },
    );
    const answer = JSON.parse(text);
    self.postMessage({ type: "result", id: request.id, report: answer.report, cliOnly: answer.cli_only });
  } catch (error) {
    self.postMessage({ type: "error", id: request.id, message: String(error.message || error) });
  } finally {
    scope.destroy();
  }
};
