/* frontmatter.h - the YAML header ("front matter") of a markdown file, as key -> values.
 *
 * A markdown buffer may open with a YAML document between two "---" lines (the Hugging Face
 * dataset card header). dp_frontmatter_parse reads its top-level keys: a scalar gives one
 * value, a sequence of scalars gives a list, a nested mapping gives no values (only the key
 * and its line are kept). Values are decoded UTF-8 strings, owned by the struct.
 * Embedded struct: parse fills it, dp_frontmatter_release frees it.
 */
#ifndef DP_CORE_FRONTMATTER_H
#define DP_CORE_FRONTMATTER_H

#include <stddef.h>
#include <stdint.h>

#include <yajl/yajl_tree.h>

#include "core/error.h"

#define DP_FRONTMATTER_MAX_BYTES (1u << 20)  /* a longer header is not read */
#define DP_FRONTMATTER_MAX_KEYS 512          /* keys kept */
#define DP_FRONTMATTER_MAX_VALUES 256        /* values kept per key */

struct dp_fm_entry {
	char *key;
	char **values;      /* n_values strings */
	size_t n_values;
	int is_list;        /* 1 for a sequence (even of one item) */
	int is_map;         /* 1 for a nested mapping (values empty) */
	uint32_t line;      /* 1-based line of the key in the buffer */
};

struct dp_frontmatter {
	struct dp_fm_entry *v;
	size_t n;
	uint32_t end_line;  /* line of the closing "---" */
	size_t yaml_start, yaml_end; /* the YAML text between the "---" lines: buf offsets */
};

/* Parse the front matter of buf[0..len). Returns DP_OK (fm filled), DP_DONE when the buffer
 * does not open with "---" (fm empty), or DP_WARN when the header is not valid YAML or not a
 * mapping (err says where; fm empty). Out of memory gives DP_FATAL. */
int dp_frontmatter_parse(const char *buf, size_t len, struct dp_frontmatter *fm,
			 struct dp_error *err);

/* The header that dp_frontmatter_parse found in buf (fm, after DP_OK) as a JSON tree, by
 * dp_yaml_to_tree (`what` names the file in its errors): the caller frees it with
 * yajl_tree_free. NULL with err set when the YAML is invalid or memory runs out. */
yajl_val dp_frontmatter_tree(const char *buf, size_t len, const struct dp_frontmatter *fm,
			     const char *what, struct dp_error *err);

/* The entry for a top-level key, or NULL. */
const struct dp_fm_entry *dp_frontmatter_get(const struct dp_frontmatter *fm, const char *key);

/* Free everything; fm is left empty. Accepts NULL. */
void dp_frontmatter_release(struct dp_frontmatter *fm);

#endif
