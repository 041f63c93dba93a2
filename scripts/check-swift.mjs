// `npm run check:swift [PATH...]`: parses every .swift file under the given
// paths (default: the repository) with tree-sitter's Swift grammar, and fails
// on any syntax error. A syntax check, not a type check: there is no Swift
// compiler on Linux here; the macOS workflow (.github/workflows/macos.yml)
// compiles and tests the Swift. WebAssembly builds of tree-sitter and the
// grammar, so `npm ci` needs no native build.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { setFlagsFromString } from "node:v8";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

// V8 would otherwise optimise the grammar's huge parse function for tens of
// seconds of CPU, longer than a check of a few files takes without it.
setFlagsFromString("--liftoff-only");

const SKIP = new Set(["node_modules", ".git", ".output", ".wxt", ".build", "dist", "test-results"]);

function* swiftFiles(path) {
  if (statSync(path).isFile()) {
    if (path.endsWith(".swift")) yield path;
    return;
  }
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isDirectory() && SKIP.has(entry.name)) continue;
    if (entry.isDirectory() || entry.name.endsWith(".swift")) yield* swiftFiles(join(path, entry.name));
  }
}

/** Every ERROR node and every node the parser had to invent (a missing `}`), with where it is. */
function* problems(node, source) {
  if (node.isError || node.isMissing) {
    const text = source.slice(node.startIndex, node.endIndex).split("\n")[0].slice(0, 60);
    const what = node.isMissing ? `missing ${node.type}` : `syntax error${text ? ` near "${text}"` : ""}`;
    yield `${node.startPosition.row + 1}:${node.startPosition.column + 1}: ${what}`;
    return;
  }
  if (!node.hasError) return;
  for (const child of node.children) yield* problems(child, source);
}

/** In a worker: the problems of one file. */
async function parseOne(file) {
  const { Language, Parser } = await import("web-tree-sitter");
  await Parser.init();
  const grammar = createRequire(import.meta.url).resolve("@repomix/tree-sitter-wasms/out/tree-sitter-swift.wasm");
  const parser = new Parser();
  parser.setLanguage(await Language.load(grammar));
  const source = readFileSync(file, "utf8");
  const tree = parser.parse(source);
  return tree === null ? ["1:1: could not be parsed"] : [...problems(tree.rootNode, source)];
}

// tree-sitter-swift 0.7.1's scanner allocates its state with calloc(0, …), so
// in one WebAssembly runtime a parse can start from the state the last one
// left (every `#filePath` after the first file then fails). Each file gets a
// runtime of its own, in a worker.
function inWorker(file) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: file });
    worker.once("message", (found) => {
      resolve(found);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

if (!isMainThread) {
  parentPort.postMessage(await parseOne(workerData));
} else {
  const root = new URL("..", import.meta.url).pathname;
  const paths = process.argv.length > 2 ? process.argv.slice(2) : [root];
  const files = paths.flatMap((path) => [...swiftFiles(path)]);
  let failed = 0;
  for (const file of files) {
    const found = await inWorker(file);
    if (found.length > 0) failed += 1;
    for (const problem of found.slice(0, 10)) console.error(`${relative(process.cwd(), file)}:${problem}`);
  }
  if (files.length === 0) {
    console.error(`check-swift: no .swift files under ${paths.join(", ")}`);
    process.exit(1);
  }
  console.log(
    `check-swift: ${files.length} Swift file${files.length === 1 ? "" : "s"} parsed, ${failed} with syntax errors.`,
  );
  process.exit(failed === 0 ? 0 : 1);
}
