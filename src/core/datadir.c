/* datadir.c - locate installed data files. */
#include "core/datadir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* <directory of the running binary>/../share/dataprov, for a relocated install. */
static int beside_binary(char *out, size_t cap)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0)
		return -1;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	snprintf(out, cap, "%s/../share/dataprov", exe);
	return 0;
}

int dp_datadir_path(const char *rel, char *out, size_t cap)
{
	char here[4200];
	const char *dirs[4];
	size_t i;

	dirs[0] = getenv("DATAPROV_DATADIR");
	dirs[1] = beside_binary(here, sizeof(here)) == 0 ? here : NULL;
	dirs[2] = DP_DATADIR;
	dirs[3] = DP_SOURCE_DIR;
	for (i = 0; i < 4; i++) {
		if (!dirs[i] || !dirs[i][0])
			continue;
		snprintf(out, cap, "%s/%s", dirs[i], rel);
		if (access(out, R_OK) == 0)
			return 0;
	}
	return -1;
}
