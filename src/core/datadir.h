/* datadir.h - finding the installed data (license corpus, rule files).
 *
 * Search order: $DATAPROV_DATADIR, ../share/dataprov beside the binary, the install
 * directory compiled in (DP_DATADIR), then the
 * source tree the binary was built from (DP_SOURCE_DIR), so a build-tree binary, an
 * installed binary and tests all find their data without flags.
 */
#ifndef DP_CORE_DATADIR_H
#define DP_CORE_DATADIR_H

#include <stddef.h>

/* Write the full path of data file `rel` (e.g. "licenses/corpus.dat") into out (size cap)
 * for the first directory where it exists. Returns 0, or -1 when it is nowhere (out then
 * holds the last path tried, for the error message). */
int dp_datadir_path(const char *rel, char *out, size_t cap);

#endif
