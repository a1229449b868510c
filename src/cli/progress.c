/* progress.c - a single redrawn status line on stderr. */
#include "cli/progress.h"
#include "core/escape.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void dp_progress_begin(struct dp_progress_state *ps, const struct dp_config *cfg,
		       const char *const *paths, size_t n)
{
	struct stat st;
	size_t i;

	memset(ps, 0, sizeof(*ps));
	ps->enabled = !cfg->quiet && (cfg->progress == DP_PROGRESS_ALWAYS ||
				      (cfg->progress == DP_PROGRESS_AUTO && isatty(STDERR_FILENO)));
	ps->paths = paths;
	ps->n_paths = n;
	ps->t0 = ps->last = now();
	for (i = 0; ps->enabled && i < n; i++)
		if (strcmp(paths[i], "-") && stat(paths[i], &st) == 0 && S_ISREG(st.st_mode))
			ps->total += (uint64_t)st.st_size;
}

void dp_progress_show(struct dp_progress_state *ps, uint64_t bytes, uint64_t records,
		      size_t next_input)
{
	char line[512], name[160], eta[32] = "";
	double t = now(), el = t - ps->t0, rate;
	size_t cur = next_input ? next_input - 1 : 0;

	if (!ps->enabled || (ps->shown && t - ps->last < 0.25))
		return;
	ps->last = t;
	rate = el > 0 ? (double)bytes / el : 0;
	if (ps->total && rate > 0 && bytes <= ps->total)
		snprintf(eta, sizeof(eta), " ETA %.0fs", (double)(ps->total - bytes) / rate);
	dp_term_escape(cur < ps->n_paths ? ps->paths[cur] : "", name, sizeof(name));
	snprintf(line, sizeof(line), "%s%.1f/%.1f MB  %.1f MB/s%s  %llu records  %s",
		 isatty(STDERR_FILENO) ? "\r\033[K" : "\r",
		 (double)bytes / 1e6, (double)ps->total / 1e6, rate / 1e6, eta,
		 (unsigned long long)records, name);
	fputs(line, stderr);
	ps->shown = 1;
}

void dp_progress_end(struct dp_progress_state *ps, uint64_t bytes, uint64_t records)
{
	if (!ps->enabled)
		return;
	if (isatty(STDERR_FILENO)) { /* a terminal: leave it clean */
		if (ps->shown)
			fputs("\r\033[K", stderr);
		return;
	}
	ps->shown = 0; /* a log (--progress=always): keep the final figures on their own line */
	dp_progress_show(ps, bytes, records, ps->n_paths);
	fputs("\n", stderr);
}
