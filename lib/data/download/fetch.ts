/**
 * Fetching a file over HTTP(S) (the book's `urllib.request.urlretrieve` in
 * `dataset/mnist.py`, §3.6.1): the standard mirrors of each data set, a
 * download that gives up when the server stalls and reports progress, and
 * one-line reasons for failures.
 *
 * @module
 */

import type { MnistDataset } from "../types.ts";

/**
 * The standard mirrors, tried in order; a file name (with `.gz`) is appended.
 * Their hosts are the ones the `data:mnist` task may reach (`--allow-net`).
 */
export const MNIST_MIRRORS: Readonly<Record<MnistDataset, readonly string[]>> = {
  "mnist": [
    "https://ossci-datasets.s3.amazonaws.com/mnist/", // PyTorch's torchvision mirror
    "https://storage.googleapis.com/cvdf-datasets/mnist/", // TensorFlow's mirror
    "http://yann.lecun.com/exdb/mnist/", // the original, often refuses automated downloads
  ],
  "fashion-mnist": [
    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/", // Zalando's (no https)
    "https://storage.googleapis.com/tensorflow/tf-keras-datasets/", // Keras's mirror
  ],
};

/** Give up on a mirror that sends nothing for this long (connecting or mid-transfer). */
export const IDLE_TIMEOUT_MS = 30_000;

/** Options of {@linkcode fetchBytes}. */
export interface FetchOptions {
  /** Abort when no byte arrives for this long (default {@linkcode IDLE_TIMEOUT_MS}). */
  readonly idleTimeoutMs?: number;
  /** Called as bytes arrive; `total` is 0 when the server does not say. */
  readonly onProgress?: (received: number, total: number) => void;
}

/**
 * Downloads a URL into memory, aborting when the server stalls.
 *
 * @param url The URL.
 * @param options Idle timeout and progress callback.
 * @returns The body.
 * @throws {Error} For a non-2xx status, a stall, a short body, or a network error.
 */
export async function fetchBytes(url: string, options: FetchOptions = {}): Promise<Uint8Array> {
  const { idleTimeoutMs = IDLE_TIMEOUT_MS, onProgress } = options;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () => controller.abort(new Error(`no data for ${idleTimeoutMs / 1000} s`)),
      idleTimeoutMs,
    );
  };
  arm();
  try {
    const response = await fetch(url, { signal: controller.signal });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new Error(`HTTP ${response.status} ${response.statusText}`.trimEnd());
    }
    const encoded = response.headers.has("content-encoding");
    const total = encoded ? 0 : Number(response.headers.get("content-length")) || 0;
    const chunks: Uint8Array[] = [];
    let received = 0;
    const reader = response.body.getReader();
    for (;;) {
      arm();
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      onProgress?.(received, total);
    }
    if (total && received !== total) throw new Error(`got ${received} of ${total} bytes`);
    const out = new Uint8Array(received);
    let pos = 0;
    for (const chunk of chunks) {
      out.set(chunk, pos);
      pos += chunk.length;
    }
    return out;
  } catch (error) {
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * An error's message plus, for fetch errors, the cause (DNS, connection refused, TLS...).
 *
 * @param error What a download threw.
 * @returns One line for the log and the final error.
 */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error
    ? error.cause.message.replace(/^error sending request for url \([^)]*\): /, "")
    : "";
  return cause ? `${error.message}: ${cause}` : error.message;
}
