/* statedir.c - write OUTDIR/state: the summary and every analyser's side files. */
#include "cli/statedir.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "analyse/analyser.h"
#include "analyse/side_file.h"
#include "cli/summary_io.h"
#include "core/json.h"

#define STATEDIR_VERSION 1

static int write_manifest(const char *dir, const struct dp_summary *s, void *const *states,
			  struct dp_error *err)
{
	struct dp_json *j = dp_json_new(1);
	char path[4200];
	size_t k;
	int rc;

	if (!j)
		return dp_error_set(err, DP_FATAL, "out of memory");
	dp_json_obj_begin(j);
	dp_json_kv_u64(j, "version", STATEDIR_VERSION);
	dp_json_kv_u64(j, "inputs", s->n_inputs);
	dp_json_kv_str(j, "first_input", s->n_inputs ? s->inputs[0].info.path : NULL);
	dp_json_key(j, "analysers");
	dp_json_arr_begin(j);
	for (k = 0; dp_analysers[k]; k++)
		if (states[k] && dp_analysers[k]->save)
			dp_json_str(j, dp_analysers[k]->name);
	dp_json_arr_end(j);
	dp_json_obj_end(j);
	snprintf(path, sizeof(path), "%s/state.json", dir);
	rc = dp_side_write(path, j);
	dp_json_free(j);
	return rc ? dp_error_set(err, DP_FATAL, "cannot write %s", path) : DP_OK;
}

int dp_statedir_save(const char *dir, const struct dp_summary *s, void *const *states,
		     struct dp_error *err)
{
	char path[4200];
	size_t k;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return dp_error_set(err, DP_FATAL, "cannot create %s", dir);
	snprintf(path, sizeof(path), "%s/summary.json", dir);
	if (dp_summary_save(s, path, err) != DP_OK)
		return DP_FATAL;
	for (k = 0; dp_analysers[k]; k++)
		if (states[k] && dp_analysers[k]->save &&
		    dp_analysers[k]->save(states[k], dir, err) != DP_OK)
			return DP_FATAL;
	return write_manifest(dir, s, states, err);
}
