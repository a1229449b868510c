/* fuzz_report.c - libFuzzer target: report.json as read back by `render` (and by scan
 * itself before writing the card): every writer renders from an arbitrary JSON tree. The
 * files go to a private temporary directory, emptied after each input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yajl/yajl_tree.h>

#include "report/outdir.h"
#include "report/writer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char dir[256];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "%s/fuzz-report-XXXXXX", base);
	if (!mkdtemp(dir)) {
		perror("fuzz_report: mkdtemp");
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), msg[128];
	struct dp_error err;
	yajl_val t;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	t = yajl_tree_parse(text, msg, sizeof(msg));
	free(text);
	if (!t)
		return 0;
	dp_error_clear(&err);
	dp_writers_render(t, dir, NULL, &err);
	yajl_tree_free(t);
	dp_remove_tree(dir); /* the renderers write into dir; start each input empty */
	mkdir(dir, 0700);
	return 0;
}
