// Oracle: Deno.version.

import assert from "node:assert";
import { runtimeInfo } from "../../lib/results/runtime.ts";

Deno.test("runtimeInfo() reports Deno.version when called", () => {
  assert.deepStrictEqual(runtimeInfo(), {
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
  });
});
