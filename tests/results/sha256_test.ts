// Oracle: the test vectors of FIPS 180-2 (SHA-256 of "abc", of the 448-bit message, and of a
// million "a"), and the digest of the empty message that `sha256sum` prints for an empty file.

import assert from "node:assert";
import { sha256Hex } from "../../lib/results/sha256.ts";

Deno.test("sha256Hex() gives the published digests when given the standard test messages", async () => {
  const text = (s: string) => new TextEncoder().encode(s);
  const cases: [Uint8Array<ArrayBuffer>, string][] = [
    [text(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    [text("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    [
      text("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    ],
    [
      new Uint8Array(1_000_000).fill(0x61),
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
    ],
  ];
  for (const [bytes, digest] of cases) {
    assert.strictEqual(await sha256Hex(bytes), digest, `${bytes.length} bytes`);
  }
});
