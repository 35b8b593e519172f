#include "compat.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	puts("motcua 0.1.0");
	return 0;
}
