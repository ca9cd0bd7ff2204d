/** What a run leaves for people and machines: metrics.json, bundle.json, provenance.json, the report. */
package dev.fulcrum.report;
