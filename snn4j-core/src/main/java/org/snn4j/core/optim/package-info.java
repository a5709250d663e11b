/**
 * Optimisers over named parameters with PyTorch's update rules ({@link org.snn4j.core.optim.SGD}
 * with momentum, dampening, Nesterov and weight decay; {@link org.snn4j.core.optim.Adam} with L2
 * decay and AMSGrad; {@link org.snn4j.core.optim.AdamW} with decoupled decay), whose
 * {@link org.snn4j.core.optim.OptimizerState} round-trips exactly for checkpoints, and closed-form
 * learning-rate schedules ({@link org.snn4j.core.optim.LrSchedule}: StepLR, CosineAnnealingLR,
 * linear warm-up) with CLI parsers.
 */
package org.snn4j.core.optim;
