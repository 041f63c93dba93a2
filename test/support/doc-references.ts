import { posix } from "node:path";

/** A place in a file that names a path in the repository. */
export interface DocReference {
  /** The text as written, e.g. `src/otp/account.ts` or `../SECURITY.md`. */
  text: string;
  /** The repository path it stands for, relative to the root. */
  path: string;
  line: number;
  /** `root`: a path from the repository root; `link`: a Markdown link target; `name`: a bare `*.md` file name. */
  kind: "root" | "link" | "name";
}

/** Top-level folders whose paths comments and docs cite. */
const ROOTS = ["src", "test", "docs", "native-host", "scripts", "bench", "entrypoints", "public", "bin", ".ci"];
const ANY_ROOT = `(?:${ROOTS.map((root) => root.replace(".", "\\.")).join("|")})/`;

/**
 * A path from the repository root: one of {@link ROOTS}, then path characters.
 * Not after a word character, `.`, `/`, `@` or `-`, so `../../src/…` imports,
 * URLs (`https://host/src/…`), npm paths (`@scope/pkg/src/…`) and names such
 * as `test-results/` are left out; globs and templates are dropped below.
 */
const ROOT_PATH = new RegExp(`(?<![\\w./@-])${ANY_ROOT}[\\w@.+*{}$<>,/-]*`, "g");
/** A Markdown link target: `[text](target)` or `![alt](target)`. */
const LINK = /\]\(([^()\s]+)\)/g;
/** A bare Markdown file name such as `SECURITY.md`, not part of a longer path or URL. */
const MD_NAME = /(?<![\w./@-])[\w-]+\.md\b(?![\w/-])/g;
/** Characters that make a path a glob, a template or a placeholder rather than a file. */
const NOT_A_FILE = /[*{}$<>,]/;
/** Placeholder segments in usage text, as in `public/icon/SIZE.png`. */
const PLACEHOLDER = /(?:^|\/)(?:SIZE|NAME|PATH|DIR|FILE|ID|N)(?:\.\w+)?(?:\/|$)/;
/**
 * Text just before a path that makes it another project's: a possessive
 * ("Aegis' docs/vault.md", "the repository's LICENSE.md") or an `owner/repo`
 * name ("operasoftware/devopera src/…").
 */
const FOREIGN = new RegExp(`(?:\\w's?|(?<![\\w./@-])(?!${ANY_ROOT})[\\w.-]+/[\\w.-]+) $`);

/** Every path-like reference in `text`, a file at `file` (relative to the repository root). */
export function findReferences(text: string, file: string): DocReference[] {
  const references: DocReference[] = [];
  const lines = text.split("\n");
  const markdown = file.endsWith(".md");
  lines.forEach((content, index) => {
    const line = index + 1;
    const linkSpans: [number, number][] = [];
    if (markdown) {
      for (const match of content.matchAll(LINK)) {
        const target = match[1] ?? "";
        linkSpans.push([match.index, match.index + match[0].length]);
        // URLs, mail addresses and in-page anchors are not repository paths.
        if (/^[a-z][\w+.-]*:/i.test(target) || target.startsWith("#")) continue;
        const path = posix.normalize(posix.join(posix.dirname(file), target.replace(/[#?].*$/, "")));
        references.push({ text: target, path: path.replace(/\/$/, ""), line, kind: "link" });
      }
    }
    const inLink = (at: number) => linkSpans.some(([start, end]) => at >= start && at < end);
    const foreign = (at: number) => FOREIGN.test(content.slice(0, at));
    for (const match of content.matchAll(ROOT_PATH)) {
      // A sentence may end right after a path.
      const text = match[0].replace(/[.,:]+$/, "");
      if (NOT_A_FILE.test(text) || PLACEHOLDER.test(text) || inLink(match.index) || foreign(match.index)) continue;
      references.push({ text, path: text.replace(/\/$/, ""), line, kind: "root" });
    }
    for (const match of content.matchAll(MD_NAME)) {
      if (inLink(match.index) || foreign(match.index)) continue;
      // In code, a quoted name is data, such as the domain "obsidian.md".
      const quote = content[match.index - 1];
      if (
        !markdown &&
        quote !== undefined &&
        "\"'`".includes(quote) &&
        content[match.index + match[0].length] === quote
      )
        continue;
      references.push({ text: match[0], path: match[0], line, kind: "name" });
    }
  });
  return references;
}

/** Files this project used to cite that were never part of the repository. */
export const OUTSIDE_DOCS = ["DESIGN", "STYLE", "TESTING"].map((name) => `${name}.md`);

/**
 * Whether a reference names something in the repository. `files` are the
 * tracked files; a folder exists when a file is inside it. A path without an
 * extension may name a module (`src/otp/account` for `src/otp/account.ts`).
 * A bare `*.md` name must be some tracked file's name.
 */
export function referenceExists(reference: DocReference, files: ReadonlySet<string>): boolean {
  if (OUTSIDE_DOCS.some((name) => name.toLowerCase() === posix.basename(reference.path).toLowerCase())) return false;
  if (reference.kind === "name") return [...files].some((file) => posix.basename(file) === reference.path);
  const path = reference.path;
  if (files.has(path)) return true;
  if ([".ts", ".tsx", ".mjs", ".js"].some((extension) => files.has(`${path}${extension}`))) return true;
  const folder = `${path}/`;
  return [...files].some((file) => file.startsWith(folder));
}
