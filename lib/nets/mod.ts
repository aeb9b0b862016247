/**
 * The book's networks, written as readable references: plain loops over
 * dense row-major matrices, every sum in a fixed order. The fast paths in
 * `lib/engine/` reproduce their numbers bit for bit, and say so.
 *
 * | file               | idea                                                   | book      | test                               |
 * | ------------------ | ------------------------------------------------------ | --------- | ---------------------------------- |
 * | `simple_net.ts`    | `SimpleNet`: one 2×3 layer, softmax, cross-entropy     | §4.4.2    | `tests/nets/simple_net_test.ts`    |
 * | `two_layer_net.ts` | `TwoLayerNet`: predict, loss, accuracy, numerical and backprop gradients | §4.5.1, §5.7 | `tests/nets/two_layer_net_test.ts` |
 * | `params.ts`        | `TwoLayerParams` (the book's `params` dict) and helpers on it | §4.5.1 | `tests/nets/two_layer_net_test.ts` |
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fromRows, RandomState } from "../core/mod.ts";
 * import { TwoLayerNet } from "./mod.ts";
 * const net = new TwoLayerNet(2, 3, 2, { rng: new RandomState(0) });
 * const x = fromRows([[0.5, 1]]);
 * const g = net.gradient(x, new Uint8Array([1]));
 * const n = net.numericalGradient(x, new Uint8Array([1]));
 * assert.ok(Math.abs(g.W1.data[0] - n.W1.data[0]) < 1e-8); // backprop agrees with the definition
 * ```
 *
 * @module
 */

export * from "./params.ts";
export * from "./simple_net.ts";
export * from "./two_layer_net.ts";
