/* pii.h - the PII and secrets analyser (report.json `pii`, findings lines with rule ids).
 *
 * Each worker state compiles the rule set (built-in and --rules files, see rules/rules.h)
 * and scans every text span of every record. It counts per rule the findings and the
 * records with one, the records with any finding, and per member the same two numbers;
 * rules that hit the PCRE2 limits are counted and logged once at finish. With findings on,
 * one JSON line per finding goes to the findings sink: origin, record, field, offset and
 * length (bytes in the decoded UTF-8 of that field), rule, category, severity, a redacted
 * preview, "context": true when one of the rule's context words was near the value, and
 * the raw value only with --findings-raw. Raw values never reach report.json.
 *
 * report.json `pii`: {rules[] {id, category, severity, findings, records} sorted by id,
 * limit_hits[] {rule, count} sorted by id, findings, findings_dropped (over 65,536 in one
 * text field), records_scanned, records_with_findings, members[] {origin, findings,
 * records} in input order (members with findings only)}.
 */
#ifndef DP_ANALYSE_PII_H
#define DP_ANALYSE_PII_H

#include "analyse/analyser.h"

extern const struct dp_analyser_type dp_analyser_pii;

#endif
