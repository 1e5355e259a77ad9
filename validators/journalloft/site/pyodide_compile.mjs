// Compiles every .py file below a folder to bytecode with Pyodide's own CPython, so the wheels the
// page "Valider i nettleseren" loads carry .pyc files that Pyodide's interpreter can use as they are
// (bytecode is tied to the Python minor version, which the host's Python need not share).
// Run by journalloft.site.browser_compile at site-build time, never in the browser:
//   node pyodide_compile.mjs PYODIDE_DIR FOLDER
// Writes X.pyc beside each X.py (unchecked-hash pycs: no timestamps, the same bytes every build) and
// prints one JSON line: {"compiled": N, "failed": [paths]}.
import path from "node:path";
import { pathToFileURL } from "node:url";

const [runtime, folder] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(runtime, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: runtime + path.sep, stdout: () => {}, stderr: () => {} });
pyodide.mountNodeFS("/compile", path.resolve(folder));
const result = pyodide.runPython(`
import json, os, py_compile
compiled, failed = 0, []
for directory, _, names in sorted(os.walk("/compile")):
    for name in sorted(names):
        if name.endswith(".py"):
            source = os.path.join(directory, name)
            try:
                py_compile.compile(source, cfile=source + "c", doraise=True,
                                   invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
                compiled += 1
            except py_compile.PyCompileError:
                failed.append(source.removeprefix("/compile/"))
json.dumps({"compiled": compiled, "failed": failed})
`);
process.stdout.write(result + "\n");
