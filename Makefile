# oncalld - one Makefile: all check install clean, PREFIX/DESTDIR, SANITIZE=1.

PREFIX		?= /usr/local
SBINDIR		?= $(PREFIX)/sbin
BINDIR		?= $(PREFIX)/bin
DATADIR		?= $(PREFIX)/share/oncalld
MANDIR		?= $(PREFIX)/share/man
SYSCONFDIR	?= /etc

PKG_CONFIG	?= pkg-config
PKGS		 = libical libconfig jansson
DEBS		 = build-essential pkg-config libical-dev libev-dev libconfig-dev \
		   check libjansson-dev tzdata socat python3 \
		   python3-icalendar python3-recurring-ical-events

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
DEPLIBS		 = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lev -lm
CHECKCFLAGS	 = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECKLIBS	 = $(shell $(PKG_CONFIG) --libs check 2>/dev/null)
ALL_CFLAGS	 = $(CSTD) $(WARN) $(DEPCFLAGS) -Ischeduler -MMD -MP $(CFLAGS)

PROGS_SRCS	 = scheduler/oncalld.c scheduler/oncall-now.c scheduler/server.c
CORE_SRCS	 = $(filter-out $(PROGS_SRCS),$(wildcard scheduler/*.c))
CORE_OBJS	 = $(CORE_SRCS:%.c=$(BUILD)/%.o)
CORE_LIB	 = $(BUILD)/libcore.a
TEST_SRCS	 = $(wildcard tests/unit/test_*.c)
TESTS		 = $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
PROGS		 = $(BUILD)/oncalld $(BUILD)/oncall-now

.PHONY: all check unit blackbox install clean deps run

all: $(PROGS)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(CORE_LIB): $(CORE_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/oncalld: $(BUILD)/scheduler/oncalld.o $(BUILD)/scheduler/server.o $(CORE_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(DEPLIBS)

$(BUILD)/oncall-now: $(BUILD)/scheduler/oncall-now.o $(CORE_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(DEPLIBS)

$(BUILD)/tests/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CHECKCFLAGS) -c -o $@ $<

# A unit test links only the modules it tests (DEPS_<test>), or the whole
# core when it names none.
DEPS_test_tz		 = tz
DEPS_test_interval	 = interval xmalloc
DEPS_test_timefmt	 = timefmt
DEPS_test_hours		 = hours tz interval xmalloc
DEPS_test_schedule	 = schedule hours tz interval xmalloc
DEPS_test_crosscheck	 = schedule hours tz interval xmalloc
DEPS_test_calendar	 = calendar tz interval diag xmalloc

test_objs	 = $(if $(DEPS_$(1)),$(patsubst %,$(BUILD)/scheduler/%.o,$(DEPS_$(1))),$(CORE_LIB))

.SECONDEXPANSION:
$(BUILD)/tests/%: $(BUILD)/tests/%.o $$(call test_objs,$$*)
	$(CC) $(LDFLAGS) -o $@ $^ $(DEPLIBS) $(CHECKLIBS)

# Unit tests (check), then the black-box scripts against the real programs.
check: all $(TESTS)
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

install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR) \
	    $(DESTDIR)$(DATADIR)/calendars $(DESTDIR)$(SYSCONFDIR)/oncalld \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8
	install -m 0755 $(BUILD)/oncalld $(DESTDIR)$(SBINDIR)/oncalld
	install -m 0755 $(BUILD)/oncall-now $(DESTDIR)$(BINDIR)/oncall-now
	install -m 0644 calendars/*.ics $(DESTDIR)$(DATADIR)/calendars/
	install -m 0644 config/oncalld.conf $(DESTDIR)$(SYSCONFDIR)/oncalld/oncalld.conf
	for m in scheduler/*.[158]; do \
		[ -f "$$m" ] || continue; \
		s=$${m##*.}; install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/; \
	done

clean:
	rm -rf build

-include $(CORE_OBJS:.o=.d) $(BUILD)/scheduler/oncalld.d \
	$(BUILD)/scheduler/oncall-now.d $(BUILD)/scheduler/server.d \
	$(TESTS:=.d)

# The README's first command: build, start the daemon with the shipped
# configuration on a socket in the working tree, show oncall-now answering
# through it, and keep serving until Ctrl-C.
run: all
	@mkdir -p run
	@./$(BUILD)/oncalld -c config/oncalld.conf -s run/oncalld.sock & pid=$$!; \
	trap 'kill $$pid 2>/dev/null; wait $$pid; exit 0' INT TERM; \
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do \
		[ -S run/oncalld.sock ] && break; sleep 0.1; \
	done; \
	./$(BUILD)/oncall-now -s run/oncalld.sock; \
	echo; \
	echo "oncalld is serving run/oncalld.sock. Ask it, from another shell:"; \
	echo "  $(BUILD)/oncall-now -s run/oncalld.sock schneider-vulnerability"; \
	echo "  echo 'NOW cpcert' | socat - UNIX-CONNECT:run/oncalld.sock"; \
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
		   pkg-config libical-dev libev-dev libconfig-dev libjansson-dev
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

# Installs the package on this machine (as root), checks what it installed,
# runs the daemon from the installed files, then purges it.
check-package: deb
	sh packaging/check-package.sh $(DEB_FILE)
