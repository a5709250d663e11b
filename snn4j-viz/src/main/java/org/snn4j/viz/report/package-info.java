/**
 * The self-contained HTML run report: {@link org.snn4j.viz.report.RunReport} assembles a title, a key/value summary,
 * tables, preformatted text and PNG plots (embedded as {@code data:} URIs) into one {@code report.html} with inline
 * CSS and no scripts or external resources, so it can be mailed or archived as a single file. Sections carry stable
 * ids and markers, which lets a later command (e.g. conversion) add or replace its section in an existing report
 * with {@link org.snn4j.viz.report.RunReport#appendSection}; all writes are atomic.
 */
package org.snn4j.viz.report;
