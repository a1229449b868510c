/* log.h - the one place (with main.c) that writes to stderr.
 *
 * Messages go to stderr prefixed with "dataprov: ". Untrusted text (member names) must be
 * passed through dp_term_escape first; dp_log does it for %s arguments only when the caller
 * uses dp_log_untrusted. Thread-safe: one line is written with one write(2).
 */
#ifndef DP_CORE_LOG_H
#define DP_CORE_LOG_H

enum dp_log_level { DP_LOG_ERROR = 0, DP_LOG_WARN, DP_LOG_INFO, DP_LOG_DEBUG };

/* Set the threshold (messages above it are dropped). Default DP_LOG_WARN. Called once at
 * start-up from main, before threads exist. */
void dp_log_set_level(enum dp_log_level level);

void dp_log(enum dp_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
