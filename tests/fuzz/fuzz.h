/* fuzz.h - the libFuzzer entry point every target in tests/fuzz defines,
 * and the helpers they share. A target builds two ways: with clang's
 * -fsanitize=fuzzer (make fuzz) and with replay.c's main() under the normal
 * compiler, which feeds it the files of its regressions/ and seeds/ folders
 * (make check). */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A folder for the target's temporary files, created once and removed at
 * exit. */
const char	*fuzz_tmpdir(void);
/* Writes DATA to DIR/NAME (replacing it); returns the malloc'd path. */
char		*fuzz_write(const char *dir, const char *name,
		    const uint8_t *data, size_t size);
/* A fixed file of the fuzz tree: $ONCALLD_FUZZ_DIR/REL, or REL under
 * tests/fuzz relative to the working directory (the repository root). */
char		*fuzz_data_path(const char *rel);
/* A copy of DATA with a NUL after it. */
char		*fuzz_cstr(const uint8_t *data, size_t size);

/* The fixed "now" of every target: 2026-11-23T08:00:00Z. */
#define FUZZ_NOW	INT64_C(1795420800)

#endif
