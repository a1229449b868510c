/* main.c - argv -> command table -> exit code, nothing else. */
#include "cli/command.h"
#include "core/log.h"

#include <stdio.h>
#include <string.h>

static void print_help(FILE *f)
{
	size_t i;

	fputs("usage: dataprov COMMAND [OPTIONS] ...\n\n"
	      "Audit datasets before they are released or trained on: provenance, scope,\n"
	      "licenses, duplication and personal data, in one streaming pass.\n\ncommands:\n", f);
	for (i = 0; dp_commands[i]; i++)
		fprintf(f, "  %-10s %s\n", dp_commands[i]->name, dp_commands[i]->summary);
	fputs("\n'dataprov help COMMAND' shows a command's options; 'man dataprov' has it all.\n"
	      "  --version  print the version\n  --help     show this help\n", f);
}

static int help_for(const char *name)
{
	const struct dp_command *c = dp_command_find(name);
	char *argv[] = { (char *)name, (char *)"--help", NULL };

	if (!c) {
		dp_log(DP_LOG_ERROR, "unknown command '%s'", name);
		return 2;
	}
	return c->run(2, argv);
}

int main(int argc, char **argv)
{
	const struct dp_command *c;

	if (argc < 2) {
		print_help(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		print_help(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("dataprov %s\n", DP_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "help"))
		return argc > 2 ? help_for(argv[2]) : (print_help(stdout), 0);
	c = dp_command_find(argv[1]);
	if (!c) {
		dp_log(DP_LOG_ERROR, "unknown command '%s' (see 'dataprov --help')", argv[1]);
		return 2;
	}
	return c->run(argc - 1, argv + 1);
}
