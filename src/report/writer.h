/* writer.h - output writers: each renders one file of OUTDIR from the report model (the
 * parsed report.json), never from records, so `dataprov render` can redo them later.
 *
 * Adding a writer: one file defining `const struct dp_writer dp_writer_NAME`, one line in
 * report/writers.c, a golden test.
 */
#ifndef DP_REPORT_WRITER_H
#define DP_REPORT_WRITER_H

#include <yajl/yajl_tree.h>

#include "core/error.h"

struct dp_writer {
	const char *name;       /* for `render --format` ("md", "croissant", "spdx") */
	const char *file;       /* file name inside OUTDIR ("DATACARD.md") */
	/* Render `report` into the file at `path`. DP_OK or DP_FATAL (err names the file). */
	int (*render)(yajl_val report, const char *path, struct dp_error *err);
};

extern const struct dp_writer *const dp_writers[]; /* NULL-terminated */

/* Render every writer (or only `only`, when not NULL) into directory `dir`. */
int dp_writers_render(yajl_val report, const char *dir, const char *only, struct dp_error *err);

#endif
