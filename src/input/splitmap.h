/* splitmap.h - the splits a Hugging Face card's `configs` declare for a dataset's files.
 *
 * A dataset folder's README.md may open with a YAML header whose `configs` list gives, per
 * config, `data_files`: a path pattern (train), a list of them (train), a list of
 * {split, path} entries (path: a pattern or a list), or a mapping split -> pattern(s).
 * Patterns are relative to the folder; `*` and `?` stay within one path component, `**`
 * spans any number of them. A split name must be made of letters, digits, '_', '.' and
 * '-'. The first rule that matches a file wins. The map is read before the scan, from the
 * README of every folder given as an input, and then only read (shared by the reading
 * threads); the split it gives a file overrides the one its name suggests.
 */
#ifndef DP_INPUT_SPLITMAP_H
#define DP_INPUT_SPLITMAP_H

#include <stddef.h>

#include "core/error.h"

#define DP_SPLITMAP_MAX_RULES 4096   /* patterns kept over all inputs */
#define DP_SPLITMAP_README_MAX (1u << 20) /* bytes of a README read for its header */
#define DP_SPLITMAP_NAME_MAX 64      /* a longer split name is not taken */

struct dp_splitmap;

/* Read the README.md of each directory among paths[0..n). Returns the map (NULL when no
 * README declares data_files: nothing to map), or NULL with err set to DP_FATAL when out
 * of memory. A README that cannot be read or parsed declares nothing (the declared
 * analyser reports it). */
struct dp_splitmap *dp_splitmap_load(char *const *paths, size_t n, struct dp_error *err);

/* The declared split of the file at `origin` (a walk path, or an archive member's origin
 * "file!/member": the file's path decides), or NULL. The string is owned by the map. */
const char *dp_splitmap_split(const struct dp_splitmap *m, const char *origin);

/* Does `path` match the data_files pattern `pat` (both '/'-separated)? */
int dp_splitmap_glob(const char *pat, const char *path);

/* Accepts NULL. */
void dp_splitmap_free(struct dp_splitmap *m);

#endif
