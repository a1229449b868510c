/* yamljson.h - convert a YAML document (a --declared file, a card header) to a JSON tree.
 *
 * The first document of buf[0..len) is written as JSON through a dp_json generator, then
 * parsed back into a yajl_tree, so readers of declared facts use the same helpers
 * (dp_jt_get...) as readers of report.json. Plain scalars that look like integers become
 * numbers, true/false booleans, null/~ null; every other scalar is a string. Aliases become
 * null. Depth is capped at DP_YAMLJSON_MAX_DEPTH; deeper nodes become null (deeper flow
 * collections are blanked before parsing, see dp_yaml_defuse_flow).
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

/* libyaml's scanner takes time quadratic in flow nesting ("[[[[...", hours for a few
 * hundred thousand levels). This rewrites, in place, every flow collection nested deeper
 * than `max` as "~" followed by blanks (newlines kept, so line numbers stay right); quoted
 * scalars and comments are skipped. Linear time. Returns how many spans were rewritten.
 * dp_yaml_to_tree applies it with DP_YAMLJSON_MAX_DEPTH; other YAML readers (front matter)
 * can call it on their own copy. */
size_t dp_yaml_defuse_flow(char *buf, size_t len, unsigned max);

/* Read a whole file and parse it as YAML (DP_WARN when unreadable or invalid). */
yajl_val dp_yaml_load_file(const char *path, struct dp_error *err);

#endif
