/* state_io.h - helpers to save analyser partial states as JSON and load them back exactly,
 * so summaries of separate runs (shards) can be merged later with the same merge functions.
 *
 * Byte strings that are valid UTF-8 without NUL are saved as JSON strings; any other is
 * saved as {"hex": "..."} so every key round-trips byte for byte. Loaders return 0, or -1
 * when the value is missing or malformed (callers report a DP_FATAL "bad state" error).
 */
#ifndef DP_ANALYSE_STATE_IO_H
#define DP_ANALYSE_STATE_IO_H

#include <stddef.h>
#include <stdint.h>
#include <yajl/yajl_tree.h>

#include "core/json.h"

#define DP_STATE_KEY_MAX 65536  /* longest byte string a loader accepts */

void dp_state_save_bytes(struct dp_json *j, const char *s, size_t n);
/* Decode v into out (cap bytes); stores the length. */
int dp_state_load_bytes(yajl_val v, char *out, size_t cap, size_t *n);

/* Arrays of unsigned integers. */
void dp_state_save_u64s(struct dp_json *j, const uint64_t *v, size_t n);
int dp_state_load_u64s(yajl_val v, uint64_t *out, size_t n);

/* A non-negative integer value; -1 when v is not one. */
int dp_state_as_u64(yajl_val v, uint64_t *out);
/* A number (or fallback-less: -1 when absent or not an integer). */
int dp_state_u64(yajl_val obj, const char *key, uint64_t *out);
int dp_state_i64(yajl_val obj, const char *key, int64_t *out);

/* Element i of array v, or NULL. */
yajl_val dp_state_at(yajl_val v, size_t i);
size_t dp_state_len(yajl_val v);

#endif
