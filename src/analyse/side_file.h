/* side_file.h - writing an analyser's JSON side file (OUTDIR/state/NAME.json) in one go. */
#ifndef DP_ANALYSE_SIDE_FILE_H
#define DP_ANALYSE_SIDE_FILE_H

#include "core/json.h"

/* Write the text generated in `j` to `path` (created or truncated). 0, or -1 when the
 * generator failed or the file cannot be written. `j` is not freed. */
int dp_side_write(const char *path, struct dp_json *j);

#endif
