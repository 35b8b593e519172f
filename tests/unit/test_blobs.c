/* Tests of store/blobs: content-addressed files on disk (R-DIG-1), in a temporary directory. */
#include "compat.h"

#include <dirent.h>
#include <sys/stat.h>

#include "core/err.h"
#include "store/blobs.h"

#include "testutil.h"

/* sha256("abc") (FIPS 180-2, appendix B.1). */
#define ABC_SHA256 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

/* Entries of a directory, "." and ".." aside. */
static int count_entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

static void test_sha256(void **state)
{
	char hex[BLOB_SHA256_HEX_SIZE];

	(void)state;
	blobs_sha256_hex("abc", 3, hex);
	assert_string_equal(hex, ABC_SHA256);
	assert_true(blobs_sha256_valid(ABC_SHA256));
	assert_false(blobs_sha256_valid("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
	assert_false(blobs_sha256_valid("../../../../etc/passwd"));
	assert_false(blobs_sha256_valid(ABC_SHA256 "0"));
	assert_false(blobs_sha256_valid(""));
	assert_false(blobs_sha256_valid(NULL));
}

/* A blob lands at files/ab/cd/<sha>, once, with no temporary file left. */
static void test_put_and_dedup(void **state)
{
	struct tmp_fixture *t = *state;
	char data_dir[512], sha[BLOB_SHA256_HEX_SIZE], sha2[BLOB_SHA256_HEX_SIZE], why[256];
	char leaf[1024], path[BLOB_PATH_BYTES_MAX], back[8];
	struct stat st;
	uint64_t size;
	int fd;

	snprintf(data_dir, sizeof(data_dir), "%s/data", t->dir);
	assert_int_equal(blobs_init(data_dir, why, sizeof(why)), 0);
	assert_int_equal(blobs_init(data_dir, why, sizeof(why)), 0); /* again: nothing to do */
	assert_int_equal(stat(data_dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(blobs_put(data_dir, "abc", 3, sha), 0);
	assert_string_equal(sha, ABC_SHA256);
	assert_int_equal(blobs_put(data_dir, "abc", 3, sha2), 0);
	assert_string_equal(sha2, sha);
	snprintf(leaf, sizeof(leaf), "%s/files/ba/78", data_dir);
	assert_int_equal(count_entries(leaf), 1);
	assert_int_equal(blobs_path(data_dir, sha, path, sizeof(path)), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 3);
	assert_int_equal(blobs_open(data_dir, sha, &fd, &size), 0);
	assert_int_equal(size, 3);
	assert_int_equal(read(fd, back, sizeof(back)), 3);
	assert_memory_equal(back, "abc", 3);
	close(fd);
	/* Other bytes, another blob; the empty file is a blob too. */
	assert_int_equal(blobs_put(data_dir, "abd", 3, sha2), 0);
	assert_string_not_equal(sha2, sha);
	assert_int_equal(blobs_put(data_dir, "", 0, sha2), 0);
	assert_string_equal(sha2, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* A blob shorter than its name says (damaged) is written again whole. */
static void test_damaged_blob_rewritten(void **state)
{
	struct tmp_fixture *t = *state;
	char data_dir[512], sha[BLOB_SHA256_HEX_SIZE], why[256], path[BLOB_PATH_BYTES_MAX];
	uint64_t size;
	FILE *f;
	int fd;

	snprintf(data_dir, sizeof(data_dir), "%s/data", t->dir);
	assert_int_equal(blobs_init(data_dir, why, sizeof(why)), 0);
	assert_int_equal(blobs_put(data_dir, "abc", 3, sha), 0);
	assert_int_equal(blobs_path(data_dir, sha, path, sizeof(path)), 0);
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs("a", f);
	fclose(f);
	assert_int_equal(blobs_put(data_dir, "abc", 3, sha), 0);
	assert_int_equal(blobs_open(data_dir, sha, &fd, &size), 0);
	assert_int_equal(size, 3);
	close(fd);
}

static void test_errors(void **state)
{
	struct tmp_fixture *t = *state;
	char data_dir[512], file[512], sha[BLOB_SHA256_HEX_SIZE], why[256], path[64];
	char *long_dir;
	uint64_t size;
	FILE *f;
	int fd;

	snprintf(data_dir, sizeof(data_dir), "%s/data", t->dir);
	assert_int_equal(blobs_init(data_dir, why, sizeof(why)), 0);
	assert_int_equal(blobs_open(data_dir, ABC_SHA256, &fd, &size), ERR_NOT_FOUND);
	assert_int_equal(fd, -1);
	assert_int_equal(blobs_open(data_dir, "../../x", &fd, &size), ERR_INVALID);
	assert_int_equal(blobs_path(data_dir, "../../x", path, sizeof(path)), ERR_INVALID);
	assert_int_equal(blobs_path(data_dir, ABC_SHA256, path, sizeof(path)), ERR_TOO_LARGE);
	/* A data directory that is a file. */
	snprintf(file, sizeof(file), "%s/plain", t->dir);
	f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(blobs_init(file, why, sizeof(why)), ERR_IO);
	assert_non_null(strstr(why, "plain"));
	assert_int_equal(blobs_put(file, "abc", 3, sha), ERR_IO);
	/* A path over the limit. */
	long_dir = malloc(BLOB_PATH_BYTES_MAX + 1);
	assert_non_null(long_dir);
	memset(long_dir, 'd', BLOB_PATH_BYTES_MAX);
	long_dir[BLOB_PATH_BYTES_MAX] = '\0';
	assert_int_equal(blobs_init(long_dir, why, sizeof(why)), ERR_TOO_LARGE);
	assert_int_equal(blobs_put(long_dir, "abc", 3, sha), ERR_TOO_LARGE);
	free(long_dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test_setup_teardown(test_put_and_dedup, tmp_dir_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_damaged_blob_rewritten, tmp_dir_setup,
						tmp_teardown),
		cmocka_unit_test_setup_teardown(test_errors, tmp_dir_setup, tmp_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
