import { describe, expect, it } from "vitest";
import { checkJsonShape } from "../../src/protocol/check-json-shape";

const LIMITS = { maxDepth: 4, maxValues: 10 };
const shapeOf = (text: string) => checkJsonShape(Buffer.from(text), LIMITS);

describe("checkJsonShape", () => {
  it.each([
    ["[[[[[1]]]]]", "nests deeper than 4 levels"],
    ['{"a":{"b":{"c":{"d":{}}}}}', "nests deeper than 4 levels"],
    ["[0,0,0,0,0,0,0,0,0,0,0]", "holds more than 10 values"],
    ["[{},{},{},{},{},{}]", "holds more than 10 values"],
    ['["\\\\",[[[[]]]]]', "nests deeper than 4 levels"],
  ])("%s %s", (text, problem) => {
    expect(shapeOf(text)).toBe(problem);
  });

  it.each([
    ["[[[1]]]"],
    ['{"a":[1,2,3]}'],
    // Brackets and commas inside strings are text, escaped quotes included.
    ['["[[[[[,,,,,,,,,,,", "\\"[[[[[[", "é,ü,[,{"]'],
    ['"\\\\"'],
    // Unterminated: JSON.parse refuses it; the scan only bounds the work.
    ['["abc'],
  ])("lets %s through", (text) => {
    expect(shapeOf(text)).toBeNull();
  });

  it("looks at a 16 MiB string as one value", () => {
    const bytes = Buffer.from(JSON.stringify({ data: "[,{".repeat(5_600_000) }));
    expect(checkJsonShape(bytes, { maxDepth: 2, maxValues: 2 })).toBeNull();
  });
});
