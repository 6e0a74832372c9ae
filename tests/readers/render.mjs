#!/usr/bin/env node
// render.mjs: opens an EPUB in a real reading system -- epub.js or foliate-js -- inside Debian's
// headless Chromium (driven by playwright-core, nothing downloaded, nothing fetched from the
// network), shows every spine item and fails on what a reader would see go wrong:
//   open      the book does not open (zip, container, package, navigation)
//   render    showing a spine item throws or times out
//   parse     a content document is not well-formed XHTML (<parsererror>, or the reader's
//             warning that it fell back to HTML parsing)
//   image     an <img> that does not load
//   script    an uncaught exception, an unhandled rejection or a console error in the page
//   overflow  a box whose content is wider than the page (cut off or spilling into the next
//             column), a line of text or an element whose edge lies past its page's text box
//             (the column it is in), an image taller than the page, or a figure's image taller
//             than 3/4 of it (a page of its own on a phone)
//   resource  a request for a file the EPUB does not have, or for anything off the machine
// A screenshot of every spine item with a problem goes to OUTDIR (NN-name.png); --shots takes
// one of every item. report.json in OUTDIR lists the items and problems.
//
// Usage: node render.mjs BOOK.epub OUTDIR [--engine epubjs|foliate] [--size 600x800]
//                        [--chromium PATH] [--timeout-ms 20000] [--shots]
// Needs: npm ci in this folder (playwright-core, epubjs, jszip, foliate-js); Debian's chromium.
// Exit: 0 no problem, 1 problems (listed on stderr), 2 usage or setup (missing tool).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = { engine: 'epubjs', size: '600x800', chromium: '/usr/bin/chromium', timeoutMs: 20000,
  shots: false };
const pos = [];
function usage(msg) {
  if (msg) console.error(`render: ${msg}`);
  console.error('usage: node render.mjs BOOK.epub OUTDIR [--engine epubjs|foliate] [--size WxH] '
    + '[--chromium PATH] [--timeout-ms MS] [--shots]');
  process.exit(2);
}
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const next = () => (i + 1 < args.length ? args[++i] : usage(`${a} needs a value`));
  if (a === '--engine') opt.engine = next();
  else if (a === '--size') opt.size = next();
  else if (a === '--chromium') opt.chromium = next();
  else if (a === '--timeout-ms') opt.timeoutMs = Number(next());
  else if (a === '--shots') opt.shots = true;
  else if (a.startsWith('--')) usage(`unknown option ${a}`);
  else pos.push(a);
}
if (pos.length !== 2) usage();
const [bookPath, outDir] = pos;
const sz = /^(\d+)x(\d+)$/.exec(opt.size);
if (!sz) usage('--size must look like 600x800');
const W = Number(sz[1]), H = Number(sz[2]);
if (!['epubjs', 'foliate'].includes(opt.engine)) usage('--engine is epubjs or foliate');
if (!fs.existsSync(bookPath)) usage(`no such file: ${bookPath}`);
if (!fs.existsSync(opt.chromium)) usage(`missing tool: ${opt.chromium} (apt-get install chromium)`);

let req;
try {
  req = createRequire(path.join(here, 'package.json'));
  req.resolve('playwright-core');
  if (opt.engine === 'epubjs') req.resolve('epubjs/package.json');
  else req.resolve('foliate-js/view.js');
} catch {
  usage(`missing tool: node modules in ${here} (cd ${here} && PUPPETEER_SKIP_DOWNLOAD=1 npm ci)`);
}
const { chromium } = req('playwright-core');

// What the fake origin serves: the reader page, the engine's files and the book.
const ORIGIN = 'https://reader.invalid'; // https: foliate-js needs a secure context
const files = new Map();
let engineDir;
if (opt.engine === 'epubjs') {
  engineDir = path.dirname(req.resolve('epubjs/package.json'));
  const jszip = path.dirname(req.resolve('jszip/package.json'));
  files.set('/jszip.js', fs.readFileSync(path.join(jszip, 'dist/jszip.min.js')));
  files.set('/epub.js', fs.readFileSync(path.join(engineDir, 'dist/epub.min.js')));
} else {
  engineDir = path.dirname(req.resolve('foliate-js/view.js'));
}
const engineVersion = JSON.parse(fs.readFileSync(path.join(engineDir, 'package.json'))).version;
files.set('/book.epub', fs.readFileSync(bookPath));
files.set('/', Buffer.from(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>render</title>
<style>body{margin:0}#v,#v foliate-view{display:block;width:${W}px;height:${H}px;overflow:hidden}</style>
${opt.engine === 'epubjs' ? '<script src="/jszip.js"></script><script src="/epub.js"></script>' : ''}
</head><body><div id="v"></div></body></html>`));

// a figure's image taller than this share of the page leaves no room for text beside it
const FIGURE_MAX = 0.75;
const problems = [];
const problem = (kind, detail, where = null) => problems.push({ kind, detail, where });
fs.mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: opt.chromium, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
}).catch((e) => usage(`missing tool: cannot start ${opt.chromium}: ${e.message}`));
// a reader that hangs must not hang the test suite
const stop = setTimeout(() => {
  console.error('render: gave up (watchdog)');
  browser.close().finally(() => process.exit(1));
}, opt.timeoutMs * 40);
stop.unref();

const report = { book: path.resolve(bookPath), engine: `${opt.engine} ${engineVersion}`,
  chromium: browser.version(), size: opt.size, items: [], problems };
try {
  const ctx = await browser.newContext({ viewport: { width: W, height: H }, serviceWorkers: 'block' });
  await ctx.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) {
      problem('resource', `network request for ${url.href}`);
      return route.abort('blockedbyclient');
    }
    const p = url.pathname;
    if (files.has(p)) {
      const type = p === '/' ? 'text/html' : p.endsWith('.js') ? 'text/javascript' : 'application/epub+zip';
      return route.fulfill({ status: 200, contentType: type, body: files.get(p) });
    }
    if (opt.engine === 'foliate' && p.startsWith('/foliate/')) {
      const f = path.resolve(engineDir, '.' + p.slice('/foliate'.length));
      if (f.startsWith(engineDir + path.sep) && fs.existsSync(f))
        return route.fulfill({ status: 200, contentType: 'text/javascript', body: fs.readFileSync(f) });
    }
    problem('resource', `request for ${p}: not in the EPUB (or not resolved by the reader)`);
    return route.fulfill({ status: 404, body: '' });
  });
  const page = await ctx.newPage();
  page.setDefaultTimeout(opt.timeoutMs);
  let where = null;
  page.on('pageerror', (e) => problem('script', String(e.stack || e), where));
  page.on('console', (m) => {
    const t = m.text();
    if (m.type() === 'error' && !/Failed to load resource|ERR_BLOCKED_BY_CLIENT/.test(t))
      problem('script', `console error: ${t}`, where);
    // foliate-js re-parses a broken XHTML file as HTML and only warns
    if (m.type() === 'warning' && /Failed to load section/.test(t)) problem('render', t, where);
    if (m.type() === 'warning' && /error on line \d+ at column \d+|Invalid XHTML/i.test(t))
      problem('parse', t.slice(0, 300), where);
  });
  await page.goto(ORIGIN + '/');

  const opened = await page.evaluate(async ({ engine, W, H, ms, FIGURE_MAX }) => {
    const within = (p, what) => Promise.race([p, new Promise((_, no) =>
      setTimeout(() => no(new Error(`timeout after ${ms} ms: ${what}`)), ms))]);
    window.__within = within;
    window.__rejections = [];
    addEventListener('unhandledrejection', (e) => __rejections.push(String(e.reason?.stack || e.reason)));
    // Checks on one rendered content document.
    window.__inspect = async (doc) => {
      const found = [];
      const pe = doc.querySelector('parsererror');
      if (pe) found.push(['parse', pe.textContent.slice(0, 300)]);
      if (doc.fonts) await within(doc.fonts.ready, 'fonts');
      const imgs = [...doc.images];
      await within(Promise.all(imgs.map((i) => i.complete ? 0 : new Promise((r) => {
        i.addEventListener('load', r); i.addEventListener('error', r);
      }))), 'images');
      for (const i of imgs) {
        const h = i.getBoundingClientRect().height;
        if (!i.naturalWidth) found.push(['image', `does not load: ${i.getAttribute('src')}`]);
        else if (h > H + 1)
          found.push(['overflow', `image ${i.getAttribute('src')} is taller than the page`]);
        else if (i.closest('figure') && h > H * FIGURE_MAX)
          found.push(['overflow', `figure image ${i.getAttribute('src')} is ${Math.round(h)}px `
            + `tall on a ${H}px page: a page of its own`]);
      }
      // The page box: the multi-column element (html in foliate-js, body in epub.js) lays each
      // page out as one column, pitch column width + gap apart; without columns, the body.
      const win = doc.defaultView;
      const px = (v) => parseFloat(v) || 0;
      let box = null;
      for (const el of [doc.documentElement, doc.body].filter(Boolean)) {
        const c = win.getComputedStyle(el);
        if (c.columnWidth === 'auto' && c.columnCount === 'auto') continue;
        const r = el.getBoundingClientRect();
        const content = el.clientWidth - px(c.paddingLeft) - px(c.paddingRight);
        const gap = c.columnGap === 'normal' ? px(c.fontSize) : px(c.columnGap);
        const n = c.columnWidth === 'auto' ? Math.max(1, Number(c.columnCount) || 1)
          : Math.max(1, Math.floor((content + gap) / (px(c.columnWidth) + gap)));
        const w = (content + gap) / n - gap;
        box = { left: r.left + el.clientLeft + px(c.paddingLeft), width: w, pitch: w + gap };
      }
      if (!box && doc.body) {
        const c = win.getComputedStyle(doc.body);
        const r = doc.body.getBoundingClientRect();
        box = { left: r.left + px(c.paddingLeft), pitch: Infinity,
          width: doc.body.clientWidth - px(c.paddingLeft) - px(c.paddingRight) };
      }
      // every line of text and every element's box inside its page's column
      const past = [];
      const check = (rects, what) => {
        for (const r of rects) {
          if (r.width === 0 && r.height === 0) continue;
          const col = box.pitch === Infinity ? 0 : Math.floor((r.left - box.left + 1) / box.pitch);
          const lo = box.left + col * (box.pitch === Infinity ? 0 : box.pitch);
          const over = Math.max(r.right - (lo + box.width), lo - r.left);
          if (over > 2) { past.push([what, Math.round(over), Math.round(r.width)]); return; }
        }
      };
      if (box && doc.body) {
        const range = doc.createRange();
        const tw = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
        for (let t = tw.nextNode(); t && past.length < 5; t = tw.nextNode()) {
          if (!t.data.trim()) continue;
          range.selectNodeContents(t);
          check(range.getClientRects(), `text '${t.data.trim().slice(0, 50)}'`);
        }
        for (const el of doc.body.querySelectorAll('*')) {
          if (past.length >= 5) break;
          check(el.getClientRects(), `<${el.localName}>`);
        }
      }
      for (const [what, over, width] of past)
        found.push(['overflow', `${what} (${width}px wide) runs ${over}px past its page's `
          + `${Math.round(box.width)}px text box`]);
      const wide = [];
      for (const el of doc.body ? doc.body.querySelectorAll('*') : [])
        if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 2) wide.push(el);
      for (const el of wide.filter((e) => !wide.some((o) => o !== e && e.contains(o))).slice(0, 5))
        found.push(['overflow', `<${el.localName}> content ${el.scrollWidth}px wide in a `
          + `${el.clientWidth}px box: ${(el.textContent || '').trim().slice(0, 60)}`]);
      return { found, text: (doc.body?.innerText || '').trim().length };
    };
    try {
      if (engine === 'epubjs') {
        const book = ePub('/book.epub', { openAs: 'epub' });
        await within(book.opened, 'opening the book');
        const r = book.renderTo('v', { width: W, height: H, flow: 'paginated', spread: 'none',
          allowScriptedContent: false });
        const spine = [];
        book.spine.each((s) => spine.push(s.href));
        window.__show = async (i) => {
          await within(r.display(spine[i]), `display ${spine[i]}`);
          const c = r.getContents()[0];
          if (!c) throw new Error(`nothing rendered for ${spine[i]}`);
          return __inspect(c.document);
        };
        return { spine, toc: book.navigation.toc.length, pages: book.pageList?.pageList?.length ?? 0 };
      }
      await import('/foliate/view.js');
      const view = document.createElement('foliate-view');
      document.getElementById('v').append(view);
      const data = await (await fetch('/book.epub')).arrayBuffer();
      await within(view.open(new File([data], 'book.epub')), 'opening the book');
      view.renderer.setAttribute?.('flow', 'paginated');
      view.renderer.setAttribute?.('max-column-count', '1');
      const spine = view.book.sections.map((s) => String(s.id));
      window.__show = async (i) => {
        await within(view.goTo(i), `goTo ${spine[i]}`);
        const c = view.renderer.getContents().find((x) => x.index === i);
        if (!c?.doc) throw new Error(`nothing rendered for ${spine[i]}`);
        return __inspect(c.doc);
      };
      return { spine, toc: (view.book.toc || []).length, pages: (view.book.pageList || []).length };
    } catch (e) {
      return { error: String(e.stack || e) };
    }
  }, { engine: opt.engine, W, H, ms: opt.timeoutMs, FIGURE_MAX });

  if (opened.error) {
    problem('open', opened.error);
  } else {
    report.toc = opened.toc;
    report.pageList = opened.pages;
    for (let i = 0; i < opened.spine.length; i++) {
      where = opened.spine[i];
      const before = problems.length;
      const res = await page.evaluate(async (k) => {
        try { return await __show(k); } catch (e) { return { error: String(e.stack || e) }; }
      }, i);
      if (res.error) problem('render', res.error, where);
      else for (const [kind, detail] of res.found) problem(kind, detail, where);
      for (const r of await page.evaluate(() => __rejections.splice(0)))
        problem('script', `unhandled rejection: ${r}`, where);
      const item = { href: where, text: res.text ?? null, problems: problems.length - before };
      if (item.problems || opt.shots) {
        await page.waitForTimeout(opt.engine === "foliate" ? 600 : 100);
        item.screenshot = `${String(i).padStart(2, '0')}-${path.basename(where).replace(/[^\w.-]/g, '_')}.png`;
        await page.screenshot({ path: path.join(outDir, item.screenshot) });
      }
      report.items.push(item);
    }
  }
} catch (e) {
  problem('harness', String(e.stack || e));
} finally {
  await browser.close().catch(() => {});
}
fs.writeFileSync(path.join(outDir, 'report.json'), JSON.stringify(report, null, 2));
for (const p of problems) console.error(`PROBLEM ${p.kind}${p.where ? ` [${p.where}]` : ''}: ${p.detail}`);
console.log(`render: ${report.engine} in Chromium ${report.chromium}: ${report.items.length} spine item(s), `
  + `toc ${report.toc ?? '?'}, page-list ${report.pageList ?? '?'}, ${problems.length} problem(s)`);
process.exit(problems.length ? 1 : 0);
