// Opens a casebook.html in headless Chromium and checks it as a reader would use it.
//
//   node check.cjs CASEBOOK.html EXPECTED.json OUTDIR
//
// EXPECTED.json: {"title": "...", "cases": [{"id", "school", "area", "level"}...],
//                 "payloads": ["text a submission held", ...]}
// Checks: the page loads with no console error and no request beyond the file itself (CSP
// violations are console errors, so a wrong hash fails here); every contents link lands on its
// case, scrolled into view; a search for each school shows its cases only; each area and level
// filter shows exactly its cases; the injected payloads ran nothing and show as text; print
// hides the controls and starts each case on a page; with scripts off every case shows and no
// control does. Screenshots go to OUTDIR: casebook.png (the whole page), cover.png (the first
// screen), statistics.png. Prints one line per failure; exits 1 on any, 0 otherwise.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const [htmlPath, expectPath, outDir] = process.argv.slice(2);
const expected = JSON.parse(fs.readFileSync(expectPath, 'utf8'));
const url = 'file://' + path.resolve(htmlPath);
const failures = [];
const fail = (msg) => failures.push(msg);

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function open(javaScriptEnabled) {
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: process.env.CB_CHROMIUM || '/usr/bin/chromium',
		headless: true, args: ARGS, javaScriptEnabled,
		viewport: { width: 1280, height: 900 }, locale: 'ko-KR',
	});
	const page = context.pages()[0] || await context.newPage();
	const errors = [];
	page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
	page.on('pageerror', (e) => errors.push(String(e)));
	page.on('request', (r) => {
		if (r.url() !== url && !r.url().startsWith('data:'))
			errors.push('request to ' + r.url());
	});
	await page.goto(url, { waitUntil: 'load' });
	return { context, page, errors, profile };
}

async function close(o) {
	await o.context.close();
	fs.rmSync(o.profile, { recursive: true, force: true });
}

async function visibleCases(page) {
	return page.$$eval('article.case', (as) => as.filter((a) => a.offsetParent !== null)
		.map((a) => a.id));
}

function same(a, b) {
	return a.length === b.length && a.every((x, i) => x === b[i]);
}

async function checkToc(page) {
	const links = await page.$$eval('nav.toc a[href^="#"]', (as) => as.map((a) =>
		a.getAttribute('href')));
	if (links.length !== expected.cases.length)
		fail(`contents: ${links.length} links for ${expected.cases.length} cases`);
	for (const href of links) {
		await page.click(`nav.toc a[href="${href}"]`);
		const where = await page.evaluate((h) => {
			const el = document.getElementById(h.slice(1));
			if (!el) return null;
			const r = el.getBoundingClientRect();
			return { hash: location.hash, top: r.top, visible: el.offsetParent !== null,
				case: el.matches('article.case') };
		}, href);
		if (!where || !where.case)
			fail(`contents: ${href} names no case`);
		else if (where.hash !== href || !where.visible || where.top < -2 || where.top > 450)
			fail(`contents: ${href} did not land (hash ${where.hash}, top ${where.top})`);
	}
}

async function setFilters(page, q, area, level) {
	await page.fill('#q', q);
	await page.selectOption('#f-area', area);
	await page.selectOption('#f-level', level);
}

async function checkSearch(page) {
	const order = expected.cases.map((c) => c.id);
	for (const c of expected.cases) {
		await setFilters(page, c.school, '', '');
		const want = expected.cases.filter((k) => k.school === c.school).map((k) => k.id);
		const got = await visibleCases(page);
		if (!same(got, want))
			fail(`search ${c.school}: shows ${got.join(' ')}, expected ${want.join(' ')}`);
	}
	await setFilters(page, '없을것같은검색어zzz', '', '');
	if ((await visibleCases(page)).length !== 0)
		fail('search for nothing still shows cases');
	const shown = await page.textContent('#count');
	if (!/^0편/.test(shown || ''))
		fail(`search for nothing: the count says ${shown}`);
	const areas = [...new Set(expected.cases.map((c) => c.area))];
	const levels = [...new Set(expected.cases.map((c) => c.level))];
	for (const a of areas) {
		await setFilters(page, '', a, '');
		const want = expected.cases.filter((k) => k.area === a).map((k) => k.id);
		if (!same(await visibleCases(page), want))
			fail(`area filter ${a}: wrong cases`);
		for (const l of levels) {
			await setFilters(page, '', a, l);
			const both = expected.cases.filter((k) => k.area === a && k.level === l)
				.map((k) => k.id);
			if (!same(await visibleCases(page), both))
				fail(`area ${a} and level ${l}: wrong cases`);
		}
	}
	for (const l of levels) {
		await setFilters(page, '', '', l);
		const want = expected.cases.filter((k) => k.level === l).map((k) => k.id);
		if (!same(await visibleCases(page), want))
			fail(`level filter ${l}: wrong cases`);
	}
	await setFilters(page, '', '', '');
	if (!same(await visibleCases(page), order))
		fail('clearing the filters does not show every case again');
	// A contents link to a case the filters hide clears them.
	const last = expected.cases[expected.cases.length - 1];
	await setFilters(page, '', expected.cases[0].area === last.area ? '' : expected.cases[0].area,
		'');
	await page.click(`#schools a[href="#${last.id}"]`);
	if (!(await visibleCases(page)).includes(last.id))
		fail('a link to a filtered-out case does not show it');
	await setFilters(page, '', expected.cases[0].area === last.area ? '' : expected.cases[0].area,
		'');
	await page.evaluate(() => { location.hash = '#top'; });
	await page.evaluate((id) => { location.hash = '#' + id; }, last.id);
	await page.waitForFunction((id) => !document.getElementById(id).hidden, last.id);
}

async function checkPayloads(page) {
	const ran = await page.evaluate(() => ({
		pwned: window.__pwned !== undefined || document.body.hasAttribute('data-pwned'),
		title: document.title,
		injectedImages: document.querySelectorAll('img[src="x"], img[onerror]').length,
		jsLinks: Array.from(document.querySelectorAll('a[href]')).filter((a) =>
			!/^(#|https?:|mailto:)/i.test(a.getAttribute('href'))).length,
		scripts: document.scripts.length,
		text: document.body.innerText,
	}));
	if (ran.pwned) fail('an injected script ran');
	if (ran.title !== expected.title) fail(`the title changed to ${ran.title}`);
	if (ran.injectedImages) fail('an injected <img> became an element');
	if (ran.jsLinks) fail(`${ran.jsLinks} links with a scheme other than http, https, mailto`);
	if (ran.scripts !== 1) fail(`${ran.scripts} scripts in the page (expected the page's own)`);
	for (const p of expected.payloads || [])
		if (!ran.text.includes(p)) fail(`the payload ${p} does not show as text`);
}

async function checkPrint(page) {
	await page.emulateMedia({ media: 'print' });
	const print = await page.evaluate(() => ({
		tools: getComputedStyle(document.getElementById('tools')).display,
		breaks: Array.from(document.querySelectorAll('article.case')).slice(1).every((a) =>
			['page', 'always'].includes(getComputedStyle(a).breakBefore)),
	}));
	if (print.tools !== 'none') fail('print shows the search controls');
	if (!print.breaks) fail('print does not start every case on a new page');
	await page.emulateMedia({ media: 'screen' });
}

async function main() {
	const o = await open(true);
	const page = o.page;
	if (await page.$eval('#tools', (t) => t.hidden))
		fail('the script did not show the search controls');
	const lang = await page.$eval('html', (h) => h.lang);
	if (lang !== 'ko') fail(`lang is ${lang}`);
	const charts = await page.$$eval('#statistics svg rect.bar', (r) => r.length);
	if (charts === 0) fail('the statistics have no bars');
	await page.screenshot({ path: path.join(outDir, 'cover.png') });
	await page.locator('#statistics').screenshot({ path: path.join(outDir, 'statistics.png') });
	await page.screenshot({ path: path.join(outDir, 'casebook.png'), fullPage: true });
	await checkPayloads(page);
	await checkToc(page);
	await checkSearch(page);
	await checkPrint(page);
	for (const e of o.errors) fail('console: ' + e);
	await close(o);

	const off = await open(false);
	const noScript = await off.page.evaluate(() => ({
		tools: document.getElementById('tools').offsetParent !== null,
		cases: Array.from(document.querySelectorAll('article.case')).filter((a) =>
			a.offsetParent !== null).length,
	}));
	if (noScript.tools) fail('without scripts the search controls show');
	if (noScript.cases !== expected.cases.length)
		fail(`without scripts ${noScript.cases} of ${expected.cases.length} cases show`);
	for (const e of off.errors) fail('console (scripts off): ' + e);
	await close(off);
}

main().then(() => {
	for (const f of failures) console.log('FAIL ' + f);
	if (!failures.length) console.log('ok: ' + expected.cases.length + ' cases checked');
	process.exit(failures.length ? 1 : 0);
}, (e) => {
	console.log('FAIL ' + (e && e.stack || e));
	process.exit(1);
});
