/* outdir.h - the output directory, written atomically: everything goes to a temporary
 * sibling (".NAME.tmp-XXXXXX") which is renamed into place at the end, so an interrupted or
 * failed run leaves no half-written result. An existing OUTDIR is replaced only when it is
 * empty or holds a previous dataprov result (a report.json); anything else is refused.
 */
#ifndef DP_REPORT_OUTDIR_H
#define DP_REPORT_OUTDIR_H

#include <stddef.h>

#include "core/error.h"

struct dp_outdir {
	char final[4096];
	char tmp[4096];
	char work[4200];       /* tmp/.work: findings parts and spill files, removed at commit */
};

/* Check OUTDIR can be replaced and create the temporary sibling. DP_OK or DP_FATAL. */
int dp_outdir_begin(struct dp_outdir *o, const char *final, struct dp_error *err);
/* Path of file `name` inside the temporary directory. */
void dp_outdir_file(const struct dp_outdir *o, const char *name, char *out, size_t cap);
/* Remove the work area and rename the result into place. DP_OK or DP_FATAL. */
int dp_outdir_commit(struct dp_outdir *o, struct dp_error *err);
/* Remove the temporary directory (on failure or interruption). Safe to call twice. */
void dp_outdir_abort(struct dp_outdir *o);

/* rm -rf of a directory this process created (never follows symlinks). 0 or -1. */
int dp_remove_tree(const char *path);

#endif
