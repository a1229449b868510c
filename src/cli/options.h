/* options.h - the option table: every command-line option with its argument, help text
 * and the commands that take it. --help output and the man-page test are generated from
 * this table, so an option cannot exist without being documented.
 */
#ifndef DP_CLI_OPTIONS_H
#define DP_CLI_OPTIONS_H

#include <stdio.h>

#include "core/config.h"
#include "core/error.h"

struct dp_option {
	const char *name;       /* long name without "--" */
	char short_name;        /* 0 when none */
	const char *arg;        /* argument name for help ("DIR"), NULL for a flag */
	const char *help;       /* one line */
	const char *commands;   /* comma-separated commands that accept it ("scan,audit") */
	int (*set)(struct dp_config *c, const char *arg, struct dp_error *err);
};

extern const struct dp_option dp_options[]; /* terminated by a NULL name */

/* Parse argv (argv[0] is the command name) for command `cmd`: options go into `cfg`,
 * operands (PATHs) are collected in order into `operands` (an array of argc entries that
 * the caller provides) and counted in *n_operands. "--" ends options. Returns DP_OK, or
 * DP_WARN with err set for a usage error. --help sets *help. */
int dp_options_parse(const char *cmd, int argc, char **argv, struct dp_config *cfg,
		     char **operands, size_t *n_operands, int *help, struct dp_error *err);

/* Print the options of `cmd` as help text. */
void dp_options_print(FILE *f, const char *cmd);

#endif
