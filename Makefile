# oncalld - one Makefile: all check install clean, PREFIX/DESTDIR, SANITIZE=1.

PREFIX		?= /usr/local
SBINDIR		?= $(PREFIX)/sbin
BINDIR		?= $(PREFIX)/bin
DATADIR		?= $(PREFIX)/share/oncalld
MANDIR		?= $(PREFIX)/share/man
SYSCONFDIR	?= /etc

PKG_CONFIG	?= pkg-config
PKGS		 = libical libconfig jansson sqlite3 libcurl
DEBS		 = build-essential pkg-config libical-dev libev-dev libconfig-dev \
		   libsqlite3-dev libcurl4-gnutls-dev libpoppler-glib-dev \
		   check libjansson-dev libmicrohttpd-dev tzdata socat python3 \
		   python3-icalendar python3-recurring-ical-events groff \
		   $(HTTP_TESTDEPS)
# The HTTP tests: promtool checks /metrics, certtool makes a certificate
# for HTTPS, curl asks over it; the browser test drives Chromium.
HTTP_TESTDEPS	 = prometheus gnutls-bin curl chromium chromium-driver \
		   python3-selenium

# For tests/blackbox/holidays.sh (see deps).
NODE_DEBS	 = nodejs npm

CC		?= cc
CSTD		 = -std=c11 -D_GNU_SOURCE
WARN		 = -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wcast-qual \
		   -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
		   -Wwrite-strings -Wundef -Wvla -Wimplicit-fallthrough
CFLAGS		?= -O2 -g
ifeq ($(SANITIZE),1)
BUILD		?= build/san
CFLAGS		+= -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
		   -fno-sanitize-recover=all
LDFLAGS		+= -fsanitize=address,undefined
else
BUILD		?= build
endif
DEPCFLAGS	 = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
DEPLIBS		 = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lev -lm -pthread
CHECKCFLAGS	 = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECKLIBS	 = $(shell $(PKG_CONFIG) --libs check 2>/dev/null)
ALL_CFLAGS	 = $(CSTD) $(WARN) $(DEPCFLAGS) -Ischeduler -MMD -MP $(CFLAGS) \
		   -DONCALLD_WEB_ROOT='"$(DATADIR)/web"'

PROGS_SRCS	 = scheduler/oncalld.c scheduler/oncall-now.c scheduler/server.c \
		   scheduler/import/oncall-import.c scheduler/http.c
CORE_SRCS	 = $(filter-out $(PROGS_SRCS),$(wildcard scheduler/*.c))
CORE_OBJS	 = $(CORE_SRCS:%.c=$(BUILD)/%.o)
CORE_LIB	 = $(BUILD)/libcore.a
# The RFC 2350 reader of oncall-import: nothing else links it.
IMPORT_SRCS	 = $(filter-out $(PROGS_SRCS),$(wildcard scheduler/import/*.c))
IMPORT_OBJS	 = $(IMPORT_SRCS:%.c=$(BUILD)/%.o)
IMPORT_MODS	 = $(filter-out import/pdf,$(IMPORT_SRCS:scheduler/%.c=%))
IMPORT_LIB	 = $(BUILD)/libimport.a
# poppler-glib reads PDFs for oncall-import: only import/pdf.c includes
# its header, only oncall-import links it.
POPPLER_CFLAGS	 = $(shell $(PKG_CONFIG) --cflags poppler-glib 2>/dev/null)
POPPLER_LIBS	 = $(shell $(PKG_CONFIG) --libs poppler-glib 2>/dev/null)
TEST_SRCS	 = $(wildcard tests/unit/test_*.c)
TESTS		 = $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
PROGS		 = $(BUILD)/oncalld $(BUILD)/oncall-now $(BUILD)/oncall-import

.PHONY: all check unit blackbox install clean deps run

all: $(PROGS)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(CORE_LIB): $(CORE_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(IMPORT_LIB): $(IMPORT_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

# Only the daemon's HTTP listener knows libmicrohttpd.
HTTPCFLAGS	 = $(shell $(PKG_CONFIG) --cflags libmicrohttpd 2>/dev/null)
HTTPLIBS	 = $(shell $(PKG_CONFIG) --libs libmicrohttpd 2>/dev/null)

$(BUILD)/scheduler/http.o: scheduler/http.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(HTTPCFLAGS) -c -o $@ $<

$(BUILD)/oncalld: $(BUILD)/scheduler/oncalld.o $(BUILD)/scheduler/server.o \
    $(BUILD)/scheduler/http.o $(CORE_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(DEPLIBS) $(HTTPLIBS)

$(BUILD)/oncall-now: $(BUILD)/scheduler/oncall-now.o $(CORE_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(DEPLIBS)

$(BUILD)/oncall-import: $(BUILD)/scheduler/import/oncall-import.o \
    $(IMPORT_LIB) $(CORE_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(DEPLIBS) $(POPPLER_LIBS)

$(BUILD)/scheduler/import/pdf.o: ALL_CFLAGS += $(POPPLER_CFLAGS)

$(BUILD)/tests/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CHECKCFLAGS) -c -o $@ $<

# A unit test links only the modules it tests (DEPS_<test>), or the whole
# core when it names none.
DEPS_test_tz		 = tz readfile
DEPS_test_readfile	 = readfile
DEPS_test_interval	 = interval xmalloc
DEPS_test_timefmt	 = timefmt
DEPS_test_hours		 = hours tz interval xmalloc readfile
DEPS_test_schedule	 = schedule hours tz interval xmalloc readfile
DEPS_test_crosscheck	 = schedule hours tz interval xmalloc readfile
DEPS_test_calendar	 = calendar icsraw winzone tz interval diag xmalloc readfile
DEPS_test_rfc2350	 = $(IMPORT_MODS) hours tz interval xmalloc readfile
DEPS_test_store		 = store store-sqlite xmalloc
DEPS_test_rotation	 = rotation schedule hours tz interval xmalloc readfile

test_objs	 = $(if $(DEPS_$(1)),$(patsubst %,$(BUILD)/scheduler/%.o,$(DEPS_$(1))),$(CORE_LIB))

.SECONDEXPANSION:
$(BUILD)/tests/%: $(BUILD)/tests/%.o $$(call test_objs,$$*)
	$(CC) $(LDFLAGS) -o $@ $^ $(DEPLIBS) $(CHECKLIBS)

# The real-world calendar test set's view of calendar_load()
# (tests/blackbox/calendars.sh), and one request through fetch.c
# (tests/blackbox/fetch.sh).
TOOLS		 = $(BUILD)/tests/calexpand $(BUILD)/tests/fetchget

$(BUILD)/tests/fetchget: tests/tools/fetchget.c $(CORE_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MF $@.d $(LDFLAGS) -o $@ $< $(CORE_LIB) $(DEPLIBS)

$(BUILD)/tests/calexpand: tests/tools/calexpand.c $(CORE_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MF $@.d $(LDFLAGS) -o $@ $< $(CORE_LIB) $(DEPLIBS)

# Unit tests (check), then the black-box scripts against the real programs.
check: all $(TESTS) $(TOOLS)
	@fail=0; for t in $(TESTS); do \
		echo "== $$t"; \
		CK_FORK=yes TZDIR=/usr/share/zoneinfo $$t || fail=1; \
	done; \
	for s in tests/blackbox/*.sh; do \
		[ -f "$$s" ] || continue; \
		echo "== $$s"; \
		BUILD=$(BUILD) sh "$$s" || fail=1; \
	done; \
	if [ $$fail -ne 0 ]; then echo "check: FAILED"; exit 1; fi; \
	echo "check: all suites passed"

# Installs the Debian packages the build and the tests need, if missing.
deps:
	@missing=""; for p in $(DEBS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | \
		    grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" -ne 0 ]; then \
		echo "missing packages:$$missing"; \
		echo "run as root: apt-get install$$missing"; exit 1; \
	fi; \
	echo "installing:$$missing"; \
	DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing
	@# node and npm for the holiday calendars' test (tests/blackbox/
	@# holidays.sh): Debian's, unless a node that carries its own npm is
	@# installed already (it conflicts with Debian's npm).
	@command -v node >/dev/null && command -v npm >/dev/null || { \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		    --no-install-recommends $(NODE_DEBS); }

install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR) \
	    $(DESTDIR)$(DATADIR)/calendars $(DESTDIR)$(DATADIR)/web \
	    $(DESTDIR)$(SYSCONFDIR)/oncalld \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8
	install -m 0755 $(BUILD)/oncalld $(DESTDIR)$(SBINDIR)/oncalld
	install -m 0755 $(BUILD)/oncall-now $(DESTDIR)$(BINDIR)/oncall-now
	install -m 0755 $(BUILD)/oncall-import $(DESTDIR)$(BINDIR)/oncall-import
	install -m 0644 calendars/*.ics $(DESTDIR)$(DATADIR)/calendars/
	install -d $(DESTDIR)$(DATADIR)/calendars/holidays
	install -m 0644 calendars/holidays/*.ics calendars/holidays/INDEX \
	    $(DESTDIR)$(DATADIR)/calendars/holidays/
	install -m 0644 scheduler/web/index.html scheduler/web/style.css \
	    scheduler/web/app.js $(DESTDIR)$(DATADIR)/web/
	@# The shipped configuration names the calendars and the status
	@# page where they are installed; an existing configuration is never
	@# overwritten.
	sed -e 's|"\.\./calendars/|"$(DATADIR)/calendars/|' \
	    -e 's|"\.\./scheduler/web"|"$(DATADIR)/web"|' config/oncalld.conf \
	    > $(BUILD)/oncalld.conf.install
	@conf=$(DESTDIR)$(SYSCONFDIR)/oncalld/oncalld.conf; dest=$$conf; \
	[ -e "$$conf" ] && dest=$$conf.new; \
	echo "install -m 0644 $(BUILD)/oncalld.conf.install $$dest"; \
	install -m 0644 $(BUILD)/oncalld.conf.install "$$dest" || exit 1; \
	[ "$$dest" = "$$conf" ] || \
	    echo "install: kept $$conf; the shipped configuration is $$dest"
	for m in scheduler/*.[158]; do \
		[ -f "$$m" ] || continue; \
		s=$${m##*.}; install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/; \
	done

clean:
	rm -rf build

-include $(CORE_OBJS:.o=.d) $(IMPORT_OBJS:.o=.d) \
	$(BUILD)/scheduler/oncalld.d \
	$(BUILD)/scheduler/oncall-now.d $(BUILD)/scheduler/server.d \
	$(BUILD)/scheduler/import/oncall-import.d $(BUILD)/scheduler/http.d \
	$(TESTS:=.d)

# The README's first command: build, start the daemon with the shipped
# configuration on a socket in the working tree, show oncall-now answering
# through it, and keep serving until Ctrl-C.
run: all
	@mkdir -p run
	@# The shipped configuration with the alert store in ./run/state.
	@sed 's|^\t# state_dir = "/var/lib/oncalld";|\tstate_dir = "state";|' \
	    config/oncalld.conf > run/oncalld.conf
	@./$(BUILD)/oncalld -c run/oncalld.conf -s run/oncalld.sock & pid=$$!; \
	trap 'kill $$pid 2>/dev/null; wait $$pid; exit 0' INT TERM; \
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do \
		[ -S run/oncalld.sock ] && break; sleep 0.1; \
	done; \
	./$(BUILD)/oncall-now -s run/oncalld.sock; \
	echo; \
	echo "oncalld is serving run/oncalld.sock. Ask it, from another shell:"; \
	echo "  $(BUILD)/oncall-now -s run/oncalld.sock schneider-vulnerability"; \
	echo "  echo 'NOW cpcert' | socat - UNIX-CONNECT:run/oncalld.sock"; \
	echo "  $(BUILD)/oncall-now -s run/oncalld.sock --alert thales-incident test"; \
	echo "The status page: http://127.0.0.1:8353/  and the API:"; \
	echo "  curl http://127.0.0.1:8353/api/v1/now/schneider-vulnerability"; \
	echo "Press Ctrl-C to stop it."; \
	wait $$pid

# systemd units, installed with the programs. The service names the daemon
# by its packaged path; SBINDIR replaces it.
UNITDIR		?= $(PREFIX)/lib/systemd/system

.PHONY: install-units deb check-package

install: install-units

install-units:
	install -d $(DESTDIR)$(UNITDIR)
	sed 's|/usr/sbin/oncalld|$(SBINDIR)/oncalld|g' \
	    packaging/systemd/oncalld.service > $(DESTDIR)$(UNITDIR)/oncalld.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/oncalld.service
	install -m 0644 packaging/systemd/oncalld.socket $(DESTDIR)$(UNITDIR)/

# The Debian package, built from a copy of the tree in build/deb/ (with
# packaging/debian copied to its ./debian) so that the package's clean step
# leaves the working tree alone; the .deb lands in build/deb/ and lintian
# must find no error or warning. The test suite is `make check`: it runs
# inside the package build too with  make deb DEB_BUILD_OPTIONS=
DEB_VERSION	 = $(shell sed -n "1s/.*(\(.*\)).*/\1/p" packaging/debian/changelog)
DEB_ARCH	 = $(shell dpkg --print-architecture 2>/dev/null)
DEB_OUT		 = build/deb
DEB_FILE	 = $(DEB_OUT)/oncalld_$(DEB_VERSION)_$(DEB_ARCH).deb
DEB_BUILD_OPTIONS ?= nocheck
DEB_TOOLS	 = build-essential dpkg-dev debhelper fakeroot lintian \
		   pkg-config libical-dev libev-dev libconfig-dev libjansson-dev \
		   libsqlite3-dev libmicrohttpd-dev libcurl4-gnutls-dev \
		   libpoppler-glib-dev
DEB_TESTDEPS	 = $(if $(filter nocheck,$(DEB_BUILD_OPTIONS)),,$(DEBS))

deb:
	@$(MAKE) --no-print-directory deps DEBS="$(DEB_TOOLS) $(DEB_TESTDEPS)"
	rm -rf $(DEB_OUT)
	mkdir -p $(DEB_OUT)/oncalld-$(DEB_VERSION)
	tar -cf - --exclude=./build --exclude=./run --exclude=./debian \
	    --exclude=./.git . | tar -xf - -C $(DEB_OUT)/oncalld-$(DEB_VERSION)
	cp -R packaging/debian $(DEB_OUT)/oncalld-$(DEB_VERSION)/debian
	cd $(DEB_OUT)/oncalld-$(DEB_VERSION) && \
	    DEB_BUILD_OPTIONS="$(DEB_BUILD_OPTIONS)" \
	    DEB_BUILD_PROFILES="$(filter nocheck,$(DEB_BUILD_OPTIONS))" \
	    dpkg-buildpackage -b -us -uc
	rm -rf $(DEB_OUT)/oncalld-$(DEB_VERSION)
	lintian --fail-on error,warning --info \
	    $(DEB_OUT)/oncalld_$(DEB_VERSION)_$(DEB_ARCH).changes
	@echo "deb: $(DEB_FILE)"

# What the install test runs besides the package: mandoc lints the
# installed man pages, systemd's tools verify the units and activate the
# socket (installing them does not start systemd), curl asks the HTTP
# listener.
PKG_TESTDEPS	 = mandoc systemd curl

# Installs the package on this machine (as root), checks what it installed,
# runs the daemon from the installed files, then purges it.
check-package: deb
	@$(MAKE) --no-print-directory deps DEBS="$(PKG_TESTDEPS)"
	sh packaging/check-package.sh $(DEB_FILE)

# Fuzzing (tests/fuzz/README.md). The core is rebuilt with clang into
# build/fuzz/ with -fsanitize=fuzzer-no-link,address,undefined; each target
# runs FUZZ_SECONDS on its seeds, its regressions and a working corpus in
# build/fuzz/corpus/. `make check` replays every regression and seed with
# the normal compiler (fuzz-replay), so it needs no clang.
FUZZ_CC		?= clang
FUZZ_TARGETS	?= protocol config hours calendar timefmt rfc2350 http
FUZZ_SECONDS	?= 60
FUZZ_TIMEOUT	?= 30
FUZZ_OUT	 = build/fuzz
FUZZ_SAN	 = -fsanitize=address,undefined -fno-sanitize-recover=all \
		   -fno-omit-frame-pointer
# Lower sizes in the fuzzed core (scheduler/calendar.c, scheduler/feed.h).
FUZZ_MODE	 = -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
FUZZ_COMMON	 = tests/fuzz/fuzz_common.c
FUZZ_BINS	 = $(FUZZ_TARGETS:%=$(FUZZ_OUT)/fuzz_%)
REPLAY_BINS	 = $(FUZZ_TARGETS:%=$(BUILD)/fuzz-replay/fuzz_%)

.PHONY: fuzz fuzz-build fuzz-core fuzz-replay valgrind stress

fuzz-core:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_OUT) CC=$(FUZZ_CC) \
	    SANITIZE= CFLAGS="-O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link $(FUZZ_MODE) -Wno-error" \
	    $(FUZZ_OUT)/libcore.a $(FUZZ_OUT)/libimport.a

fuzz-build: fuzz-core
	@$(MAKE) --no-print-directory $(FUZZ_BINS)

$(FUZZ_OUT)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_COMMON) tests/fuzz/fuzz.h \
    $(FUZZ_OUT)/libcore.a $(FUZZ_OUT)/libimport.a
	$(FUZZ_CC) $(CSTD) $(WARN) $(DEPCFLAGS) -Ischeduler -Itests/fuzz -O1 -g \
	    $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< $(FUZZ_COMMON) \
	    $(FUZZ_OUT)/libimport.a $(FUZZ_OUT)/libcore.a $(DEPLIBS)

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_OUT)/corpus/$$t $(FUZZ_OUT)/artifacts/$$t \
		    tests/fuzz/$$t/regressions \
		    $(FUZZ_OUT)/logs; \
		echo "== fuzz $$t for $(FUZZ_SECONDS)s"; \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp \
		$(FUZZ_OUT)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
		    -timeout=$(FUZZ_TIMEOUT) -rss_limit_mb=2048 \
		    -max_len=65536 -print_final_stats=1 \
		    -dict=tests/fuzz/$$t.dict \
		    -artifact_prefix=$(FUZZ_OUT)/artifacts/$$t/ \
		    $(FUZZ_OUT)/corpus/$$t tests/fuzz/$$t/seeds \
		    tests/fuzz/$$t/regressions \
		    >$(FUZZ_OUT)/logs/$$t.log 2>&1; rc=$$?; \
		grep -E '^stat::|^#[0-9]+.*DONE|ERROR|SUMMARY' \
		    $(FUZZ_OUT)/logs/$$t.log; \
		if [ $$rc -ne 0 ]; then \
			echo "fuzz $$t: FAILED, see $(FUZZ_OUT)/logs/$$t.log" \
			    "and $(FUZZ_OUT)/artifacts/$$t/"; exit 1; \
		fi; \
	done

$(BUILD)/fuzz-replay/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_COMMON) \
    tests/fuzz/replay.c tests/fuzz/fuzz.h $(IMPORT_LIB) $(CORE_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/fuzz -MF $@.d $(LDFLAGS) -o $@ $< \
	    $(FUZZ_COMMON) tests/fuzz/replay.c $(IMPORT_LIB) $(CORE_LIB) \
	    $(DEPLIBS)

# Every crash the fuzzers found, and their seeds, as a regression suite.
fuzz-replay: $(REPLAY_BINS)
	@for t in $(FUZZ_TARGETS); do \
		dirs=; for d in regressions seeds; do \
			[ -d tests/fuzz/$$t/$$d ] && dirs="$$dirs tests/fuzz/$$t/$$d"; \
		done; \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp \
		$(BUILD)/fuzz-replay/fuzz_$$t $$dirs || exit 1; \
	done

check: fuzz-replay

# Benchmarks (bench/), never part of check: installs what they need, builds
# the floor server, the load generator and the engine benchmark with the
# project's flags, then bench/run.sh measures everything side by side and
# writes BENCHMARKS.md (about five minutes on two cores).
BENCH_PROGS	 = $(BUILD)/bench/floor $(BUILD)/bench/loadgen $(BUILD)/bench/engine \
		   $(BUILD)/bench/http-floor

.PHONY: bench
bench:
	@$(MAKE) --no-print-directory deps DEBS="$(DEBS) util-linux wrk"
	@$(MAKE) --no-print-directory all $(BENCH_PROGS)
	BUILD=$(BUILD) sh bench/run.sh

$(BUILD)/bench/floor: bench/floor.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) -o $@ $< $(LDFLAGS) -lev

$(BUILD)/bench/http-floor: bench/http-floor.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(HTTPCFLAGS) $(CFLAGS) -o $@ $< $(LDFLAGS) -lev \
	    $(HTTPLIBS)

$(BUILD)/bench/loadgen: bench/loadgen.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) -o $@ $< $(LDFLAGS)

$(BUILD)/bench/engine: bench/engine.c $(CORE_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ bench/engine.c $(CORE_LIB) $(LDFLAGS) $(DEPLIBS)

# The unit tests and the black-box scripts under valgrind's memcheck: no
# error, nothing definitely or indirectly lost. The scripts run the
# programs through wrappers in $(BUILD)/valgrind/ that log each process to
# $(BUILD)/valgrind/logs/, checked at the end.
VALGRIND	 = valgrind --quiet --leak-check=full \
		   --errors-for-leak-kinds=definite,indirect \
		   --show-leak-kinds=definite,indirect \
		   --suppressions=$(CURDIR)/tests/valgrind.supp
VG_DIR		 = $(BUILD)/valgrind

valgrind: all $(TESTS) $(TOOLS)
	@rm -rf $(VG_DIR); mkdir -p $(VG_DIR)/logs $(VG_DIR)/tests; fail=0; \
	for f in $(BUILD)/* $(TOOLS); do \
		[ -f "$$f" ] && [ -x "$$f" ] || continue; \
		p=$${f#$(BUILD)/}; n=$${f##*/}; \
		printf '#!/bin/sh\nexec %s --log-file=%s/logs/%s.%%p.log %s "$$@"\n' \
		    "$(VALGRIND)" "$(CURDIR)/$(VG_DIR)" $$n \
		    "$(CURDIR)/$$f" >$(VG_DIR)/$$p; \
		chmod 0755 $(VG_DIR)/$$p; \
	done; \
	for t in $(TESTS); do \
		echo "== valgrind $$t"; \
		CK_FORK=no TZDIR=/usr/share/zoneinfo $(VALGRIND) \
		    --error-exitcode=99 $$t || fail=1; \
	done; \
	for s in tests/blackbox/*.sh; do \
		echo "== valgrind $$s"; \
		BUILD=$(VG_DIR) ONCALLD_TEST_DELAY=30 ONCALLD_VALGRIND=1 \
		    sh "$$s" || fail=1; \
	done; \
	bad=$$(grep -l "ERROR SUMMARY: [1-9]\|definitely lost: [1-9]\|indirectly lost: [1-9]\|Invalid \|uninitialised" \
	    $(VG_DIR)/logs/*.log 2>/dev/null); \
	n=$$(ls $(VG_DIR)/logs | wc -l); \
	if [ -n "$$bad" ]; then head -40 $$bad; fail=1; fi; \
	echo "valgrind: $$n program runs checked"; \
	if [ $$fail -ne 0 ]; then echo "valgrind: FAILED"; exit 1; fi; \
	echo "valgrind: no errors, no leaks"

# Load and fault tests (tests/stress/run.sh): STRESS_SECONDS of load.
STRESS_SECONDS	?= 60

stress: all
	BUILD=$(BUILD) sh tests/stress/run.sh $(STRESS_SECONDS)
