/* view.h - read-only questions the writers ask of the parsed report (report.json tree).
 * Every helper tolerates missing sections and keys (they read as "unknown").
 */
#ifndef DP_REPORT_VIEW_H
#define DP_REPORT_VIEW_H

#include <stddef.h>
#include <stdint.h>
#include <yajl/yajl_tree.h>

/* Number of elements of an array value (0 for anything else). */
size_t dp_view_len(yajl_val v);

/* The value of declared item `item` (declared.items.ITEM.value), or NULL. */
yajl_val dp_view_declared(yajl_val r, const char *item);
/* The same when it is a string, else NULL. */
const char *dp_view_declared_str(yajl_val r, const char *item);

/* The dataset's display name: declared pretty_name, name, else the first input's
 * directory name, else "dataset". Written to buf (cap bytes); returns buf. */
const char *dp_view_name(yajl_val r, char *buf, size_t cap);

/* Findings of PII rules of `category` ("pii", "secret"); 0 when unknown. */
uint64_t dp_view_pii_findings(yajl_val r, const char *category);

/* 1 when gaps[] holds a gap with this id. */
int dp_view_gap(yajl_val r, const char *id);

/* The declared license as an SPDX expression, or NULL when none was declared or it maps
 * to nothing. */
const char *dp_view_declared_spdx(yajl_val r);

/* 1 when the declared license agrees with the data: declared and mapped, no
 * license-conflict gap, and the same id was found in the data itself (a license file,
 * notice, tag, reference or record field), not only in metadata. */
int dp_view_license_concluded(yajl_val r);

#endif
