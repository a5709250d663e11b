/**
 * Reading and writing IDX files, the format of MNIST and Fashion-MNIST: a magic number giving the
 * element type and rank, big-endian dimension sizes, then the elements. Files may be gzip
 * compressed (recognised by content, not by name). Every malformed input is rejected with an
 * {@link org.snn4j.io.idx.IdxFormatException} naming the file and the exact problem, because a
 * silently truncated data set trains without error and only shows up as a worse accuracy.
 */
package org.snn4j.io.idx;
