// Oracles: hand-written expected CSV text and the cells it reads back as (Object.is for -0),
// and the documented error messages.

import assert from "node:assert";
import { join } from "node:path";
import { formatCsv, writeCsv } from "../../lib/results/csv.ts";
import { parseResultsCsv } from "../../lib/results/csv_read.ts";
import { withTempDir } from "./_helpers.ts";

Deno.test("formatCsv() quotes and formats cells when they need it", async (t) => {
  await t.step("numbers as in JSON, non-finite as words", () => {
    assert.strictEqual(
      formatCsv(["h", "err", "z"], [[1e-4, NaN, -0], [0.1 + 0.2, Infinity, -Infinity]]),
      "h,err,z\n0.0001,NaN,-0\n0.30000000000000004,Infinity,-Infinity\n",
    );
  });
  await t.step("strings with a comma, quote, LF or CR are quoted, quotes doubled", () => {
    assert.strictEqual(
      formatCsv(["name", "a,b"], [["plain", 'say "hi"'], ["x\ny", "r\rs"]]),
      'name,"a,b"\nplain,"say ""hi"""\n"x\ny","r\rs"\n',
    );
  });
  await t.step("no rows: only the header", () => {
    assert.strictEqual(formatCsv(["a", "b"], []), "a,b\n");
  });
  await t.step("a row of the wrong length throws", () => {
    assert.throws(() => formatCsv(["a", "b"], [[1, 2], [3]]), {
      name: "TypeError",
      message:
        "Cannot format CSV as every row must have one cell per column: columns=2, row 1 has 1",
    });
  });
});

Deno.test("writeCsv() writes formatCsv()'s text and returns the path when given rows", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "s.csv");
    const rows = [[0, -3, 4], [1, -2.4, 3.2]];
    assert.strictEqual(await writeCsv(path, ["step", "x0", "x1"], rows), path);
    assert.strictEqual(await Deno.readTextFile(path), formatCsv(["step", "x0", "x1"], rows));
  });
});

Deno.test("parseResultsCsv() reads what formatCsv() writes when given quotes and special numbers", async (t) => {
  await t.step("numbers, spellings of the non-finite ones, quoted strings", () => {
    const csv = parseResultsCsv(
      'name,h,err\n"a, ""b""",1e-4,NaN\nx,-0,-Infinity\n"1",.5,Infinity\n',
    );
    assert.deepStrictEqual(csv.header, ["name", "h", "err"]);
    assert.deepStrictEqual(csv.rows, [
      ['a, "b"', 0.0001, NaN],
      ["x", -0, -Infinity],
      ["1", 0.5, Infinity],
    ]);
    assert.ok(Object.is(csv.rows[1][1], -0));
  });
  await t.step("CRLF, a quoted newline, no final newline, empty cells", () => {
    assert.deepStrictEqual(parseResultsCsv('a,b\r\n"x\ny",\r\n1,2'), {
      header: ["a", "b"],
      rows: [["x\ny", ""], [1, 2]],
    });
    assert.deepStrictEqual(parseResultsCsv(""), { header: [], rows: [] });
    assert.deepStrictEqual(parseResultsCsv("h\n0x10\n1e\n"), {
      header: ["h"],
      rows: [["0x10"], ["1e"]],
    });
  });
  await t.step("malformed quoting is an error", () => {
    assert.throws(() => parseResultsCsv('a,b\n1,"open\n'), {
      name: "RangeError",
      message:
        "Cannot parse CSV as every quoted cell must be closed: the cell opened on line 2 is not",
    });
    assert.throws(() => parseResultsCsv('a\n"x"y\n'), {
      name: "RangeError",
      message: 'Cannot parse CSV as a closing quote must end its cell: line 2 has "y\\n" after one',
    });
  });
});
