/**
 * Image data sets in memory and their batching: {@link org.snn4j.io.data.DataLocator} finds the
 * MNIST/Fashion-MNIST files on disk, {@link org.snn4j.io.data.ImageDataset} holds pixels as
 * compact uint8 and converts them to [0,1] floats only per batch, and
 * {@link org.snn4j.io.data.DataLoader} shuffles deterministically per epoch (so a resumed run sees
 * the same order) and prefetches the next batches on a background thread.
 */
package org.snn4j.io.data;
