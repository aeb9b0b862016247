/** The IDX header fields MNIST uses, shared by the parser and the writer. @module */

/** Magic of an images file: unsigned bytes, 3 dimensions. */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** Magic of a labels file: unsigned bytes, 1 dimension. */
export const IDX_LABELS_MAGIC = 0x00000801;
/** Bytes before the pixels: magic, count, rows, cols as big-endian uint32. */
export const IDX_IMAGES_HEADER = 16;
/** Bytes before the labels: magic, count. */
export const IDX_LABELS_HEADER = 8;
