/* yamljson.h - convert a YAML document (a --declared file, a card header) to a JSON tree.
 *
 * The first document of buf[0..len) is written as JSON through a dp_json generator, then
 * parsed back into a yajl_tree, so readers of declared facts use the same helpers
 * (dp_jt_get...) as readers of report.json. Plain scalars that look like integers become
 * numbers, true/false booleans, null/~ null; every other scalar is a string. Aliases become
 * null. Depth is capped at DP_YAMLJSON_MAX_DEPTH; deeper nodes become null.
 */
#ifndef DP_CORE_YAMLJSON_H
#define DP_CORE_YAMLJSON_H

#include <stddef.h>
#include <yajl/yajl_tree.h>

#include "core/error.h"

#define DP_YAMLJSON_MAX_DEPTH 32
#define DP_YAMLJSON_MAX_BYTES (4u << 20)   /* a longer YAML text is refused */

/* Parse YAML text. Returns the tree (caller frees with yajl_tree_free), or NULL with err
 * set: DP_WARN for invalid YAML (message names `what` and the line), DP_FATAL when out of
 * memory. An empty document gives a JSON null value. */
yajl_val dp_yaml_to_tree(const char *buf, size_t len, const char *what, struct dp_error *err);

/* Read a whole file and parse it as YAML (DP_WARN when unreadable or invalid). */
yajl_val dp_yaml_load_file(const char *path, struct dp_error *err);

#endif
