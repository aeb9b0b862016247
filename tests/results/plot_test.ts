// Oracles: the specs' data (hand-computed: which points survive, arrow ends and angles in
// closed form), the SVG text itself (same bytes on every render, in this process and in two
// fresh `deno` processes), and the documented error messages.

import assert from "node:assert";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { linePlot, renderSvg, type VegaLiteSpec, writeSvg } from "../../lib/results/plot.ts";
import { quiverPlot } from "../../lib/results/quiver_plot.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The data rows of layer `i` of a linePlot spec. */
function layerValues(spec: VegaLiteSpec, i: number): Record<string, unknown>[] {
  const layer = (spec as unknown as { layer: { data: { values: Record<string, unknown>[] } }[] })
    .layer[i];
  return layer.data.values;
}

function sampleSpec(): VegaLiteSpec {
  const xs = Array.from({ length: 21 }, (_, i) => i / 2);
  return linePlot([
    { name: "f(x) = 0.01x² + 0.1x", x: xs, y: xs.map((x) => 0.01 * x * x + 0.1 * x) },
    { name: "tangent", x: xs, y: xs.map((x) => 0.2 * x - 0.25), dashed: true },
    { name: "points", x: [1, 2], y: [NaN, 0.3], pointsOnly: true },
  ], { title: "A test figure", x: { title: "x" }, y: { title: "f(x)" } });
}

Deno.test("renderSvg() returns an SVG document when given a line plot", async () => {
  const svg = await renderSvg(sampleSpec());
  assert.ok(svg.startsWith("<svg "), svg.slice(0, 80));
  assert.ok(svg.endsWith("</svg>\n"), svg.slice(-80));
  assert.ok(svg.includes('xmlns="http://www.w3.org/2000/svg"'));
  assert.ok(svg.includes("A test figure"));
  assert.ok(svg.includes("tangent"), "the legend names the series");
});

Deno.test("renderSvg() gives the same bytes when rendering the same spec twice", async () => {
  const a = await renderSvg(sampleSpec());
  const b = await renderSvg(sampleSpec());
  assert.strictEqual(a, b);
});

Deno.test("renderSvg() gives the same bytes when run in two separate processes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dlfs_plot_test_" });
  try {
    const script = join(dir, "render.ts");
    const plotUrl = new URL("../../lib/results/plot.ts", import.meta.url).href;
    const quiverUrl = new URL("../../lib/results/quiver_plot.ts", import.meta.url).href;
    await Deno.writeTextFile(
      script,
      `import { linePlot, renderSvg } from ${JSON.stringify(plotUrl)};
import { quiverPlot } from ${JSON.stringify(quiverUrl)};
const xs = Array.from({ length: 21 }, (_, i) => i / 2);
const spec = linePlot([
  { name: "f(x) = 0.01x² + 0.1x", x: xs, y: xs.map((x) => 0.01 * x * x + 0.1 * x) },
  { name: "tangent", x: xs, y: xs.map((x) => 0.2 * x - 0.25), dashed: true },
  { name: "points", x: [1, 2], y: [NaN, 0.3], pointsOnly: true },
], { title: "A test figure", x: { title: "x" }, y: { title: "f(x)" } });
const quiver = quiverPlot([0, 1], [0, 1], [1, -1], [0.5, 2], { scale: 0.5 });
const out = (await renderSvg(spec)) + (await renderSvg(quiver));
await Deno.stdout.write(new TextEncoder().encode(out));
`,
    );
    const deno = Deno.permissions.querySync({ name: "run", command: Deno.execPath() }).state ===
        "granted"
      ? Deno.execPath()
      : "deno"; // what `--allow-run=deno` grants
    const render = () =>
      new Deno.Command(deno, {
        args: ["run", "--config", join(ROOT, "deno.json"), script],
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
      }).output();
    const [first, second] = await Promise.all([render(), render()]);
    const decoder = new TextDecoder();
    assert.strictEqual(first.code, 0, decoder.decode(first.stderr));
    assert.strictEqual(second.code, 0, decoder.decode(second.stderr));
    const a = decoder.decode(first.stdout), b = decoder.decode(second.stdout);
    assert.ok(a.startsWith("<svg "), a.slice(0, 80));
    assert.strictEqual(a, b);
    // And the same as this process renders.
    const here = (await renderSvg(sampleSpec())) +
      (await renderSvg(quiverPlot([0, 1], [0, 1], [1, -1], [0.5, 2], { scale: 0.5 })));
    assert.strictEqual(a, here);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("linePlot() drops points that cannot be drawn when values are not finite", async (t) => {
  await t.step("NaN and ±Infinity in x or y", () => {
    const spec = linePlot([
      { name: "s", x: [0, 1, 2, 3, 4, NaN], y: [1, NaN, Infinity, -Infinity, 5, 6] },
    ], { x: { title: "x" }, y: { title: "y" } });
    assert.deepStrictEqual(layerValues(spec, 0), [
      { x: 0, y: 1, series: "s" },
      { x: 4, y: 5, series: "s" },
    ]);
  });
  await t.step("non-positive y on a log axis", () => {
    const spec = linePlot([
      { name: "err", x: [1e-1, 1e-2, 1e-3, 1e-4], y: [1e-3, 0, -1e-5, 1e-9] },
    ], { x: { title: "h", log: true }, y: { title: "error", log: true } });
    assert.deepStrictEqual(layerValues(spec, 0).map((v) => v.x), [1e-1, 1e-4]);
  });
  await t.step("a series with no drawable point still renders", async () => {
    const spec = linePlot([
      { name: "diverged", x: [0, 1], y: [Infinity, NaN] },
      { name: "fine", x: [0, 1], y: [0, 1] },
    ], { x: { title: "x" }, y: { title: "y" } });
    assert.deepStrictEqual(layerValues(spec, 0), []);
    const svg = await renderSvg(spec);
    assert.ok(svg.startsWith("<svg ") && !svg.includes("NaN"), svg.slice(0, 80));
  });
});

Deno.test("linePlot() builds the documented spec when given options", () => {
  const spec = linePlot([{ name: "a", x: [0, 1], y: [0, 1] }], {
    x: { title: "X0", domain: [-3.5, 3.5] },
    y: { title: "X1", log: true },
  }) as unknown as Record<string, unknown>;
  assert.strictEqual(spec.width, 480);
  assert.strictEqual(spec.height, 320);
  assert.ok(!("title" in spec), "no title unless given");
  const encoding =
    (spec.layer as { encoding: Record<string, { scale: unknown; legend?: unknown }> }[])[0]
      .encoding;
  // A given domain is exact (no rounder "nice" end past the data, e.g. past the last iteration).
  assert.deepStrictEqual(encoding.x.scale, { domain: [-3.5, 3.5], clamp: true, nice: false });
  assert.deepStrictEqual(encoding.y.scale, { type: "log" });
  assert.strictEqual(encoding.color.legend, null, "one series: no legend");
});

Deno.test("linePlot() draws a dashed series wider, with hollow squares, and its dashes in the legend", () => {
  const spec = linePlot([
    { name: "train acc", x: [0, 1], y: [0.1, 0.8], points: true },
    { name: "test acc", x: [0, 1], y: [0.1, 0.8], points: true, dashed: true },
  ], { x: { title: "epochs", integer: true }, y: { title: "accuracy" } }) as unknown as {
    layer: { mark: Record<string, unknown>; encoding: Record<string, Record<string, unknown>> }[];
  };
  // Per series a line layer, then its markers; the test curve comes after the train curve.
  const [trainLine, trainPoints, testLine, testPoints] = spec.layer;
  assert.deepStrictEqual([trainLine.mark.strokeWidth, testLine.mark.strokeWidth], [1.5, 2.5]);
  assert.deepStrictEqual(
    [
      trainPoints.mark.shape,
      trainPoints.mark.filled,
      testPoints.mark.shape,
      testPoints.mark.filled,
    ],
    ["circle", true, "square", false],
  );
  assert.deepStrictEqual(testLine.encoding.strokeDash.scale, {
    domain: ["train acc", "test acc"],
    range: [[1, 0], [7, 5]],
  });
  assert.deepStrictEqual(testLine.encoding.x.axis, { tickMinStep: 1, format: "d" });
});

Deno.test("linePlot() throws when a series' x and y lengths differ", () => {
  assert.throws(
    () =>
      linePlot([{ name: "bad", x: [1, 2, 3], y: [1, 2] }], {
        x: { title: "x" },
        y: { title: "y" },
      }),
    {
      name: "TypeError",
      message:
        "Cannot plot a series as x and y must have the same length: series=bad, x.length=3, y.length=2",
    },
  );
});

Deno.test("quiverPlot() puts each arrow's head at tail + scale·(u, v) when given vectors", () => {
  // Right, up, left, down: Vega's angle is clockwise from "up", so 90, 0, 270, 180.
  const spec = quiverPlot([0, 1, 2, 3], [0, 0, 0, 0], [1, 0, -1, 0], [0, 1, 0, -1], {
    scale: 0.5,
  }) as unknown as { data: { values: Record<string, number>[] }; width: number };
  assert.deepStrictEqual(spec.data.values, [
    { x: 0, y: 0, x2: 0.5, y2: 0, angle: 90, length: 1 },
    { x: 1, y: 0, x2: 1, y2: 0.5, angle: 0, length: 1 },
    { x: 2, y: 0, x2: 1.5, y2: 0, angle: 270, length: 1 },
    { x: 3, y: 0, x2: 3, y2: -0.5, angle: 180, length: 1 },
  ]);
  assert.strictEqual(spec.width, 400);
  // The axes hold every arrow, tails and heads, with 3% of the extent around them.
  const x = (spec as unknown as { layer: { encoding: { x: { scale: unknown } } }[] }).layer[0]
    .encoding.x.scale;
  assert.deepStrictEqual(x, { domain: [-0.09, 3.09], nice: false });
});

Deno.test("quiverPlot() throws when the four arrays differ in length", () => {
  assert.throws(() => quiverPlot([0, 1], [0, 1], [1], [1, 2]), {
    name: "TypeError",
    message: "Cannot draw arrows as x, y, u and v must have the same length: 2, 2, 1, 2",
  });
});

Deno.test("writeSvg() writes renderSvg()'s text and returns the path when given a spec", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dlfs_plot_test_" });
  try {
    const path = join(dir, "figs", "f.svg");
    assert.strictEqual(await writeSvg(path, sampleSpec()), path);
    assert.strictEqual(await Deno.readTextFile(path), await renderSvg(sampleSpec()));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
