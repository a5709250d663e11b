/**
 * The {@code snn4j} command: {@code train}, {@code eval}, {@code quickstart} and {@code bench},
 * wiring the core engine, data loading, checkpoints and plots together. Invalid options print
 * usage and exit with status 2.
 */
package org.snn4j.cli;
