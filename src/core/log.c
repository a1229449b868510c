/* log.c - stderr logging with terminal-safe output. */
#include "core/log.h"
#include "core/escape.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

static enum dp_log_level log_level = DP_LOG_WARN; /* set once before threads start */

void dp_log_set_level(enum dp_log_level level)
{
	log_level = level;
}

void dp_log(enum dp_log_level level, const char *fmt, ...)
{
	static const char *const names[] = { "error", "warning", "info", "debug" };
	char raw[2048], line[4200];
	va_list ap;
	int n;

	if (level > log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	dp_term_escape(raw, line, sizeof(line) - 1);
	n = snprintf(raw, sizeof(raw), "dataprov: %s: %s\n", names[level], line);
	if (n > 0)
		(void)!write(STDERR_FILENO, raw, (size_t)n < sizeof(raw) ? (size_t)n : sizeof(raw) - 1);
}
