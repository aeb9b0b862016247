/**
 * MNIST and Fashion-MNIST as the book's `load_mnist` gives them (placeholder,
 * to be written with the folder's split).
 *
 * @module
 */

export * from "./mnist.ts";
