/* commands.c - the subcommand table, in --help order. */
#include "cli/command.h"

#include <string.h>

extern const struct dp_command dp_cmd_scan;
extern const struct dp_command dp_cmd_merge;
extern const struct dp_command dp_cmd_render;
extern const struct dp_command dp_cmd_license;
extern const struct dp_command dp_cmd_rules;
extern const struct dp_command dp_cmd_audit;

const struct dp_command *const dp_commands[] = {
	&dp_cmd_scan,
	&dp_cmd_merge,
	&dp_cmd_audit,
	&dp_cmd_render,
	&dp_cmd_license,
	&dp_cmd_rules,
	NULL
};

const struct dp_command *dp_command_find(const char *name)
{
	size_t i;

	for (i = 0; dp_commands[i]; i++)
		if (!strcmp(dp_commands[i]->name, name))
			return dp_commands[i];
	return NULL;
}
