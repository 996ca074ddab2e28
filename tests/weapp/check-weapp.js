#!/usr/bin/env node
// Compile-checks a built mini-program with WeChat's own compilers (wcc for .wxml/.wxs, wcsc for .wxss)
// from the `miniprogram-compiler` package. Exits non-zero on the first compile error.
// Usage: node tests/weapp/check-weapp.js [dist/weapp]
//
// Calls the binaries directly instead of the package's JS wrapper: the wrapper's wxss path returns
// (does not throw) its Error, and both cap stdout at 1 MB.
const { spawnSync } = require('child_process')
const fs = require('fs')
const os = require('os')
const path = require('path')

const root = path.resolve(process.argv[2] || path.join(__dirname, '../..', 'dist', 'weapp'))
if (!fs.existsSync(path.join(root, 'app.json'))) {
  console.error(`check-weapp: ${root} has no app.json (build the weapp target first)`)
  process.exit(2)
}

function compiler(name) {
  const dir = path.join(path.dirname(require.resolve('miniprogram-compiler/package.json')), 'bin')
  const plat = { linux: 'linux', darwin: 'mac', win32: 'windows' }[process.platform]
  if (!plat) throw new Error(`miniprogram-compiler has no ${name} for ${process.platform}`)
  const bin = path.join(dir, plat, process.platform === 'win32' ? `${name}.exe` : name)
  // npm extracts the tarball's mode (0644): the binaries are not executable after install.
  try { fs.accessSync(bin, fs.constants.X_OK) } catch { fs.chmodSync(bin, 0o755) }
  return bin
}

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'miniprogram_npm') continue
    const p = path.join(dir, e.name)
    if (e.isDirectory()) walk(p, out)
    else out.push(path.relative(root, p).split(path.sep).join('/'))
  }
  return out
}

function readJson(rel) {
  try { return JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8')) } catch { return null }
}

function run(bin, args) {
  const out = path.join(os.tmpdir(), `check-weapp-${process.pid}-${path.basename(bin)}.js`)
  const r = spawnSync(bin, [...args, '-o', out], { cwd: root, encoding: 'utf8' })
  fs.rmSync(out, { force: true })
  if (r.error) throw r.error
  return { status: r.status, stderr: (r.stderr || '').trim() }
}

const files = walk(root)
const wxml = files.filter((f) => f.endsWith('.wxml'))
const wxs = files.filter((f) => f.endsWith('.wxs'))
const wxss = files.filter((f) => f.endsWith('.wxss'))
const base = (f) => f.replace(/\.[^.]+$/, '')
const problems = []

// 1. wcc: all .wxml + .wxs in one run; custom components declared per page ("-cc" arg, as DevTools does).
const comps = wxml
  .map((f) => [f, readJson(base(f) + '.json')?.usingComponents])
  .filter(([, u]) => u && Object.keys(u).length)
const ccArg = [comps.length, ...comps.flatMap(([f, u]) => [f, Object.keys(u).length, ...Object.keys(u)])].join(' ')
const wcc = run(compiler('wcc'), ['-d', '-cc', ccArg, ...wxml, ...wxs, '-gn', '$gwx'])
if (wcc.status !== 0 || wcc.stderr) problems.push(`wcc (exit ${wcc.status}): ${wcc.stderr}`)

// 2. wcsc: all .wxss; page/component sheets (those with a .json beside them) first, counted by -pc.
const pageSheets = wxss.filter((f) => fs.existsSync(path.join(root, base(f) + '.json')))
const otherSheets = wxss.filter((f) => !pageSheets.includes(f))
const wcsc = run(compiler('wcsc'), ['-db', '-pc', String(pageSheets.length), ...pageSheets, ...otherSheets])
if (wcsc.status !== 0 || /\bERR\b/.test(wcsc.stderr)) problems.push(`wcsc (exit ${wcsc.status}): ${wcsc.stderr}`)

// 3. What the compilers do not check: <import>/<include> targets and usingComponents paths must exist.
for (const f of wxml) {
  const src = fs.readFileSync(path.join(root, f), 'utf8')
  for (const m of src.matchAll(/<(?:import|include)\s+src="([^"]+)"/g)) {
    const target = m[1].startsWith('/') ? path.join(root, m[1]) : path.join(root, path.dirname(f), m[1])
    if (!fs.existsSync(target)) problems.push(`${f}: <import|include src="${m[1]}"> not found`)
  }
}
for (const f of files.filter((x) => x.endsWith('.json'))) {
  const using = readJson(f)?.usingComponents || {}
  for (const [tag, p] of Object.entries(using)) {
    if (p.startsWith('plugin://')) continue
    const target = p.startsWith('/') ? path.join(root, p) : path.join(root, path.dirname(f), p)
    if (!fs.existsSync(target + '.json') && !fs.existsSync(path.join(target, 'index.json'))) problems.push(`${f}: usingComponents.${tag} -> ${p} not found`)
  }
}

if (problems.length) {
  console.error(`check-weapp: FAILED (${root})`)
  for (const p of problems) console.error('  ' + p)
  process.exit(1)
}
console.log(`check-weapp: ok — wcc ${wxml.length} wxml + ${wxs.length} wxs, wcsc ${wxss.length} wxss (${pageSheets.length} page/component sheets)`)
