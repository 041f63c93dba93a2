/** How deep and how large a JSON document may be before it is parsed. */
export interface JsonShapeLimits {
  /** Arrays and objects nested inside each other. */
  maxDepth: number;
  /** Arrays, objects and the items separated by commas in them. */
  maxValues: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;

/**
 * One pass over the UTF-8 bytes of JSON — whose structural characters are
 * ASCII bytes that never occur inside a multi-byte character — that says
 * whether it nests deeper or holds more values than `limits`, before
 * `JSON.parse` builds it. Parsing is what costs:
 * 16 MiB of `[{},{},…]` takes half a gigabyte and seconds to parse, while
 * the same size in one long string costs almost nothing, so only structure
 * outside strings is counted. Returns a predicate naming the limit, for the
 * caller's subject ("nests deeper than 64 levels"), or `null` when within both. It does not
 * validate: text that passes may still fail to parse.
 */
export function checkJsonShape(bytes: Uint8Array, limits: JsonShapeLimits): string | null {
  const length = bytes.length;
  let depth = 0;
  let values = 0;
  for (let index = 0; index < length; index++) {
    const code = bytes[index];
    if (code === QUOTE) {
      // Jump over the string with the native search (memchr): most of a large file is strings.
      let end = index;
      for (;;) {
        end = bytes.indexOf(QUOTE, end + 1);
        if (end < 0) return null; // unterminated: JSON.parse will say so
        let backslashes = 0;
        while (bytes[end - 1 - backslashes] === BACKSLASH) backslashes++;
        if (backslashes % 2 === 0) break;
      }
      index = end;
      continue;
    }
    if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
      depth++;
      values++;
      if (depth > limits.maxDepth) return `nests deeper than ${limits.maxDepth} levels`;
    } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) {
      depth--;
    } else if (code === COMMA) {
      values++;
    } else {
      continue;
    }
    if (values > limits.maxValues) return `holds more than ${limits.maxValues.toLocaleString("en-US")} values`;
  }
  return null;
}
