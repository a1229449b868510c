/* signals.c - cancellation flag set by SIGINT and SIGTERM. */
#include "cli/signals.h"

#include <string.h>

static volatile sig_atomic_t cancel_flag;
static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
	caught = sig;
	cancel_flag = 1;
}

volatile sig_atomic_t *dp_signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return &cancel_flag;
}

int dp_signals_caught(void)
{
	return caught;
}
