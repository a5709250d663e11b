/**
 * Ready-made spiking network architectures built from {@code org.snn4j.core.nn} layers and
 * {@code org.snn4j.core.neuron} neurons: the snnTorch tutorial CSNN ({@link org.snn4j.core.models.Csnn}), the PLIF
 * paper's network ({@link org.snn4j.core.models.PlifNet}), configurable spiking VGG and ResNet (plain-add and SEW
 * blocks), the neuron options they share ({@link org.snn4j.core.models.NeuronOptions}) and batch-norm folding for
 * inference ({@link org.snn4j.core.models.Folding}). All models take time-major {@code [T, B, C, H, W]} input of any
 * {@code T}.
 */
package org.snn4j.core.models;
