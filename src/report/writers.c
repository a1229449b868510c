/* writers.c - the writer registry. */
#include "report/writer.h"

#include <stdio.h>
#include <string.h>

extern const struct dp_writer dp_writer_md;
extern const struct dp_writer dp_writer_spdx;
extern const struct dp_writer dp_writer_croissant;

const struct dp_writer *const dp_writers[] = {
	&dp_writer_md,
	&dp_writer_croissant,
	&dp_writer_spdx,
	NULL
};

int dp_writers_render(yajl_val report, const char *dir, const char *only, struct dp_error *err)
{
	char path[4200];
	size_t i;
	int rc, found = 0;

	for (i = 0; dp_writers[i]; i++) {
		if (only && strcmp(only, "all") && strcmp(only, dp_writers[i]->name))
			continue;
		found = 1;
		snprintf(path, sizeof(path), "%s/%s", dir, dp_writers[i]->file);
		rc = dp_writers[i]->render(report, path, err);
		if (rc != DP_OK)
			return rc;
	}
	if (!found)
		return dp_error_set(err, DP_WARN, "unknown output format '%s'", only);
	return DP_OK;
}
