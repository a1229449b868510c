/* side_file.c - write a generated JSON text to a side file. */
#include "analyse/side_file.h"

#include <stdio.h>

int dp_side_write(const char *path, struct dp_json *j)
{
	const char *text;
	size_t len;
	FILE *f;
	int ok;

	if (dp_json_failed(j))
		return -1;
	text = dp_json_text(j, &len);
	f = fopen(path, "wb");
	ok = f && fwrite(text, 1, len, f) == len;
	if (f && fclose(f) != 0)
		ok = 0;
	return ok ? 0 : -1;
}
