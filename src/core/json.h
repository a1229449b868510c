/* json.h - deterministic JSON output over yajl_gen, and a few read helpers over yajl_tree.
 *
 * Writers call the dp_json_* emitters in order; the generator checks nesting. Strings that
 * are not valid UTF-8 are written with each bad byte replaced by U+FFFD, so output is always
 * valid JSON whatever the input held. Numbers are integers, or doubles rounded to 6
 * significant decimals, so output is byte-identical across runs and machines.
 */
#ifndef DP_CORE_JSON_H
#define DP_CORE_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <yajl/yajl_tree.h>

struct dp_json;

/* New generator; `pretty` indents with two spaces. Returns NULL when out of memory. */
struct dp_json *dp_json_new(int pretty);
void dp_json_free(struct dp_json *j);

void dp_json_obj_begin(struct dp_json *j);
void dp_json_obj_end(struct dp_json *j);
void dp_json_arr_begin(struct dp_json *j);
void dp_json_arr_end(struct dp_json *j);
void dp_json_key(struct dp_json *j, const char *key);
void dp_json_str(struct dp_json *j, const char *s);          /* NULL writes null */
void dp_json_strn(struct dp_json *j, const char *s, size_t n);
void dp_json_u64(struct dp_json *j, uint64_t v);
void dp_json_i64(struct dp_json *j, int64_t v);
void dp_json_double(struct dp_json *j, double v);             /* non-finite writes null */
void dp_json_bool(struct dp_json *j, int v);
void dp_json_null(struct dp_json *j);
/* Copy a parsed value (from yajl_tree) into the output, recursively. */
void dp_json_value(struct dp_json *j, const yajl_val v);

/* Shorthands for "key": value. */
void dp_json_kv_str(struct dp_json *j, const char *key, const char *s);
void dp_json_kv_u64(struct dp_json *j, const char *key, uint64_t v);
void dp_json_kv_double(struct dp_json *j, const char *key, double v);
void dp_json_kv_bool(struct dp_json *j, const char *key, int v);

/* The text generated so far (borrowed, valid until the next call). 1 if generation hit an
 * error (unbalanced calls): a programming error, reported by the caller as DP_FATAL. */
const char *dp_json_text(struct dp_json *j, size_t *len);
int dp_json_failed(const struct dp_json *j);
/* Drop the generated text, keeping the generator (used between findings lines). */
void dp_json_clear(struct dp_json *j);

/* Read helpers over yajl_tree. Each returns the fallback when the path is absent or of
 * another type. `path` is a dotted key path ("coverage.records"). */
yajl_val dp_jt_get(yajl_val root, const char *path);
const char *dp_jt_str(yajl_val root, const char *path, const char *fallback);
uint64_t dp_jt_u64(yajl_val root, const char *path, uint64_t fallback);
double dp_jt_double(yajl_val root, const char *path, double fallback);

/* Parse a whole file into a tree. NULL on error with `err` (size errlen) filled. */
yajl_val dp_jt_load(const char *path, char *err, size_t errlen);

/* yajl_tree_parse for untrusted text: yajl builds and frees trees recursively, so a
 * document nested deeper than DP_JT_MAX_DEPTH is refused (NULL, `err` says why) instead
 * of overflowing the stack. Use it, never yajl_tree_parse, on bytes from a dataset or
 * from another run (report.json, state.json). */
#define DP_JT_MAX_DEPTH 1000
yajl_val dp_jt_parse(const char *text, char *err, size_t errlen);

#endif
