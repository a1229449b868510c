/* jsonout.c - save a finished dp_json document to a file. */
#include "report/jsonout.h"

#include <stdio.h>

int dp_jsonout_save(const char *path, struct dp_json *j, struct dp_error *err)
{
	size_t len;
	const char *text = dp_json_text(j, &len);
	FILE *f;
	int ok;

	if (!text || dp_json_failed(j))
		return dp_error_set(err, DP_FATAL, "%s: unbalanced JSON output", path);
	f = fopen(path, "wb");
	ok = f && fwrite(text, 1, len, f) == len && fputc('\n', f) != EOF;
	if (f && fclose(f) != 0)
		ok = 0;
	return ok ? DP_OK : dp_error_set(err, DP_FATAL, "cannot write %s", path);
}
