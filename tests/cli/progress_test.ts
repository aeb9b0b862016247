// Oracles: hand-computed progress lines for an injected clock and injected output sinks.

import assert from "node:assert";
import { formatDuration, makeReporter, type ReporterOptions } from "../../lib/cli/progress.ts";

const CLEAR = "\r\x1b[2K";

/** A reporter writing into strings, with a clock the test moves. */
function capture(options: Omit<ReporterOptions, "write" | "now"> = {}) {
  const sink = { out: "", err: "", time: 0 };
  const reporter = makeReporter({
    ...options,
    now: () => sink.time,
    write: { out: (t) => (sink.out += t), err: (t) => (sink.err += t) },
  });
  return { sink, reporter };
}

Deno.test("formatDuration() picks seconds, minutes or hours when given a duration", async (t) => {
  const cases: [number, string][] = [
    [0, "0.0s"],
    [12.34, "12.3s"],
    [59.9, "59.9s"],
    [60, "1m00s"],
    [185, "3m05s"],
    [3599, "59m59s"],
    [3600, "1h00m"],
    [3720, "1h02m"],
    [36000 + 59 * 60 + 59, "10h59m"],
  ];
  for (const [seconds, text] of cases) {
    await t.step(`${seconds} s`, () => assert.strictEqual(formatDuration(seconds), text));
  }
  await t.step("not finite: ?", () => {
    assert.deepStrictEqual([NaN, Infinity].map(formatDuration), ["?", "?"]);
  });
});

Deno.test("makeReporter() prints only the summary when quiet", () => {
  const { sink, reporter } = capture({ quiet: true, bar: true });
  reporter.log("step 1");
  reporter.progress(1, 2);
  reporter.progress(2, 2);
  reporter.summary("done");
  reporter.done();
  assert.strictEqual(sink.out, "done\n");
  assert.strictEqual(sink.err, "", "quiet wins over bar: true");
});

Deno.test("makeReporter() prints step lines and the summary on stdout when not quiet", () => {
  const { sink, reporter } = capture({ bar: false });
  reporter.log("epoch 1: loss 2.3");
  reporter.log("epoch 2: loss 0.4");
  reporter.progress(1, 10, "training");
  reporter.summary("exp:04 done");
  assert.strictEqual(sink.out, "epoch 1: loss 2.3\nepoch 2: loss 0.4\nexp:04 done\n");
  assert.strictEqual(sink.err, "", "no bar when the bar is off");
});

Deno.test("makeReporter() draws a bar with elapsed time and ETA when the bar is on", async (t) => {
  const { sink, reporter } = capture({ bar: true });
  await t.step("the first draw: no ETA yet", () => {
    sink.time = 5000; // the clock starts at the first progress call
    reporter.progress(0, 10, "train");
    assert.strictEqual(
      sink.err,
      `${CLEAR}[${".".repeat(30)}] 0/10 0% train elapsed 0.0s ETA ?`,
    );
  });
  await t.step("half-way after 2 s: ETA 2 s", () => {
    sink.err = "";
    sink.time = 7000;
    reporter.progress(5, 10, "train");
    assert.strictEqual(
      sink.err,
      `${CLEAR}[${"#".repeat(15)}${".".repeat(15)}] 5/10 50% train elapsed 2.0s ETA 2.0s`,
    );
  });
  await t.step("redraws at most every 100 ms", () => {
    sink.err = "";
    sink.time = 7099;
    reporter.progress(6, 10, "train");
    assert.strictEqual(sink.err, "");
    sink.time = 7100;
    reporter.progress(6, 10, "train");
    assert.ok(sink.err.startsWith(`${CLEAR}[${"#".repeat(18)}`), sink.err);
  });
  await t.step("the last step is always drawn", () => {
    sink.err = "";
    sink.time = 7101;
    reporter.progress(10, 10, "train");
    assert.strictEqual(
      sink.err,
      `${CLEAR}[${"#".repeat(30)}] 10/10 100% train elapsed 2.1s ETA 0.0s`,
    );
  });
  await t.step("a log line clears the bar first", () => {
    sink.err = "";
    reporter.log("epoch 1");
    assert.strictEqual(sink.err, CLEAR);
    assert.strictEqual(sink.out, "epoch 1\n");
  });
  await t.step("done() clears only a bar that shows", () => {
    sink.err = "";
    reporter.done();
    assert.strictEqual(sink.err, "");
    sink.time = 9000;
    reporter.progress(3, 10);
    sink.err = "";
    reporter.done();
    assert.strictEqual(sink.err, CLEAR);
  });
  await t.step("the summary clears a showing bar", () => {
    sink.time = 9500;
    reporter.progress(4, 10);
    sink.err = "";
    reporter.summary("done");
    assert.strictEqual(sink.err, CLEAR);
    assert.ok(sink.out.endsWith("done\n"));
  });
});

Deno.test("makeReporter() prints a progress line every 30 s on stderr when there is no terminal", () => {
  const { sink, reporter } = capture({ bar: false });
  sink.time = 1000;
  reporter.progress(0, 100, "iterations"); // starts the clock, prints nothing
  sink.time = 30_999;
  reporter.progress(40, 100, "iterations");
  assert.strictEqual(sink.err, "", "not before 30 s");
  sink.time = 31_000;
  reporter.progress(50, 100, "iterations");
  assert.strictEqual(sink.err, "progress 50/100 50% iterations elapsed 30.0s ETA 30.0s\n");
  sink.time = 45_000;
  reporter.progress(75, 100, "iterations");
  sink.time = 70_000;
  reporter.progress(100, 100, "iterations"); // the summary line says it is done
  assert.strictEqual(sink.err, "progress 50/100 50% iterations elapsed 30.0s ETA 30.0s\n");
  reporter.done();
  assert.strictEqual(sink.err, "progress 50/100 50% iterations elapsed 30.0s ETA 30.0s\n");
});

Deno.test("makeReporter() prints no progress at all when quiet", () => {
  const { sink, reporter } = capture({ bar: false, quiet: true });
  for (const time of [0, 40_000, 80_000]) {
    sink.time = time;
    reporter.progress(time, 80_000);
  }
  assert.strictEqual(sink.err, "");
});

Deno.test("makeReporter() caps the bar at 100% when total is 0 or done exceeds total", () => {
  const { sink, reporter } = capture({ bar: true });
  reporter.progress(0, 0);
  assert.ok(sink.err.includes(`[${"#".repeat(30)}] 0/0 100%`), sink.err);
  sink.err = "";
  sink.time = 1000;
  reporter.progress(12, 10);
  assert.ok(sink.err.includes(`[${"#".repeat(30)}] 12/10 100%`), sink.err);
});
