// Sizes of a built mini-program's main package and subpackages, counted as WeChat counts an upload
// (source maps, LICENSE files and project configs are not uploaded). Used by the weapp test and perf:client.
const fs = require('fs');
const path = require('path');

function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

const notUploaded = (rel) => rel.endsWith('.map') || rel.endsWith('.LICENSE.txt') || rel === 'project.config.json' || rel === 'project.private.config.json';

/** { main: bytes, 'pages/partners/': bytes, … } */
function weappPackageSizes(dir) {
  const app = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8'));
  const roots = (app.subPackages || app.subpackages || []).map((s) => s.root.replace(/\/?$/, '/'));
  const sizes = { main: 0 };
  for (const root of roots) sizes[root] = 0;
  for (const file of walk(dir)) {
    const rel = path.relative(dir, file).split(path.sep).join('/');
    if (notUploaded(rel)) continue;
    const root = roots.find((r) => rel.startsWith(r));
    sizes[root || 'main'] += fs.statSync(file).size;
  }
  return sizes;
}

module.exports = { weappPackageSizes };
