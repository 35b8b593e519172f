/*
 * driver.c: replays fuzz corpora without libFuzzer (make check).
 * Usage: fuzz_X DIR…; every regular file of every DIR is one input.
 * Speaks TAP: one case per file.
 */
#include "compat.h"

#include <dirent.h>
#include <sys/stat.h>

#include "fuzz.h"

#define INPUT_BYTES_MAX (4 * 1024 * 1024)

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = malloc(INPUT_BYTES_MAX);
	size_t n;

	if (!f || !buf) {
		if (f)
			fclose(f);
		free(buf);
		return -1;
	}
	n = fread(buf, 1, INPUT_BYTES_MAX, f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	int count = 0;

	for (int i = 1; i < argc; i++) {
		DIR *d = opendir(argv[i]);
		struct dirent *e;

		if (!d) {
			printf("not ok %d - cannot open %s\n", ++count, argv[i]);
			continue;
		}
		while ((e = readdir(d))) {
			char path[4096];
			struct stat st;

			snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
			if (stat(path, &st) || !S_ISREG(st.st_mode))
				continue;
			/* A failing property aborts, which the runner counts as a failure. */
			printf("%s %d - %s\n", run_file(path) ? "not ok" : "ok", ++count, e->d_name);
			fflush(stdout);
		}
		closedir(d);
	}
	printf("1..%d\n", count);
	return 0;
}
