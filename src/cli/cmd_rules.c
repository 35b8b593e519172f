/* motcua rules: the dossier state machine as a readable list (R-DOS-2). */
#include "compat.h"

#include "cli/cli.h"
#include "core/dossier.h"

static const char usage[] =
	"Usage: motcua rules\n"
	"Prints the states of a dossier with their DVCQG codes, then every allowed\n"
	"transition: state, action, next state, who may act, the guards (with the\n"
	"error code when a guard fails) and the entry on the dossier's clock.\n"
	"Any other pair of state and action is refused with invalid_transition.\n";

static const char *target_name(const struct dossier_rule *r)
{
	if (r->to == DOSSIER_STAY)
		return "(same state)";
	if (r->to == DOSSIER_RESUME)
		return "(state before the pause)";
	return dossier_state_name((enum dossier_state)r->to);
}

static void print_flags(const char *label, unsigned mask, const char *(*name)(unsigned))
{
	bool first = true;

	printf("    %-7s ", label);
	for (unsigned bit = 1; bit && bit <= mask; bit <<= 1) {
		if (!(mask & bit))
			continue;
		printf("%s%s", first ? "" : "; ", name(bit));
		first = false;
	}
	puts(first ? "-" : "");
}

static void print_rule(const struct dossier_rule *r)
{
	printf("%s --%s--> %s\n", dossier_state_name(r->from), dossier_action_name(r->action),
	       target_name(r));
	print_flags("who:", r->caps, dossier_capacity_name);
	print_flags("guards:", r->guards, dossier_guard_name);
	if (r->clock == CLOCK_KIND_COUNT)
		printf("    %-7s -\n", "clock:");
	else
		printf("    %-7s %s (%s)\n", "clock:", clock_kind_name(r->clock),
		       clock_reason_name(r->reason));
	if (r->step_move)
		printf("    %-7s moves to the next internal step\n", "step:");
	printf("    %-7s %s\n", "note:", r->note);
}

int cmd_rules(int argc, char **argv)
{
	if (argc > 0) {
		if (cli_is_help(argv[0])) {
			fputs(usage, stdout);
			return 0;
		}
		return cli_usage("rules ", "rules takes no arguments");
	}
	puts("States (DVCQG TrangThaiHoSo):");
	for (int s = 0; s < DOSSIER_STATE_COUNT; s++)
		printf("  %2d %s\n", dossier_state_dvcqg((enum dossier_state)s),
		       dossier_state_name((enum dossier_state)s));
	puts("\nTransitions:");
	for (size_t i = 0; i < dossier_rules_count; i++)
		print_rule(&dossier_rules[i]);
	return 0;
}
