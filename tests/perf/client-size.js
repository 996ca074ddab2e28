#!/usr/bin/env node
// Reports H5 first-load JS/CSS (raw + gzip) and weapp package sizes, and checks the budgets.
// H5 first load = the assets index.html references + the chunks of the home route (from dist/stats-h5.json).
// Usage: npm run perf:client (builds first), or node tests/perf/client-size.js [--no-budget]
const fs = require('fs')
const path = require('path')
const zlib = require('zlib')
const { weappPackageSizes } = require('../weapp/package-sizes')

const root = path.resolve(__dirname, '../..')
const KB = (n) => (n / 1024).toFixed(1) + ' KB'
const gz = (buf) => zlib.gzipSync(buf).length // default level 6, as koa-compress and most servers use
const BUDGET = { h5FirstLoadJsGzip: 130 * 1024, weappMain: 1024 * 1024 }
const HOME = './pages/home/index/index'
let failed = false

function h5() {
  const dir = path.join(root, 'dist/h5')
  if (!fs.existsSync(dir)) return console.log('dist/h5: not built')
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8')
  const entry = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1])
  let home = []
  const statsFile = path.join(root, 'dist/stats-h5.json')
  if (fs.existsSync(statsFile)) {
    const stats = JSON.parse(fs.readFileSync(statsFile, 'utf8'))
    for (const g of stats.groups) if (g.requests.includes(HOME)) home.push(...g.files)
  }
  const files = [...new Set([...entry, ...home])]
  const sum = { js: [0, 0], css: [0, 0] }
  console.log('H5 first load (entry + home route):')
  for (const f of files) {
    const buf = fs.readFileSync(path.join(dir, f))
    const kind = f.endsWith('.css') ? 'css' : 'js'
    const g = gz(buf)
    sum[kind][0] += buf.length
    sum[kind][1] += g
    console.log(`  ${entry.includes(f) ? 'entry' : 'home '}  ${f.padEnd(28)} ${KB(buf.length).padStart(10)} ${KB(g).padStart(10)} gz`)
  }
  console.log(`  JS  total ${KB(sum.js[0])} raw, ${KB(sum.js[1])} gzip (budget ${KB(BUDGET.h5FirstLoadJsGzip)} gzip)`)
  console.log(`  CSS total ${KB(sum.css[0])} raw, ${KB(sum.css[1])} gzip`)
  if (sum.js[1] > BUDGET.h5FirstLoadJsGzip) { failed = true; console.log('  OVER BUDGET: H5 first-load JS') }
}

function weapp() {
  const dir = path.join(root, 'dist/weapp')
  if (!fs.existsSync(dir)) return console.log('dist/weapp: not built')
  const sizes = weappPackageSizes(dir)
  console.log('weapp package sizes (source maps and LICENSE files excluded):')
  for (const [k, v] of Object.entries(sizes)) console.log(`  ${k.padEnd(16)} ${KB(v)}`)
  console.log(`  main package budget ${KB(BUDGET.weappMain)}`)
  if (sizes.main > BUDGET.weappMain) { failed = true; console.log('  OVER BUDGET: weapp main package') }
}

h5()
weapp()
if (failed && !process.argv.includes('--no-budget')) process.exit(1)
