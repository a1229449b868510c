/* datadir.c - locate installed data files. */
#include "core/datadir.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int dp_datadir_path(const char *rel, char *out, size_t cap)
{
	const char *dirs[3];
	size_t i;

	dirs[0] = getenv("DATAPROV_DATADIR");
	dirs[1] = DP_DATADIR;
	dirs[2] = DP_SOURCE_DIR;
	for (i = 0; i < 3; i++) {
		if (!dirs[i] || !dirs[i][0])
			continue;
		snprintf(out, cap, "%s/%s", dirs[i], rel);
		if (access(out, R_OK) == 0)
			return 0;
	}
	return -1;
}
