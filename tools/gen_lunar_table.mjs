// gen_lunar_table.mjs: writes tests/data/lunar_table.csv, the lunar dates
// that tests/unit/test_lunar.c checks src/core/lunar.c against (R-CAL-3).
//
// It was run once; the table is committed, the packages are not. To run it
// again (Node 18 or later), install the two packages outside the tree:
//
//   mkdir -p /tmp/lunargen && cd /tmp/lunargen && npm init -y &&
//     npm install --ignore-scripts amlich@0.0.2 @dqcai/vn-lunar@1.0.1
//   cd /work/main &&
//     node tools/gen_lunar_table.mjs /tmp/lunargen > tests/data/lunar_table.csv
//
// The rows come from amlich 0.0.2, Hồ Ngọc Đức's own JavaScript of the
// algorithm that R-CAL-3 names, called with timeZone = 7: a second
// implementation, written by the algorithm's author, of what the C code does.
// Its licence allows personal, non-commercial use only, which is why only
// facts it computed (dates) are kept here, never its code.
//
// Each row is also compared with @dqcai/vn-lunar 1.0.1, which decodes
// Hồ Ngọc Đức's precomputed year tables instead of computing. Disagreements
// are listed on stderr, not hidden. Two kinds are expected:
//   - before 1968 the tables follow the calendar then in use in Vietnam,
//     computed for UTC+8, while R-CAL-3 asks for UTC+7 throughout;
//   - a few months after 2050 whose new moon falls within minutes after
//     local midnight by the published formula (the tables put it before).
// Dates for which amlich answers an impossible lunar day 0 (its
// convertSolar2Lunar tries only two candidate new moons: 2054-05-07 and
// 2062-04-09) are left out and reported; test_lunar.c checks them apart.
//
// Rows: every lunar month's first day and the day before it (so every
// Tết, every leap month and every month length), plus every 97th day, from
// 1950-01-01 to 2100-12-31. Output: "solar,day,month,year,leap", leap 0/1.

import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const TZ = 7;
const FIRST = [1, 1, 1950];
const LAST = [31, 12, 2100];
const STEP_DAYS = 97;

const dir = process.argv[2];
if (!dir) {
	console.error('usage: node tools/gen_lunar_table.mjs DIR_WITH_NODE_MODULES');
	process.exit(2);
}
const require = createRequire(path.resolve(dir, 'package.json'));
const amlich = require('amlich');
// Its CommonJS build does not load under Node 20; its ES module does.
const vnLunar = await import(pathToFileURL(
	path.resolve(dir, 'node_modules/@dqcai/vn-lunar/lib/index.mjs')).href);

function iso(jd) {
	const [d, m, y] = amlich.jdToDate(jd);
	return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// amlich's answer as [day, month, year, leap 0/1].
function lunarOf(jd) {
	const [d, m, y] = amlich.jdToDate(jd);
	return amlich.convertSolar2Lunar(d, m, y, TZ);
}

// The tables' answer for the same day, in the same shape.
function tableOf(jd) {
	const [d, m, y] = amlich.jdToDate(jd);
	const t = vnLunar.getLunarDate(d, m, y);
	return [t.day, t.month, t.year, t.leap ? 1 : 0];
}

// R-CAL-3's first fixture: refuse to write a table from a Chinese calendar.
function checkTet1985() {
	const l = lunarOf(amlich.jdFromDate(21, 1, 1985));
	if (l.join() !== '1,1,1985,0')
		throw new Error(`Tết 1985 is not 1985-01-21 here: ${l.join()}`);
}

function pickDays(first, last) {
	const days = new Set();
	for (let jd = first; jd <= last; jd++) {
		if (lunarOf(jd)[0] === 1) {
			days.add(jd);
			if (jd > first)
				days.add(jd - 1);
		}
		if ((jd - first) % STEP_DAYS === 0)
			days.add(jd);
	}
	return [...days].sort((a, b) => a - b);
}

function main() {
	checkTet1985();
	const first = amlich.jdFromDate(...FIRST);
	const last = amlich.jdFromDate(...LAST);
	const rows = ['solar,lunar_day,lunar_month,lunar_year,leap'];
	let skipped = 0, differ = 0;
	for (const jd of pickDays(first, last)) {
		const l = lunarOf(jd);
		if (l[0] < 1 || l[0] > 30) {
			console.error(`skipped ${iso(jd)}: amlich says day ${l[0]}`);
			skipped++;
			continue;
		}
		const back = amlich.convertLunar2Solar(l[0], l[1], l[2], l[3], TZ);
		if (amlich.jdFromDate(...back) !== jd)
			throw new Error(`amlich does not round-trip ${iso(jd)}`);
		const t = tableOf(jd);
		if (t.join() !== l.join()) {
			console.error(`differs ${iso(jd)}: amlich ${l.join()} tables ${t.join()}`);
			differ++;
		}
		rows.push(`${iso(jd)},${l.join(',')}`);
	}
	process.stdout.write(rows.join('\n') + '\n');
	console.error(`${rows.length - 1} rows, ${skipped} skipped, ${differ} differ from the tables`);
}

main();
