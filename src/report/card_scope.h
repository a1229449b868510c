/* card_scope.h - the Scope section of DATACARD.md, rendered from report.json's `scope`.
 *
 * Reads only the report model (never records), so `dataprov render` can re-render it.
 * Every untrusted string (field paths, values, domains, split names) is escaped with
 * dp_md_text. Writes nothing when the report has no `scope` section.
 */
#ifndef DP_REPORT_CARD_SCOPE_H
#define DP_REPORT_CARD_SCOPE_H

#include <stdio.h>
#include <yajl/yajl_tree.h>

/* Write "## Scope (measured)" and its subsections for report root `r` to f. */
void dp_card_scope(FILE *f, yajl_val r);

#endif
