/* command.h - the subcommand table (git-style): main.c looks the name up and calls run().
 *
 * Adding a subcommand: one file in cli/ defining `const struct dp_command dp_cmd_NAME`,
 * and one line in cli/commands.c. run() returns the process exit code (see dataprov(1)).
 */
#ifndef DP_CLI_COMMAND_H
#define DP_CLI_COMMAND_H

/* Exit codes, documented in man/dataprov.1. */
enum dp_exit {
	DP_EXIT_OK = 0,        /* success */
	DP_EXIT_POLICY = 1,    /* --fail-on matched, or `license`/`rules test` found nothing */
	DP_EXIT_USAGE = 2,     /* bad command line */
	DP_EXIT_PARTIAL = 3,   /* finished, but some input could not be read */
	DP_EXIT_FATAL = 4      /* output could not be written, out of memory, ... */
};

struct dp_command {
	const char *name;
	const char *summary;   /* one line for `dataprov --help` */
	const char *usage;     /* full help text for `dataprov help NAME` */
	int (*run)(int argc, char **argv); /* argv[0] is the command name */
};

/* NULL-terminated, in --help order. */
extern const struct dp_command *const dp_commands[];

/* Find a command by name; NULL when unknown. */
const struct dp_command *dp_command_find(const char *name);

#endif
