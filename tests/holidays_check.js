#!/usr/bin/env node
// holidays_check.js - checks the shipped holiday calendars against the
// library that generated them (date-holidays, the version pinned in
// calendars/generator/package-lock.json):
//
//	node holidays_check.js CALEXPAND HOLIDAYS-DIR MODULES-DIR KEY...
//
// For each KEY ("de", "de-by"), three public holidays of the library (in
// the first, a middle and the last year of the file) must be closed in
// KEY.ics as loaded by the build (CALEXPAND, in the country's first time
// zone): the whole span [start, end) the library gives, exactly inside
// one interval. Prints one line per check; exits 1 if any fails.
'use strict';

const { execFileSync } = require('child_process');
const path = require('path');

const [calexpand, dir, modules, ...keys] = process.argv.slice(2);
const Holidays = require(path.resolve(modules, 'date-holidays'));
let failed = 0, n = 0;

function intervals(zone, file) {
	const out = execFileSync(calexpand, [zone, file], { encoding: 'utf8' });
	return out.trim().split('\n').map((l) => l.split(' ').map(Number));
}

for (const key of keys) {
	const [cc, st] = key.toUpperCase().split('-');
	const hd = st ? new Holidays(cc, st) : new Holidays(cc);
	const zone = hd.getTimezones()[0];
	const file = path.join(dir, `${key}.ics`);
	const iv = intervals(zone, file);
	const years = [2026, 2030, 2035];
	for (const y of years) {
		// The first whole-day public holiday from February of year Y
		// on (New Year is the easy one).
		const h = hd.getHolidays(y).find((x) => x.type === 'public' &&
		    /00:00:00$/.test(x.date) && +x.date.slice(5, 7) >= 2);
		n++;
		if (!h) {
			console.log(`FAIL - ${key} ${y}: the library has no ` +
			    'public holiday to check');
			failed++;
			continue;
		}
		const s = h.start.getTime() / 1000, e = h.end.getTime() / 1000;
		const ok = iv.some(([a, b]) => a <= s && e <= b);
		console.log(`${ok ? 'ok' : 'FAIL'} - ${key}.ics in ${zone}: ` +
		    `${h.date.slice(0, 10)} ${h.name}`);
		if (!ok)
			failed++;
	}
}
console.log(`${n} holidays checked, ${failed} failed`);
process.exit(failed || n === 0 ? 1 : 0);
