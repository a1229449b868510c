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

/* The declared splits (dataset_info.splits of a README card's YAML header, an array of
 * {name, num_examples}, or of a dataset_info.json file, an object of them by name), or
 * NULL when none are declared or several configs make them ambiguous. */
yajl_val dp_view_declared_splits(yajl_val r);
/* How many splits that value holds, and split i with its name. */
size_t dp_view_split_count(yajl_val s);
yajl_val dp_view_split_at(yajl_val s, size_t i, const char **name);
/* 1 when split names a and b name the same split: without case, and with the names the
 * scan gives splits found in paths (dev/valid/val are validation, training train, testing
 * test). */
int dp_view_same_split(const char *a, const char *b);
/* The declared num_examples of split `name` (compared by dp_view_same_split) into *n: 1, or
 * 0 when not declared. */
int dp_view_declared_split(yajl_val r, const char *name, uint64_t *n);

/* The dataset's display name: declared pretty_name, name, else the first input's
 * directory name, else "dataset". Written to buf (cap bytes); returns buf. */
const char *dp_view_name(yajl_val r, char *buf, size_t cap);

/* Findings of PII rules of `category` ("pii", "secret"); 0 when unknown. */
uint64_t dp_view_pii_findings(yajl_val r, const char *category);

/* 1 when gaps[] holds a gap with this id. */
int dp_view_gap(yajl_val r, const char *id);

/* 1 when an inputs[] element was left out as no part of the dataset (.git, a download
 * cache: status "excluded"); such inputs are no file of the dataset and no gap. */
int dp_view_input_excluded(yajl_val input);

/* The declared license as an SPDX expression, or NULL when none was declared or it maps
 * to nothing. */
const char *dp_view_declared_spdx(yajl_val r);

/* 1 when the declared license agrees with the data: declared and mapped, no
 * license-conflict gap, and the same id was found in the data itself (a license file,
 * notice, tag, reference or record field), not only in metadata. */
int dp_view_license_concluded(yajl_val r);

/* Members grouped by input, built in O(inputs + members): the members of input i are
 * members[idx[start[i]]], ... members[idx[start[i + 1] - 1]], in report order. A member
 * belongs to the input whose path is its origin up to the first "!/". */
struct dp_member_index {
	size_t n_inputs;
	size_t *start;   /* n_inputs + 1 offsets into idx */
	size_t *idx;     /* member indexes */
};

/* Input lookup by path: the input a member or detection origin belongs to. */
struct dp_input_lookup {
	yajl_val inputs;
	size_t n, cap;
	size_t *slots;   /* open addressing: input index + 1, 0 = empty */
};

/* 0, or -1 when out of memory. */
int dp_view_lookup_init(yajl_val r, struct dp_input_lookup *l);
/* Index of the input holding `origin` (its path up to the first "!/"), or l->n. */
size_t dp_view_lookup(const struct dp_input_lookup *l, const char *origin);
void dp_view_lookup_release(struct dp_input_lookup *l);

/* Build the index; 0, or -1 when out of memory (mi is then empty). */
int dp_view_member_index(yajl_val r, struct dp_member_index *mi);
void dp_view_member_index_free(struct dp_member_index *mi);

#endif
